from babel.dates import format_date
from django import template
from django.utils.translation import get_language

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
