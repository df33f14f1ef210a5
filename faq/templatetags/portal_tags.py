from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import machine

register = template.Library()


@register.simple_tag(takes_context=True)
def entry_jsonld(context, entry):
    """<script type="application/ld+json"> with the entry's FAQPage data (not executed: CSP-safe)."""
    url = context["request"].build_absolute_uri()
    # machine.entry_jsonld escapes <, > and &, so the JSON cannot close the element.
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(machine.entry_jsonld(entry, url))
    )
