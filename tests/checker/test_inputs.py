"""What the checker reads, and how much: manifest sets as big as kubectl takes, one document at a
time; a file that really is too big reported while the others still count; the non-YAML files it
reads on purpose (drop-ins, env files, user data, TOML, templates) without an error; folders
whose skipped files are listed; stdin from kubectl; the page's and the API's sizes and messages."""

import io
import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from benchmark.checker_corpus import bomb_inputs, dashboards_configmap
from faq.checker import manifests
from faq.checker.management.commands import check_manifests
from faq.checker.report import check, check_stream

CORPUS = Path(__file__).parent / "corpus"
SOCKET_POD = (CORPUS / "agents" / "docker-gc-cronjob.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def run_command(*args, stdin=None):
    out, err = StringIO(), StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    code = check_manifests.CLEAN
    try:
        call_command("check_manifests", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def rules_of(report):
    return {finding.rule for finding in report.findings}


# Item 8: what kubectl accepts is read; what really is too big is reported, and the rest counts.


def test_a_dashboards_file_over_a_megabyte_is_read_and_clean(tmp_path):
    path = tmp_path / "grafana-dashboardDefinitions.yaml"
    path.write_text(dashboards_configmap(), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    out = StringIO()
    call_command("check_manifests", str(path), stdout=out)  # exit 0: no SystemExit
    assert "0 finding(s) in 1 file(s)." in out.getvalue()


def test_one_object_over_the_api_servers_limit_is_reported_and_the_others_checked(tmp_path):
    blob = "x" * manifests.MAX_DOCUMENT_BYTES
    big = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: big}}\ndata:\n  blob: {blob}\n"
    path = tmp_path / "bundle.yaml"
    path.write_text(SOCKET_POD + "---\n" + big + "---\n" + SOCKET_POD, encoding="utf-8")
    with path.open("rb") as stream:
        report = check_stream(stream, path.name)
    assert [w.document for w in report.problems] == [2]
    assert "the Kubernetes API server accepts at most 3,146 KB in one object" in report.problems[0].error
    assert [w.document for w in report.workloads if w.findings] == [1, 3]
    code, out, err = run_command(str(path))
    assert code == check_manifests.FOUND and "document 2 is 3,146 KB or more" in err


def test_a_file_too_big_to_read_is_reported_and_the_others_still_exit_one(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: over the cap without writing it
        handle.truncate(manifests.MAX_FILE_BYTES + 1)
    found = CORPUS / "agents" / "docker-gc-cronjob.yaml"
    code, out, err = run_command(str(huge), str(found))
    assert code == check_manifests.FOUND
    assert f"huge.yaml: error: The input is {(manifests.MAX_FILE_BYTES + 1) / 1000:,.0f} KB" in err
    assert "docker-socket-hostpath" in out
    code, _, _ = run_command(str(huge))
    assert code == check_manifests.UNREADABLE


SOCKET = "/var/run/docker.sock"


def kubectl_list(count, as_json):
    """A `kubectl get ... -o yaml/json` List of `count` Pods, the last one mounting docker.sock."""
    items = [
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": f"web-{n}", "namespace": "shop", "labels": {"app": "web", "n": str(n)}},
            "spec": {
                "containers": [{"name": "web", "image": "registry.example.com/web:1", "args": ["x" * 400]}],
                "volumes": [{"name": "s", "hostPath": {"path": SOCKET}}] if n == count - 1 else [],
            },
        }
        for n in range(count)
    ]
    value = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
    if as_json:
        return json.dumps(value, indent=4)
    import yaml

    return yaml.safe_dump(value, sort_keys=False)


@pytest.mark.parametrize("as_json", [False, True])
def test_a_list_bigger_than_one_object_is_read_item_by_item(tmp_path, as_json):
    text = kubectl_list(6_000, as_json)
    assert len(text) > manifests.MAX_DOCUMENT_BYTES
    path = tmp_path / ("cluster.json" if as_json else "cluster.yaml")
    path.write_text(text, encoding="utf-8")
    with path.open("rb") as stream:
        report = check_stream(stream, path.name)
    assert report.error == "" and report.problems == []
    assert report.objects == 6_000 and report.documents == 1
    [affected] = [w for w in report.workloads if w.findings]
    assert (affected.item, affected.name) == (6_000, "web-5999")
    lines = text.split("\n")
    finding = affected.findings[0]
    assert "docker.sock" in "".join(lines[finding.line - 1 : finding.line + 3])
    assert "web-5999" in "".join(lines[affected.line - 1 : affected.line + 6])


# Item 9: the non-YAML files the checker reads on purpose are not errors.


@pytest.mark.parametrize(
    ("name", "rules"),
    [
        ("nodes/10-kubeadm.conf", {"kubelet-dockershim-flags"}),
        ("nodes/kubelet.service", {"kubelet-container-runtime-docker", "kubelet-dockershim-flags"}),
        ("nodes/kubeadm-flags.env", {"kubelet-container-runtime-flag"}),
        ("nodes/etc-default/kubelet", {"kubelet-dockershim-flags"}),
        ("installers/eks-userdata.sh", {"installer-runtime-docker", "eks-bootstrap-docker-options"}),
        ("ci/gitlab-runner-config.toml", {"docker-socket-hostpath", "docker-cli-in-container"}),
    ],
)
def test_files_read_on_purpose_give_findings_and_exit_one(name, rules):
    code, out, err = run_command(str(CORPUS / name))
    assert code == check_manifests.FOUND
    assert err == ""
    assert {line.split(": ")[2] for line in out.splitlines()[:-1]} == rules


def test_a_pasted_drop_in_is_read_as_text_not_refused_as_yaml():
    report = check((CORPUS / "nodes" / "10-kubeadm.conf").read_text(encoding="utf-8"))
    assert report.problems == []
    assert rules_of(report) == {"kubelet-dockershim-flags"}
    assert [f.line for f in report.findings] == [5, 5, 5]


def test_a_template_is_checked_without_its_tags_and_is_not_an_error():
    report = check((CORPUS / "installers" / "kubeadm-config.yaml.j2").read_text(encoding="utf-8"))
    assert report.problems == []
    assert "a template: checked with its template tags left out" in report.workloads[0].notes


def test_yaml_that_is_broken_is_still_an_error():
    report = check("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n")
    assert "not valid YAML" in report.problems[0].error


# Item 10: skipped files are listed, and a run that read nothing exits 2.


def test_a_folder_of_skipped_files_lists_them_and_exits_two(tmp_path):
    for name in ("coredns.yaml.sed", "cilium.yaml.orig"):
        (tmp_path / name).write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    code, out, err = run_command(str(tmp_path))
    assert code == check_manifests.UNREADABLE
    assert "Skipped 2 files a folder search does not read" in err
    assert "cilium.yaml.orig" in err and "coredns.yaml.sed" in err
    assert "Nothing was read" in err


def test_a_named_file_is_read_whatever_its_suffix_and_hidden_folders_are_not_searched(tmp_path):
    (tmp_path / "daemonset.yaml.orig").write_text(SOCKET_POD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.yaml").write_text(SOCKET_POD)
    (tmp_path / "web.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n")
    code, out, err = run_command(str(tmp_path))
    assert code == check_manifests.CLEAN
    code, out, err = run_command("--format", "json", str(tmp_path), str(tmp_path / "daemonset.yaml.orig"))
    data = json.loads(out)
    assert code == check_manifests.FOUND
    assert [Path(f["path"]).name for f in data["files"]] == ["web.yaml", "daemonset.yaml.orig"]
    assert [Path(p).name for p in data["skipped"]] == ["daemonset.yaml.orig"]


# Item 12: the oversize message gives the real size.


def test_an_oversize_upload_gives_its_own_size(client):
    size = manifests.MAX_INPUT_BYTES + 20_000  # past the checker's cap, within the request's
    upload = SimpleUploadedFile("big.yaml", b"a: b\n" * (size // 5), content_type="application/yaml")
    response = client.post(reverse("check"), {"manifests": "", "file": upload})
    assert response.status_code == 413
    assert f"The input is {size / 1000:,.0f} KB" in response.content.decode()


def test_an_oversize_api_body_gives_its_own_size(client):
    body = b"a: b\n" * ((manifests.MAX_INPUT_BYTES + 10_000) // 5)
    response = client.post(reverse("api-check"), body, content_type="application/yaml")
    assert response.status_code == 413
    assert f"{len(body) / 1000:,.0f} KB" in response.json()["error"]["message"]


# Beyond the anchors: a live cluster's state on stdin, the page and the API.

LIVE = (CORPUS / "nodes" / "live-cluster-docker.json").read_text(encoding="utf-8")


def test_stdin_reads_kubectl_json_and_counts_pods_on_their_daemonset():
    code, out, err = run_command("--format", "json", "-", stdin=LIVE)
    assert code == check_manifests.FOUND
    [entry] = json.loads(out)["files"]
    assert entry["path"] == "-"
    affected = {(r["kind"], r["name"]): r for r in entry["results"] if r["findings"]}
    assert set(affected) == {("DaemonSet", "node-inventory"), ("Node", "worker-1"), ("Node", "worker-2")}
    assert affected[("DaemonSet", "node-inventory")]["pods"] == 2
    assert {r["kind"] for r in entry["results"]} == {"Deployment", "DaemonSet", "Node"}


def test_the_api_takes_kubectl_json_as_the_body(client):
    response = client.post(reverse("api-check"), LIVE, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["summary"]["high"] == 1
    bad = client.post(reverse("api-check"), {"hello": "world"}, content_type="application/json")
    assert bad.status_code == 400 and "Kubernetes object or List" in bad.json()["error"]["message"]


def test_the_page_reads_an_uploaded_drop_in_and_kubectl_json(client):
    drop_in = SimpleUploadedFile("10-kubeadm.conf", (CORPUS / "nodes" / "10-kubeadm.conf").read_bytes())
    response = client.post(reverse("check"), {"manifests": LIVE, "file": drop_in})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-rule="kubelet-dockershim-flags"' in body and 'data-rule="docker-socket-hostpath"' in body
    assert "The same in 2 running Pods of it." in body
    assert "could not be read" not in body


# The bomb set: every hostile input is answered, by the command and by the API.


@pytest.mark.parametrize(("name", "data"), bomb_inputs(), ids=[name for name, _ in bomb_inputs()])
def test_bomb_inputs_are_answered_never_crash(tmp_path, client, name, data):
    path = tmp_path / "bomb.yaml"
    path.write_bytes(data)
    code, _, _ = run_command("--format", "json", str(path))
    assert code in (check_manifests.CLEAN, check_manifests.FOUND, check_manifests.UNREADABLE)
    response = client.post(reverse("api-check"), data, content_type="application/yaml")
    assert response.status_code in (200, 400, 413)
    assert response["Content-Type"] == "application/json"
