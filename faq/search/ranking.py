"""Ranking of plain word queries without Whoosh's matcher tree.

Whoosh evaluates an Or of words over four fields as a tree of matchers that is walked one
document at a time in Python: at 10,000 documents that was 50-280 ms per query. Here each word's
postings are read a whole block at a time, the matching documents are found with set operations,
and only those candidates are scored, with Whoosh's own BM25F statistics, so the scores are the
ones Whoosh would give.

Phrases: the index stores no word positions (decoding them with every block read was the largest
cost of a query), so a phrase is checked by analyzing the stored text of the documents that hold
all its words, stopping at the first place where they stand next to each other. The positions are
the ones the index would have stored: the analyzer is the same. The documents are checked best
first, up to PHRASE_CHARS characters of text per ranking.

Matching: all the words first (AND). When that finds fewer than MIN_RESULTS documents, documents
matching fewer of the words are added, best-covered first, until there are FALLBACK_CANDIDATES
(on a small site that is every document matching any word: a plain OR)."""

import collections
import heapq
import itertools
import threading

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F, bm25

from .analysis import normalize, positioned_words, run_filter

MIN_RESULTS = 10
FALLBACK_CANDIDATES = 200
# Stored text one ranking may analyze for phrases, 0.5-2 us a character (Japanese runs cost the
# most): a quoted phrase of words most documents hold ("docker docker" at 10k documents: 16 s of
# CPU) is checked on the best-scoring of them only. More than all the text of either language of
# the real content (89k characters in English), so its phrases are all checked in full.
PHRASE_CHARS = 100_000


def postings(searcher, field, text):
    """{docnum: weight} of `text` in `field` over every segment."""
    found = {}
    for leaf, offset in searcher.leaf_searchers():
        try:
            matcher = leaf.reader().postings(field, text)
        except TermNotFound:
            continue
        if isinstance(matcher, W3LeafMatcher):
            # Whole blocks at once (whoosh-reloaded is frozen: these attributes will not move),
            # the delta-coded ids summed by itertools.accumulate instead of Whoosh's generator.
            while matcher.is_active():
                if matcher._data is None:
                    matcher._read_data()
                ids = matcher._data[0] if matcher._byteids else itertools.accumulate(matcher._data[0])
                if offset:
                    ids = map(offset.__add__, ids)
                matcher._read_weights()
                found.update(zip(ids, matcher._weights, strict=True))
                matcher._next_block()
        else:
            while matcher.is_active():
                found[matcher.id() + offset] = matcher.weight()
                matcher.next()
    return found


def _lengths(searcher, field):
    """Each document's length of `field`, read once per searcher (an index generation never
    changes)."""
    cache = searcher.__dict__.setdefault("_faq_lengths", {})
    if field not in cache:
        cache[field] = [searcher.doc_field_length(d, field, 1) for d in range(searcher.doc_count_all())]
    return cache[field]


def _norms(searcher, field, avgfl, b, k1):
    """Each document's `K1 * ((1 - B) + B * fl / avgfl)` of BM25 for `field`, computed once per
    searcher: it depends on the field and the document, not on the word."""
    cache = searcher.__dict__.setdefault("_faq_norms", {})
    key = (field, avgfl, b, k1)
    if key not in cache:
        one_b = 1 - b
        cache[key] = [  # None: a deleted document, in no postings
            None if length is None else k1 * (one_b + b * length / avgfl)
            for length in _lengths(searcher, field)
        ]
    return cache[key]


def _bm25_parameters(searcher, field, word):
    """(idf, average field length, B, K1) as Whoosh's BM25F scorer sets them, without building
    the scorer: its set-up reads the term's info again for block quality, which is not used here."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or not searcher.schema[field].scorable:
        scorer = weighting.scorer(searcher, field, word)
        return scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    averages = searcher.__dict__.setdefault("_faq_average_lengths", {})
    if field not in averages:
        averages[field] = searcher.avg_field_length(field) or 1
    b = weighting._field_B.get(field, weighting.B)
    return searcher.idf(field, word), averages[field], b, weighting.K1


COMMON_SHARE = 0.1  # a word in more documents than this share of the index is "common"
COMMON_POSTINGS = 1_000_000  # at most this many (about 90 MB) are kept per index generation
_common_lock = threading.Lock()


def _owner(searcher):
    """The open index `searcher` reads (one per generation and process), or the searcher itself."""
    index = getattr(searcher, "_ix", None)
    return searcher if index is None else index


def _word_postings(searcher, word, fields):
    """({field: {docnum: weight}}, documents holding `word` in any field). Common words (say
    "docker", in nine documents of ten here) are in almost every query and reading their postings
    was most of a query's time, so they are decoded once per searcher (an index generation never
    changes) and kept, least recently used dropped past COMMON_POSTINGS; the rest are read each time.
    They are kept on the open index, which the searchers of every thread share (docnums are the
    same). The returned dicts and set are shared: read them, never change them."""
    owner = _owner(searcher)
    cache = owner.__dict__.setdefault("_faq_common", collections.OrderedDict())
    key = (word, tuple(fields))
    with _common_lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    per_field = {f: postings(searcher, f, word) for f in fields}
    found = (per_field, set().union(*per_field.values()))
    size = sum(map(len, per_field.values()))
    if len(found[1]) > COMMON_SHARE * searcher.doc_count_all() and size <= COMMON_POSTINGS:
        with _common_lock:
            cache[key] = found
            cached = owner.__dict__.setdefault("_faq_common_size", [0])
            cached[0] += size
            while cached[0] > COMMON_POSTINGS:
                _, (dropped, _) = cache.popitem(last=False)
                cached[0] -= sum(map(len, dropped.values()))
    return found


class Words:
    """The postings of each query word in each field, read once and shared by the searches of
    both languages."""

    def __init__(self, searcher, words, fields):
        self.searcher = searcher
        self.fields = fields  # {field: query-time boost}
        found = {w: _word_postings(searcher, w, fields) for w in words}
        self.postings = {w: per_field for w, (per_field, _) in found.items()}
        self.docs = {w: docs for w, (_, docs) in found.items()}

    def candidates(self, allowed):
        """The documents of `allowed` to rank: see the module docstring."""
        if not self.docs:
            return set()
        # All the words first, from the rarest: a common word's set (say "docker", in most
        # documents) is only probed, never walked, unless the fallback below needs it.
        ordered = sorted(self.docs.values(), key=len)
        both = ordered[0] & allowed
        for docs in ordered[1:]:
            both &= docs
        if len(both) >= MIN_RESULTS or len(ordered) == 1:
            return both
        sets = [docs & allowed for docs in ordered]
        counts = collections.Counter()
        for docs in sets:
            counts.update(docs)
        tiers = collections.defaultdict(list)
        for doc, n in counts.items():
            tiers[n].append(doc)
        chosen = set()
        for n in sorted(tiers, reverse=True):
            chosen.update(tiers[n])
            if len(chosen) >= FALLBACK_CANDIDATES:
                break
        return chosen

    def complete(self, docs):
        """Those of `docs` that hold every word."""
        found = set(docs)
        for held in sorted(self.docs.values(), key=len):
            found &= held
        return found

    def phrase_bonus(self, phrases, fields, boost, ranked):
        """{docnum: bonus} for those of `ranked` (best first) where a phrase's words stand next to
        each other in one of `fields`: what Whoosh's Or of Phrase queries scores (`boost` x the
        field's boost x the words' BM25F), checked on these documents only instead of scanning the
        corpus, best first until PHRASE_CHARS characters of their text have been analyzed."""
        bonus, budget = {}, [PHRASE_CHARS]
        for doc in ranked:
            if budget[0] <= 0:
                break
            for words in phrases:
                for field in fields:
                    if self._stands(words, field, doc, budget, exact=False):
                        bonus[doc] = bonus.get(doc, 0.0) + boost * self._score(words, field, doc)
        return bonus

    def required(self, phrases, fields, allowed):
        """({docnum: score}, whether every candidate was checked) for the documents of `allowed`
        where every phrase of `phrases` (word lists; one word is a phrase too) stands in one of
        `fields`: what Whoosh's And of an Or of Phrase queries per field scores. The documents
        holding the words are checked best first (by the words' scores) until PHRASE_CHARS
        characters of their text have been analyzed; the rest are left out."""
        docs = set(allowed)
        for words in phrases:
            docs &= set.intersection(*(self.docs[w] for w in words))
        first, scores, budget = self.scores(docs), {}, [PHRASE_CHARS]
        for doc in sorted(docs, key=lambda d: (-first[d], d)):
            if budget[0] <= 0:
                return scores, False
            score = 0.0
            for words in phrases:
                found = [f for f in fields if self._stands(words, f, doc, budget, exact=True)]
                if not found:
                    break
                for field in found:
                    score += self._score(words, field, doc)
            else:
                scores[doc] = score
        return scores, True

    def _stands(self, words, field, doc, budget, exact):
        """Whether `words` stand next to each other in `field` of `doc`; the characters analyzed
        are taken from `budget` ([characters left]). Not `exact` (the phrase bonus): Japanese runs
        are skipped by run_filter's guess; quoted phrases, which decide what matches, analyze every
        run."""
        if not all(doc in self.postings[w][field] for w in words):
            return False
        if len(words) == 1:
            return True
        text = self._text(doc, field)
        budget[0] -= len(text)
        return _has_phrase(self.searcher.schema[field].analyzer, text, words, exact)

    def _text(self, doc, field):
        stored = self.searcher.stored_fields(doc)
        return normalize(stored["display_title"]) if field == "title" else stored[field]

    def _score(self, words, field, doc):
        searcher = self.searcher
        total = 0.0
        for word in words:
            idf, avgfl, b, k1 = _bm25_parameters(searcher, field, word)
            weight, length = self.postings[word][field][doc], _lengths(searcher, field)[doc]
            total += bm25(idf, weight, length, avgfl, b, k1)
        return self.fields[field] * total

    def scores(self, docs, words=None):
        """{docnum: BM25F score summed over `words` (default: all) and fields, times each field's
        boost}."""
        scores = dict.fromkeys(docs, 0.0)
        searcher = self.searcher
        for word, per_field in self.postings.items():
            if words is not None and word not in words:
                continue
            for field, weights in per_field.items():
                if not weights:
                    continue
                idf, avgfl, b, k1 = _bm25_parameters(searcher, field, word)
                boost, norms, k1_1 = self.fields[field], _norms(searcher, field, avgfl, b, k1), k1 + 1
                # whoosh.scoring.bm25 inlined, term for term (the same floats): a call per posting
                # was a fifth of a query. norms[doc] is its `K1 * ((1 - B) + B * fl / avgfl)`.
                if len(docs) < len(weights):
                    for doc in docs:
                        if doc in weights:
                            tf = weights[doc]
                            scores[doc] += boost * (idf * ((tf * k1_1) / (tf + norms[doc])))
                else:
                    for doc, tf in weights.items():
                        if doc in scores:
                            scores[doc] += boost * (idf * ((tf * k1_1) / (tf + norms[doc])))
        return scores


def top(scores, limit):
    """The `limit` best (docnum, score), best first; equal scores in document order."""
    return [(d, -s) for s, d in heapq.nsmallest(limit, ((-s, d) for d, s in scores.items()))]


def _has_phrase(analyzer, text, words, exact=False):
    """Whether `words` stand at consecutive positions of analyzed `text`; stops at the first."""
    first, n = words[0], len(words)
    pending = []  # (next index into words, expected position) of the runs started so far
    # A Japanese run is analyzed only inside a started run (where its words, if any, break it)
    # or when it may hold the first word; see run_filter.
    may_start = None if exact else run_filter(analyzer, words[:1])
    japanese = None if may_start is None else (lambda run: bool(pending) or may_start(run))
    for word, pos, _, _ in positioned_words(analyzer, text, japanese):
        pending = [(i + 1, p + 1) for i, p in pending if p == pos and words[i] == word]
        if any(i == n for i, _ in pending):
            return True
        if word == first:
            pending.append((1, pos + 1))
    return False
