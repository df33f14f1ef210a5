"""Thin views: each fetches from the in-memory content store and renders one template."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_safe

from . import content, crictl, translator
from .pages import render_page

GUIDE_CATEGORY = "dont-panic"


@require_safe
def home(request):
    store = content.get_store()
    lang = get_language()
    context = {
        "home": store.home,
        "highlights": [store.get_entry(lang, entry_id) for entry_id in store.home.highlights],
        "sections": [(c, store.entries_in(lang, c.id)) for c in store.categories],
    }
    return render_page(request, "faq/home.html", context)


@require_safe
def entry_detail(request, entry_id):
    store = content.get_store()
    entry = store.get_entry(get_language(), entry_id)
    if entry is None:
        raise Http404
    previous, following = store.neighbours(entry)
    context = {
        "entry": entry,
        "category": store.get_category(entry.category),
        "related": store.related(entry),
        "previous": previous,
        "next": following,
        "is_stale": store.is_stale(entry),
        "version": store.version,
        "edit_url": f"{settings.EDIT_BASE_URL}/content/{entry.path}" if settings.EDIT_BASE_URL else "",
    }
    return render_page(request, "faq/entry_detail.html", context)


@require_safe
def category_detail(request, category_id):
    return _category_page(request, category_id, "faq/category_detail.html")


@require_safe
def dont_panic_guide(request):
    return _category_page(request, GUIDE_CATEGORY, "faq/guide.html")


def _category_page(request, category_id, template_name):
    store = content.get_store()
    category = store.get_category(category_id)
    if category is None:
        raise Http404
    entries = store.entries_in(get_language(), category.id)
    return render_page(request, template_name, {"category": category, "entries": entries})


@require_safe
def crictl_reference(request):
    table = crictl.get_table()
    docker = request.GET.get("docker", "")
    translation = translator.translate(docker, table.commands()) if docker.strip() else None
    context = {"table": table, "docker": docker[: translator.MAX_LENGTH], "translation": translation}
    if translation is None:
        return render_page(request, "faq/crictl_reference.html", context)
    status = 400 if translation.status == "too-long" else 200
    return render(request, "faq/crictl_reference.html", context, status=status)


@require_GET
def switch_language(request, lang):
    """Remember the reader's choice in the language cookie, then go to the page in that language."""
    if lang not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if not (safe and target.startswith(f"/{lang}/")):
        target = f"/{lang}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response
