"""Relevance on real queries: success@1, success@3 and MRR per language, on the dev set of queries
people typed elsewhere (../shared/eval/search-real-dev.json) and on our own relevance table.

    .venv/bin/python benchmark/search_relevance.py [--dev PATH] [--verbose]

The figures are strict: a query counts only when one of the entries the set lists for it ranks
there (`crictl:*` is any crictl row). The set was judged before the troubleshooting entries were
written, so when an entry the set never names ranks first, the line says so (with the commit that
added it): whether it answers the query better is for a reader to judge, not for this script.

The index is built from the real content/ into a temporary folder, exactly as build_index does."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faq.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from faq.content import loader  # noqa: E402
from faq.search import engine, indexing  # noqa: E402
from tests.search.test_relevance import CASES  # noqa: E402

DEV_SET = ROOT.parent.parent / "shared" / "eval" / "search-real-dev.json"
GIT_LOG_ADDED = ["git", "-C", str(ROOT), "log", "--diff-filter=A", "--format=%h %as", "--"]
DEPTH = 20  # ranks looked at; a query whose entry is further down scores 0 in MRR


def ranked_ids(text, lang, index_dir):
    results = engine.search(text, lang, index_dir=index_dir, per_page=DEPTH)
    return [f"crictl:{h.item_id}" if h.kind == "crictl" else h.item_id for h in results.hits]


def rank_of(ranked, expected):
    """1-based rank of the first listed entry in `ranked`, or None."""
    for i, item in enumerate(ranked, 1):
        if item in expected or (item.startswith("crictl:") and "crictl:*" in expected):
            return i
    return None


def added_by(entry_id):
    """'<commit> <date>' of the commit that added the entry's file, or ''."""
    out = subprocess.run(
        [*GIT_LOG_ADDED, f"content/en/{entry_id}.md"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    return out[-2] if len(out) > 1 else ""


def measure(cases, index_dir, named, verbose, newer=()):
    """({lang: (n, success@1, success@3, MRR)} over cases [(lang, query, expected ids)], the
    queries where an entry `named` does not hold ranked first). With `newer` (ids), an entry of
    those ranked first counts as the answer: the lenient figures."""
    ranks, unlisted = {}, []
    for lang, text, expected in cases:
        ranked = ranked_ids(text, lang, index_dir)
        rank = rank_of(ranked, expected | set(newer))
        ranks.setdefault(lang, []).append(rank)
        if ranked and rank != 1 and ranked[0] not in named and not ranked[0].startswith("crictl:"):
            unlisted.append((lang, text, ranked[0], rank))
        if verbose and rank != 1:
            print(f"  {lang} rank {rank}: {text!r} -> {ranked[:4]} (want {expected})")
    table = {}
    for lang, found in sorted(ranks.items()):
        table[lang] = (
            len(found),
            sum(r == 1 for r in found) / len(found),
            sum(r is not None and r <= 3 for r in found) / len(found),
            statistics.fmean(1 / r if r else 0 for r in found),
        )
    return table, unlisted


def report(title, table, unlisted):
    print(f"\n{title}")
    print(f"  {'lang':4} {'n':>3} {'success@1':>10} {'success@3':>10} {'MRR':>6}")
    for lang, (n, s1, s3, mrr) in table.items():
        print(f"  {lang:4} {n:3} {s1:10.0%} {s3:10.0%} {mrr:6.3f}")
    for lang, text, first, rank in unlisted:
        print(
            f"  note: {lang} {text!r}: first is {first!r}, an entry the set never names"
            f" (added {added_by(first)}); a listed one at rank {rank}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV_SET)
    parser.add_argument("--judged", default="2026-12-02", help="the date the dev set was judged")
    parser.add_argument("--verbose", action="store_true", help="print every query not answered first")
    args = parser.parse_args()
    dev = json.loads(args.dev.read_text(encoding="utf-8"))["queries"]
    store = loader.load(Path(settings.CONTENT_DIR))
    settings.SEARCH_CACHE_SIZE = 0
    with tempfile.TemporaryDirectory(prefix="faq-relevance-") as folder:
        indexing.build_index(folder, store)
        named = {i for q in dev for i in q["expected_ids"]}
        dev_cases = [(q["lang"], q["query"], set(q["expected_ids"])) for q in dev]
        table, unlisted = measure(dev_cases, folder, named, args.verbose)
        report(f"dev set {args.dev.name} (strict: only the entries it lists)", table, unlisted)
        entries = store.all_entries("en")
        newer = {e.id for e in entries if e.id not in named and added_by(e.id)[-10:] >= args.judged}
        table, _ = measure(dev_cases, folder, named, False, newer)
        report(f"dev set, also counting an entry added since {args.judged} ({len(newer)} such)", table, [])
        own = [(lang, text, {expected}) for lang, text, expected, _ in CASES]
        table, _ = measure(own, folder, {e for *_, (e,) in own}, args.verbose)
        report("relevance table of tests/search/test_relevance.py", table, [])


if __name__ == "__main__":
    main()
