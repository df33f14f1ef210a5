"""Markdown to safe HTML, done once when content loads: tables, fenced code, heading anchors
that keep Japanese, links between entries, and an allow-list sanitizer over the result."""

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass

import markdown
import nh3
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, override
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode

from . import typeset

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
    "a": {"href", "aria-label"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str
    html: str = ""  # typeset for the table of contents (typeset.phrase_html)
    children: tuple = ()  # the headings under this one, for a nested table of contents
    alias: str = ""  # the anchor this heading had before it took its counterpart's, if any


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]  # every heading, in order
    toc: tuple[Heading, ...] = ()  # the same, nested: top-level headings with their children


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


def render(text, lang, anchors=None):
    """Render Markdown `text` for a page in `lang`; return sanitized HTML and its headings.

    `anchors`, if given, are (level, id) pairs: when the headings have exactly these levels, they
    take these ids in order (a translation takes its original's short ASCII ids), each keeping
    its own slug as an alias so old links still land."""
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
    levels = [token["level"] for token in _tokens(md.toc_tokens)]
    chosen = [anchor for _, anchor in anchors] if anchors and [lv for lv, _ in anchors] == levels else []
    toc = _toc(md.toc_tokens, chosen)
    html = _reanchor(html, _walk(toc), permalink_title)
    html = _INTERNAL_HREF.sub(lambda m: _resolve_href(m, lang), html)
    safe = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    safe = typeset.keep_identifiers_html(_HEADING.sub(_typeset_heading, safe))
    return Rendered(_sectioned(_scrollable(safe)), tuple(_walk(toc)), toc)


def _scrollable(html):
    # Wide tables and code scroll sideways on a phone; a keyboard user must be able to focus
    # them to scroll. Added after sanitizing, since this markup is ours, not the author's.
    html = html.replace("<table>", '<div class="table-scroll" tabindex="0"><table>')
    html = html.replace("</table>", "</table></div>")
    return html.replace("<pre>", '<pre tabindex="0">')


def _sectioned(html):
    # Each top-level section in its own element, so the browser can skip laying out the ones
    # off screen (CSS content-visibility) and a long page costs little to show.
    parts = re.split(r"(?=<h2 )", html)
    return parts[0] + "".join(f'<section class="section">{part}</section>' for part in parts[1:])


def _resolve_href(match, lang):
    kind, target, fragment = match.group(1), match.group(2), match.group(3) or ""
    url = internal_url(kind, target, lang)
    # Unknown targets are reported by validation; here they simply lose their link.
    return f'href="{url}{fragment}"' if url else 'href="#"'


def _toc(tokens, anchors):
    """Headings from Python-Markdown's TOC tokens, taking ids from `anchors` in document order."""
    headings = []
    for token in tokens:
        own = token["id"]
        anchor = anchors.pop(0) if anchors else own
        children = _toc(token["children"], anchors)
        text = html_lib.unescape(token["name"])
        headings.append(
            Heading(
                token["level"],
                anchor,
                text,
                typeset.phrase_html(token["html"]),
                children,
                own if own != anchor else "",
            )
        )
    return tuple(headings)


def _tokens(tokens):
    for token in tokens:
        yield token
        yield from _tokens(token["children"])


def _walk(headings):
    for heading in headings:
        yield heading
        yield from _walk(heading.children)


def _reanchor(html, headings, permalink_title):
    """Give headings their chosen ids (the old one stays as an alias span), point the "#" links
    and same-page links at them, and name each "#" link after its section for screen readers."""
    for heading in headings:
        old = heading.alias or heading.anchor
        alias = f'<span class="anchor-alias" id="{old}"></span>' if heading.alias else ""
        html = re.sub(
            rf'<h{heading.level} id="{re.escape(old)}">',
            lambda m, h=heading, a=alias: f'<h{h.level} id="{h.anchor}">{a}',
            html,
            count=1,
        )
        html = html.replace(f'href="#{old}"', f'href="#{heading.anchor}"')
        label = html_lib.escape(f"{permalink_title}: {heading.text}")
        html = html.replace(
            f'<a class="headerlink" href="#{heading.anchor}" title="{permalink_title}">',
            f'<a class="headerlink" href="#{heading.anchor}" title="{permalink_title}" aria-label="{label}">',
        )
    return html


_HEADING = re.compile(
    r'(<h[2-6] id="[^"]*">(?:<span class="anchor-alias" id="[^"]*"></span>)?)(.*?)(<a class="headerlink")'
)


def _typeset_heading(match):
    return match.group(1) + typeset.phrase_html(match.group(2)) + match.group(3)
