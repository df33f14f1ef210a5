"""The read-only JSON API under /api/v1/: an index of its links, entries, search and the wizard,
plus the OpenAPI document that describes it. Every error is JSON {"error": {"code", "message"}},
never HTML (faq/portal/errors.py answers for the errors Django raises before a view runs)."""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt

from . import openapi
from .content import loader
from .portal import errors
from .search import engine
from .search.query import MAX_RAW_CHARS
from .wizard import evaluate
from .wizard.tree import get_tree

LANGS = tuple(code for code, _ in settings.LANGUAGES)


class BadParameter(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def api_view(view):
    """GET/HEAD only (405 JSON otherwise); BadParameter becomes a JSON 4xx."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = errors.json_error("method", "only GET is allowed", 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return errors.json_error(exc.code, exc.message, exc.status)

    return wrapper


def single(request, name, default=None):
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadParameter("repeated", f"{name} may be given only once")
    return values[0] if values else default


def language(request):
    lang = single(request, "lang", settings.LANGUAGE_CODE)
    if lang not in LANGS:
        raise BadParameter("bad-lang", f"lang must be one of {', '.join(LANGS)}")
    return lang


def entry_url(request, entry):
    return request.build_absolute_uri(entry.url)  # resolved once when the content loaded


def entry_summary(request, entry):
    return {
        "id": entry.id,
        "lang": entry.lang,
        "title": entry.title,
        "summary": entry.summary,
        "category": entry.category,
        "updated": entry.updated.isoformat(),
        "url": entry_url(request, entry),
    }


@api_view
def entry_list(request):
    lang = language(request)
    entries = loader.get_store().all_entries(lang)
    return JsonResponse({"lang": lang, "entries": [entry_summary(request, e) for e in entries]})


@api_view
def entry_detail(request, entry_id):
    lang = language(request)
    entry = loader.get_store().get_entry(lang, entry_id)
    if entry is None:
        raise BadParameter("not-found", f"no entry {entry_id!r} in {lang}", 404)
    detail = {
        "html": entry.body_html,
        "headings": [{"text": h.text, "anchor": h.anchor, "level": h.level} for h in entry.headings],
        "sources": [{"title": s.title, "url": s.url} for s in entry.sources],
        "related": list(entry.related),
        "stale_translation": loader.get_store().is_stale(entry),
    }
    return JsonResponse(entry_summary(request, entry) | detail)


def page_number(request):
    value = single(request, "page", "1")
    if not (value.isascii() and value.isdigit() and len(value) <= 3 and 1 <= int(value) <= engine.MAX_PAGE):
        raise BadParameter("bad-page", f"page must be an integer from 1 to {engine.MAX_PAGE}")
    return int(value)


@api_view
def search_entries(request):
    lang = language(request)
    query = single(request, "q", "")
    page = page_number(request)
    if len(query) > MAX_RAW_CHARS:
        raise BadParameter("too-long", f"q may have at most {MAX_RAW_CHARS} characters")
    if not query:  # a query that normalizes to nothing (only spaces, control characters) finds nothing
        raise BadParameter("missing-q", "q is required")
    try:
        results = engine.search(query, lang, page=page)
    except engine.PageOutOfRange:
        raise BadParameter("bad-page", "there is no such page for this search", 404) from None
    except engine.SearchUnavailable:
        return errors.json_error("unavailable", "search is unavailable for a moment", 503)
    hits = [
        {"kind": h.kind, "id": h.item_id, "lang": h.lang, "title": h.title, "url": h.url}
        for h in results.hits
    ]
    return JsonResponse(
        {"query": results.query, "lang": lang, "total": results.total, "page": page, "pages": results.pages}
        | {"truncated": results.truncated, "partial": results.partial, "hits": hits}
    )


def _question(question, lang):
    return {
        "id": question.id,
        "text": question.text.get(lang, ""),
        "multiple": question.multiple,
        "options": [{"id": o.id, "label": o.label.get(lang, "")} for o in question.options],
    }


@api_view
def wizard_next(request):
    lang = language(request)
    tree = get_tree()
    answers = request.GET.copy()
    answers.pop("lang", None)
    outcome = evaluate.evaluate(tree, answers)
    given = {a.question.id: a.value for a in getattr(outcome, "answers", ())}
    if outcome.kind == "invalid":
        return JsonResponse(
            {
                "error": {
                    "code": outcome.code,
                    "message": "these answers cannot be used",
                    "question": outcome.question_id,
                }
            }
            | {"valid_answers": given},
            status=400,
        )
    if outcome.kind == "step":
        return JsonResponse({"kind": "step", "answers": given, "question": _question(outcome.question, lang)})
    result = outcome.outcome
    store = loader.get_store()
    return JsonResponse(
        {
            "kind": "result",
            "answers": given,
            "result": {
                "id": result.id,
                "runtime": result.runtime,
                "title": result.title.get(lang, ""),
                "summary_html": result.summary.get(lang, ""),
                # The wizard's validation guarantees every id exists in every language.
                "entries": [entry_url(request, store.get_entry(lang, entry_id)) for entry_id in result.faq],
            },
        }
    )


@api_view
def not_found(request, rest=""):
    return errors.page_not_found(request, None)


def _check_path():
    try:
        return reverse("api-check")
    except NoReverseMatch:  # the checker is optional for the API
        return None


@api_view
def index(request):
    names = {"entries": "api-entries", "search": "api-search", "wizard": "api-wizard"}
    links = {key: reverse(name) for key, name in names.items()} | {"check": _check_path()}
    links["openapi"] = reverse("api-openapi")
    absolute = {key: request.build_absolute_uri(path) for key, path in links.items() if path}
    return JsonResponse({"title": openapi.TITLE, "version": openapi.VERSION, "links": absolute})


@api_view
def openapi_document(request):
    return JsonResponse(openapi.document(LANGS, engine.MAX_PAGE, MAX_RAW_CHARS, _check_path()))
