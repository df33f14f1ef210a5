"""The search page and its JSON suggestions. Parameter checks and labelling are plain functions;
the searching itself is faq.search.engine."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from ..content import loader
from . import engine, index, query


class BadParameter(Exception):
    """A search parameter that cannot be used; the message is shown to the reader."""


def parse_page(value):
    """The page number from ?page= (default 1); raises BadParameter for anything else."""
    if value in (None, ""):
        return 1
    if (
        not (value.isascii() and value.isdigit() and len(value) <= 3)
        or not 1 <= int(value) <= engine.MAX_PAGE
    ):
        raise BadParameter(gettext("That page number is not valid."))
    return int(value)


def category_choices(store, lang):
    """[(id, title)] for the category filter: the FAQ categories, then the crictl reference."""
    return [(c.id, c.title[lang]) for c in store.categories] + [
        (engine.CRICTL_CATEGORY, gettext("docker → crictl"))
    ]


def parse_category(value, choices):
    if not value:
        return None
    if value not in dict(choices):
        raise BadParameter(gettext("There is no such category."))
    return value


def label(hits, choices):
    names = dict(choices)
    for hit in hits:
        hit.category_title = names.get(hit.category, hit.category)
    return hits


def hits_html(hits, level):
    """The <li> of each hit, headed at <h`level`>: built here rather than by an included template
    per hit, which was a fifth of a search page's time. `hit.snippet` is already safe HTML."""
    items = []
    for hit in hits:
        lang, url, title, badge = (
            escape(hit.lang),
            escape(hit.url),
            escape(hit.title),
            escape(hit.category_title),
        )
        snippet = f'\n  <p class="search-hit__snippet">{hit.snippet}</p>' if hit.snippet else ""
        link = f'<a href="{url}" hreflang="{lang}">{title}</a>'
        items.append(
            f'<li class="search-hit" lang="{lang}">\n'
            f'  <h{level} class="search-hit__title">{link}</h{level}>\n'
            f'  <p class="search-hit__meta"><span class="badge">{badge}</span></p>{snippet}\n'
            "</li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped or already safe


def page_url(text, category, page):
    params = {"q": text} | ({"category": category} if category else {}) | ({"page": page} if page > 1 else {})
    return "?" + urlencode(params)


@require_GET
def search_results(request):
    lang = get_language()
    store = loader.get_store()
    choices = category_choices(store, lang)
    raw = request.GET.get("q", "")
    context = {
        "query": query.clean(raw).text,
        "category": request.GET.get("category", ""),
        "choices": choices,
    }
    try:
        category = parse_category(context["category"], choices)
        page = parse_page(request.GET.get("page"))
        results = engine.search(raw, lang, category=category, page=page)
    except BadParameter as exc:
        return render(request, "search/search_results.html", context | {"error": str(exc)}, status=400)
    except engine.PageOutOfRange:
        error = gettext("There is no such page for this search.")
        return render(request, "search/search_results.html", context | {"error": error}, status=404)
    except (engine.SearchUnavailable, index.IndexUnavailable):
        error = gettext("Search is unavailable for a moment. Every answer is still listed on the FAQ page.")
        return render(request, "search/search_results.html", context | {"error": error}, status=503)
    if results.query and results.total == 0:
        engine.zero_results.send(sender=search_results, query=results.query, lang=lang)
        if not results.closest:
            results.closest = engine.closest_entries(results.query, store.all_entries(lang))
    label(results.hits + results.other_hits + results.closest, choices)
    context |= {
        "results": results,
        "previous_url": page_url(results.query, category, page - 1) if page > 1 else "",
        "next_url": page_url(results.query, category, page + 1) if page < results.pages else "",
        "did_you_mean_url": page_url(results.did_you_mean, category, 1) if results.did_you_mean else "",
        "hits_html": hits_html(results.hits, 2),
        "other_hits_html": hits_html(results.other_hits, 3),
    }
    return render(request, "search/search_results.html", context)


@require_GET
def search_suggest(request):
    raw = request.GET.get("q", "")
    if len(raw) > query.MAX_RAW_CHARS:
        return JsonResponse({"error": gettext("The query is too long.")}, status=400)
    text = query.clean(raw).text
    if not text:
        return JsonResponse({"error": gettext("Type something to search for.")}, status=400)
    try:
        hits = engine.suggest(text, get_language())
    except (engine.SearchUnavailable, index.IndexUnavailable):
        return JsonResponse({"error": gettext("Search is unavailable for a moment.")}, status=503)
    suggestions = [{"title": h.title, "url": h.url, "kind": h.kind} for h in hits]
    return JsonResponse({"query": text, "suggestions": suggestions})
