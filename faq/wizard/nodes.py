"""The wizard's decision tree as data: questions with their options, the results (outcomes) they
lead to, and the modifiers that add steps to a result's checklist. tree.py reads them from
content/wizard.yaml; every text is a {lang: text} (or {lang: html}) mapping."""

from dataclasses import dataclass

RUNTIMES = ("containerd", "cri-o", "cri-dockerd")
RUNTIME_NAMES = {"containerd": "containerd", "cri-o": "CRI-O", "cri-dockerd": "cri-dockerd"}  # product names
FAMILIES = (*RUNTIMES, "any")  # a modifier's steps per runtime family; "any" applies to all
# A modifier's steps may also be keyed by a result id: those replace the family steps on that result,
# so an urgent banner or a check fits the path (a managed pool is never told to install containerd 1.7).


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
    group: str | None = None  # the id of the question's group this option is listed under


@dataclass(frozen=True)
class Group:
    """A heading that gathers the options of a long multiple-choice question."""

    id: str
    title: dict
    blocking: bool  # its options can change the recommendation: shown first, marked as such


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
    groups: tuple = ()  # Group objects, in display order; empty: one plain list

    def option(self, option_id):
        return next((o for o in self.options if o.id == option_id), None)

    def grouped(self):
        """[(Group or None, options)] in display order."""
        if not self.groups:
            return [(None, self.options)]
        return [(g, tuple(o for o in self.options if o.group == g.id)) for g in self.groups]


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
    unaffected: bool = False  # the pool needs no runtime change: a list of checks, not a migration

    @property
    def runtime_name(self):
        return RUNTIME_NAMES[self.runtime]


@dataclass(frozen=True)
class Modifier:
    id: str
    title: dict
    banner: bool
    steps: dict  # family or result id -> tuple of {lang: html}
    line: int
    review_by: object = None

    def steps_for(self, outcome):
        """The steps on this result: its own (possibly none), else its runtime family's plus "any"."""
        if outcome.id in self.steps:
            return self.steps[outcome.id]
        return self.steps.get(outcome.runtime, ()) + self.steps.get("any", ())


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
