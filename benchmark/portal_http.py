"""Production-server benchmark, bounded in time, on 127.0.0.1 only.

Starts gunicorn (DEBUG off, whitenoise, 2 workers) on a fresh data dir twice, with the page cache
on and off, measures the cold start to the first 200, then runs wrk against an entry page, the
home page and a search, next to nginx serving the same entry page's bytes as a static file, and
reports memory per worker.

    .venv/bin/python benchmark/portal_http.py [--seconds 5] [--connections 32] [--rounds 1]

Needs wrk and nginx (apt-get install -y wrk nginx)."""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX_CONF = """worker_processes 1; daemon off; pid {tmp}/nginx.pid; error_log {tmp}/nginx.err;
events {{ worker_connections 1024; }}
http {{ access_log off; server {{ listen 127.0.0.1:{port}; root {tmp}/www;
  location / {{ default_type text/html; }} }} }}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_200(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return response.read()
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"no 200 from {url}")


def wrk(url, seconds, connections, script=None):
    """(req/s, p99 ms, non-2xx responses) of wrk on `url`, requests made by the Lua `script` if given."""
    options = ["-s", script] if script else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *options, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0


def worker_pids(master_pid):
    return Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()


def worker_rss_mb(master_pid):
    sizes = []
    for pid in worker_pids(master_pid):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


class Server:
    def __init__(self, process, port):
        self.process = process
        self.base = f"http://127.0.0.1:{port}"


def start_server(env, workers, cwd=ROOT):
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "faq.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Server(process, port)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="faq-bench-"))
    env = {**os.environ, "DJANGO_DEBUG": "0", "FAQ_DATA_DIR": str(tmp), "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    env["FAQ_COMPILED_LOCALE_DIR"] = str(ROOT / "var" / "locale")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["build_index"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    nginx_port = free_port()
    # Two servers side by side in one run: the default (content pages rendered once and kept in
    # memory) and one with that page cache off, which renders every request.
    started = time.monotonic()
    cached = start_server(env, args.workers)
    uncached = start_server({**env, "FAQ_PAGE_CACHE_SIZE": "0"}, args.workers)
    nginx = None
    try:
        entry = wait_200(cached.base + "/en/faq/which-cri-implementation/")
        cold = time.monotonic() - started
        wait_200(uncached.base + "/en/")
        tmp.chmod(0o755)  # nginx workers run as an unprivileged user
        (tmp / "www").mkdir(mode=0o755)
        (tmp / "www" / "entry.html").write_bytes(entry)
        (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, port=nginx_port))
        nginx = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)])
        wait_200(f"http://127.0.0.1:{nginx_port}/entry.html")
        targets = {
            "nginx static entry": f"http://127.0.0.1:{nginx_port}/entry.html",
            "entry page, cached": cached.base + "/en/faq/which-cri-implementation/",
            "entry page, uncached": uncached.base + "/en/faq/which-cri-implementation/",
            "home page, cached": cached.base + "/en/",
            "home page, uncached": uncached.base + "/en/",
            "search": cached.base + "/en/search/?q=containerd",
        }
        results = {name: [] for name in targets}
        for _ in range(args.rounds):
            for name, url in targets.items():
                results[name].append(wrk(url, args.seconds, args.connections))
        nginx_rps = statistics.median(r[0] for r in results["nginx static entry"])
        print(f"cold start to first 200: {cold:.2f} s; page bytes: {len(entry)}")
        print(f"{'target':22} {'req/s':>9} {'p99 ms':>8} {'x nginx':>8} {'non-2xx':>8}")
        for name, runs in results.items():
            rps = statistics.median(r[0] for r in runs)
            p99 = statistics.median(r[1] for r in runs)
            bad = sum(r[2] for r in runs)
            print(f"{name:22} {rps:9.0f} {p99:8.1f} {rps / nginx_rps:8.3f} {bad:8d}")
        for name, server in (("cached", cached), ("uncached", uncached)):
            sizes = ", ".join(f"{mb:.0f}" for mb in worker_rss_mb(server.process.pid))
            print(f"RSS per worker, {name} server (MB): {sizes}")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        for server in (cached, uncached):
            server.process.terminate()
            server.process.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
