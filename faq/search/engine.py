"""Full-text search over the FAQ entries (both languages) and the docker -> crictl rows: the
Whoosh schema, `build_index()` to publish a new index, and `search()` / `suggest()` for views.

Analysis lives in analysis.py, query building in query.py, ranking in ranking.py, snippets in
snippets.py, "did you mean" and the closest entries in alternatives.py, and the on-disk
generations with their atomic swap in index.py."""

import collections
import functools
import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.dispatch import Signal
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import override
from whoosh import fields
from whoosh import query as Q

from ..content import crictl, loader
from ..content.snapshot import folder as content_folder
from . import alternatives, index, query, ranking, snippets
from .analysis import load_synonyms, normalize, text_analyzer

logger = logging.getLogger(__name__)

JAPANESE = "sudachi"  # or "bigram"; see the relevance comparison in benchmark/search_ja_compare.py
# Bump when the schema or the analyzers change, or move (Whoosh pickles their import path): --if-stale
# then rebuilds. 7: the analyzers moved from faq.searchanalysis to faq.search.analysis.
SCHEMA_VERSION = 7
PER_PAGE = 10
MAX_PAGE = 50
OTHER_LANGUAGE_HITS = 5
CRICTL_CATEGORY = "crictl"

# Sent by the search view when a query finds nothing (kwargs: query, lang), for whoever wants to
# record zero-result searches.
zero_results = Signal()

_holder = index.IndexHolder()
_cache = collections.OrderedDict()  # (generation, query, lang, category, page, per_page) -> Results
_cache_lock = threading.Lock()


class SearchUnavailable(Exception):
    """The index is missing, damaged or failed on this query; the message is for the log."""


def make_schema(synonyms, japanese=JAPANESE):
    analyzer = text_analyzer(synonyms, japanese)
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),  # "<lang>:<kind>:<id>"
        kind=fields.ID(stored=True),  # "entry" or "crictl"
        item_id=fields.ID(stored=True),  # entry id, or the crictl row's anchor
        lang=fields.ID(stored=True),
        category=fields.ID(stored=True),
        display_title=fields.STORED(),
        # No positions or offsets: only frequencies, which is all ranking reads. Phrases and
        # snippets analyze the stored text of the few documents they need (ranking, snippets).
        title=fields.TEXT(analyzer=analyzer, phrase=False),
        summary=fields.TEXT(analyzer=analyzer, stored=True, phrase=False),
        body=fields.TEXT(analyzer=analyzer, stored=True, phrase=False),
        category_text=fields.TEXT(analyzer=analyzer, phrase=False),
    )  # the words "did you mean" offers are a list beside the index: see publish()


def documents(store, table):
    """The documents to index: every entry in each language, and each crictl row per language."""
    for entry in store.all_entries():
        category = store.get_category(entry.category)
        yield _document(
            entry.lang,
            "entry",
            entry.id,
            entry.category,
            entry.title,
            entry.summary,
            entry.body_text,
            category.title.get(entry.lang, "") if category else "",
        )
    for command in table.commands() if table else ():
        for lang in ("ja", "en"):
            docker = f"docker {command.docker}" if command.docker else ""
            crictl_names = " ".join(f"crictl {name}" for name in command.crictl)
            title = f"{docker} → {crictl_names}" if docker and crictl_names else docker or crictl_names
            note = loader.plain_text((command.note or {}).get(lang, ""))  # the note is HTML
            body = " ".join([command.description[lang], note, " ".join(command.unsupported)])
            yield _document(lang, "crictl", command.anchor, CRICTL_CATEGORY, title, "", body, "crictl")


def _document(lang, kind, item_id, category, title, summary, body, category_text):
    display_title = title  # shown as written; the searched and highlighted text is NFKC-normalized
    title, summary, body = normalize(title), normalize(summary), normalize(body)
    return {
        "key": f"{lang}:{kind}:{item_id}",
        "kind": kind,
        "item_id": item_id,
        "lang": lang,
        "category": category,
        "display_title": display_title,
        "title": title,
        "summary": summary,
        "body": body,
        "category_text": normalize(category_text),
    }


def index_version(store, japanese=JAPANESE):
    """Changes whenever any content file (the crictl table and the synonyms included: see
    loader.content_version) or the analysis changes."""
    analysis = hashlib.sha256(repr((japanese, SCHEMA_VERSION)).encode()).hexdigest()[:12]
    return f"{store.version}-{analysis}"


def _inputs(japanese):
    return crictl.get_table(), load_synonyms(Path(content_folder()), japanese)  # what is served


def build_index(index_dir, store, *, japanese=JAPANESE):
    """Index `store` and the crictl table into a new generation under `index_dir` and publish it
    atomically. Returns the number of documents. Raises ContentError for a broken synonyms file,
    index.BuildInProgress if another build is running, OSError when the disk is too full."""
    table, synonyms = _inputs(japanese)
    schema = make_schema(synonyms, japanese)
    return publish(index_dir, schema, documents(store, table), index_version(store, japanese))


def publish(index_dir, schema, docs, version):
    """index.publish() of `docs`, with the spelling words of their text listed beside the
    index (alternatives.Vocabulary) for "did you mean"."""
    vocabulary = alternatives.Vocabulary()

    def counted():
        for doc in docs:
            vocabulary.add(" ".join([doc["title"], doc["summary"], doc["body"]]))
            yield doc

    return index.publish(index_dir, schema, counted(), version, extras=vocabulary.write)


def is_stale(index_dir, store, *, japanese=JAPANESE):
    """True when the index is missing, unreadable, or was built from other content."""
    return index.status(index_dir) != index_version(store, japanese)


@dataclass
class Hit:
    kind: str
    item_id: str
    lang: str
    category: str
    title: str
    url: str
    snippet: str = ""  # safe HTML: escaped text with <mark> around the matched words
    category_title: str = ""  # filled in by the view


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
    closest: list = field(default_factory=list)  # entries to offer when nothing matched


class PageOutOfRange(Exception):
    pass


def search(text, lang, *, category=None, page=1, index_dir=None, per_page=PER_PAGE):
    """Search `text` (raw user input) in `lang`; other-language matches come in `other_hits`.

    Returns Results (total 0 when nothing matched or nothing searchable was typed). Raises
    PageOutOfRange for a page past the last, SearchUnavailable when the index cannot answer."""
    cleaned = query.clean(text)
    index_dir = index_dir or settings.SEARCH_INDEX_DIR
    key = (os.path.realpath(Path(index_dir) / index.CURRENT), cleaned, lang, category, page, per_page)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    results = _search(cleaned, lang, category, page, index_dir, per_page)
    with _cache_lock:
        _cache[key] = results
        while len(_cache) > settings.SEARCH_CACHE_SIZE:
            _cache.popitem(last=False)
    return results


def _search(cleaned, lang, category, page, index_dir, per_page):
    results = Results(cleaned.text, lang, page=page, truncated=cleaned.truncated)
    try:
        searcher = _holder.searcher(index_dir)
        plan = query.build_plan(cleaned.text, searcher.schema["title"].analyzer)
        if plan.base is not None:
            _fill(results, searcher, plan, category, page, per_page)
        if cleaned.text and results.total == 0 and not results.other_hits:
            _offer_alternatives(results, searcher, category)
    except (PageOutOfRange, index.IndexUnavailable):
        raise
    except Exception as exc:  # a Whoosh bug on some input must never become a 500
        logger.exception("search failed for %r", cleaned.text)
        raise SearchUnavailable(str(exc)) from exc
    return results


def _words(searcher, plan):
    every = plan.words + tuple(w for phrase in plan.required for w in phrase)
    return ranking.Words(searcher, every, query.FIELDS)


def _fill(results, searcher, plan, category, page, per_page):
    lang = results.lang
    words = _words(searcher, plan)
    ranked, results.total, checked = _ranked(searcher, plan, words, _filter(lang, category), page * per_page)
    results.partial = not checked
    results.pages = -(-results.total // per_page)
    if page > max(results.pages, 1):
        raise PageOutOfRange(page)
    results.hits = snippets.hits(searcher, words, ranked[(page - 1) * per_page :], _hit)
    if page == 1:
        other = "en" if lang == "ja" else "ja"
        ranked, _, _ = _ranked(searcher, plan, words, _filter(other, category), OTHER_LANGUAGE_HITS)
        results.other_hits = snippets.hits(searcher, words, ranked, _hit)


def _ranked(searcher, plan, words, filter_query, limit):
    """([(docnum, stored fields)] of the best `limit` documents, total matches, whether every
    document holding a quoted phrase's words was checked for it). Words rank every match; the
    phrase bonus is then added to those top documents only, because phrase matching over the
    whole corpus is the costly part (ranking.PHRASE_CHARS bounds both)."""
    allowed, checked = _docset(searcher, filter_query), True
    if plan.quoted:
        required, checked = words.required(plan.required, query.PHRASE_FIELDS, allowed)
        scores = words.scores(required.keys(), plan.words)
        for docnum, score in required.items():
            scores[docnum] += score
        scores, total = dict(ranking.top(scores, limit)), len(required)
    else:
        candidates = words.candidates(allowed)
        scores, total = dict(ranking.top(words.scores(candidates), limit)), len(candidates)
    if plan.phrases and scores:
        bonus = words.phrase_bonus(plan.phrases, query.PHRASE_FIELDS, query.PHRASE_BONUS, scores)
        for docnum, extra in bonus.items():
            scores[docnum] += extra
    order = sorted(scores, key=lambda d: (-scores[d], d))
    return [(d, searcher.stored_fields(d)) for d in order], total, checked


def _filter(lang, category):
    terms = [Q.Term("lang", lang)] + ([Q.Term("category", category)] if category else [])
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


def _hit(stored, snippet=""):
    entry, crictl_page = _url_templates(stored["lang"], get_script_prefix(), get_urlconf())
    item_id = stored["item_id"]
    if stored["kind"] == "crictl":
        url = f"{crictl_page}#{item_id}"
    elif _SLUG.fullmatch(item_id):
        url = entry.replace(_ITEM, item_id)
    else:  # not an id the URL accepts: let reverse() say so
        with override(stored["lang"]):
            url = reverse("entry-detail", args=[item_id])
    return Hit(
        stored["kind"],
        stored["item_id"],
        stored["lang"],
        stored["category"],
        stored["display_title"],
        url,
        snippet,
    )


def _offer_alternatives(results, searcher, category):
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
        ranked, total, _ = _ranked(searcher, plan, _words(searcher, plan), _filter(results.lang, category), 3)
        if total:
            results.did_you_mean = candidate
            results.closest = [_hit(stored) for _, stored in ranked]
            return


def suggest(text, lang, *, index_dir=None, limit=6):
    """Up to `limit` Hits (no snippets) for the text typed so far, for the suggestion list.
    Raises SearchUnavailable when the index cannot answer."""
    cleaned = query.clean(text)
    try:
        searcher = _holder.searcher(index_dir or settings.SEARCH_INDEX_DIR)
        q = query.build(cleaned.text, searcher.schema["title"].analyzer, prefix_last=True)
        if q is None:
            return []
        return [_hit(h) for h in searcher.search(q, limit=limit, filter=Q.Term("lang", lang))]
    except Exception as exc:
        logger.exception("suggest failed for %r", cleaned.text)
        raise SearchUnavailable(str(exc)) from exc


def closest_entries(text, entries, limit=3):
    """Hits for the entries whose title and summary share the most character pairs with `text`."""
    return [_hit(stored) for stored in alternatives.closest_entries(text, entries, limit)]
