import re

from babel.dates import format_date
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ...content import typeset
from .. import machine

register = template.Library()


@register.filter
def local_date(value):
    """A date the way the page's language writes it: 2022年5月3日 / May 3, 2022."""
    if not value:
        return ""
    return format_date(value, format="long", locale=get_language() or "ja")


@register.filter
def in_lang(mapping):
    """Pick the page's language from a {lang: text} mapping of the content files."""
    return mapping.get(get_language(), "") if mapping else ""


@register.simple_tag(takes_context=True)
def entry_jsonld(context, entry):
    """<script type="application/ld+json"> with the entry's FAQPage data (not executed: CSP-safe)."""
    url = context["request"].build_absolute_uri()
    # machine.entry_jsonld escapes <, > and &, so the JSON cannot close the element.
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(machine.entry_jsonld(entry, url))
    )


@register.filter
def phrases(text):
    """Interface text typeset like content titles: Japanese breaks between phrases only."""
    return typeset.phrases(text)


_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@register.filter
def lang_attr(text):
    """` lang="en"` for a title with no Japanese in it (a source's own title on a Japanese page),
    so a screen reader reads it with an English voice; nothing otherwise."""
    if get_language() == "en" or _KANA_KANJI.search(str(text)):
        return ""
    return mark_safe(' lang="en"')
