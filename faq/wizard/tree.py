"""Load content/wizard.yaml into a Tree (nodes.py) and validate it with file:line problems that name the node:
the YAML's shape, both languages, known FAQ ids and links; the graph checks (dangling links, cycles,
reachability, path length, unused modifiers) are in checks.py."""

import functools
from pathlib import Path

from ..content import loader, markup, overlay, review, snapshot, yamlschema
from ..content.entryfile import ID_PATTERN, LANGS, read_yaml
from ..content.problems import ContentError, Problem
from ..content.yamlschema import SchemaError
from .checks import check_graph
from .nodes import FAMILIES, RUNTIMES, Group, Modifier, Option, Outcome, Question, Tree

FILE_NAME = "wizard.yaml"


def get_tree():
    """The validated tree of the content being served; raises ContentError if it is broken."""
    tree, problems = _load(snapshot.folder())
    if any(p.level == "error" for p in problems):
        raise ContentError(problems)
    return tree


def validate(content_dir, entry_ids=None):
    """Every problem in `content_dir`/wizard.yaml. `entry_ids`: the FAQ ids that exist in every
    language (default: read from the content store of `content_dir`)."""
    if entry_ids is None:
        entry_ids = _entry_ids(Path(content_dir))
    return load(Path(content_dir) / FILE_NAME, entry_ids)[1]


@functools.lru_cache(maxsize=8)  # keyed on the folder, like loader._load
def _load(content_dir):
    return load(Path(content_dir) / FILE_NAME, _entry_ids(Path(content_dir)))


def _entry_ids(content_dir):
    return entry_ids_of(loader._load(str(content_dir.resolve())))  # cached; never raises


def entry_ids_of(store):
    """The FAQ ids that exist in every language of a content store."""
    ids = {entry_id for _, entry_id in store.entries}
    return {i for i in ids if all((lang, i) in store.entries for lang in LANGS)}


def load(path, entry_ids):
    """Read and check one wizard file; return (Tree or None, problems). Never raises for content."""
    found, problems = read_yaml(path, lambda root: _tree(root, entry_ids))
    if found is None:
        return None, problems
    tree, lines = found
    problems = [Problem(path.name, line, message) for line, message in check_graph(tree, lines)]
    return (None if problems else tree), problems


def content_check(folder, store):
    """The content check of the wizard file (registered in apps.py, run by content.publish.check):
    (problems, review items of its results and modifiers)."""
    tree, problems = load(Path(folder) / FILE_NAME, entry_ids_of(store))
    return problems, list(review.wizard_items(tree, FILE_NAME)) if tree is not None else []


def local_check(found, ours_folder, label):
    """The overlay's wizard notes must name results of our tree (registered in apps.py)."""
    tree, _ = _load(ours_folder)
    results = sorted(tree.results) if tree is not None else []
    return [
        Problem(
            f"{label}/{overlay.WIZARD_NOTES}",
            note.line,
            f"result {note.result_id!r} is not a wizard result (they are: {', '.join(results)})",
        )
        for note in found.wizard_notes.values()
        if note.result_id not in results
    ]


# Reading the YAML ------------------------------------------------------------------------------


def _tree(root, entry_ids):
    read = _Reader(entry_ids)
    fields = yamlschema.mapping(root, FILE_NAME)
    yamlschema.check_keys(
        root,
        fields,
        required=("title", "intro", "start", "entry_points", "questions", "results", "modifiers"),
        name=FILE_NAME,
    )
    modifiers = _unique([read.modifier(n) for n in yamlschema.sequence(fields["modifiers"], "modifiers")])
    questions = _unique([read.question(n) for n in yamlschema.sequence(fields["questions"], "questions")])
    results = _unique([read.outcome(n) for n in yamlschema.sequence(fields["results"], "results")])
    for node_id, (_, node) in results.items():
        if node_id in questions:
            raise SchemaError(node, f"result id {node_id!r} is also a question id")
    tree = Tree(
        title=read.plain(fields["title"], "title"),
        intro=read.html(fields["intro"], "intro"),
        start=_identifier(fields["start"], "start"),
        questions={k: v[0] for k, v in questions.items()},
        results={k: v[0] for k, v in results.items()},
        modifiers={k: v[0] for k, v in modifiers.items()},
        entry_points=tuple(
            read.faq_id(n, "an entry point")
            for n in yamlschema.sequence(fields["entry_points"], "entry_points")
        ),
    )
    lines = {"start": fields["start"].start_mark.line + 1, "nodes": {*questions, *results}}
    return tree, lines


def _unique(items):
    found = {}
    for item, node in items:
        if item.id in found:
            raise SchemaError(node, f"the id {item.id!r} is used twice")
        found[item.id] = (item, node)
    return found


class _Reader:
    """Turns YAML nodes into tree objects; knows the FAQ ids so links and `faq` lists are checked."""

    def __init__(self, entry_ids):
        self.entry_ids = entry_ids

    def question(self, node):
        fields, question_id, name = _fields(
            node, "question", ("title", "text", "why", "options"), ("hint", "multiple", "next", "groups")
        )
        multiple = yamlschema.boolean(fields["multiple"], "multiple") if "multiple" in fields else False
        groups = self.groups(fields, name, multiple)
        option_nodes = yamlschema.sequence(fields["options"], f"{name} options")
        options = _unique([self.option(n, name, multiple) for n in option_nodes])
        _check_groups(groups, options, fields.get("groups"), name)
        if len(options) < 2:
            raise SchemaError(fields["options"], f"{name} needs at least two options")
        question_next = _identifier(fields["next"], f"{name} next") if "next" in fields else None
        if multiple and question_next is None:
            raise SchemaError(node, f"{name} allows several answers, so it needs its own `next`")
        if multiple and all(option.next for option, _ in options.values()):
            raise SchemaError(node, f"{name}: at least one option must follow the question's `next`")
        if not multiple and question_next is not None:
            raise SchemaError(fields["next"], f"{name} takes one answer: put `next` on each option")
        if not multiple and sum(option.default for option, _ in options.values()) > 1:
            raise SchemaError(node, f"{name} has more than one default option")
        question = Question(
            id=question_id,
            title=self.plain(fields["title"], f"{name} title"),
            text=self.plain(fields["text"], f"{name} text"),
            why=self.html(fields["why"], f"{name} why"),
            hint=self.html(fields["hint"], f"{name} hint") if "hint" in fields else None,
            multiple=multiple,
            next=question_next,
            options=tuple(option for option, _ in options.values()),
            line=node.start_mark.line + 1,
            groups=tuple(group for group, _ in groups.values()),
        )
        return question, node

    def groups(self, fields, name, multiple):
        if "groups" not in fields:
            return {}
        if not multiple:
            raise SchemaError(fields["groups"], f"{name}: only a question with several answers has groups")
        found = []
        for node in yamlschema.sequence(fields["groups"], f"{name} groups"):
            group_fields, group_id, where = _fields(node, f"{name}, group", ("title",), ("blocking",))
            group = Group(
                group_id, self.plain(group_fields["title"], f"{where} title"), _flag(group_fields, "blocking")
            )
            found.append((group, node))
        return _unique(found)

    def option(self, node, name, multiple):
        fields, option_id, where = _fields(
            node, f"{name}, option", ("label", "reason"), ("next", "add", "exclusive", "default", "group")
        )
        if "next" not in fields and not multiple:
            raise SchemaError(
                node, f"{where} has no `next`: every option must lead to a question or a result"
            )
        exclusive = _flag(fields, "exclusive")
        if exclusive and not multiple:
            raise SchemaError(
                fields["exclusive"], f"{where}: `exclusive` needs a question with several answers"
            )
        option = Option(
            id=option_id,
            label=self.plain(fields["label"], f"{where} label"),
            reason=self.html(fields["reason"], f"{where} reason"),
            next=_identifier(fields["next"], f"{where} next") if "next" in fields else None,
            add=tuple(_identifier(n, f"{where} modifier") for n in _list(fields, "add", where)),
            exclusive=exclusive,
            default=_flag(fields, "default"),
            line=node.start_mark.line + 1,
            group=_identifier(fields["group"], f"{where} group") if "group" in fields else None,
        )
        return option, node

    def outcome(self, node):
        fields, result_id, name = _fields(
            node,
            "result",
            ("runtime", "title", "summary", "steps", "faq"),
            ("caveats", "review_by", "unaffected"),
        )
        runtime = yamlschema.text(fields["runtime"], f"{name} runtime")
        if runtime not in RUNTIMES:
            raise SchemaError(fields["runtime"], f"{name}: runtime must be one of {', '.join(RUNTIMES)}")
        steps = self.html_list(fields["steps"], f"{name} steps")
        if not steps:
            raise SchemaError(fields["steps"], f"{name} needs at least one step")
        faq = tuple(self.faq_id(n, f"{name} faq") for n in yamlschema.sequence(fields["faq"], f"{name} faq"))
        outcome = Outcome(
            id=result_id,
            runtime=runtime,
            title=self.plain(fields["title"], f"{name} title"),
            summary=self.html(fields["summary"], f"{name} summary"),
            caveats=self.html_list(fields["caveats"], f"{name} caveats") if "caveats" in fields else (),
            steps=steps,
            faq=faq,
            line=node.start_mark.line + 1,
            review_by=_review_by(fields),
            unaffected=_flag(fields, "unaffected"),
        )
        return outcome, node

    def modifier(self, node):
        fields, modifier_id, name = _fields(node, "modifier", ("title", "steps"), ("banner", "review_by"))
        steps = {}
        for key, steps_node in yamlschema.mapping(fields["steps"], f"{name} steps").items():
            if not ID_PATTERN.fullmatch(key):  # a family, or a result id (checks.py knows the results)
                raise SchemaError(
                    steps_node,
                    f"{name}: steps are keyed by {', '.join(FAMILIES)} or a result id, not {key!r}",
                )
            steps[key] = self.html_list(steps_node, f"{name} steps for {key}")
        if not any(steps.values()):
            raise SchemaError(fields["steps"], f"{name} has no steps")
        modifier = Modifier(
            id=modifier_id,
            title=self.plain(fields["title"], f"{name} title"),
            banner=_flag(fields, "banner"),
            steps=steps,
            line=node.start_mark.line + 1,
            review_by=_review_by(fields),
        )
        return modifier, node

    def faq_id(self, node, what):
        value = _identifier(node, what)
        if value not in self.entry_ids:
            raise SchemaError(node, f"{what}: there is no FAQ entry {value!r} in every language")
        return value

    def plain(self, node, what):
        """A {lang: text} mapping with every language present and non-empty."""
        fields = yamlschema.mapping(node, what)
        yamlschema.check_keys(node, fields, required=LANGS, name=what)
        return {lang: yamlschema.text(fields[lang], f"{what} ({lang})") for lang in LANGS}

    def html(self, node, what):
        """A {lang: Markdown} text rendered to sanitized HTML; a lone paragraph loses its <p>."""
        result = {}
        for lang, value in self.plain(node, what).items():
            for kind, target, _ in markup.INTERNAL_LINK.findall(value):
                missing = (
                    target not in self.entry_ids
                    if kind == "entry"
                    else not markup.internal_url(kind, target, lang)
                )
                if missing:
                    raise SchemaError(node, f"{what} ({lang}) links to unknown {kind} {target!r}")
            html = markup.render(value, lang).html.strip()
            if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
                html = html[3:-4]
            result[lang] = html
        return result

    def html_list(self, node, what):
        return tuple(self.html(n, what) for n in yamlschema.sequence(node, what))


def _check_groups(groups, options, groups_node, name):
    """With groups, every option names one, and every group lists at least one option."""
    if not groups:
        for option, node in options.values():
            if option.group is not None:
                raise SchemaError(node, f"{name} has no groups, so option {option.id!r} cannot name one")
        return
    for option, node in options.values():
        if option.group not in groups:
            raise SchemaError(node, f"{name}, option {option.id!r}: group must be one of {', '.join(groups)}")
    for group_id, (_, node) in groups.items():
        if not any(option.group == group_id for option, _ in options.values()):
            raise SchemaError(node, f"{name}: group {group_id!r} has no options")


def _fields(node, kind, required, optional):
    """A node's fields, its id and its name for messages ("question 'runtime'")."""
    fields = yamlschema.mapping(node, f"a {kind}")
    if "id" not in fields:
        raise SchemaError(node, f"a {kind} is missing the required field 'id'")
    node_id = _identifier(fields["id"], f"{kind} id")
    name = f"{kind} {node_id!r}"
    yamlschema.check_keys(node, fields, required=("id", *required), optional=optional, name=name)
    return fields, node_id, name


def _review_by(fields):
    return yamlschema.date(fields["review_by"], "review_by") if "review_by" in fields else None


def _flag(fields, key):
    return yamlschema.boolean(fields[key], key) if key in fields else False


def _list(fields, key, where):
    return yamlschema.sequence(fields[key], f"{where} {key}") if key in fields else ()


def _identifier(node, what):
    value = yamlschema.text(node, what)
    if not ID_PATTERN.fullmatch(value):
        raise SchemaError(node, f"{what} {value!r} must be lower-case ASCII letters, digits and hyphens")
    return value
