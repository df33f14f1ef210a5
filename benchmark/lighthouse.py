"""Lighthouse on every page kind, both languages, mobile and desktop, against a local server.

Starts gunicorn on 127.0.0.1 from this checkout's prepared var/ (`make install-dev prepare`),
unless --base-url names a server already running, then runs Lighthouse (npm, pinned in
benchmark/lighthouse/package.json; `npm ci` there first) with Debian's chromium and prints one
table: the four category scores, FCP, LCP, TBT, CLS and the main thread's style-and-layout time,
the median of --runs runs per row.

    (cd benchmark/lighthouse && npm ci --no-audit --no-fund)
    .venv/bin/python benchmark/lighthouse.py [--runs 3] [--pages entry,home] [--presets mobile]

Not a test: the machine is shared, so the timings move with its load (printed beside them)."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmark.portal_http import ROOT, free_port, wait_200

LIGHTHOUSE = ROOT / "benchmark" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Without the background-networking flags chromium keeps trying hosts this machine cannot reach.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "/{lang}/",
    "entry": "/{lang}/faq/changing-cri-implementations/",
    "runbook": "/{lang}/faq/migrate-to-containerd/",
    "category": "/{lang}/category/migration/",
    "guide": "/{lang}/guide/dont-panic/",
    "crictl": "/{lang}/crictl/",
    "search": "/{lang}/search/?q=docker%20build",
    "wizard": "/{lang}/wizard/",
    "wizard-result": (
        "/{lang}/wizard/result/?runtime=docker-dockershim&nodes=self-linux"
        "&touches=sock-builds&touches=logging&preference=default"
    ),
    "check": "/{lang}/check/",
    "faq-index": "/{lang}/faq/",
}


def run_lighthouse(url, preset, out_dir):
    report = out_dir / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    report.unlink(missing_ok=True)
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME_PATH}, timeout=300, check=False)
    if done.returncode != 0 or not report.exists():
        return None  # Lighthouse printed why (a 404 page, say); the row says it failed
    return json.loads(report.read_text(encoding="utf-8"))


def figures(report):
    """The row's numbers from one Lighthouse report (None: the run failed)."""
    if report is None:
        return {"runtime-error": "Lighthouse failed"}
    audits = report["audits"]
    row = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for name in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time"):
        row[name] = audits[name]["numericValue"]
    row["cumulative-layout-shift"] = audits["cumulative-layout-shift"]["numericValue"]
    items = audits["mainthread-work-breakdown"].get("details", {}).get("items", [])
    row["style-layout"] = sum(i["duration"] for i in items if i.get("group") == "styleLayout")
    row["runtime-error"] = report.get("runtimeError", {}).get("code", "")
    return row


def median_row(rows):
    rows = [row for row in rows if not row["runtime-error"]] or rows[:1]
    merged = {}
    for key in rows[0]:
        values = [row[key] for row in rows]
        merged[key] = values[0] if isinstance(values[0], str) else statistics.median(values)
    return merged


def start_gunicorn():
    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "faq.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def print_table(results):
    print("| page | lang | preset | Perf | A11y | Best-pr. | SEO | FCP | LCP | TBT | CLS | Style & Layout |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (page, lang, preset), row in results:
        if row["runtime-error"]:
            print(f"| {page} | {lang} | {preset} | {row['runtime-error']} |")
            continue
        print(
            f"| {page} | {lang} | {preset} | {row['performance']:.0f} | {row['accessibility']:.0f} "
            f"| {row['best-practices']:.0f} | {row['seo']:.0f} "
            f"| {row['first-contentful-paint'] / 1000:.1f} s "
            f"| {row['largest-contentful-paint'] / 1000:.1f} s "
            f"| {row['total-blocking-time']:.0f} ms | {row['cumulative-layout-shift']:.2f} "
            f"| {row['style-layout']:.0f} ms |"
        )


def print_ratios(results):
    """Japanese style-and-layout time against English, per page and preset (the issue asks <= 1.5)."""
    for (page, lang, preset), row in results.items():
        english = results.get((page, "en", preset))
        if lang != "ja" or not english or row["runtime-error"] or english["runtime-error"]:
            continue
        ratio = row["style-layout"] / english["style-layout"] if english["style-layout"] else float("nan")
        print(
            f"style & layout ja/en, {page} {preset}: {row['style-layout']:.0f} "
            f"/ {english['style-layout']:.0f} ms = {ratio:.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server; default: start gunicorn on this checkout")
    parser.add_argument("--runs", type=int, default=1, help="runs per row; the median is printed")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--langs", default="ja,en")
    parser.add_argument("--presets", default="mobile,desktop")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: (cd benchmark/lighthouse && npm ci --no-audit --no-fund)")
    process = None
    base = args.base_url
    if base is None:
        process, base = start_gunicorn()
        wait_200(base + "/ja/")
    keys = [
        (page, lang, preset)
        for page in args.pages.split(",")
        for lang in args.langs.split(",")
        for preset in args.presets.split(",")
    ]
    runs = {key: [] for key in keys}
    load_before = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="faq-lighthouse-") as tmp:
            # Round after round over every row, so a busy minute on the shared machine falls on
            # both languages alike rather than on one row's every run.
            for number in range(args.runs):
                for key in keys:
                    page, lang, preset = key
                    url = base + PAGES[page].format(lang=lang)
                    runs[key].append(figures(run_lighthouse(url, preset, Path(tmp))))
                    print(f"# run {number + 1}: {page} {lang} {preset}", file=sys.stderr, flush=True)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    load_after = os.getloadavg()[0]
    results = [(key, median_row(rows)) for key, rows in runs.items()]
    print(f"1-minute load average {load_before:.2f} before, {load_after:.2f} after; runs: {args.runs}")
    print_table(results)
    print_ratios(dict(results))


if __name__ == "__main__":
    main()
