"""The runtime wizard's tree and its pure logic: every path, realistic situations, tampered
answers, and validation of broken trees (each problem names the node and its line)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from faq.wizard import checks, evaluate
from faq.wizard import tree as wizard_tree
from tests.helpers import REAL_CONTENT
from tests.wizard.conftest import WIZARD_FILE


def outcome_of(tree, **answers):
    return evaluate.evaluate(tree, {key.replace("_", "-"): value for key, value in answers.items()})


# The tree as a whole -------------------------------------------------------------------------


def test_real_tree_is_valid(tree):
    assert tree.start == "runtime"
    assert set(tree.entry_points) >= {"which-cri-implementation", "changing-cri-implementations"}


def test_every_path_ends_in_its_result(tree):
    paths = evaluate.enumerate_paths(tree)
    assert len(paths) >= len(tree.results)
    for path, result_id in paths:
        outcome = evaluate.evaluate(tree, {qid: ",".join(options) for qid, options in path})
        assert outcome.kind == "result", path
        assert outcome.outcome.id == result_id
        assert [a.question.id for a in outcome.answers] == [qid for qid, _ in path]


def test_every_result_is_reachable(tree):
    reached = {result_id for _, result_id in evaluate.enumerate_paths(tree)}
    assert reached == set(tree.results)


def test_every_path_asks_at_most_six_questions(tree):
    assert checks.longest(tree, tree.start) <= 6
    assert max(len(path) for path, _ in evaluate.enumerate_paths(tree)) <= 6


def test_every_runtime_is_recommended_somewhere(tree):
    assert {r.runtime for r in tree.results.values()} == {"containerd", "cri-o", "cri-dockerd"}


def test_every_text_has_both_languages(tree):
    for question in tree.questions.values():
        for text in (question.title, question.text, question.why, *(o.label for o in question.options)):
            assert set(text) == {"ja", "en"} and all(text.values())


# Realistic situations ------------------------------------------------------------------------

SELF = {"runtime": "docker-dockershim", "nodes": "self-linux"}


def test_reasons_come_from_the_persons_own_answers(tree):
    outcome = evaluate.evaluate(tree, {**SELF, "touches": "registry,gpu", "preference": "default"})
    assert [(a.question.id, a.value) for a in outcome.answers] == [
        ("runtime", "docker-dockershim"),
        ("nodes", "self-linux"),
        ("touches", "registry,gpu"),
        ("preference", "default"),
    ]
    gpu = tree.questions["touches"].option("gpu")
    assert gpu.reason in [o.reason for a in outcome.answers for o in a.options]


def test_legacy_clusters_get_the_urgent_banner_first(tree):
    outcome = evaluate.evaluate(tree, {**SELF, "touches": "nothing", "preference": "default"})
    assert [b.id for b in outcome.banners] == ["legacy"]
    assert "containerd 1.7" in " ".join(step["en"] for step in outcome.banners[0].steps)
    modern = evaluate.evaluate(
        tree, {"runtime": "unknown", "nodes": "self-linux", "touches": "nothing", "preference": "default"}
    )
    assert modern.banners == ()


def test_modifiers_are_scoped_by_runtime_family(tree):
    answers = {**SELF, "touches": "blocker-logdriver"}
    bridge = evaluate.evaluate(tree, {**answers, "deadline": "runtime-stay"})
    swap = evaluate.evaluate(tree, {**answers, "deadline": "in-time", "preference": "default"})
    bridge_logging = next(g for g in bridge.checklist if g.id == "logging")
    swap_logging = next(g for g in swap.checklist if g.id == "logging")
    assert "json-file" in bridge_logging.steps[0]["en"]  # review C11: keep Docker's rotation
    assert "containerLogMaxSize" in swap_logging.steps[0]["en"]


def test_checklist_starts_with_the_results_own_steps(tree):
    outcome = evaluate.evaluate(tree, {**SELF, "touches": "proxy", "preference": "redhat"})
    assert outcome.checklist[0].id == "result"
    assert outcome.checklist[0].steps == tree.results["self-crio"].steps
    assert [g.id for g in outcome.checklist[1:]] == ["proxy"]


# Steps, back and edit ------------------------------------------------------------------------


def test_no_answers_gives_the_first_question(tree):
    step = evaluate.evaluate(tree, {})
    assert (step.kind, step.question.id, step.number, step.answers) == ("step", "runtime", 1, ())
    assert step.most == checks.longest(tree, "runtime")


def test_progress_counts_the_longest_remaining_path(tree):
    step = evaluate.evaluate(tree, SELF)
    assert (step.question.id, step.number, step.most) == ("touches", 3, 5)
    managed = evaluate.evaluate(tree, {"runtime": "unknown", "nodes": "managed"})
    assert (managed.number, managed.most) == (3, 3)


def test_default_option_is_preselected(tree):
    step = evaluate.evaluate(tree, {**SELF, "touches": "nothing"})
    assert step.question.id == "preference" and step.selected == ("default",)


def test_edit_shows_the_question_with_the_given_answer(tree):
    answers = {**SELF, "touches": "registry,gpu", "preference": "redhat"}
    step = evaluate.evaluate(tree, {**answers, "edit": "touches"})
    assert step.question.id == "touches"
    assert step.selected == ("registry", "gpu")
    assert [a.question.id for a in step.answers] == ["runtime", "nodes"]


def test_repeated_keys_of_a_multiple_choice_question_are_one_answer(tree):
    from django.http import QueryDict

    query = QueryDict("runtime=crio&nodes=self-linux&touches=&touches=gpu&touches=proxy")
    outcome = evaluate.evaluate(tree, query)
    assert outcome.kind == "invalid" and outcome.code == "not-reached"  # crio ends at once
    query = QueryDict("runtime=unknown&nodes=self-linux&touches=&touches=gpu&touches=proxy")
    step = evaluate.evaluate(tree, query)
    assert step.question.id == "preference"
    assert step.answers[-1].value == "proxy,gpu"  # the question's order, not the URL's


def test_empty_answer_shows_the_question_again_with_an_error(tree):
    step = evaluate.evaluate(tree, {**SELF, "touches": ""})
    assert (step.kind, step.question.id, step.error) == ("step", "touches", "empty")


def test_query_string_round_trips(tree):
    outcome = evaluate.evaluate(tree, {**SELF, "touches": "registry,gpu", "preference": "default"})
    query = evaluate.query_string(outcome.answers)
    assert query == "runtime=docker-dockershim&nodes=self-linux&touches=registry,gpu&preference=default"
    from django.http import QueryDict

    assert evaluate.evaluate(tree, QueryDict(query)).outcome.id == "self-containerd"


# Tampered and stale answers ------------------------------------------------------------------

TAMPERED = [
    ("unknown option", {"runtime": "maybe"}, "unknown-option", 0),
    ("script as option", {"runtime": "<script>"}, "unknown-option", 0),
    ("unknown question", {"runtime": "crio", "q99": "yes"}, "unknown-question", 1),
    ("answer to a step not reached", {"runtime": "containerd", "nodes": "managed"}, "not-reached", 1),
    ("skipped step", {"runtime": "unknown", "touches": "gpu"}, "not-reached", 1),
    ("branch not taken", {**SELF, "touches": "nothing", "managed-deps": "none"}, "not-reached", 3),
    ("two answers to a one-answer question", {"runtime": ["crio", "containerd"]}, "repeated", 0),
    ("same answer twice", {"runtime": ["crio", "crio"]}, "repeated", 0),
    ("exclusive with another", {**SELF, "touches": "nothing,gpu"}, "unknown-option", 2),
    ("duplicate option", {**SELF, "touches": "gpu,gpu"}, "unknown-option", 2),
    ("NUL byte", {"runtime": "cri\x00o"}, "bad-value", 0),
    ("NUL in a key", {"runtime\x00": "crio"}, "bad-value", 0),
    ("huge value", {"runtime": "x" * 300}, "bad-value", 0),
    ("huge query", {"runtime": "crio", **{f"k{i}": "v" for i in range(300)}}, "too-long", 0),
    ("edit an unanswered question", {"runtime": "unknown", "edit": "touches"}, "bad-edit", 1),
    ("edit twice", {"runtime": "unknown", "edit": ["runtime", "runtime"]}, "repeated", 1),
    ("leaf parameter", {"runtime": "unknown", "leaf": "bridge-cri-dockerd"}, "unknown-question", 1),
]


@pytest.mark.parametrize(("case", "answers", "code", "valid"), TAMPERED, ids=[t[0] for t in TAMPERED])
def test_tampered_answers_are_invalid_with_a_way_back(tree, case, answers, code, valid):
    outcome = evaluate.evaluate(tree, answers)
    assert outcome.kind == "invalid", case
    assert outcome.code == code
    assert len(outcome.answers) == valid  # the first valid step to go back to


# Validation of broken trees ------------------------------------------------------------------


def broken(tmp_path, old, new, entry_ids):
    text = WIZARD_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "wizard.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return wizard_tree.load(path, entry_ids)


def line_of(needle, occurrence=1):
    lines = WIZARD_FILE.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    return found[occurrence - 1]


def test_dangling_next_names_the_question_option_and_line(tmp_path, entry_ids):
    tree, problems = broken(tmp_path, "next: local-cri-dockerd", "next: local-dockerd", entry_ids)
    assert tree is None
    option_line = line_of("next: local-cri-dockerd") - 2  # the option's `- id:` line, above its label
    assert [(p.line, p.path) for p in problems] == [(option_line, "wizard.yaml")]
    assert "question 'where-cri-dockerd', option 'local'" in problems[0].message
    assert "'local-dockerd'" in problems[0].message


def test_cycle_is_refused_with_the_question_that_closes_it(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "next: self-crio", "next: runtime", entry_ids)
    messages = [str(p) for p in problems]
    assert any("'preference' leads back to 'runtime'" in m for m in messages), messages
    assert problems[0].line == line_of("- id: preference")


def test_unreachable_result_is_named(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "next: keep-windows-containerd", "next: keep-containerd", entry_ids)
    assert len(problems) == 1
    assert "result 'keep-windows-containerd' cannot be reached" in problems[0].message
    assert problems[0].line == line_of("- id: keep-windows-containerd")


def test_missing_language_is_refused_with_its_line(tmp_path, entry_ids):
    old = 'label: {en: "Nothing: we checked", ja: "何もない（確認済み）"}'
    _, problems = broken(tmp_path, old, 'label: {en: "Nothing: we checked"}', entry_ids)
    assert len(problems) == 1
    assert problems[0].line == line_of(old)
    assert "question 'managed-deps', option 'none' label" in problems[0].message
    assert "'ja'" in problems[0].message


def test_unknown_faq_id_is_refused(tmp_path, entry_ids):
    old = "faq: [migrate-to-containerd, changing-cri-implementations, which-cri-implementation]"
    _, problems = broken(tmp_path, old, old.replace("migrate-to-containerd", "migrate-to-podman"), entry_ids)
    assert problems[0].line == line_of(old)
    assert (
        "result 'self-containerd' faq" in problems[0].message and "migrate-to-podman" in problems[0].message
    )


def test_unknown_entry_link_in_a_text_is_refused(tmp_path, entry_ids):
    old = "(entry:check-node-runtime)"
    _, problems = broken(tmp_path, old, "(entry:no-such-entry)", entry_ids)
    assert "links to unknown entry 'no-such-entry'" in problems[0].message
    assert "result 'keep-containerd'" in problems[0].message


def test_unknown_modifier_is_refused(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "add: [gpu]", "add: [gpus]", entry_ids)
    messages = [p.message for p in problems]
    assert "question 'managed-deps', option 'gpu': unknown modifier 'gpus'" in messages
    assert problems[0].line == line_of("- id: gpu")


def test_option_without_next_is_refused(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "        next: keep-crio\n", "", entry_ids)
    assert "question 'where-crio', option 'self-linux' has no `next`" in problems[0].message
    assert problems[0].line == line_of("next: keep-crio") - 2


def test_yaml_11_coercion_is_refused(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "id: in-time", "id: no", entry_ids)
    assert "would be read by YAML as a bool" in problems[0].message
    assert problems[0].line == line_of("id: in-time")


def test_duplicate_ids_are_refused(tmp_path, entry_ids):
    _, problems = broken(
        tmp_path, "- id: keep-crio\n    runtime", "- id: keep-containerd\n    runtime", entry_ids
    )
    assert "'keep-containerd' is used twice" in problems[0].message


def test_unused_modifier_is_reported(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "        add: [ulimits]\n", "", entry_ids)
    assert [p.message for p in problems] == ["modifier 'ulimits' is never added by any option"]
    assert problems[0].line == line_of("- id: ulimits", 2) - 1  # one line shorter than the real file


def test_too_many_questions_on_a_path_is_refused(tmp_path):
    def follow(i):
        return f"q{i + 1}" if i < 7 else "end"

    questions = "\n".join(
        f"""  - id: q{i}
    title: {{en: "Q{i}", ja: "質問{i}"}}
    text: {{en: "Q{i}?", ja: "質問{i}？"}}
    why: {{en: "Because.", ja: "理由。"}}
    options:
      - {{id: a, label: {{en: "A", ja: "A"}}, reason: {{en: "A.", ja: "A。"}}, next: {follow(i)}}}
      - {{id: b, label: {{en: "B", ja: "B"}}, reason: {{en: "B.", ja: "B。"}}, next: end}}"""
        for i in range(1, 8)
    )
    text = f"""title: {{en: "T", ja: "T"}}
intro: {{en: "I", ja: "I"}}
start: q1
entry_points: []
questions:
{questions}
results:
  - id: end
    runtime: containerd
    title: {{en: "End", ja: "終わり"}}
    summary: {{en: "Done.", ja: "完了。"}}
    steps: [{{en: "Step.", ja: "手順。"}}]
    faq: []
modifiers: []
"""
    path = tmp_path / "wizard.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = wizard_tree.load(path, set())
    assert [(p.line, p.message) for p in problems] == [(6, "a path asks 7 questions; keep every path to 6")]


def test_check_content_fails_on_a_broken_tree_with_file_and_line(tmp_path):
    import shutil

    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    text = (folder / "wizard.yaml").read_text(encoding="utf-8")
    (folder / "wizard.yaml").write_text(
        text.replace("next: keep-crio", "next: keep-cri0", 1), encoding="utf-8"
    )
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=str(folder), stdout=StringIO(), stderr=stderr)
    assert (
        f"wizard.yaml:{line_of('next: keep-crio') - 2}: error: question 'where-crio', option 'self-linux'"
        in stderr.getvalue()
    )


def test_check_content_passes_on_the_real_tree():
    out = StringIO()
    call_command("check_content", stdout=out, stderr=StringIO())
    assert "valid" in out.getvalue()


def test_get_tree_refuses_a_broken_tree(settings, tmp_path):
    import shutil

    from faq.content.problems import ContentError

    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    (folder / "wizard.yaml").write_text("start: [", encoding="utf-8")
    settings.CONTENT_DIR = Path(folder)
    with pytest.raises(ContentError):
        wizard_tree.get_tree()


# Groups, per-result modifier steps, unaffected results -------------------------------------


def test_long_questions_are_grouped_with_the_blocking_group_marked(tree):
    touches = tree.questions["touches"]
    groups = touches.grouped()
    assert [g.id for g, _ in groups] == ["overall", "socket", "docker-only", "settings", "hardware"]
    assert [g.id for g, _ in groups if g.blocking] == ["docker-only"]
    assert sum(len(options) for _, options in groups) == len(touches.options)
    # Everything that uses Docker itself asks whether it can move in time.
    asks = {o.id for o in touches.options if o.next == "deadline"}
    assert asks == {
        "sock-builds",
        "sock-agents",
        "sock-scripts",
        "blocker-agent",
        "blocker-logdriver",
        "blocker-device",
    }


def test_an_option_in_an_unknown_group_is_refused(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "group: hardware\n", "group: firmware\n", entry_ids)
    assert "question 'touches', option 'gpu': group must be one of" in problems[0].message


def test_modifier_steps_for_an_unknown_result_are_refused(tmp_path, entry_ids):
    _, problems = broken(tmp_path, "      managed-containerd:\n", "      managed-containerd-x:\n", entry_ids)
    assert "modifier 'legacy': steps for 'managed-containerd-x'" in problems[0].message


def test_banners_fit_the_path(tree):
    managed = evaluate.evaluate(
        tree, {"runtime": "docker-dockershim", "nodes": "managed", "managed-deps": "none"}
    )
    banner = " ".join(step["en"] for step in managed.banners[0].steps)
    assert "containerd 1.7" not in banner and "kubeadm" not in banner
    crio = evaluate.evaluate(tree, {**SELF, "touches": "nothing", "preference": "redhat"})
    assert "containerd" not in " ".join(step["en"] for step in crio.banners[0].steps)
    mcr = evaluate.evaluate(tree, {**SELF, "nodes": "self-windows", "windows-mcr": "stay-mcr"})
    assert "npipe:////./pipe/cri-dockerd" in " ".join(step["en"] for step in mcr.banners[0].steps)


def test_a_modifier_with_no_steps_for_a_result_is_left_out(tree):
    answers = {"runtime": "unknown", "nodes": "local", "local-images": "load-is-fine"}
    verify = next(g for g in evaluate.evaluate(tree, answers).checklist if g.id == "verify")
    assert len(verify.steps) == 1 and "kubectl dds" not in verify.steps[0]["en"]


def test_unaffected_results_are_the_ones_without_a_runtime_change(tree):
    unaffected = {r.id for r in tree.results.values() if r.unaffected}
    assert {"keep-containerd", "keep-crio", "keep-managed", "k3s-containerd", "platform-crio"} <= unaffected
    assert not unaffected & {"self-containerd", "self-crio", "beside-docker", "bridge-cri-dockerd"}
