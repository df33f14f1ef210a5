"""Dated facts expire. Every entry carries a `review_by` date, and so does every wizard result,
wizard modifier and checker rule that states a version or a year. check_content warns once a
date has passed, and where a date is missing; the warnings never fail it."""

import re

from .problems import Problem

# A version (1.24, v1.27, 2.1.5+, v0.3.25) or a year (2026): the facts that go out of date.
STATES_A_DATE = re.compile(r"(?<![\w.])(?:v?\d+\.\d+(?:\.\d+)?|20\d\d)(?![\w.])")


def warnings(items, today):
    """Warnings for `items`, each (path, line, name, review_by or None, needs one)."""
    found = []
    for path, line, name, review_by, needed in items:
        if review_by is None and needed:
            message = (
                f"{name} states versions or dates but has no review_by: add the date to re-check them by"
            )
        elif review_by is not None and review_by < today:
            message = (
                f"{name}: review_by {review_by.isoformat()} has passed; check its versions and dates "
                "against the sources, then move review_by (and updated) on"
            )
        else:
            continue
        found.append(Problem(path, line, message, level="warning"))
    return found


def entry_items(store, content_dir):
    """Every entry needs a review_by date; the warning points at the field's line."""
    for entry in store.all_entries():
        lines = (content_dir / entry.path).read_text(encoding="utf-8").split("\n")
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("review_by:")), 1)
        yield entry.path, line, f"entry {entry.id!r}", entry.review_by, True


def wizard_items(tree, file_name):
    for result in tree.results.values():
        texts = (result.summary, *result.caveats, *result.steps)
        yield file_name, result.line, f"result {result.id!r}", result.review_by, _dated(texts)
    for modifier in tree.modifiers.values():
        texts = [step for steps in modifier.steps.values() for step in steps]
        yield file_name, modifier.line, f"modifier {modifier.id!r}", modifier.review_by, _dated(texts)


def rule_items(rules, file_name):
    for rule in rules:
        texts = (rule.title, rule.explanation, rule.fix)
        yield file_name, rule.line, f"rule {rule.id!r}", rule.review_by, _dated(texts)


def _dated(texts):
    """Whether any of the {lang: text} mappings states a version or a year."""
    return any(STATES_A_DATE.search(text) for item in texts for text in item.values())
