"""Japanese analysis choice: SudachiPy (core dictionary) versus CJK bigrams, on the real content
and the relevance table of tests/test_search_relevance.py.

    .venv/bin/python benchmark/search_ja_compare.py

For each analyzer: how many table rows pass, the mean reciprocal rank of the expected entry,
index size, build time, and query latency (median over the table, result cache off)."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faq.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from tests.test_search_relevance import CASES  # noqa: E402

from faq.content import loader  # noqa: E402
from faq.search import engine, indexing  # noqa: E402


def evaluate(japanese):
    settings.SEARCH_CACHE_SIZE = 0
    store = loader.load(Path(settings.CONTENT_DIR))
    index_dir = Path(tempfile.mkdtemp(prefix=f"faq-ja-{japanese}-"))
    started = time.perf_counter()
    indexing.build_index(index_dir, store, japanese=japanese)
    build = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (index_dir / "current").resolve().iterdir()) / 1024
    rows = {"ja": [0, 0, []], "en": [0, 0, []]}  # passed, total, reciprocal ranks
    timings, failures = [], []
    for lang, query, expected, top in CASES:
        t = time.perf_counter()
        hits = engine.search(query, lang, index_dir=index_dir, per_page=50).hits
        timings.append((time.perf_counter() - t) * 1000)
        ranked = [f"crictl:{h.item_id}" if h.kind == "crictl" else h.item_id for h in hits]
        rank = ranked.index(expected) + 1 if expected in ranked else None
        row = rows[lang]
        row[1] += 1
        row[2].append(1 / rank if rank else 0)
        if rank and rank <= top:
            row[0] += 1
        else:
            failures.append(f"{query!r} -> {expected} at {rank}")
    return build, size, rows, statistics.median(timings), failures


def main():
    print("analyzer  JA pass  JA MRR  EN pass  EN MRR  build s  index KiB  query p50 ms")
    for japanese in ("sudachi", "bigram"):
        build, size, rows, p50, failures = evaluate(japanese)
        ja, en = rows["ja"], rows["en"]
        print(
            f"{japanese:8}  {ja[0]:>3}/{ja[1]:<3}  {statistics.mean(ja[2]):6.3f}  {en[0]:>3}/{en[1]:<3}  "
            f"{statistics.mean(en[2]):6.3f}  {build:7.2f}  {size:9.0f}  {p50:12.1f}"
        )
        for failure in failures:
            print(f"    miss: {failure}")


if __name__ == "__main__":
    main()
