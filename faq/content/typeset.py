"""Line breaking for Japanese headings, titles, cards and buttons, done on the server: BudouX
marks the phrase boundaries with <wbr> inside a `phrases` span (CSS keeps everything else
together), and identifiers such as cri-dockerd or /etc/crictl.yaml are kept whole in both
languages. Content is typeset once when it loads; interface strings are memoized."""

import functools
import html
import re

import budoux
from django.utils.safestring import mark_safe

_parser = budoux.load_default_japanese_parser()
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")
# A word with a hyphen or slash between letters or digits: cri-dockerd, CRI-O, /etc/crictl.yaml.
# A browser may break after the hyphen or slash; we never do.
# Dates and other digits-only tokens are left alone: browsers never break before a digit.
_IDENTIFIER = re.compile(r"(?<![\w./-])(?=[\w./-]*[A-Za-z])/?[\w.]*\w(?:[-/][\w.]*\w)+/?", re.ASCII)
_TAG = re.compile(r"(<[^>]+>)")
_CODE_OPEN = re.compile(r"<(code|pre|kbd|samp)\b", re.I)
_CODE_CLOSE = re.compile(r"</(code|pre|kbd|samp)>", re.I)


def _keep_identifiers(escaped):
    return _IDENTIFIER.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped)


def _phrase_text(text):
    """Escaped `text` with <wbr> between its phrases and identifiers kept whole."""
    if not _JAPANESE.search(text):
        return _keep_identifiers(html.escape(text, quote=False))
    return "<wbr>".join(_keep_identifiers(html.escape(phrase, quote=False)) for phrase in _parser.parse(text))


@functools.lru_cache(maxsize=4096)
def phrases(text):
    """Plain `text` as safe HTML that breaks only between phrases (Japanese) and never inside
    an identifier (either language)."""
    text = str(text)
    body = _phrase_text(text)
    if _JAPANESE.search(text):
        body = f'<span class="phrases">{body}</span>'
    return mark_safe(body)


def _map_text(fragment, function):
    """`fragment` with `function` applied to the unescaped text outside tags and code."""
    parts, depth = [], 0
    for part in _TAG.split(fragment):
        if part.startswith("<"):
            depth += 1 if _CODE_OPEN.match(part) else -1 if _CODE_CLOSE.match(part) else 0
            parts.append(part)
        elif part and depth == 0:
            parts.append(function(html.unescape(part)))
        else:
            parts.append(part)
    return "".join(parts)


def phrase_html(fragment):
    """The same for an HTML fragment (a rendered heading): text outside tags and code is
    typeset, tags are kept as they are."""
    body = _map_text(fragment, _phrase_text)
    return mark_safe(f'<span class="phrases">{body}</span>' if _JAPANESE.search(fragment) else body)


def keep_identifiers(text):
    """Plain `text` as safe HTML in which identifiers never break."""
    return mark_safe(_keep_identifiers(html.escape(str(text), quote=False)))


def keep_identifiers_html(fragment):
    """Prose HTML with identifiers outside code kept whole; nothing else changes."""
    return mark_safe(_map_text(fragment, lambda text: _keep_identifiers(html.escape(text, quote=False))))
