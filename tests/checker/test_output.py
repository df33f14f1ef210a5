"""What the checker gives back: SARIF 2.1.0 for code-scanning views (checked against the format's
essentials), the Markdown report for a ticket, and the page's summary per workload, high first."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from faq.checker import sarif
from faq.checker.rules import get_rules

CORPUS = Path(__file__).parent / "corpus"
LEVELS = {"error", "warning", "note", "none"}


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def command(*args):
    out = StringIO()
    try:
        call_command("check_manifests", *args, stdout=out, stderr=StringIO())
    except SystemExit:
        pass
    return out.getvalue()


def assert_sarif_essentials(log):
    """The parts of SARIF 2.1.0 that code-scanning uploads require and read."""
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert isinstance(driver["name"], str) and driver["name"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in LEVELS
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in LEVELS
        assert result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert isinstance(uri, str) and "\\" not in uri and not re.search(r"\s", uri)
        assert isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1
    for invocation in run["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)
    return run


def test_sarif_output_has_the_essentials_and_points_at_the_right_lines():
    files = [CORPUS / "agents" / "docker-gc-cronjob.yaml", CORPUS / "nodes" / "kubelet.service"]
    run = assert_sarif_essentials(json.loads(command("--format", "sarif", *map(str, files))))
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in run["tool"]["driver"]["rules"]}
    assert levels["docker-socket-hostpath"] == "error" and levels["docker-cli-in-container"] == "warning"
    assert levels["docker-support-optional"] == "note"
    assert len(run["results"]) == 5
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        lines = Path(physical["artifactLocation"]["uri"]).read_text(encoding="utf-8").split("\n")
        around = "\n".join(lines[physical["region"]["startLine"] - 1 : physical["region"]["startLine"] + 3])
        value = result["message"]["text"].rsplit(": ", 1)[-1].split(" (")[0]
        assert value.split("=")[0].lstrip("-") in around, (result["ruleId"], around)


def test_sarif_reports_what_could_not_be_read_as_notifications(tmp_path):
    (tmp_path / "bad.yaml").write_bytes(b"\x00\x01")
    run = assert_sarif_essentials(json.loads(command("--format", "sarif", str(tmp_path / "bad.yaml"))))
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "error" and "not text" in notification["message"]["text"]
    assert run["results"] == []


def test_sarif_uris_are_relative_posix_and_encoded():
    assert sarif.artifact_uri("deploy/my app/ds.yaml") == "deploy/my%20app/ds.yaml"
    assert sarif.artifact_uri("-") == "stdin"


def test_markdown_report_lists_workloads_high_first_in_either_language():
    path = str(CORPUS / "agents" / "datadog-agent.yaml")
    text = command("--format", "markdown", path, str(CORPUS / "agents" / "falco-daemonset.yaml"))
    assert text.startswith("# Dockershim check")
    assert "| Workload | high | medium | low |" in text
    assert "| DaemonSet monitoring/datadog (document 1) | 2 | 1 | 0 |" in text
    assert "| DaemonSet falco/falco (document 1) | 0 | 0 | 1 |" in text
    assert "What to do:" in text
    japanese = command("--format", "markdown", "--lang", "ja", path)
    assert "| ワークロード | 高 | 中 | 低 |" in japanese
    assert "環境変数が Docker ソケットを指している" in japanese


def test_json_output_keeps_its_shape_and_lists_skipped_files(tmp_path):
    (tmp_path / "a.yaml.orig").write_text("a: b\n")
    (tmp_path / "ds.yaml").write_text((CORPUS / "agents" / "docker-gc-cronjob.yaml").read_text())
    data = json.loads(command("--format", "json", str(tmp_path)))
    assert set(data) == {"files", "findings", "skipped"}
    assert data["findings"] == 2 and [Path(p).name for p in data["skipped"]] == ["a.yaml.orig"]
    assert {"summary", "results", "rules_checked", "path", "error"} <= set(data["files"][0])


def test_page_summary_lists_every_workload_high_first_and_links_to_it(client):
    manifests = "---\n".join(
        (CORPUS / name).read_text(encoding="utf-8")
        for name in (
            "agents/falco-daemonset.yaml",
            "agents/docker-daemon-json-editor.yaml",
            "ci/jenkins-values.yaml",
        )
    )
    response = client.post(reverse("check"), {"manifests": manifests})
    body = response.content.decode()
    table = body[body.index('<table class="check-overview">') : body.index("</table>")]
    rows = re.findall(r'<a href="#(check-1-\d+)">([^<]+)</a>', table)
    assert [title.split(" (")[0] for _, title in rows] == [
        "Document",  # the Jenkins values: high
        "DaemonSet kube-system/docker-registry-mirror-setup",  # medium
        "DaemonSet falco/falco",  # low
    ]
    for anchor, _ in rows:
        assert f'id="{anchor}"' in body
    assert 'id="check-summary" tabindex="-1"' in body
    assert 'action="/en/check/#check-summary"' in body
    start = body.index('<pre class="check-markdown__text">')
    markdown = body[start : body.index("</pre>", start)]
    assert "| Workload | high | medium | low |" in markdown


def test_page_summary_in_japanese(client):
    with override("ja"):
        manifests = (CORPUS / "agents" / "datadog-agent.yaml").read_text(encoding="utf-8")
        response = client.post(reverse("check"), {"manifests": manifests})
    body = response.content.decode()
    assert "件" in body[body.index("<caption>") : body.index("</caption>")]
    assert "3 件の問題が見つかりました。" in body


def test_every_rule_has_a_sarif_rule():
    log = sarif.document([], get_rules(), "en")
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == [r.id for r in get_rules()]
