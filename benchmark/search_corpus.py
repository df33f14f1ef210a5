"""Search benchmark on a synthetic bilingual corpus: index build time and query latency.

    .venv/bin/python benchmark/search_corpus.py            # 1k and 10k documents
    .venv/bin/python benchmark/search_corpus.py --with-100k
    .venv/bin/python benchmark/search_corpus.py --sizes 10000 --keep /tmp/faq-bench-10k   # for search_http.py

Documents are half Japanese, half English, ~300 characters of body each, sampled with a fixed seed
from the sentences and words of the real content, so the vocabulary and scripts are realistic.
Latency is measured through faq.search.search() exactly as the search page calls it (ranking,
other-language group, highlighted snippets), on a warm searcher, for a fixed set of typical
queries. Targets (2 cores): p95 <= 10 ms at 10k, <= 50 ms at 100k; build of 10k <= 10 s."""

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faq.settings")

import django  # noqa: E402

django.setup()

from faq import content, search, searchindex  # noqa: E402
from faq.searchanalysis import load_synonyms  # noqa: E402

QUERIES = [
    ("ja", "コンテナランタイム"),
    ("ja", "プライベートイメージ"),
    ("ja", "docker 使えなくなる"),
    ("ja", "cri-dockerd インストール"),
    ("ja", "ログ設定"),
    ("ja", "移行"),
    ("ja", "ノード 確認"),
    ("ja", "削除"),
    ("en", "crictl"),
    ("en", "container runtime"),
    ("en", "can I still use docker build"),
    ("en", "which runtime should I use"),
    ("en", "docker.sock"),
    ("en", "migrate to containerd"),
    ("en", "private images"),
    ("en", '"docker engine"'),
]
CATEGORIES = ["basics", "impact", "migration", "dont-panic", "help"]


def corpus_material():
    store = content.get_store()
    ja_sentences, en_words = [], []
    for entry in store.all_entries():
        if entry.lang == "ja":
            ja_sentences += [s + "。" for s in re.split(r"[。\n]", entry.body_text) if 8 <= len(s) <= 120]
        else:
            en_words += re.findall(r"[A-Za-z][A-Za-z.\-]+", entry.body_text)
    return ja_sentences, en_words


def documents(n, seed=42):
    rng = random.Random(seed)
    ja_sentences, en_words = corpus_material()
    for i in range(n):
        lang = "ja" if i % 2 == 0 else "en"
        if lang == "ja":
            title = rng.choice(ja_sentences)[:40]
            summary = rng.choice(ja_sentences)
            body = ""
            while len(body) < 300:
                body += rng.choice(ja_sentences)
        else:
            # Zipf-like: early words of the list (frequent in the content) are picked more often.
            def words(k):
                return " ".join(
                    en_words[min(int(rng.paretovariate(1.2)) - 1, len(en_words) - 1)]
                    if rng.random() < 0.5
                    else rng.choice(en_words)
                    for _ in range(k)
                )

            title, summary, body = words(8), words(25), words(50)
        yield search._document(lang, "entry", f"doc-{i}", rng.choice(CATEGORIES), title, summary, body, "")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench(n, keep=None, rounds=20):
    index_dir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=f"faq-bench-{n}-"))
    schema = search.make_schema(load_synonyms(Path("content")))
    started = time.perf_counter()
    searchindex.publish(index_dir, schema, documents(n), version=f"bench-{n}")
    build = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (index_dir / "current").resolve().iterdir()) / 2**20
    search.search("warm up", "ja", index_dir=index_dir)
    timings, hits = [], {}
    for _ in range(rounds):
        for lang, q in QUERIES:
            search._cache.clear()  # measure the search, not the per-process result cache
            t = time.perf_counter()
            results = search.search(q, lang, index_dir=index_dir)
            timings.append((time.perf_counter() - t) * 1000)
            hits[q] = results.total
    if not keep:
        shutil.rmtree(index_dir, ignore_errors=True)
    return {
        "documents": n,
        "build_s": build,
        "index_mib": size,
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 95),
        "max_ms": max(timings),
        "zero_hit_queries": [q for q, t in hits.items() if t == 0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--with-100k", action="store_true", help="also run 100,000 documents (minutes)")
    parser.add_argument("--keep", help="build into this folder and keep it (one size only)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    sizes = args.sizes + ([100000] if args.with_100k else [])
    print("documents  build s  index MiB  p50 ms  p95 ms  max ms  zero-hit queries")
    for n in sizes:
        r = bench(n, keep=args.keep, rounds=args.rounds)
        print(
            f"{r['documents']:>9}  {r['build_s']:7.1f}  {r['index_mib']:9.1f}  {r['p50_ms']:6.1f}  "
            f"{r['p95_ms']:6.1f}  {r['max_ms']:6.1f}  {', '.join(r['zero_hit_queries']) or '-'}",
            flush=True,
        )


if __name__ == "__main__":
    main()
