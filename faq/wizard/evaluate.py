"""The runtime wizard: the decision tree from content/wizard.yaml, and pure functions that turn a
person's answers (a query-string mapping) into the next Step, a Result or InvalidAnswers.

No request and no gettext here: every text is a {lang: text} mapping from the content file, and
every outcome carries stable ids, so an HTML view and a JSON view can both call `evaluate()`.
Loading and validation live in tree.py, the graph checks in checks.py."""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from .checks import longest

EDIT_KEY = "edit"
MAX_QUERY_CHARS = 1000  # the longest real answer set is well under 300 characters
MAX_VALUE_CHARS = 200
SEPARATOR = ","  # a multi-select answer is one value, "a,b", so a repeated key is always an error
# Earlier node pools travel in the address too, one `pool` value each: "runtime.containerd~where.k3s"
# (ids never hold "." or "~"). Each must be a finished walk; their number and size are capped.
POOL_KEY = "pool"
POOL_ANSWER_SEP = "~"
POOL_PAIR_SEP = "."
MAX_POOLS = 5  # earlier pools; with the one being answered, six pools in one address
MAX_POOL_CHARS = MAX_QUERY_CHARS


@dataclass(frozen=True)
class Answer:
    question: object  # nodes.Question
    options: tuple  # the chosen nodes.Option objects, in the question's order

    @property
    def value(self):
        return SEPARATOR.join(option.id for option in self.options)


@dataclass(frozen=True)
class Step:
    """The question to show next (or again, when the person edits an earlier answer)."""

    question: object
    answers: tuple  # the answers before this question, in path order
    selected: tuple  # option ids to pre-select
    number: int  # 1-based position of this question on the path
    most: int  # at most this many questions on any path through this one
    error: str | None = None  # "empty": the form was sent without an answer
    pools: tuple = ()  # Result objects of the pools answered before this one

    kind = "step"


@dataclass(frozen=True)
class ChecklistGroup:
    id: str  # "result" for the result's own steps, else the modifier id
    title: dict | None
    steps: tuple  # {lang: html}


@dataclass(frozen=True)
class Result:
    outcome: object  # nodes.Outcome
    answers: tuple
    banners: tuple  # ChecklistGroup objects shown above the recommendation
    checklist: tuple  # ChecklistGroup objects: the result's steps, then one per modifier
    pools: tuple = ()  # Result objects of the pools answered before this one

    kind = "result"


@dataclass(frozen=True)
class InvalidAnswers:
    """The answers cannot be used. `answers` is the valid prefix: the first valid step to go back to."""

    code: str  # too-long, bad-value, unknown-question, repeated, unknown-option, not-reached, bad-edit,
    # too-many-pools, bad-pool
    question_id: str | None
    answers: tuple
    pools: tuple = ()  # the earlier pools that were valid

    kind = "invalid"


def read_params(mapping):
    """Normalise a QueryDict or a plain dict (str or list values) to a list of (key, value) pairs."""
    if hasattr(mapping, "lists"):
        return [(key, value) for key, values in mapping.lists() for value in values]
    pairs = []
    for key, value in mapping.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(item)) for item in values)
    return pairs


def evaluate(tree, mapping):
    """Walk the tree from its start with the answers in `mapping` (keys = question ids, value =
    option id; a multiple-choice question takes option ids joined by "," or a repeated key; an
    optional `edit` = the id of an answered question to show again).

    Returns a Step, a Result or an InvalidAnswers. Only answers to questions on the path actually
    reached are used; any other answer makes the whole set invalid, so a tampered or stale URL can
    never pick a result. `pool` values are earlier pools' finished walks (see POOL_KEY)."""
    pairs = read_params(mapping)
    pools = _read_pools(tree, [value for key, value in pairs if key == POOL_KEY])
    if isinstance(pools, InvalidAnswers):
        return pools
    outcome = _evaluate_pool(tree, [(key, value) for key, value in pairs if key != POOL_KEY])
    return replace(outcome, pools=pools)


def _read_pools(tree, values):
    """The earlier pools' Results, or InvalidAnswers; a pool that is not a finished walk is refused."""
    if len(values) > MAX_POOLS:
        return InvalidAnswers("too-many-pools", None, ())
    pools = []
    for value in values:
        pairs = _decode_pool(value)
        outcome = _evaluate_pool(tree, pairs) if pairs is not None else None
        if outcome is None or outcome.kind != "result":
            return InvalidAnswers("bad-pool", None, (), tuple(pools))
        pools.append(outcome)
    return tuple(pools)


def _decode_pool(value):
    if len(value) > MAX_POOL_CHARS or not value:
        return None
    pairs = [part.partition(POOL_PAIR_SEP) for part in value.split(POOL_ANSWER_SEP)]
    if any(not key or not sep or key == EDIT_KEY for key, sep, _ in pairs):
        return None
    return [(key, answer) for key, _, answer in pairs]


def encode_pool(answers):
    """One finished walk as a `pool` value."""
    return POOL_ANSWER_SEP.join(f"{a.question.id}{POOL_PAIR_SEP}{a.value}" for a in answers)


def _evaluate_pool(tree, pairs):
    problem = _check_shape(tree, pairs)
    params = {}
    for key, value in pairs:
        if key == EDIT_KEY or key in tree.questions:
            params.setdefault(key, []).append(value)
    if problem == "too-long":
        return InvalidAnswers(problem, None, ())
    edit = params.pop(EDIT_KEY, [None])[0]
    answers, node, bad = _walk(tree, params)
    if problem is not None:
        return InvalidAnswers(problem, None, answers)
    if bad == "empty":
        return _step(tree, node, answers, (), error="empty")
    if bad is not None:
        return InvalidAnswers(bad, node.id, answers)
    on_path = {answer.question.id for answer in answers}
    for key in params:
        if key not in on_path:
            return InvalidAnswers("not-reached", key, answers)
    if edit is not None:
        return _edit_step(tree, answers, edit)
    if node.id in tree.questions:
        return _step(tree, node, answers, _defaults(node))
    return _result(tree, node, answers)


def query_string(answers, edit=None, pools=()):
    """The query string (without "?") that reproduces `answers` after the earlier `pools` (Results),
    optionally editing one of the answers."""
    pairs = [(POOL_KEY, encode_pool(pool.answers)) for pool in pools]
    pairs += [(answer.question.id, answer.value) for answer in answers]
    if edit:
        pairs.append((EDIT_KEY, edit))
    return urlencode(pairs, safe=SEPARATOR + POOL_ANSWER_SEP)


def enumerate_paths(tree):
    """Every distinct path from the start to a result, as a list of (question id, option ids) pairs
    plus the result id. A multiple-choice question contributes one path per distinct next node,
    each with a smallest option set that leads there."""
    paths = []

    def visit(node_id, prefix):
        if node_id in tree.results:
            paths.append((tuple(prefix), node_id))
            return
        question = tree.questions[node_id]
        for option_ids, target in _branches(question):
            visit(target, [*prefix, (question.id, option_ids)])

    visit(tree.start, [])
    return paths


def _branches(question):
    if not question.multiple:
        return [((option.id,), option.next) for option in question.options]
    plain = next(o for o in question.options if o.next is None)
    branches = [((plain.id,), question.next)]
    seen = {question.next}
    for option in question.options:
        if option.next is not None and option.next not in seen:
            seen.add(option.next)
            branches.append(((option.id,), option.next))
    return branches


def _check_shape(tree, pairs):
    """The first problem with the raw pairs that no walk can repair, or None."""
    if sum(len(key) + len(value) + 2 for key, value in pairs) > MAX_QUERY_CHARS:
        return "too-long"
    for key, value in pairs:
        if "\x00" in key or "\x00" in value or len(value) > MAX_VALUE_CHARS:
            return "bad-value"
    for key, _ in pairs:
        if key != EDIT_KEY and key not in tree.questions:
            return "unknown-question"
    if sum(key == EDIT_KEY for key, _ in pairs) > 1:
        return "repeated"
    return None


def _walk(tree, params):
    """Follow the answers from the start; return (valid answers, node reached, problem or None)."""
    answers = []
    node = tree.node(tree.start)
    for _ in range(len(tree.questions) + 1):  # no cycles (validated), but never trust that here
        if node.id not in tree.questions or node.id not in params:
            return tuple(answers), node, None
        chosen = _parse_values(node, [value for value in params[node.id] if value])
        if isinstance(chosen, str):
            return tuple(answers), node, chosen
        answers.append(Answer(node, chosen))
        node = tree.node(_next_id(node, chosen))
    return tuple(answers), node, "unknown-option"


def _parse_values(question, values):
    """The chosen options, or a problem code: empty, repeated, unknown-option."""
    if not values:
        return "empty"
    if not question.multiple and len(values) > 1:
        return "repeated"
    ids = [part for value in values for part in value.split(SEPARATOR)] if question.multiple else values
    by_id = {option.id: option for option in question.options}
    if len(set(ids)) != len(ids) or any(option_id not in by_id for option_id in ids):
        return "unknown-option"
    chosen = tuple(option for option in question.options if option.id in ids)
    if len(chosen) > 1 and any(option.exclusive for option in chosen):
        return "unknown-option"
    return chosen


def _next_id(question, chosen):
    """A chosen option's own `next` wins (first in the question's order); else the question's."""
    for option in chosen:
        if option.next is not None:
            return option.next
    return question.next


def _defaults(question):
    return tuple(option.id for option in question.options if option.default)


def _step(tree, question, answers, selected, error=None):
    most = len(answers) + longest(tree, question.id)
    return Step(question, tuple(answers), selected, len(answers) + 1, most, error)


def _edit_step(tree, answers, edit):
    for index, answer in enumerate(answers):
        if answer.question.id == edit:
            selected = tuple(option.id for option in answer.options)
            return _step(tree, answer.question, answers[:index], selected)
    return InvalidAnswers("bad-edit", None, answers)


def _result(tree, outcome, answers):
    banners, groups = [], [ChecklistGroup("result", None, outcome.steps)]
    seen = set()
    for answer in answers:
        for option in answer.options:
            for modifier_id in option.add:
                if modifier_id in seen:
                    continue
                seen.add(modifier_id)
                group = _modifier_group(tree.modifiers[modifier_id], outcome)
                if group is not None:
                    (banners if tree.modifiers[modifier_id].banner else groups).append(group)
    return Result(outcome, tuple(answers), tuple(banners), tuple(groups))


def _modifier_group(modifier, outcome):
    """The modifier's steps on this result (S4: a modifier without steps for it is dropped)."""
    steps = modifier.steps_for(outcome)
    return ChecklistGroup(modifier.id, modifier.title, steps) if steps else None


def describe_paths(tree):
    """enumerate_paths() with objects: [([(Question, [Option, ...]), ...], Outcome), ...]."""
    described = []
    for path, result_id in enumerate_paths(tree):
        steps = []
        for question_id, option_ids in path:
            question = tree.questions[question_id]
            steps.append((question, [question.option(option_id) for option_id in option_ids]))
        described.append((steps, tree.results[result_id]))
    return described
