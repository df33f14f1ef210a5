"""The graph checks of the wizard tree: every link leads to a question or a result, known
modifiers, no cycles, every node reachable from the start, every modifier used, and no path longer
than MAX_ANSWERS questions. Works on the Tree that tree.py reads."""

from .nodes import FAMILIES

MAX_ANSWERS = 6  # review S1: a result in at most six answers


def longest(tree, node_id, _memo=None):
    """The most questions on any path from `node_id` to a result (0 for a result)."""
    memo = {} if _memo is None else _memo
    if node_id in tree.results:
        return 0
    if node_id not in memo:
        memo[node_id] = 0  # guards against cycles in an unvalidated tree
        memo[node_id] = 1 + max(longest(tree, t, memo) for t in targets(tree.questions[node_id]))
    return memo[node_id]


def targets(question):
    found = [question.next] if question.next else []
    found += [option.next for option in question.options if option.next]
    return list(dict.fromkeys(found))


def check_graph(tree, lines):
    """(line, message) for every graph problem: dangling links, cycles, unreachable nodes."""
    problems = []
    for question in tree.questions.values():
        for option in question.options:
            if option.next is not None and option.next not in lines["nodes"]:
                problems.append(
                    (
                        option.line,
                        f"question {question.id!r}, option {option.id!r}: next {option.next!r} "
                        "is neither a question nor a result",
                    )
                )
            for modifier_id in option.add:
                if modifier_id not in tree.modifiers:
                    problems.append(
                        (
                            option.line,
                            f"question {question.id!r}, option {option.id!r}: unknown modifier "
                            f"{modifier_id!r}",
                        )
                    )
        if question.next is not None and question.next not in lines["nodes"]:
            problems.append((question.line, f"question {question.id!r}: next {question.next!r} is unknown"))
    for modifier in tree.modifiers.values():
        for key in modifier.steps:
            if key not in FAMILIES and key not in tree.results:
                problems.append(
                    (
                        modifier.line,
                        f"modifier {modifier.id!r}: steps for {key!r}, which is neither a runtime "
                        f"family ({', '.join(FAMILIES)}) nor a result",
                    )
                )
    if tree.start not in tree.questions:
        problems.append((lines["start"], f"start {tree.start!r} is not a question"))
    if problems:
        return problems
    problems += _cycles(tree)
    if problems:
        return problems
    reachable = _reachable(tree)
    for node_id in [*tree.questions, *tree.results]:
        if node_id not in reachable:
            kind = "question" if node_id in tree.questions else "result"
            problems.append((tree.node(node_id).line, f"{kind} {node_id!r} cannot be reached from the start"))
    used = {m for q in tree.questions.values() for o in q.options for m in o.add}
    for modifier in tree.modifiers.values():
        if modifier.id not in used:
            problems.append((modifier.line, f"modifier {modifier.id!r} is never added by any option"))
    most = longest(tree, tree.start)
    if most > MAX_ANSWERS:
        problems.append(
            (
                tree.questions[tree.start].line,
                f"a path asks {most} questions; keep every path to {MAX_ANSWERS}",
            )
        )
    return problems


def _cycles(tree):
    state, problems = {}, []

    def visit(node_id):
        state[node_id] = "open"
        question = tree.questions[node_id]
        for target in targets(question):
            if target in tree.questions:
                if state.get(target) == "open":
                    problems.append(
                        (question.line, f"question {question.id!r} leads back to {target!r}: a cycle")
                    )
                elif target not in state:
                    visit(target)
        state[node_id] = "done"

    for node_id in tree.questions:
        if node_id not in state:
            visit(node_id)
    return problems


def _reachable(tree):
    seen, todo = set(), [tree.start]
    while todo:
        node_id = todo.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        if node_id in tree.questions:
            todo.extend(targets(tree.questions[node_id]))
    return seen
