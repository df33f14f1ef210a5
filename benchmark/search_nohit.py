"""Unique searches that find nothing, next to a legitimate search, on the production server.

    .venv/bin/python benchmark/search_nohit.py [--checkout PATH ...] [--seconds 5] [--rounds 3]

For each checkout (default: this one; give another worktree too, e.g. of main before a change, to
compare both in one session) a fresh data dir is prepared as `make run` prepares var/ (catalogs,
migrate, collectstatic, build_index) and gunicorn starts as `make run` starts it (2 workers). Then,
each round and checkout in turn, on 127.0.0.1 only:
  alone     wrk measures /en/search/?q=password (16 connections)
  attacked  the same while three clients (wrk, 3 connections) send unique queries that find
            nothing as fast as they can: 200 random letters, or 200 characters of typo-like
            words (common words of the content with two random edits each)
  no-hit    the three clients alone: the workers' CPU time (from /proc) per no-hit request
and it prints medians over the rounds: req/s alone and attacked, their ratio (target: >= 50 %),
the attackers' and the no-hit req/s, and CPU ms per no-hit request, with uptime's load average
before and after.
Bounded: about rounds x checkouts x 3 x seconds, plus start-up. Needs wrk (apt-get install wrk)."""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmark.portal_http import start_server, wait_200, worker_pids, wrk  # noqa: E402

LEGITIMATE = "/en/search/?q=password"
NO_HIT = """
local seeds = {"docker", "containerd", "kubernetes", "runtime", "kubelet", "image", "socket",
  "dockershim", "cluster", "node", "registry", "migration", "password", "private", "podman",
  "crictl", "network", "volume", "logging", "monitoring", "security", "upgrade", "version"}
local letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))

local function typo(word)
  for _ = 1, 2 do
    local i, letter = math.random(#word), string.char(96 + math.random(26))
    local edit = math.random(3)
    if edit == 1 then word = word:sub(1, i - 1) .. letter .. word:sub(i + 1)
    elseif edit == 2 then word = word:sub(1, i - 1) .. letter .. word:sub(i)
    else word = word:sub(1, i - 1) .. word:sub(i + 1) end
  end
  return word
end

request = function()
  local query
  if math.random(2) == 1 then
    local chars = {}
    for i = 1, 200 do
      local k = math.random(#letters)
      chars[i] = letters:sub(k, k)
    end
    query = table.concat(chars)
  else
    local words = {}
    repeat
      words[#words + 1] = typo(seeds[math.random(#seeds)])
    until #table.concat(words, "+") >= 200
    query = table.concat(words, "+"):sub(1, 200)
  end
  return wrk.format(nil, "/en/search/?q=" .. query)
end
"""


def prepare(checkout, data_dir):
    """The environment of a production server on `data_dir`, prepared as `make run` does."""
    env = os.environ | {
        "FAQ_DATA_DIR": str(data_dir),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "FAQ_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    for command in ("compile_catalogs", "migrate --noinput", "collectstatic --noinput", "build_index"):
        command = [sys.executable, "manage.py", *command.split()]
        subprocess.run(command, cwd=checkout, env=env, check=True, capture_output=True)
    return env


def cpu_seconds(pids):
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def one_round(base, seconds, script):
    """{figure: value} of one round against the server at `base`."""
    alone = wrk(base + LEGITIMATE, seconds, 16)[0]
    attack = []
    clients = threading.Thread(target=lambda: attack.append(wrk(base + "/", seconds + 1, 3, script)[0]))
    clients.start()
    attacked = wrk(base + LEGITIMATE, seconds, 16)[0]
    clients.join()
    return {"alone": alone, "attacked": attacked, "ratio": attacked / alone, "attack req/s": attack[0]}


def no_hit_cost(server, base, seconds, script):
    pids = worker_pids(server.process.pid)
    before = cpu_seconds(pids)
    rps = wrk(base + "/", seconds, 3, script)[0]
    return {"no-hit req/s": rps, "no-hit CPU ms": 1000 * (cpu_seconds(pids) - before) / (rps * seconds)}


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", action="append", help="a checkout to serve (repeat to compare)")
    parser.add_argument("--seconds", type=int, default=5, help="seconds per wrk run (max 30)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    seconds = min(args.seconds, 30)
    checkouts = [Path(c).resolve() for c in args.checkout or [ROOT]]
    tmp = Path(tempfile.mkdtemp(prefix="faq-nohit-"))
    script = tmp / "nohit.lua"
    script.write_text(NO_HIT)
    servers = {}
    print("before:", uptime())
    try:
        for i, checkout in enumerate(checkouts):
            server = start_server(prepare(checkout, tmp / str(i)), 2, cwd=checkout)
            servers[checkout] = server
            wait_200(server.base + LEGITIMATE, timeout=60)
        runs = {checkout: [] for checkout in checkouts}
        for _ in range(args.rounds):
            for checkout, server in servers.items():
                figures = one_round(server.base, seconds, str(script))
                figures |= no_hit_cost(server, server.base, seconds, str(script))
                runs[checkout].append(figures)
    finally:
        for server in servers.values():
            server.process.terminate()
            server.process.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    print("after: ", uptime())
    print(f"medians over {args.rounds} rounds of {seconds} s; legitimate search: {LEGITIMATE}")
    print(
        f"{'commit':10} {'alone':>8} {'attacked':>9} {'ratio':>6} {'attack req/s':>13} "
        f"{'no-hit req/s':>13} {'no-hit CPU ms':>14}"
    )
    for checkout, figures in runs.items():
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=checkout, capture_output=True, text=True
        ).stdout.strip()
        m = {name: statistics.median(f[name] for f in figures) for name in figures[0]}
        print(
            f"{commit:10} {m['alone']:8.0f} {m['attacked']:9.0f} {m['ratio']:6.0%} {m['attack req/s']:13.1f} "
            f"{m['no-hit req/s']:13.1f} {m['no-hit CPU ms']:14.1f}"
        )


if __name__ == "__main__":
    main()
