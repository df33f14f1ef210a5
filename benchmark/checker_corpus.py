"""The manifest checker on its own labelled corpus (tests/checker/corpus/, labels in labels.yaml):
affected files found, findings right at their severity, clean files flagged, Docker items that
keep working flagged high, exit codes, valid input answered "unreadable", a few whole-run
scenarios (a folder, an over-size file next to a finding, a folder of skipped files, stdin), and
the bomb set (crashes, seconds). One checkout or several side by side, e.g. before and after:

    git -C /work/main archive main | tar -x -C .tmp/before
    .venv/bin/python benchmark/checker_corpus.py --checkout .tmp/before --checkout .

Each checkout runs in a child process of its own (`manage.py check_manifests` through
call_command, its own code and content/checker_rules.yaml); nothing is written outside a
temporary folder."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "checker" / "corpus"
DASHBOARDS_BYTES = 1_050_000  # the kube-prometheus dashboards ConfigMap of issue 14, item 8
SEVERE = {"high", "medium"}


def dashboards_configmap(size=DASHBOARDS_BYTES):
    """A clean ConfigMap of Grafana dashboards of about `size` bytes, in the shape of
    kube-prometheus's grafana-dashboardDefinitions.yaml: JSON strings in a ConfigMapList."""
    panel = (
        '{"datasource": "$datasource", "expr": "sum(rate(container_cpu_usage_seconds_total'
        '{job=\\"kubelet\\", metrics_path=\\"/metrics/cadvisor\\", cluster=\\"$cluster\\", '
        'namespace=\\"$namespace\\"}[5m])) by (pod)", "legendFormat": "{{pod}}", "refId": "A"}'
    )
    parts = ["apiVersion: v1\nkind: ConfigMapList\nitems:\n"]
    length, number = len(parts[0]), 0
    while length < size:
        number += 1
        body = ", ".join([panel] * 40)
        item = (
            f"- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: grafana-dashboard-{number}\n"
            f"    namespace: monitoring\n  data:\n    dashboard-{number}.json: |-\n"
            f'      {{"title": "Kubernetes / Compute Resources / {number}", "panels": [{body}]}}\n'
        )
        parts.append(item)
        length += len(item)
    return "".join(parts)


def bomb_inputs():
    """(name, bytes) of hostile inputs: each must be answered (findings, a document error or a
    refusal), never crash, and cost little."""
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    embedded = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  config.yaml: |\n" + "".join(
        "    " + line + "\n" for line in laughs.splitlines()
    )
    deep_toml = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    return [
        ("billion-laughs", laughs.encode()),
        ("bomb-inside-configmap-string", embedded.encode()),
        ("recursive-alias", b"a: &a [*a]\n"),
        ("deep-flow-nesting", b"[" * 50_000 + b"]" * 50_000),
        ("deep-block-nesting", "".join("  " * n + f"k{n}:\n" for n in range(3000)).encode()),
        ("deep-json", b'{"a":' * 20_000 + b"1" + b"}" * 20_000),
        ("deep-toml", deep_toml.encode()),
        ("nul-bytes", b"apiVersion: v1\x00kind: Pod\n"),
        ("invalid-utf8", b"kind: Pod\nmetadata: {name: \xff\xfe}\n"),
        ("utf16", "kind: Pod\n".encode("utf-16")),
        ("many-documents", b"---\na: b\n" * 30_000),
        ("one-long-line", b"a: " + b"x" * 2_500_000 + b"\n"),
        ("many-keys", "".join(f"k{n}: v\n" for n in range(150_000)).encode()),
        ("unclosed-quote", b'apiVersion: v1\nkind: Pod\nmetadata: {name: "x}\n'),
        ("tab-indent-yaml", b"apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n"),
        ("jinja-everywhere", b"{% for x in y %}\n{{ x }}: {{ y }}\n{% endfor %}\n" * 1000),
        ("regex-heavy-line", b"data:\n  a: '" + b"--kubelet-extra-args " * 50_000 + b"'\n"),
        ("dockershim-sock-repeated", b"a: " + b"dockershim.sock " * 100_000 + b"\n"),
    ]


CHILD = r"""
import io, json, os, sys, time
import django
django.setup()
from django.core.management import call_command
from django.test import Client

def run(args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    started = time.perf_counter()
    try:
        call_command("check_manifests", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # a crash is a result here, not an end
        code = "crash: " + repr(exc)[:200]
    finally:
        sys.stdin = saved
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()[-2000:],
            "seconds": time.perf_counter() - started}

jobs = json.load(sys.stdin)
results = {"files": {}, "scenarios": {}, "bombs": {}}
for name, path in jobs["files"]:
    results["files"][name] = run(["--format", "json", path])
for name, (args, stdin) in jobs["scenarios"].items():
    results["scenarios"][name] = run(args, stdin.encode() if stdin is not None else None)
client = Client()
for name, path in jobs["bombs"]:
    answer = run(["--format", "json", path])
    data = open(path, "rb").read()
    started = time.perf_counter()
    try:
        status = client.post("/api/v1/check", data, content_type="application/yaml").status_code
    except Exception as exc:
        status = "crash: " + repr(exc)[:200]
    answer["api"] = status
    answer["api_seconds"] = time.perf_counter() - started
    answer.pop("out")
    results["bombs"][name] = answer
print(json.dumps(results))
"""


def findings_of(output):
    """{(rule, severity)} reported in check_manifests' JSON output, or None if it is not JSON."""
    try:
        data = json.loads(output)
    except ValueError:
        return None
    found = set()
    for entry in data.get("files", []):
        for result in entry.get("results") or []:
            for finding in result.get("findings", []):
                found.add((finding["rule"], finding["severity"]))
    return found


def read_errors(output):
    try:
        data = json.loads(output)
    except ValueError:
        return ["no JSON"]
    errors = [entry["error"] for entry in data.get("files", []) if entry.get("error")]
    for entry in data.get("files", []):
        errors += [r["error"] for r in entry.get("results") or [] if r.get("error")]
    return errors


def jobs(tmp):
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))["files"]
    files = [(name, str(CORPUS / name)) for name in sorted(labels)]
    dashboards = tmp / "kube-prometheus-dashboards.yaml"
    dashboards.write_text(dashboards_configmap(), encoding="utf-8")
    labels["generated/kube-prometheus-dashboards.yaml"] = {"class": "clean", "findings": []}
    files.append(("generated/kube-prometheus-dashboards.yaml", str(dashboards)))
    skipped = tmp / "only-skipped"
    skipped.mkdir()
    for name in ("coredns.yaml.sed", "cilium.yaml.orig"):
        (skipped / name).write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    huge = tmp / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: over any cap, without writing the bytes
        handle.truncate(300 * 1024 * 1024)
    live = (CORPUS / "nodes" / "live-cluster-docker.json").read_text(encoding="utf-8")
    scenarios = {
        # name: (arguments, stdin), and the exit status a right answer gives
        "corpus folder + 1.05 MB dashboards": (["--format", "json", str(CORPUS), str(dashboards)], None),
        "over-size file next to a finding": (
            [str(huge), str(CORPUS / "agents" / "docker-gc-cronjob.yaml")],
            None,
        ),
        "folder of skipped suffixes only": ([str(skipped)], None),
        "systemd drop-in": ([str(CORPUS / "nodes" / "10-kubeadm.conf")], None),
        "stdin: kubectl get -o json": (["-"], live),
    }
    expected = dict.fromkeys(scenarios, 1) | {"folder of skipped suffixes only": 2}
    bombs = []
    for name, data in bomb_inputs():
        path = tmp / f"bomb-{name}.yaml"
        path.write_bytes(data)
        bombs.append((name, str(path)))
    return labels, {"files": files, "scenarios": scenarios, "bombs": bombs}, expected


def run_checkout(checkout, job_data, tmp):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faq.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "FAQ_DATA_DIR": str(tmp / "var"),
        "FAQ_CONTENT_DIR": str(checkout / "content"),
        "FAQ_COMPILED_LOCALE_DIR": str(ROOT / "var" / "locale"),
        "FAQ_LOG_LEVEL": "CRITICAL",
        "PYTHONPATH": str(checkout),
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(job_data),
        env=env,
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def score(labels, results, expected_scenarios):
    affected = [n for n, v in labels.items() if v["class"] == "affected"]
    clean = [n for n, v in labels.items() if v["class"] == "clean"]
    keeps = [n for n, v in labels.items() if v["class"] == "keeps-working"]
    reported, right, wanted, hit = 0, 0, 0, 0
    found_files, clean_flagged, keeps_high, exit_right, unreadable = 0, 0, 0, 0, 0
    misses = []
    for name, label in labels.items():
        result = results["files"][name]
        expected = {tuple(pair) for pair in label["findings"]}
        found = findings_of(result["out"]) or set()
        reported += len(found)
        right += len(found & expected)
        wanted += len(expected)
        hit += len(expected & found)
        if name in affected and any(severity in SEVERE for _, severity in found):
            found_files += 1
        if name in clean and found:
            clean_flagged += 1
        if name in keeps and any(severity == "high" for _, severity in found):
            keeps_high += 1
        if result["code"] == 2 or str(result["code"]).startswith("crash"):
            unreadable += 1
        if result["code"] == (1 if expected else 0):
            exit_right += 1
        if found != expected:
            misses.append((name, sorted(expected - found), sorted(found - expected), result["code"]))
    seconds = [r["seconds"] for r in results["files"].values()]
    bombs = results["bombs"].values()
    crashes = sum(str(b["code"]).startswith("crash") or str(b["api"]).startswith("crash") for b in bombs)
    api_500 = sum(b["api"] == 500 for b in bombs)
    scenarios_right = sum(results["scenarios"][n]["code"] == c for n, c in expected_scenarios.items())
    return {
        "affected files found (medium or high)": f"{found_files} / {len(affected)}",
        "findings right at their severity (of reported)": f"{right} / {reported}",
        "labelled findings reported at their severity": f"{hit} / {wanted}",
        "clean files flagged": f"{clean_flagged} / {len(clean)}",
        "keeps-working files flagged high": f"{keeps_high} / {len(keeps)}",
        "valid input answered unreadable (exit 2)": str(unreadable),
        "exit status right (0 clean, 1 findings)": f"{exit_right} / {len(labels)}",
        "whole-run scenarios right": f"{scenarios_right} / {len(expected_scenarios)}",
        "bomb set: crashes (CLI or API 500)": str(crashes + api_500),
        "bomb set: slowest CLI answer, s": f"{max(b['seconds'] for b in bombs):.2f}",
        "bomb set: slowest API answer, s": f"{max(b['api_seconds'] for b in bombs):.2f}",
        "median seconds per file": f"{statistics.median(seconds):.3f}",
        "_misses": misses,
        "_scenarios": {n: results["scenarios"][n]["code"] for n in expected_scenarios},
        "_bombs": {n: (b["code"], b["api"], round(b["seconds"], 2)) for n, b in results["bombs"].items()},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", action="append", type=Path, help="a checkout to measure (repeatable)")
    parser.add_argument("--details", action="store_true", help="list every file whose findings differ")
    options = parser.parse_args()
    checkouts = [c.resolve() for c in options.checkout or [ROOT]]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        labels, job_data, expected = jobs(tmp)
        scores = {}
        for checkout in checkouts:
            started = time.perf_counter()
            scores[checkout] = score(labels, run_checkout(checkout, job_data, tmp), expected)
            print(f"{checkout}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min); corpus: {len(labels)} files")
    width = max(len(k) for k in scores[checkouts[0]] if not k.startswith("_"))
    print(" " * width + "".join(f" | {c.name or str(c)}"[:40].ljust(20) for c in checkouts))
    for key in scores[checkouts[0]]:
        if not key.startswith("_"):
            print(key.ljust(width) + "".join(f" | {scores[c][key]}".ljust(20) for c in checkouts))
    for checkout in checkouts:
        print(f"\n{checkout}: scenarios {scores[checkout]['_scenarios']}")
        if options.details:
            print(f"bombs (CLI exit, API status, s): {scores[checkout]['_bombs']}")
            for name, missing, extra, code in scores[checkout]["_misses"]:
                print(f"  {name} (exit {code}): missing {missing} extra {extra}")


if __name__ == "__main__":
    main()
