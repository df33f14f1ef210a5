"""review_by dates: warnings once a date has passed or where a dated text has none; check_content
prints them with file:line and still passes."""

import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from faq.checker import rules as checker_rules
from faq.content import loader, review
from faq.wizard import tree as wizard_tree
from tests.helpers import REAL_CONTENT, rewrite

TODAY = datetime.date(2027, 1, 15)


@pytest.mark.parametrize(
    ("review_by", "needed", "expected"),
    [
        (datetime.date(2027, 1, 14), True, "review_by 2027-01-14 has passed"),
        (datetime.date(2027, 1, 14), False, "review_by 2027-01-14 has passed"),
        (datetime.date(2027, 1, 15), True, None),  # due today: not passed yet
        (datetime.date(2027, 6, 1), True, None),
        (None, True, "states versions or dates but has no review_by"),
        (None, False, None),
    ],
)
def test_warnings(review_by, needed, expected):
    found = review.warnings([("wizard.yaml", 12, "result 'x'", review_by, needed)], TODAY)
    if expected is None:
        assert found == []
    else:
        assert [(p.path, p.line, p.level) for p in found] == [("wizard.yaml", 12, "warning")]
        assert expected in found[0].message and found[0].message.startswith("result 'x'")


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("v1.24 removed it", True),
        ("containerd 2.1.5+", True),
        ("in 2026", True),
        ("no numbers", False),
        ("10.0.0.1", False),
    ],
)
def test_what_counts_as_a_dated_text(text, dated):
    assert bool(review.STATES_A_DATE.search(text)) is dated


def test_every_shipped_entry_result_and_rule_that_needs_a_date_has_one():
    store = loader.load(REAL_CONTENT)
    tree, _ = wizard_tree.load(REAL_CONTENT / wizard_tree.FILE_NAME, wizard_tree.entry_ids_of(store))
    rules, _ = checker_rules.load(REAL_CONTENT)
    items = [
        *review.entry_items(store, REAL_CONTENT),
        *review.wizard_items(tree, wizard_tree.FILE_NAME),
        *review.rule_items(rules, checker_rules.FILE_NAME),
    ]
    # The oldest possible "today" keeps this from depending on the calendar.
    assert review.warnings(items, datetime.date.min) == []
    assert sum(item[3] is not None for item in items) > len(store.entries)


def test_check_content_warns_about_a_passed_date_with_its_line(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    rewrite(folder / "en" / "hug.md", "review_by: 2027-06-01", "review_by: 2020-01-01")
    out = StringIO()
    call_command("check_content", content_dir=str(folder), stdout=out, stderr=StringIO())
    line = next(
        n for n, t in enumerate((folder / "en" / "hug.md").read_text().split("\n"), 1) if "review_by" in t
    )
    assert f"en/hug.md:{line}: warning: entry 'hug': review_by 2020-01-01 has passed" in out.getvalue()
    assert "entry files are valid." in out.getvalue()
