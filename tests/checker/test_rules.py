"""The rules file's own structure: matcher lists, contexts and `when`, `supersedes`, mapping
parameters. Each mistake is refused by check_content with the file and line of the rule."""

import pytest

from faq.checker import rules as checker_rules
from tests.checker.test_checker import write_rules

BASE = """contexts:
  busy:
    any: {{images: ["busybox"]}}
rules:
  - id: "a"
    severity: "low"
    match: {match}
    faq: ["timeline"]
    title: {{en: "t", ja: "t"}}
    explanation: {{en: "e", ja: "e"}}
    fix: {{en: "f", ja: "f"}}
{extra}"""
GOOD = '{type: "hostpath", paths: ["/var/run"], when: "busy"}'


def problems(tmp_path, match=GOOD, extra=""):
    return write_rules(tmp_path, BASE.format(match=match, extra=extra))


SECOND = """  - id: "b"
    severity: "high"
    match: {type: "config-text", patterns: ["z"]}
    faq: ["timeline"]
    title: {en: "t", ja: "t"}
    explanation: {en: "e", ja: "e"}
    fix: {en: "f", ja: "f"}
"""


def test_a_rule_with_a_list_of_matchers_and_a_context_loads(tmp_path):
    match = '[{type: "key", keys: ["k"], unless_root: {x: "^y$"}}, ' + GOOD + "]"
    assert problems(tmp_path, match, '    supersedes: ["b"]\n' + SECOND) == []
    rules, _ = checker_rules.load(tmp_path)
    assert [m.type for m in rules[0].match] == ["key", "hostpath"]
    assert rules[0].supersedes == ("b",) and set(rules.contexts) == {"busy"}


@pytest.mark.parametrize(
    ("match", "extra", "message"),
    [
        ('{type: "hostpath", paths: ["/x"], when: "nowhere"}', "", "unknown context 'nowhere'"),
        ("[]", "", "match must not be an empty list"),
        ('{type: "key", keys: ["k"], unless_root: "y"}', "", "unless_root must be a mapping"),
        ('{type: "key", keys: ["k"], values: ["(bad"]}', "", "invalid regular expression"),
        (GOOD, '    supersedes: ["nope"]\n', "supersedes 'nope', which is not another rule"),
    ],
)
def test_rules_file_structure_problems_have_lines(tmp_path, match, extra, message):
    found = problems(tmp_path, match, extra)
    assert found and message in found[0].message
    assert found[0].line > 1


def test_a_context_with_unknown_evidence_is_refused(tmp_path):
    text = BASE.format(match=GOOD, extra="").replace("images:", "colours:")
    found = write_rules(tmp_path, text)
    assert "unknown evidence 'colours'" in found[0].message and found[0].line == 3


def test_the_shipped_rules_name_contexts_and_supersede_rules_that_exist():
    rules = checker_rules.get_rules()
    ids = {rule.id for rule in rules}
    assert {"cri-aware", "runs-dind", "reads-cri-logs"} <= set(rules.contexts)
    for rule in rules:
        assert set(rule.supersedes) <= ids
        for matcher in rule.match:
            assert matcher.params.get("when", "cri-aware") in rules.contexts
