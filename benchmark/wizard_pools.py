"""The wizard's cost per request, and its situation table as an eval.

    .venv/bin/python benchmark/wizard_pools.py [--rounds 300]

Side by side in one run: evaluate() and the rendered result page for one pool, and for the largest
address the wizard accepts (MAX_POOLS earlier pools plus the current one, each a longest walk).
Quotes medians and the ratio; the work per request is bounded by MAX_POOLS x MAX_POOL_CHARS.
Then renders every situation of tests/wizard/situations.py in both languages (in-process test
client, no network) and counts how many pass every must-mention and must-never-say check."""

import argparse
import html
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faq.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("FAQ_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from faq.wizard import evaluate  # noqa: E402
from faq.wizard.tree import get_tree  # noqa: E402
from tests.wizard.situations import NEVER_ANYWHERE_JA, SITUATIONS  # noqa: E402

LONGEST = {
    "runtime": "docker-dockershim",
    "nodes": "self-linux",
    "touches": ",".join(
        ("unknown", "sock-builds", "dind", "sock-agents", "sock-scripts", "registry", "logging")
        + ("cgroup", "storage", "proxy", "ulimits", "gpu", "device")
    ),
    "deadline": "in-time",
    "preference": "default",
}
TAG = re.compile(r"<[^>]+>")
INLINE = re.compile(r"</?(?:code|a|strong|em|span)\b[^>]*>")


def median_ms(fn, rounds):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def situation_passes(client, situation, lang):
    pairs = [("pool", pool) for pool in situation.pools] + list(situation.answers.items())
    response = client.get(f"/{lang}/wizard/result/?{urlencode(pairs, safe=',~')}")
    if response.status_code != 200:
        return False
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    text = " ".join(html.unescape(TAG.sub(" ", INLINE.sub("", main))).split())

    def present(item):
        return f'id="{item[1:]}"' in main if item.startswith("#") else " ".join(item.split()) in text

    never = (*situation.never, *getattr(situation, f"never_{lang}"))
    never += NEVER_ANYWHERE_JA if lang == "ja" else ()
    mention = (*situation.mention, *getattr(situation, f"mention_{lang}"))
    return (
        f'data-result="{situation.result}"' in main
        and all(present(item) for item in mention)
        and not any(present(item) for item in never)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    setup_test_environment()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    tree = get_tree()
    pool = evaluate.encode_pool(evaluate.evaluate(tree, LONGEST).answers)
    one = dict(LONGEST)
    many = {"pool": [pool] * evaluate.MAX_POOLS, **LONGEST}
    assert evaluate.evaluate(tree, many).kind == "result"
    client = Client()
    one_url = f"/en/wizard/result/?{urlencode(list(one.items()), safe=',~')}"
    many_pairs = [("pool", pool)] * evaluate.MAX_POOLS + list(LONGEST.items())
    many_url = f"/en/wizard/result/?{urlencode(many_pairs, safe=',~')}"
    print(f"largest address: {len(many_url)} characters, {evaluate.MAX_POOLS + 1} pools")
    rows = [
        ("evaluate, 1 pool", lambda: evaluate.evaluate(tree, one)),
        (f"evaluate, {evaluate.MAX_POOLS + 1} pools", lambda: evaluate.evaluate(tree, many)),
        ("result page, 1 pool", lambda: client.get(one_url)),
        (f"result page, {evaluate.MAX_POOLS + 1} pools", lambda: client.get(many_url)),
    ]
    medians = {}
    for name, fn in rows:
        fn()  # warm caches (templates, catalogs, tree)
        medians[name] = median_ms(fn, args.rounds)
        print(f"{name:28} median {medians[name]:8.3f} ms")
    names = [name for name, _ in rows]
    ratios = medians[names[1]] / medians[names[0]], medians[names[3]] / medians[names[2]]
    print(f"ratio evaluate: {ratios[0]:.1f}x; page: {ratios[1]:.1f}x")
    passed = sum(situation_passes(client, s, lang) for s in SITUATIONS for lang in ("en", "ja"))
    print(f"situations: {len(SITUATIONS)}, page checks passed {passed}/{2 * len(SITUATIONS)}")


if __name__ == "__main__":
    main()
