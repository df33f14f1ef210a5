"""What to offer when a search finds nothing: an English spelling correction from the index's
lexicon, and the entries whose title and summary look most like the query."""

import collections
import json
import re
import threading

from whoosh.support.levenshtein import distance

from .searchanalysis import MixedTokenizer, normalize

VOCABULARY = "spelling.json"  # {word: occurrences} in each index generation
MAX_EDITS = 2
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_WORDS = MixedTokenizer("bigram")
_lock = threading.Lock()


def spelling_words(text):
    """The English words of `text` "did you mean" may offer: ASCII, letters only, three or more,
    lowercased; split as the search analyzer splits them (cri-dockerd -> cri, dockerd)."""
    for word, _, _ in _ASCII_WORDS.words(_NON_ASCII.sub(" ", text)):
        word = word.lower()
        if word.isalpha() and len(word) >= 3:
            yield word


class Vocabulary:
    """Counts the spelling words of the indexed documents and writes them into the generation:
    a word list built here costs a fraction of indexing them as one more Whoosh field."""

    def __init__(self):
        self.counts = collections.Counter()

    def add(self, text):
        self.counts.update(spelling_words(text))

    def write(self, folder):
        (folder / VOCABULARY).write_text(json.dumps(self.counts, sort_keys=True), encoding="utf-8")


def _vocabulary(searcher):
    """{word: occurrences} of the searcher's index generation, read once."""
    index = getattr(searcher, "_ix", None)
    owner = searcher if index is None else index
    with _lock:
        if "_faq_vocabulary" not in owner.__dict__:
            folder = getattr(getattr(index, "storage", None), "folder", None)
            try:
                with open(f"{folder}/{VOCABULARY}", encoding="utf-8") as file:
                    counts = json.load(file)
            except (OSError, ValueError, TypeError):
                counts = {}  # an index without the list: no corrections
            owner.__dict__["_faq_vocabulary"] = counts
        return owner.__dict__["_faq_vocabulary"]


def _suggest(counts, word):
    """The most frequent word within MAX_EDITS (Damerau-Levenshtein) edits of `word` (equal counts:
    the last in alphabetical order), found and ranked as Whoosh's ReaderCorrector did over the
    lexicon of a multi-segment index; or None."""
    best = None
    for candidate, count in counts.items():
        if distance(candidate, word, limit=MAX_EDITS) <= MAX_EDITS:
            score = 0 - (MAX_EDITS + (1.0 / (count or 1) * 0.5))
            best = max(best or (score, candidate), (score, candidate))
    return best and best[1]


def spelling_correction(searcher, text):
    counts = _vocabulary(searcher)
    words = text.split()
    changed = False
    for i, word in enumerate(words):
        lower = word.lower()
        if lower.isascii() and lower.isalpha() and len(lower) >= 3 and lower not in counts:
            suggestion = _suggest(counts, lower)
            if suggestion:
                words[i], changed = suggestion, True
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
