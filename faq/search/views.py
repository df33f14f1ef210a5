"""The search page and its JSON suggestions: the parameters are checked once (forms.py), then one
call to engine answers."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from .. import audience
from ..content import loader
from . import engine, query
from .forms import SearchForm

NOTE_CHARS = 200  # of a team's note shown under a hit


def hits_html(hits, level, notes=None):
    """The <li> of each hit, headed at <h`level`>: built here rather than by an included template
    per hit, which was a fifth of a search page's time. `hit.snippet` is already safe HTML.
    `notes`: the store's local notes, (lang, id) -> overlay.LocalNote, shown marked under a hit."""
    items = []
    label = escape(gettext("At our company"))
    for hit in hits:
        lang, url, title, badge = (
            escape(hit.lang),
            escape(hit.url),
            escape(hit.title),
            escape(hit.category_title),
        )
        snippet = f'\n  <p class="search-hit__snippet">{hit.snippet}</p>' if hit.snippet else ""
        note = (notes or {}).get((hit.lang, hit.item_id)) if hit.kind == "entry" else None
        if note is not None:
            text = escape(note_text(note))
            snippet += f'\n  <p class="local-note local-note--hit"><strong>{label}:</strong> {text}</p>'
        link = f'<a href="{url}" hreflang="{lang}">{title}</a>'
        items.append(
            f'<li class="search-hit" lang="{lang}">\n'
            f'  <h{level} class="search-hit__title">{link}</h{level}>\n'
            f'  <p class="search-hit__meta"><span class="badge">{badge}</span></p>{snippet}'
            f"{_sections_html(hit)}{_missing_html(hit)}\n"
            "</li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped or already safe


def _sections_html(hit):
    """The hit's matching sections, each "entry › section" linking to its anchor."""
    if not hit.sections:
        return ""
    links = "".join(f'<li><a href="{escape(url)}">{escape(title)}</a></li>' for title, url in hit.sections)
    return f'\n  <ul class="search-hit__sections">{links}</ul>'


def _missing_html(hit):
    """Says which of the query's words the hit lacks: a match of only some words is labelled."""
    if not hit.missing:
        return ""
    words = escape(gettext(", ").join(hit.missing))
    label = escape(gettext("Matches only some words; missing:"))
    return f'\n  <p class="search-hit__missing">{label} <s>{words}</s></p>'


def note_text(note):
    """The plain text of a local note, cut to NOTE_CHARS, for search results and the API."""
    text = loader.plain_text(note.html)
    return text if len(text) <= NOTE_CHARS else text[: NOTE_CHARS - 1].rstrip() + "…"


def page_url(text, category, page):
    params = {"q": text} | ({"category": category} if category else {}) | ({"page": page} if page > 1 else {})
    return "?" + urlencode(params)


@require_GET
def search_results(request):
    lang, staff = get_language(), audience.is_staff(request)
    form = SearchForm(request.GET, engine.categories(lang, staff))
    valid = form.is_valid()
    q = form.cleaned_data["q"]
    context = {"query": q.text, "category": request.GET.get("category", ""), "choices": form.categories}
    if not valid:
        return _page(request, context, form.error(), 400)
    category, page = form.cleaned_data["category"], form.cleaned_data["page"]
    try:
        results = engine.search(q, lang, category=category, page=page, closest=True, staff=staff)
    except engine.PageOutOfRange:
        return _page(request, context, gettext("There is no such page for this search."), 404)
    except engine.SearchUnavailable:
        error = gettext("Search is unavailable for a moment. Every answer is still listed on the FAQ page.")
        return _page(request, context, error, 503)
    if results.query and (results.total == 0 or results.uncovered):
        # A word no answer holds is a gap in the content even when other words matched.
        engine.zero_results.send(sender=search_results, query=results.query, lang=lang)
    notes = loader.get_store(staff).local_notes
    context |= {
        "results": results,
        "previous_url": page_url(results.query, category, page - 1) if page > 1 else "",
        "next_url": page_url(results.query, category, page + 1) if page < results.pages else "",
        "did_you_mean_url": page_url(results.did_you_mean, category, 1) if results.did_you_mean else "",
        "hits_html": hits_html(results.hits, 2, notes),
        "other_hits_html": hits_html(results.other_hits, 3, notes),
    }
    return _page(request, context)


def _page(request, context, error="", status=200):
    return render(request, "search/search_results.html", context | {"error": error}, status=status)


@require_GET
def search_suggest(request):
    raw = request.GET.get("q", "")
    if len(raw) > query.MAX_RAW_CHARS:
        return JsonResponse({"error": gettext("The query is too long.")}, status=400)
    cleaned = query.clean(raw)
    if not cleaned.text:
        return JsonResponse({"error": gettext("Type something to search for.")}, status=400)
    try:
        hits = engine.suggest(cleaned, get_language(), staff=audience.is_staff(request))
    except engine.SearchUnavailable:
        return JsonResponse({"error": gettext("Search is unavailable for a moment.")}, status=503)
    suggestions = [{"title": h.title, "url": h.url, "kind": h.kind} for h in hits]
    return JsonResponse({"query": cleaned.text, "suggestions": suggestions})
