"""Facts the content review (issue 11) found wrong, held in place: each test reads the shipped
content and fails if a corrected statement comes back."""

import re

import pytest

from faq.checker import rules
from faq.content import crictl, loader, translator
from faq.wizard import tree as wizard_tree

LANGS = ("en", "ja")


pytestmark = pytest.mark.usefixtures("real_content")


def text_of(entry):
    """Everything a reader sees of an entry, notes included, as plain text."""
    notes = " ".join(loader.plain_text(n.html) for n in entry.historical)
    return f"{entry.title} {entry.summary} {notes} {entry.body_text}"


def wizard_texts():
    tree = wizard_tree.get_tree()
    for result in tree.results.values():
        for item in (result.summary, *result.caveats, *result.steps):
            yield from ((lang, f"result {result.id}", item[lang]) for lang in LANGS)
    for modifier in tree.modifiers.values():
        for steps in modifier.steps.values():
            for item in steps:
                yield from ((lang, f"modifier {modifier.id}", item[lang]) for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_container_runtime_docker_rule_keeps_the_flag_as_remote(lang):
    # Item 1: deleting --container-runtime on a v1.23 kubelet falls back to its default, docker.
    rule = next(r for r in rules.get_rules() if r.id == "kubelet-container-runtime-docker")
    fix = rule.fix[lang]
    assert "`--container-runtime=remote`" in fix and "`--container-runtime-endpoint`" in fix
    assert "v1.24" in fix and "v1.27" in fix
    assert "remove this flag" not in fix and "このフラグを削除します" not in fix


@pytest.mark.parametrize("lang", LANGS)
def test_docker_engine_as_runtime_has_no_invented_upstream_fix_and_no_second_procedure(real_store, lang):
    # Item 2: no such PR; and the steps live only in migrate-to-cri-dockerd.
    entry = real_store.get_entry(lang, "docker-engine-as-runtime")
    assert "42739" not in text_of(entry)
    assert "kubeadm-flags.env" not in entry.body_text
    assert f'href="/{lang}/faq/migrate-to-cri-dockerd/"' in entry.body_html


def row(docker):
    return next(c for c in crictl.get_table().commands() if c.docker == docker)


@pytest.mark.parametrize("lang", LANGS)
def test_crictl_stop_warns_that_its_default_timeout_is_zero(lang):
    note = row("stop").note[lang]
    assert "0" in note and "crictl stop -t 10 &lt;id&gt;" in note
    # kill maps to `stop --timeout 0`, which is plain `crictl stop`: its note says so.
    assert row("kill").crictl == ("stop --timeout 0",)
    assert "crictl stop &lt;id&gt;" in row("kill").note[lang]


@pytest.mark.parametrize(("lang", "words"), [("en", "every one of its tags"), ("ja", "すべてのタグごと")])
def test_crictl_rmi_warns_that_it_removes_every_tag(lang, words):
    assert words in row("rmi").note[lang]


@pytest.mark.parametrize(("lang", "words"), [("en", "one sample"), ("ja", "1 回分")])
def test_crictl_stats_is_one_sample_and_docker_stats_maps_to_watch(lang, words):
    assert row("stats").crictl == ("stats -w",)
    assert words in row("stats").note[lang] and "docker stats --no-stream" in row("stats").note[lang]
    result = translator.translate("docker stats -a", crictl.get_table().commands())
    assert result.crictl == ("crictl stats -w -a",)


# Dates that have passed must read as past: containerd 1.7's LTS ended in September 2026.
STILL_FUTURE = re.compile(
    r"(scheduled|expected|will|due) to end[^.]*(September )?2026|2026 年 9 月に終わる予定|終了する予定"
)


def test_containerd_1_7_end_of_life_is_stated_as_past(real_store):
    for entry in real_store.all_entries():
        assert not STILL_FUTURE.search(text_of(entry)), entry.path
    for lang, where, text in wizard_texts():
        assert not STILL_FUTURE.search(text), (lang, where)
    for lang, words in (("en", "out of support"), ("ja", "サポートが終了")):
        body = real_store.get_entry(lang, "migrate-to-containerd").body_text
        assert words in body and "2026" in body


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_dates_the_cri_dockerd_commitment_to_2020_12_04(real_store, lang):
    body = real_store.get_entry(lang, "timeline").body_html
    rows = dict(re.findall(r"<tr>\s*<td>([0-9-]+)</td>\s*<td>(.*?)</td>", body, re.S))
    assert "Mirantis" in rows["2020-12-04"] and "cri-dockerd" in rows["2020-12-04"]
    assert "commit" not in rows["2021-04-21"] and "保守していく" not in rows["2021-04-21"]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_gives_containerds_own_minimum_for_v1_26(real_store, lang):
    entry = real_store.get_entry(lang, "timeline")
    assert "1.6.15" in text_of(entry)
    assert not re.search(r"1\.6\.0 (or later|以降)", entry.body_text)


@pytest.mark.parametrize("lang", LANGS)
def test_notes_h04_and_h19_are_marked(real_store, lang):
    # H-04: the 2022 blog's "EKS, AKS and GKE all default to containerd" ran ahead of EKS.
    for entry_id in ("timeline", "which-cri-implementation"):
        notes = [
            loader.plain_text(n.title_html + n.html) for n in real_store.get_entry(lang, entry_id).historical
        ]
        assert any("EKS 1.24" in n and "Is Your Cluster Ready" in n for n in notes), entry_id
    # H-19: CRI-O's transfer guide lists podman commands that cannot see CRI-O's containers.
    entry = real_store.get_entry(lang, "changing-cri-implementations")
    assert any("transfer.md" in n.source for n in entry.historical)


def test_wizard_never_recommends_podman_on_cri_o_without_the_caveat():
    for lang, where, text in wizard_texts():
        if "podman" in text and "CRI-O" in text:
            assert "crictl" in text and ("cannot" in text or "できません" in text), (lang, where)


@pytest.mark.parametrize("lang", LANGS)
def test_docker_is_disabled_with_its_socket(real_store, lang):
    body = real_store.get_entry(lang, "migrate-to-containerd").body_text
    assert "systemctl disable --now docker.socket docker.service" in body
    assert "disable docker.service --now" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_more_questions_only_names_sourced_places(real_store, lang):
    assert "slack" not in real_store.get_entry(lang, "more-questions").body_text.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_cri_dockerd_release_lines_are_dated_as_a_snapshot(real_store, lang):
    body = real_store.get_entry(lang, "migrate-to-cri-dockerd").body_text
    assert re.search(r"As of April 2026|2026 年 4 月の時点", body)


# The questions the real queries showed we did not answer (issue 11, "Gaps"): each its own entry,
# in both languages, with sources; the error-message entries list the exact texts they answer.
GAP_ENTRIES = {
    "errors-after-upgrade": [
        "unknown flag: --network-plugin",
        "[ERROR CRI]: container runtime is not running",
    ],
    "pod-errors-after-switch": [
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock",
        "ErrImageNeverPull",
    ],
    "local-clusters": [],
    "logs-after-switch": [],
    "gpu-nodes": [],
    "new-cluster-containerd": [],
    "nerdctl-and-ctr": [],
}


@pytest.mark.parametrize("entry_id", GAP_ENTRIES)
def test_gap_entries_exist_in_both_languages_with_sources(real_store, entry_id):
    pair = [real_store.get_entry(lang, entry_id) for lang in LANGS]
    assert all(pair), entry_id
    assert all(len(entry.sources) >= 3 and entry.review_by for entry in pair)
    for text in GAP_ENTRIES[entry_id]:
        assert all(any(text in error for error in entry.errors) for entry in pair), text


@pytest.mark.parametrize(
    ("entry_id", "commands"),
    [
        (
            "local-clusters",
            [
                "kind load docker-image",
                "minikube image load",
                "k3s crictl",
                "nerdctl --namespace k8s.io build",
            ],
        ),
        ("logs-after-switch", ["multiline.parser docker, cri", "@type cri", "containerLogMaxSize"]),
        (
            "gpu-nodes",
            [
                "nvidia-ctk runtime configure --runtime=containerd",
                "--runtime=crio",
                "runtimeClassName: nvidia",
            ],
        ),
        (
            "new-cluster-containerd",
            [
                "--cri-socket unix:///run/containerd/containerd.sock",
                "SystemdCgroup = true",
                "cgroupDriver: systemd",
            ],
        ),
        (
            "nerdctl-and-ctr",
            ["nerdctl --namespace k8s.io ps -a", "ctr -n k8s.io images import", "nerdctl -n k8s.io load"],
        ),
    ],
)
def test_gap_entries_give_the_exact_commands_in_both_languages(real_store, entry_id, commands):
    for lang in LANGS:
        body = real_store.get_entry(lang, entry_id).body_text
        assert all(command in body for command in commands), (lang, entry_id)
