"""Highlighted snippets for search hits: HTML-escaped text with <mark> around the matched words,
cut from the summary (or the body) around the matches.

The index stores no character offsets (decoding them slowed every query); the matches are found by
analyzing the stored text of the shown hits only, up to where every query word has been seen."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from whoosh import highlight

from .analysis import KANA_KANJI, positioned_words, run_filter, variants_of

_IN_RUN = re.compile(rf"[{KANA_KANJI}0-9A-Za-z\-._/+:]")


class _EscapingFormatter(highlight.HtmlFormatter):
    """HtmlFormatter escapes <>& but not quotes; escape everything, mark with <mark>."""

    def __init__(self):
        super().__init__(tagname="mark", between=" … ")

    def _text(self, text):
        return escape(text)

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


_FRAGMENTER = highlight.PinpointFragmenter(maxchars=160, surround=40, autotrim=True)
_SCORER = highlight.BasicFragmentScorer()


def snippet(searcher, words, docnum, stored):
    """The safe HTML snippet of one hit (docnum, stored fields); `words` is the query's
    ranking.Words, whose postings say which words each document's fields hold."""
    # The summary first: a sentence or two, so analyzing it is cheap, and it says what the entry
    # answers; the body only when the summary holds none of the words.
    for name in ("summary", "body"):
        terms = {w for w, per_field in words.postings.items() if docnum in per_field.get(name, ())}
        tokens = match_tokens(searcher.schema[name].analyzer, stored[name], terms)
        if tokens:
            return mark_safe(_snippet(stored[name], tokens))  # escaped by _EscapingFormatter
    return escape(stored["summary"][:160])


def match_tokens(analyzer, text, terms):
    """[Token] of where `terms` occur in analyzed `text`, up to where each has been seen once or
    a snippet's width past the first match, whichever comes first."""
    found, missing = [], set(terms)
    if not missing:
        return found
    offset = _start(analyzer, text, terms)
    for word, pos, start, end in positioned_words(analyzer, text[offset:], run_filter(analyzer, terms)):
        start, end = start + offset, end + offset
        if found and start > found[0].startchar + 2 * _FRAGMENTER.maxchars:
            break
        if word in terms:
            found.append(highlight.Token(text=word, pos=pos, startchar=start, endchar=end, matched=True))
            missing.discard(word)
            if not missing:
                break
    return found


def _start(analyzer, text, terms):
    """Where to start analyzing `text` for a snippet of `terms`: the start of the run of words
    holding the first place where one of them may be written (its first three letters, in lower
    case: a stem keeps them; or a synonym's), or 0. A guess that only moves the snippet: an
    earlier match written otherwise is not highlighted."""
    words = set(terms)
    if not all(word.isascii() for word in words):
        return 0
    probes = {word[:3] for word in words}
    probes.update(key[:3] if key.isascii() else key[0] for key in variants_of(analyzer, words))
    # Case-insensitive on the text itself: lower() can change its length (İ -> i̇).
    match = re.compile("|".join(map(re.escape, sorted(probes))), re.IGNORECASE).search(text)
    first = match.start() if match else 0
    while first > 0 and _IN_RUN.match(text, first - 1):  # back to a character that ends every run
        first -= 1
    return first


def _snippet(text, tokens):
    tokens = sorted(tokens, key=lambda t: (t.startchar, -t.endchar))
    fragments = list(_FRAGMENTER.fragment_matches(text, tokens))
    best = sorted(sorted(fragments, key=_SCORER, reverse=True)[:2], key=lambda f: f.startchar)
    return _EscapingFormatter().format(best)
