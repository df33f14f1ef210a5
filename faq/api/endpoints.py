"""The read-only endpoints: the index, entries, search and the wizard. Each parses its parameters
through their types (params.py), calls one function of its capability and answers in a shape of
shapes.py."""

from django.urls import reverse
from ninja import Router, Status

from .. import audience
from ..content import loader
from ..search import engine
from ..wizard import evaluate
from ..wizard.tree import get_tree
from . import shapes
from .params import WIZARD_ANSWERS, EntryId, Lang, Page, Text
from .refusals import Refused
from .routing import TITLE, VERSION, read_only

router = Router()
ERRORS = dict.fromkeys((400, 404), shapes.Error)
# The endpoints /api/v1/ lists, by name; urls.py names the document's own route.
LINKS = {
    "entries": "api-entries",
    "search": "api-search",
    "wizard": "api-wizard",
    "check": "api-check",
    "openapi": "api-openapi",
}


@read_only(
    router, "/", response=shapes.ApiIndex, url_name="api-index", summary="The API's endpoints, by name"
)
def index(request):
    links = {key: request.build_absolute_uri(reverse(name)) for key, name in LINKS.items()}
    return {"title": TITLE, "version": VERSION, "links": links}


def _summary(request, entry):
    return {
        "id": entry.id,
        "lang": entry.lang,
        "title": entry.title,
        "summary": entry.summary,
        "category": entry.category,
        "updated": entry.updated,
        "url": request.build_absolute_uri(entry.url),  # resolved once when the content loaded
        "local": entry.local,
    }


def _local_note(note):
    """A team's note on an entry ("At our company"), or None."""
    return {"html": note.html, "updated": note.updated, "lang": note.lang} if note else None


@read_only(
    router,
    "/entries",
    response={200: shapes.EntryList, 400: shapes.Error},
    url_name="api-entries",
    summary="All entries in one language",
)
def entry_list(request, lang: Lang):
    entries = loader.get_store(audience.is_staff(request)).all_entries(lang)
    return {"lang": lang, "entries": [_summary(request, e) for e in entries]}


@read_only(
    router,
    "/entries/{entry_id}",
    response={200: shapes.EntryDetail, **ERRORS},
    url_name="api-entry",
    summary="One entry with its rendered HTML and metadata",
)
def entry_detail(request, entry_id: EntryId, lang: Lang):
    store = loader.get_store(audience.is_staff(request))
    # A team's entry written in one language only answers in that language ("lang" says which).
    entry = store.get_entry(lang, entry_id) or store.untranslated(lang, entry_id)
    if entry is None:
        raise Refused("not-found", f"no entry {entry_id!r} in {lang}", 404)
    return _summary(request, entry) | {
        "translated": entry.lang == lang,
        "local_note": _local_note(store.local_note(entry)),
        "html": entry.body_html,
        "headings": entry.headings,
        "sources": entry.sources,
        "related": list(entry.related),
        "stale_translation": store.is_stale(entry),
    }


@read_only(
    router,
    "/search",
    response={200: shapes.SearchPage, **ERRORS, 503: shapes.Error},
    url_name="api-search",
    summary="Full-text search in one language",
)
def search_entries(request, q: Text, lang: Lang, page: Page):
    try:
        results = engine.search(q, lang, page=page, staff=audience.is_staff(request))
    except engine.PageOutOfRange:
        raise Refused("bad-page", "there is no such page for this search", 404) from None
    except engine.SearchUnavailable:
        raise Refused("unavailable", "search is unavailable for a moment", 503) from None
    notes = loader.get_store(audience.is_staff(request)).local_notes
    hits = [
        {"kind": h.kind, "id": h.item_id, "lang": h.lang, "title": h.title, "url": h.url}
        | {"local_note": _local_note(notes.get((h.lang, h.item_id))) if h.kind == "entry" else None}
        for h in results.hits
    ]
    return {
        "query": results.query,
        "lang": lang,
        "total": results.total,
        "page": page,
        "pages": results.pages,
        "truncated": results.truncated,
        "partial": results.partial,
        "hits": hits,
    }


def _question(question, lang):
    return {
        "id": question.id,
        "text": question.text.get(lang, ""),
        "multiple": question.multiple,
        "options": [{"id": o.id, "label": o.label.get(lang, "")} for o in question.options],
    }


@read_only(
    router,
    "/wizard",
    response={200: shapes.WizardStep | shapes.WizardResult, 400: shapes.WizardRefusal | shapes.Error},
    url_name="api-wizard",
    summary="The wizard: answers in (question id = option id), next question or result out",
    openapi_extra={"parameters": [WIZARD_ANSWERS]},
)
def wizard_next(request, lang: Lang):
    answers = request.GET.copy()
    answers.pop("lang", None)
    outcome = evaluate.evaluate(get_tree(), answers)
    given = {a.question.id: a.value for a in getattr(outcome, "answers", ())}
    if outcome.kind == "invalid":
        error = {
            "code": outcome.code,
            "message": "these answers cannot be used",
            "question": outcome.question_id,
        }
        return Status(400, {"error": error, "valid_answers": given})
    if outcome.kind == "step":
        return {"kind": "step", "answers": given, "question": _question(outcome.question, lang)}
    result = outcome.outcome
    store = loader.get_store(audience.is_staff(request))
    note = store.wizard_notes.get(result.id)
    return {
        "kind": "result",
        "answers": given,
        "result": {
            "id": result.id,
            "runtime": result.runtime,
            "title": result.title.get(lang, ""),
            "summary_html": result.summary.get(lang, ""),
            "local_note_html": note.html_in(lang)[1] if note else None,
            # The wizard's validation guarantees every id exists in every language.
            "entries": [
                request.build_absolute_uri(store.get_entry(lang, entry_id).url) for entry_id in result.faq
            ],
        },
    }
