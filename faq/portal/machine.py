"""What machines read: the sitemap with hreflang alternates, an Atom feed per language,
the OpenSearch description, robots.txt and the FAQPage JSON-LD of an entry page."""

import datetime
import json

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from ..content import loader

FEED_SIZE = 20
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class EntrySitemap(Sitemap):
    """Every entry in every language, each URL listing its translations (hreflang)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return sorted({entry.id for entry in loader.get_store().all_entries()})

    def location(self, entry_id):
        return reverse("entry-detail", args=[entry_id])

    def lastmod(self, entry_id):
        store = loader.get_store()
        found = (store.get_entry(lang, entry_id) for lang, _ in settings.LANGUAGES)
        return max(e.updated for e in found if e)  # a team's entry may be in one language only

    def get_languages_for_item(self, entry_id):
        store = loader.get_store()
        return [lang for lang, _ in settings.LANGUAGES if store.get_entry(lang, entry_id)]


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        store = loader.get_store()
        pages = [("home", ()), ("dont-panic-guide", ()), ("crictl-reference", ())]
        return pages + [("category-detail", (c.id,)) for c in store.categories]

    def location(self, item):
        name, args = item
        return reverse(name, args=args)


SITEMAPS = {"entries": EntrySitemap, "pages": PageSitemap}


class EntryFeed(Feed):
    """The most recently updated entries in the current language, as Atom."""

    feed_type = feedgenerator.Atom1Feed

    def title(self):
        return gettext("Dockershim removal FAQ")

    def subtitle(self):
        return gettext("Recently updated answers")

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("entry-feed")

    def items(self):
        entries = loader.get_store().all_entries(get_language())
        return sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_SIZE]

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return reverse("entry-detail", args=[entry.id])

    def item_updateddate(self, entry):
        return _midnight(entry.updated)

    def item_pubdate(self, entry):
        return _midnight(entry.updated)


# Django's sitemap and feed views answer any method, TRACE and OPTIONS included, with the body.
sitemap = require_safe(sitemap_view)
entry_feed = require_safe(EntryFeed())


@require_safe
def opensearch(request):
    return render(request, "portal/opensearch.xml", content_type="application/opensearchdescription+xml")


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def entry_jsonld(entry, url):
    """FAQPage JSON-LD for one entry, safe to place inside <script type="application/ld+json">."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": entry.lang,
        "url": url,
        "dateModified": entry.updated.isoformat(),
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.title,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": f"{entry.summary}\n\n{entry.body_text}".strip(),
                },
            }
        ],
    }
    # Escaping <, > and & keeps "</script>" in the text from ending the element early.
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin): send them ours."""
    return HttpResponsePermanentRedirect(static("faq/favicon.svg"))
