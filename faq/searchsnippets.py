"""Highlighted snippets for search hits: HTML-escaped text with <mark> around the matched words,
cut from the body (or the summary) around the matches, from the character offsets the index
stores for each posting."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from whoosh import highlight


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


def hits(searcher, base, ranked, make_hit):
    """`make_hit(stored, snippet)` for each (docnum, stored fields) of `ranked`, with a snippet
    built from the match offsets stored in the index (no re-analysis of the text)."""
    words = {}
    for fieldname, text in base.iter_all_terms():
        if fieldname in ("body", "summary"):
            words.setdefault(fieldname, set()).add(text)
    docnums = sorted(d for d, _ in ranked)
    chars = {name: _match_offsets(searcher, name, terms, docnums) for name, terms in words.items()}
    out = []
    for docnum, stored in ranked:
        snippet = ""
        for name in ("body", "summary"):
            tokens = chars.get(name, {}).get(docnum)
            if tokens:
                snippet = _snippet(stored[name], tokens)
                break
        out.append(make_hit(stored, mark_safe(snippet or escape(stored["summary"][:160]))))  # escaped
    return out


def _match_offsets(searcher, field, terms, docnums):
    """{docnum: [Token]} of where `terms` occur in `field` of each of `docnums`."""
    found = {}
    for text in terms:
        try:
            matcher = searcher.postings(field, text)
        except Exception:  # the term is not in this field at all
            continue
        for docnum in docnums:
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                for pos, start, end in matcher.value_as("characters"):
                    token = highlight.Token(text=text, pos=pos, startchar=start, endchar=end, matched=True)
                    found.setdefault(docnum, []).append(token)
    return found


def _snippet(text, tokens):
    tokens = sorted(tokens, key=lambda t: (t.startchar, -t.endchar))
    fragments = list(_FRAGMENTER.fragment_matches(text, tokens))
    best = sorted(sorted(fragments, key=_SCORER, reverse=True)[:2], key=lambda f: f.startchar)
    return _EscapingFormatter().format(best)
