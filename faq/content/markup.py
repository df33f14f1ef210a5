"""Markdown to safe HTML, done once when content loads: tables, fenced code, heading anchors
that keep Japanese, links between entries, and an allow-list sanitizer over the result."""

import re
import unicodedata
from dataclasses import dataclass

import markdown
import nh3
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, override
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode

# `page:<name>` links in content resolve to these URL names.
PAGE_URL_NAMES = {
    "home": "home",
    "crictl": "crictl-reference",
    "dont-panic": "dont-panic-guide",
    "wizard": "wizard",
    "search": "search",
    "check": "check",
}
INTERNAL_LINK = re.compile(r"\]\((entry|page):([^)#\s]*)(#[^)\s]*)?\)")
_INTERNAL_HREF = re.compile(r'href="(entry|page):([^"#]*)(#[^"]*)?"')

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "summary",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]


def heading_slug(value, separator):
    # NFKC first: full-width "Ｄｏｃｋｅｒ" and half-width kana get the anchors people type.
    return slugify_unicode(unicodedata.normalize("NFKC", value), separator)


def internal_url(kind, target, lang):
    """The URL of `entry:<id>` or `page:<name>` in `lang`, or None if there is no such page."""
    with override(lang):
        try:
            if kind == "entry":
                return reverse("entry-detail", args=[target])
            return reverse(PAGE_URL_NAMES[target])
        except (KeyError, NoReverseMatch):
            return None


def render(text, lang):
    """Render Markdown `text` for a page in `lang`; return sanitized HTML and its headings."""
    with override(lang):
        permalink_title = gettext("Link to this section")
    md = markdown.Markdown(
        extensions=[
            TocExtension(slugify=heading_slug, permalink="#", permalink_title=permalink_title),
            TableExtension(use_align_attribute=True),
            "fenced_code",
            "admonition",
            "sane_lists",
        ]
    )
    html = md.convert(text)
    html = _INTERNAL_HREF.sub(lambda m: _resolve_href(m, lang), html)
    safe = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Rendered(_scrollable(safe), tuple(_flatten(md.toc_tokens)))


def _scrollable(html):
    # Wide tables and code scroll sideways on a phone; a keyboard user must be able to focus
    # them to scroll. Added after sanitizing, since this markup is ours, not the author's.
    html = html.replace("<table>", '<div class="table-scroll" tabindex="0"><table>')
    html = html.replace("</table>", "</table></div>")
    return html.replace("<pre>", '<pre tabindex="0">')


def _resolve_href(match, lang):
    kind, target, fragment = match.group(1), match.group(2), match.group(3) or ""
    url = internal_url(kind, target, lang)
    # Unknown targets are reported by validation; here they simply lose their link.
    return f'href="{url}{fragment}"' if url else 'href="#"'


def _flatten(tokens):
    for token in tokens:
        yield Heading(token["level"], token["id"], token["name"])
        yield from _flatten(token["children"])
