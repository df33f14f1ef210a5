"""The wizard's decision tree as data: questions with their options, the results (outcomes) they
lead to, and the modifiers that add steps to a result's checklist. tree.py reads them from
content/wizard.yaml; every text is a {lang: text} (or {lang: html}) mapping."""

from dataclasses import dataclass

RUNTIMES = ("containerd", "cri-o", "cri-dockerd")
RUNTIME_NAMES = {"containerd": "containerd", "cri-o": "CRI-O", "cri-dockerd": "cri-dockerd"}  # product names
FAMILIES = (*RUNTIMES, "any")  # a modifier's steps per runtime family; "any" applies to all


@dataclass(frozen=True)
class Option:
    id: str
    label: dict
    reason: dict  # {lang: html}: why this answer matters, shown on the result page
    next: str | None
    add: tuple  # modifier ids
    exclusive: bool
    default: bool
    line: int


@dataclass(frozen=True)
class Question:
    id: str
    title: dict  # short label for the reasons list and the overview
    text: dict
    why: dict  # {lang: html}
    hint: dict | None  # {lang: html}: how to find the answer
    multiple: bool
    next: str | None  # for a multiple-choice question: where its options lead by default
    options: tuple
    line: int

    def option(self, option_id):
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Outcome:
    id: str
    runtime: str
    title: dict
    summary: dict  # {lang: html}
    caveats: tuple  # of {lang: html}
    steps: tuple  # of {lang: html}
    faq: tuple  # entry ids
    line: int
    review_by: object = None  # datetime.date: re-check the versions it states by then (faq/content/review.py)

    @property
    def runtime_name(self):
        return RUNTIME_NAMES[self.runtime]


@dataclass(frozen=True)
class Modifier:
    id: str
    title: dict
    banner: bool
    steps: dict  # family -> tuple of {lang: html}
    line: int
    review_by: object = None


@dataclass(frozen=True)
class Tree:
    title: dict
    intro: dict  # {lang: html}
    start: str
    questions: dict
    results: dict
    modifiers: dict
    entry_points: tuple  # FAQ entry ids whose pages link into the wizard

    def node(self, node_id):
        return self.questions.get(node_id) or self.results[node_id]
