"""Search benchmark on a synthetic bilingual corpus: index build time and query latency.

    .venv/bin/python benchmark/search_corpus.py            # 1k and 10k documents
    .venv/bin/python benchmark/search_corpus.py --with-100k
    .venv/bin/python benchmark/search_corpus.py --sizes 10000 --keep /tmp/faq-bench-10k   # for search_http.py

Documents are half Japanese, half English, with bodies of 300-1500 characters. Their words are
drawn with a fixed seed from a Zipfian distribution over a ranked vocabulary built from the real
content (Japanese cut into morphemes by Sudachi): the real function words keep their rank, each
real content word is interleaved with invented words of other topics, and invented words extend
the tail to the vocabulary size Heaps' law gives for the corpus. (The first version of this file
built every document from the real FAQ's own sentences and words only, so almost every document
was about docker and most queries matched most of the corpus; a real 10k-entry knowledge base has
a far larger vocabulary.) The queries are every query of the relevance table.

Latency is measured through faq.search.engine.search() exactly as the search page calls it (ranking,
other-language group, highlighted snippets), on a warm searcher, with the per-process result
cache cleared before each query ("off") and kept ("on"). The build time excludes generating the
documents. Targets (2 cores): p95 <= 10 ms at 10k, <= 50 ms at 100k; build of 10k <= 10 s."""

import argparse
import collections
import inspect
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# --checkout runs this script again against another checkout's code: FAQ_BENCH_CHECKOUT says which.
ROOT = Path(os.environ.get("FAQ_BENCH_CHECKOUT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faq.settings")

import django  # noqa: E402

django.setup()

from faq.content import loader  # noqa: E402
from faq.search import (  # noqa: E402
    engine,
    indexing,
    synonyms,  # noqa: E402
)
from faq.search.analysis import EN_STOP, JA_STOP_POS, normalize  # noqa: E402
from tests.search.test_relevance import CASES, SAME_AS  # noqa: E402

# The fixed query set: every query of the relevance table (what people actually type, half of it
# Japanese), in the table's language. None is chosen for how much of the corpus it matches.
QUERIES = [(lang, query) for lang, query, *_ in CASES] + [(lang, q) for lang, *pair in SAME_AS for q in pair]
CATEGORIES = ["basics", "impact", "migration", "dont-panic", "help"]
SYNTHETIC_PER_REAL = 3  # content words of other, invented topics per content word of the real FAQ
HEAPS_K, HEAPS_BETA = 10, 0.55  # vocabulary size = K * tokens^beta (Heaps' law, English-like text)
ZIPF_S = 1.0


def real_vocabulary():
    """{lang: [(word, is_function_word)]} of the real content, most frequent first. Japanese is cut
    into morphemes by Sudachi (surface forms), English into words as written."""
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").tokenizer()
    counts = {"ja": collections.Counter(), "en": collections.Counter()}
    function = set(EN_STOP)
    for entry in loader.get_store().all_entries():
        text = normalize(entry.body_text)
        if entry.lang == "en":
            counts["en"].update(re.findall(r"[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z]", text))
        else:
            for m in tokenizer.tokenize(text, SplitMode.C):
                if m.surface().strip():
                    counts["ja"][m.surface()] += 1
                    if m.part_of_speech()[0] in JA_STOP_POS:
                        function.add(m.surface())
    return {
        lang: [(w, w.lower() in function or w in function) for w, _ in c.most_common()]
        for lang, c in counts.items()
    }


def _synthetic_word(rng, lang, kanji, seen):
    while True:
        if lang == "en":
            word = "".join(
                rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))
            )
        elif rng.random() < 0.5:
            word = "".join(
                rng.choice("カキクケコサシスセタチツテトナニヌネハヒフヘマミムメラリルレロ")
                for _ in range(rng.randint(2, 4))
            )
        else:
            word = "".join(rng.sample(kanji, 2))
        if word not in seen:
            seen.add(word)
            return word


def vocabulary(lang, real, tokens, rng):
    """The ranked vocabulary of a corpus of `tokens` tokens: the real function words keep their
    rank, each real content word is followed by SYNTHETIC_PER_REAL invented ones (as if the site
    had several topics besides dockershim), and invented words fill the long tail up to Heaps' law."""
    kanji = sorted({ch for w, _ in real for ch in w if "\u4e00" <= ch <= "\u9fff"})
    seen = {w for w, _ in real}
    words = []
    for word, is_function in real:
        words.append(word)
        if not is_function:
            words += [_synthetic_word(rng, lang, kanji, seen) for _ in range(SYNTHETIC_PER_REAL)]
    target = int(HEAPS_K * tokens**HEAPS_BETA)
    words += [_synthetic_word(rng, lang, kanji, seen) for _ in range(max(0, target - len(words)))]
    weights = list(itertools.accumulate(1 / rank**ZIPF_S for rank in range(1, len(words) + 1)))
    return words, weights


def documents(n, seed=42):
    """`n` documents, alternately Japanese and English, with bodies of 300-1500 characters of words
    drawn from a Zipfian distribution over the ranked vocabulary."""
    rng = random.Random(seed)
    real = real_vocabulary()
    tokens = n // 2 * 200  # about 200 tokens per document
    vocab = {lang: vocabulary(lang, real[lang], tokens, rng) for lang in ("ja", "en")}

    def text(lang, chars):
        words, weights = vocab[lang]
        out, length = [], 0
        while length < chars:
            batch = rng.choices(words, cum_weights=weights, k=16)
            out += batch
            length += sum(map(len, batch)) + (len(batch) if lang == "en" else 0)
        return ("" if lang == "ja" else " ").join(out)[:chars]

    docs = []
    for i in range(n):
        lang = "ja" if i % 2 == 0 else "en"
        title, summary = text(lang, rng.randint(30, 70)), text(lang, rng.randint(80, 200))
        body = text(lang, rng.randint(300, 1500))
        category = rng.choice(CATEGORIES)
        # Six H2/H3 sections an entry, where the checkout indexes them (issue 12): 60k at 10k.
        sections = [(f"s{j}", text(lang, rng.randint(10, 40))) for j in range(6)]
        extra = {"sections": sections} if SECTIONS else {}
        doc = indexing._document(lang, "entry", f"doc-{i}", category, title, summary, body, "", **extra)
        docs.append(doc)
    return docs


SECTIONS = "sections" in inspect.signature(indexing._document).parameters


def schema():
    """The schema of the real content's tables (the katakana names where the checkout has them)."""
    tables = [synonyms.load_synonyms(Path("content"))]
    if hasattr(synonyms, "load_katakana"):
        tables += ["sudachi", synonyms.load_katakana(Path("content"))]
    return indexing.make_schema(*tables)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _round(index_dir, cache):
    timings, totals = [], {}
    for lang, q in QUERIES:
        if not cache:
            engine._cache.clear()  # measure the search, not the per-process result cache
        t = time.perf_counter()
        results = engine.search(q, lang, index_dir=index_dir)
        timings.append((time.perf_counter() - t) * 1000)
        totals[(lang, q)] = results.total + len(results.other_hits)
    return percentile(timings, 50), percentile(timings, 95), max(timings), totals


def bench(n, keep=None, rounds=5, reuse=False):
    """Build (unless `reuse`) and time `rounds` rounds of every query, cache off then cache on.
    Returns medians over the rounds of each round's p50, p95 and max."""
    index_dir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=f"faq-bench-{n}-"))
    build = None
    if not reuse:
        docs = documents(n)
        started = time.perf_counter()
        indexing.publish(index_dir, schema(), docs, version=f"bench-{n}")
        build = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (index_dir / "current").resolve().iterdir()) / 2**20
    engine.search("warm up", "ja", index_dir=index_dir)
    result = {"documents": n, "build_s": build, "index_mib": size}
    for cache in (False, True):
        engine._cache.clear()
        runs = [_round(index_dir, cache) for _ in range(rounds + cache)][cache:]  # cache on: warm first
        for i, name in enumerate(("p50", "p95", "max")):
            result[f"{name}_{'on' if cache else 'off'}"] = statistics.median(r[i] for r in runs)
        totals = runs[0][3]
    result["zero_hit"] = sum(1 for t in totals.values() if t == 0)
    result["matched_share"] = statistics.median(totals.values()) / (n / 2)
    if not keep:
        shutil.rmtree(index_dir, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--with-100k", action="store_true", help="also run 100,000 documents (minutes)")
    parser.add_argument("--keep", help="build into this folder and keep it (one size only)")
    parser.add_argument("--reuse", action="store_true", help="query the --keep folder without building")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--checkout", action="append", default=[], help="another checkout, side by side")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one result a line
    args = parser.parse_args()
    sizes = args.sizes + ([100000] if args.with_100k else [])
    if args.json:
        for n in sizes:
            print(json.dumps(bench(n, keep=args.keep, rounds=args.rounds, reuse=args.reuse)), flush=True)
        return
    print(f"{len(QUERIES)} queries; medians over {args.rounds} rounds of each round's p50/p95/max (ms)")
    print(f"load average before: {os.getloadavg()}")
    print(
        "checkout            documents  build s  index MiB  off p50  off p95  off max  on p50  on p95  "
        "zero-hit  median matched"
    )
    first = {}
    for n in sizes:  # each size on every checkout in turn, so they share the machine's state
        for checkout in [str(ROOT), *args.checkout]:
            r = _measure(checkout, n, args.rounds)
            build = f"{r['build_s']:7.1f}" if r["build_s"] is not None else "      -"
            print(
                f"{Path(checkout).name[:18]:18}  {r['documents']:>9}  {build}  {r['index_mib']:9.1f}  "
                f"{r['p50_off']:7.1f}  {r['p95_off']:7.1f}  {r['max_off']:7.1f}  {r['p50_on']:6.2f}  "
                f"{r['p95_on']:6.2f}  {r['zero_hit']:8d}  {r['matched_share']:13.1%}",
                flush=True,
            )
            base = first.setdefault(n, r)
            if r is not base:
                ratios = {k: base[k] / r[k] for k in ("build_s", "p95_off", "p50_off")}
                print(
                    f"{'':18}  {ROOT.name} / this: build {ratios['build_s']:.2f}x, "
                    f"p95 off {ratios['p95_off']:.2f}x, p50 off {ratios['p50_off']:.2f}x"
                )
    print(f"load average after: {os.getloadavg()}")


def _measure(checkout, n, rounds):
    """bench(n) in a fresh process on `checkout`'s code (the real content of that checkout)."""
    env = dict(os.environ, FAQ_BENCH_CHECKOUT=str(Path(checkout).resolve()))
    out = subprocess.run(
        [sys.executable, __file__, "--json", "--sizes", str(n), "--rounds", str(rounds)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
