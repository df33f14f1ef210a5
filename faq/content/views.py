"""Thin views of the content: each fetches from the in-memory content store and renders one template."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .. import audience
from . import crictl, loader, translator
from .entryfile import LANGS
from .pages import render_page

GUIDE_CATEGORY = "dont-panic"


@require_safe
def home(request):
    store = loader.get_store(audience.is_staff(request))
    lang = get_language()
    context = {
        "home": store.home,
        "highlights": [store.get_entry(lang, entry_id) for entry_id in store.home.highlights],
        "sections": _sections(store, lang),
    }
    return render_page(request, "content/home.html", context)


def _sections(store, lang):
    """Every category with its entries: the home page's list and the side navigation."""
    return [(c, store.entries_in(lang, c.id)) for c in store.categories]


@require_safe
def entry_detail(request, entry_id):
    store = loader.get_store(audience.is_staff(request))
    lang = get_language()
    # A team's entry written in one language only is shown as written, with a notice.
    entry = store.get_entry(lang, entry_id) or store.untranslated(lang, entry_id)
    if entry is None:
        raise Http404
    previous, following = store.neighbours(entry)
    context = {
        "entry": entry,
        "untranslated": entry.lang != lang,
        # hreflang names only the languages the entry is written in
        "written_in": [code for code in LANGS if store.get_entry(code, entry.id)],
        "local_note": store.local_note(entry),
        "category": store.get_category(entry.category),
        "related": store.related(entry),
        "previous": previous,
        "next": following,
        "is_stale": store.is_stale(entry),
        "sections": _sections(store, entry.lang),
        "version": store.version,
        "edit_url": _edit_url(entry),
    }
    return render_page(request, "content/entry_detail.html", context)


def _edit_url(entry):
    if entry.local or not settings.EDIT_BASE_URL:  # a team's entry lives in their own repository
        return ""
    return f"{settings.EDIT_BASE_URL}/content/{entry.path}"


@require_safe
def category_detail(request, category_id):
    return _category_page(request, category_id, "content/category_detail.html")


@require_safe
def dont_panic_guide(request):
    return _category_page(request, GUIDE_CATEGORY, "content/guide.html")


def _category_page(request, category_id, template_name):
    store = loader.get_store(audience.is_staff(request))
    category = store.get_category(category_id)
    if category is None:
        raise Http404
    lang = get_language()
    entries = store.entries_in(lang, category.id)
    context = {
        "category": category,
        "entries": entries,
        "untranslated": store.untranslated_in(lang, category.id),  # a team's, in one language only
        "sections": _sections(store, lang),
        "updated": max((e.updated for e in entries), default=None),
    }
    return render_page(request, template_name, context)


@require_safe
def entry_index(request):
    """/<lang>/faq/, the parent of every entry's address: the home page lists them all."""
    return HttpResponsePermanentRedirect(reverse("home"))


@require_safe
def crictl_reference(request):
    table = crictl.get_table()
    docker = request.GET.get("docker", "")
    translation = translator.translate(docker, table.commands()) if docker.strip() else None
    context = {"table": table, "docker": docker[: translator.MAX_LENGTH], "translation": translation}
    if translation is None:
        return render_page(request, "content/crictl_reference.html", context)
    status = 400 if translation.status == "too-long" else 200
    return render(request, "content/crictl_reference.html", context, status=status)
