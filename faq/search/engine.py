"""Answering searches over the index (indexing.py builds it): search() for the search page and
the API, suggest() for the suggestions as you type, and the categories a search can be limited
to. One call answers a request: the query is cleaned once (query.py), planned, ranked
(ranking.py), given snippets (snippets.py), alternatives when nothing matched (alternatives.py),
and the hits come back with their URLs and category names."""

import collections
import functools
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.dispatch import Signal
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext, override
from whoosh import query as Q

from ..content import crictl, loader
from . import alternatives, errors, index, query, ranking, sections, snippets
from .indexing import CRICTL_CATEGORY

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGE = 50
OTHER_LANGUAGE_HITS = 5
# A docker -> crictl row is one line: below every entry unless the query looks like a command (it
# names crictl, or docker and one of the subcommands the table maps).
CRICTL_WEIGHT = 1e-6

# Sent by the search view when a query finds nothing (kwargs: query, lang), for whoever wants to
# record zero-result searches.
zero_results = Signal()

_holder = index.IndexHolder()
# (generation, content version, query, lang, category, page, per_page, closest) -> Results
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()


class SearchUnavailable(Exception):
    """The index is missing, damaged or failed on this query; the message is for the log."""


class PageOutOfRange(Exception):
    pass


@dataclass(frozen=True)
class Hit:
    kind: str
    item_id: str
    lang: str
    category: str
    title: str
    url: str
    snippet: str = ""  # safe HTML: escaped text with <mark> around the matched words
    category_title: str = ""  # in the language searched in, for the other language's hits too
    sections: tuple = ()  # ("entry › section", URL with #anchor) of the sections matching the query
    missing: tuple = ()  # the query's words this hit lacks (as typed); () when it has all


@dataclass
class Results:
    query: str  # the cleaned query, as searched
    lang: str
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    other_hits: list = field(default_factory=list)  # matches in the other language
    truncated: bool = False
    partial: bool = False  # a quoted phrase was checked in the best-matching documents only
    did_you_mean: str = ""
    closest: list = field(default_factory=list)  # entries to offer when nothing (or not every word) matched
    complete: int = 0  # of `total`, the matches holding every meaningful word
    uncovered: tuple = ()  # words (as typed) no document in this language holds: a content gap


def categories(lang, staff=False):
    """[(id, title)] a search can be limited to, titled in `lang`: the FAQ categories, then the
    crictl reference."""
    with override(lang):
        crictl = gettext("docker → crictl")
    store = loader.get_store(staff)
    return [(c.id, c.title[lang]) for c in store.categories] + [(CRICTL_CATEGORY, crictl)]


def search(
    text, lang, *, category=None, page=1, closest=False, index_dir=None, per_page=PER_PAGE, staff=False
):
    """Search `text` in `lang` (raw input, or a query.CleanQuery the caller already cleaned);
    other-language matches come in `other_hits`. With `closest`, a search that finds nothing in
    `lang` also offers the entries that look most like it. Internal entries are searched only
    for `staff`.

    Returns Results (total 0 when nothing matched or nothing searchable was typed). Raises
    PageOutOfRange for a page past the last, SearchUnavailable when the index cannot answer."""
    cleaned = text if isinstance(text, query.CleanQuery) else query.clean(text)
    index_dir = index_dir or settings.SEARCH_INDEX_DIR
    generation = os.path.realpath(Path(index_dir) / index.CURRENT)
    version = loader.get_store(staff).version  # the category names and the closest entries; per view
    key = (generation, version, cleaned, lang, category, page, per_page, closest)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    results = _search(cleaned, lang, category, page, index_dir, per_page, closest, staff)
    with _cache_lock:
        _cache[key] = results
        while len(_cache) > settings.SEARCH_CACHE_SIZE:
            _cache.popitem(last=False)
    return results


def _search(cleaned, lang, category, page, index_dir, per_page, closest, staff):
    results = Results(cleaned.text, lang, page=page, truncated=cleaned.truncated)
    labels = dict(categories(lang, staff))
    try:
        searcher = _holder.searcher(index_dir)
        plan = query.build_plan(cleaned.text, searcher.schema["title"].analyzer)
        if plan.base is not None:
            _fill(results, searcher, plan, cleaned.message, (category, page, per_page), labels, staff)
        if cleaned.text and (results.total == 0 and not results.other_hits or results.uncovered):
            _offer_alternatives(results, searcher, category, labels, staff)
    except PageOutOfRange:
        raise
    except index.IndexUnavailable as exc:  # missing or unreadable: the message says where
        raise SearchUnavailable(str(exc)) from exc
    except Exception as exc:  # a Whoosh bug on some input must never become a 500
        logger.exception("search failed for %r", cleaned.text)
        raise SearchUnavailable(str(exc)) from exc
    if closest and cleaned.text and (results.total == 0 or results.uncovered) and not results.closest:
        entries = loader.get_store(staff).all_entries(lang)
        results.closest = [_hit(s, labels) for s in alternatives.closest_entries(cleaned.text, entries)]
    return results


def _words(searcher, plan):
    every = plan.words + tuple(w for phrase in plan.required for w in phrase)
    return ranking.Words(searcher, every, query.FIELDS)


def _pinned(searcher, text, lang):
    """The docnums of the entries in `lang` listing an error message `text` holds, best first."""
    catalog = index.per_generation(searcher, "_faq_errors", errors.Catalog.read)
    return [searcher.document_number(key=key) for key in catalog.match(text, lang)]


def _fill(results, searcher, plan, message, where, labels, staff):
    lang, (category, page, per_page) = results.lang, where
    words = _words(searcher, plan)
    pinned = _pinned(searcher, message, lang)
    ranked, results.total, checked = _ranked(
        searcher, plan, words, _filter(lang, category, staff), page * per_page, pinned
    )
    results.partial = not checked
    results.pages = -(-results.total // per_page)
    if page > max(results.pages, 1):
        raise PageOutOfRange(page)
    allowed = _docset(searcher, _filter(lang, category, staff))
    results.complete = len(words.complete(allowed)) if not plan.quoted else results.total
    results.uncovered = tuple(plan.typed[w] for w in plan.words if not words.docs[w] & allowed)
    results.hits = _hits(searcher, words, ranked[(page - 1) * per_page :], labels, plan)
    if page == 1:
        other = "en" if lang == "ja" else "ja"
        pinned = _pinned(searcher, message, other)
        filtered = _filter(other, category, staff)
        ranked, _, _ = _ranked(searcher, plan, words, filtered, OTHER_LANGUAGE_HITS, pinned)
        results.other_hits = _hits(searcher, words, ranked, labels, plan)


def _hits(searcher, words, ranked, labels, plan):
    analyzer = searcher.schema["headings"].analyzer  # the same for every field
    heading_words = index.per_generation(
        searcher, "_faq_heading_words", lambda _: sections.HeadingWords(analyzer)
    )
    return [
        _hit(
            stored,
            labels,
            snippets.snippet(searcher, words, d, stored),
            sections.matching(heading_words, set(words.docs), stored),
            () if plan.quoted else tuple(plan.typed[w] for w in plan.words if d not in words.docs[w]),
        )
        for d, stored in ranked
    ]


def _ranked(searcher, plan, words, filter_query, limit, pinned=()):
    """([(docnum, stored fields)] of the best `limit` documents, total matches, whether every
    document holding a quoted phrase's words was checked for it). Words rank every match; the
    phrase bonus is then added to those top documents only, because phrase matching over the
    whole corpus is the costly part (ranking.PHRASE_CHARS bounds both). The `pinned` documents
    (an error message's entries, best first) come before all others."""
    allowed, checked = _docset(searcher, filter_query), True
    if plan.quoted:
        required, checked = words.required(plan.required, query.PHRASE_FIELDS, allowed)
        scores = words.scores(required.keys(), plan.words)
        for docnum, score in required.items():
            scores[docnum] += score
        matched = required.keys()
    else:
        matched = words.candidates(allowed)
        scores = words.scores(matched)
    if not query.commandlike(plan, crictl.get_table()):
        for docnum in _docset(searcher, Q.Term("kind", "crictl")) & scores.keys():
            scores[docnum] *= CRICTL_WEIGHT
    pinned = [d for d in pinned if d in allowed]
    total = len(matched) + sum(d not in matched for d in pinned)
    scores = dict(ranking.top(scores, limit))
    if plan.phrases and scores:
        bonus = words.phrase_bonus(plan.phrases, query.PHRASE_FIELDS, query.PHRASE_BONUS, scores)
        for docnum, extra in bonus.items():
            scores[docnum] += extra
    best = max(scores.values(), default=0.0)
    for i, docnum in enumerate(pinned):
        scores[docnum] = best + len(pinned) - i
    order = sorted(scores, key=lambda d: (-scores[d], d))[:limit]
    return [(d, searcher.stored_fields(d)) for d in order], total, checked


def _filter(lang, category, staff=False):
    """The documents a search may return: its language and category, and for anyone but staff
    only public ones (an internal entry must not show even as a count)."""
    terms = [Q.Term("lang", lang)] + ([Q.Term("category", category)] if category else [])
    terms += [] if staff else [Q.Term("visibility", "public")]
    return Q.And(terms) if len(terms) > 1 else terms[0]


def _docset(searcher, filter_query):
    """The documents of a language/category filter, computed once per searcher (an index
    generation never changes)."""
    cache = searcher.__dict__.setdefault("_faq_filters", {})
    key = repr(filter_query)
    if key not in cache:
        cache[key] = set(searcher.docs_for_query(filter_query))
    return cache[key]


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_ITEM = "__faq_item__"


@functools.lru_cache(maxsize=64)
def _url_templates(lang, script_prefix, urlconf):
    """(entry URL with _ITEM for the id, crictl page URL) in `lang`, for the script prefix and URL
    conf of the key (reverse() reads both): reversing the URL of every hit cost a millisecond a
    page."""
    with override(lang):
        entry = reverse("entry-detail", args=[_ITEM], urlconf=urlconf)
        return entry, reverse("crictl-reference", urlconf=urlconf)


def _hit(stored, labels, snippet="", sections=(), missing=()):
    entry, crictl_page = _url_templates(stored["lang"], get_script_prefix(), get_urlconf())
    item_id = stored["item_id"]
    if stored["kind"] == "crictl":
        url = f"{crictl_page}#{item_id}"
    elif _SLUG.fullmatch(item_id):
        url = entry.replace(_ITEM, item_id)
    else:  # not an id the URL accepts: let reverse() say so
        with override(stored["lang"]):
            url = reverse("entry-detail", args=[item_id])
    category = stored["category"]
    title, label = stored["display_title"], labels.get(category, category)
    linked = tuple((f"{title} › {heading}", f"{url}#{anchor}") for anchor, heading in sections)
    return Hit(stored["kind"], item_id, stored["lang"], category, title, url, snippet, label, linked, missing)


def _offer_alternatives(results, searcher, category, labels, staff):
    """Nothing matched: a spelling or kana correction that does match, with its three best hits
    ranked as the search itself ranks them (Whoosh's own search walked every match of up to 12
    corrected words in Python: tens of milliseconds a query)."""
    analyzer = searcher.schema["title"].analyzer
    for candidate in (
        alternatives.spelling_correction(searcher, results.query),
        query.katakana_variant(results.query),
    ):
        plan = query.build_plan(candidate, analyzer) if candidate else None
        if plan is None or plan.base is None:
            continue
        filter_query = _filter(results.lang, category, staff)
        ranked, total, _ = _ranked(searcher, plan, _words(searcher, plan), filter_query, 3)
        if total:
            results.did_you_mean = candidate
            results.closest = [_hit(stored, labels) for _, stored in ranked]
            return


def suggest(text, lang, *, index_dir=None, limit=6, staff=False):
    """Up to `limit` Hits (no snippets) for the text typed so far (raw, or a query.CleanQuery),
    for the suggestion list (internal entries for `staff` only). Raises SearchUnavailable when
    the index cannot answer."""
    cleaned = text if isinstance(text, query.CleanQuery) else query.clean(text)
    try:
        searcher = _holder.searcher(index_dir or settings.SEARCH_INDEX_DIR)
        q = query.build(cleaned.text, searcher.schema["title"].analyzer, prefix_last=True)
        if q is None:
            return []
        hits = searcher.search(q, limit=limit, filter=_filter(lang, None, staff))
        return [_hit(h, {}) for h in hits]
    except Exception as exc:
        logger.exception("suggest failed for %r", cleaned.text)
        raise SearchUnavailable(str(exc)) from exc
