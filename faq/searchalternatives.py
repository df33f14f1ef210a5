"""What to offer when a search finds nothing: an English spelling correction from the index's
lexicon, and the entries whose title and summary look most like the query."""

import re

from .searchanalysis import normalize


def spelling_correction(searcher, text):
    corrector = searcher.corrector("spell")
    words = text.split()
    changed = False
    for i, word in enumerate(words):
        lower = word.lower()
        if (
            lower.isascii()
            and lower.isalpha()
            and len(lower) >= 3
            and not searcher.doc_frequency("spell", lower)
        ):
            suggestions = corrector.suggest(lower, limit=1, maxdist=2)
            if suggestions:
                words[i], changed = suggestions[0], True
    return " ".join(words) if changed else None


_BIGRAMS = re.compile(r"\w")


def closest_entries(query, entries, limit=3):
    """Stored-fields dicts of the entries whose title and summary share the most character pairs
    with `query`."""
    wanted = _pairs(query)
    if not wanted:
        return []
    scored = []
    for entry in entries:
        have = _pairs(f"{entry.title} {entry.summary}")
        overlap = len(wanted & have) / len(wanted)
        if overlap > 0.2:
            scored.append((-overlap, entry.id, entry))
    return [
        {"kind": "entry", "item_id": e.id, "lang": e.lang, "category": e.category, "display_title": e.title}
        for _, _, e in sorted(scored)[:limit]
    ]


def _pairs(text):
    chars = [c for c in normalize(text).lower() if _BIGRAMS.match(c)]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}
