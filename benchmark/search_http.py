"""HTTP search throughput against the real server (gunicorn, 2 workers) on 127.0.0.1 with wrk.

    .venv/bin/python benchmark/search_corpus.py --sizes 10000 --keep /tmp/faq-bench-10k
    .venv/bin/python benchmark/search_http.py --index /tmp/faq-bench-10k

Runs, interleaved for `--rounds` rounds of `--duration` seconds each (bounded: the whole run
takes about 3 x rounds x duration seconds plus start-up):
  entry   a FAQ entry page (the baseline every ratio is against)
  search  the search page, rotating through 16 typical queries (per-process result cache on)
  nocache the same with FAQ_SEARCH_CACHE_SIZE=0, so every request searches the index
Prints req/s and latency medians, and each search figure as a ratio of the entry page.
Target on 2 cores: search >= 300 req/s at 10k documents. Loopback only."""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmark.search_corpus import QUERIES  # noqa: E402

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(index, port, cache_size):
    env = os.environ | {
        "DJANGO_ALLOWED_HOSTS": HOST,
        "FAQ_SEARCH_INDEX_DIR": str(index),
        "FAQ_SEARCH_CACHE_SIZE": str(cache_size),
        "FAQ_LOG_LEVEL": "WARNING",
    }
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "faq.wsgi", "-b", f"{HOST}:{port}", "-w", "2", "--timeout", "30"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/ja/search/?q=docker", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not answer within 30 s")


def wrk(url, duration, connections, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    cmd += ["-s", script] if script else []
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=duration + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def rotation_script(lang_paths):
    paths = ", ".join(f'"{p}"' for p in lang_paths)
    script = (
        f"paths = {{{paths}}}\ni = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n"
    )
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(script)
    handle.close()
    return handle.name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True, help="an index folder built by search_corpus.py --keep")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (max 30)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    duration = min(args.duration, 30)
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
    )
    paths = [f"/{lang}/search/?q={urllib.parse.quote(q)}" for lang, q in QUERIES]
    script = rotation_script(paths)
    figures = {"entry": [], "search": [], "nocache": []}
    servers = {}
    try:
        for name, cache in (("search", 512), ("nocache", 0)):
            port = free_port()
            servers[name] = (start_server(args.index, port, cache), port)
        servers["entry"] = servers["search"]
        for _ in range(args.rounds):
            for name in ("entry", "search", "nocache"):
                port = servers[name][1]
                if name == "entry":
                    figures[name].append(
                        wrk(f"http://{HOST}:{port}/ja/faq/private-images/", duration, args.connections)
                    )
                else:
                    figures[name].append(wrk(f"http://{HOST}:{port}/", duration, args.connections, script))
    finally:
        for proc, _ in {id(p): (p, port) for p, port in servers.values()}.values():
            proc.terminate()
            proc.wait(timeout=10)
        os.unlink(script)
    base = statistics.median(f[0] for f in figures["entry"])
    print(f"{'run':8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>7} {'x entry':>7}")
    for name, runs in figures.items():
        rps = statistics.median(r[0] for r in runs)
        print(
            f"{name:8} {rps:8.0f} {statistics.median(r[1] for r in runs):7.1f} "
            f"{statistics.median(r[2] for r in runs):7.1f} {sum(r[3] for r in runs):7d} {rps / base:7.2f}"
        )


if __name__ == "__main__":
    main()
