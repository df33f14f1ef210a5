"""What to offer when a search finds nothing: an English spelling correction from the index's
lexicon, and the entries whose title and summary look most like the query.

"Did you mean" does a small, fixed amount of work per query, whatever is typed: at most
MAX_CORRECTED words of MIN_LETTERS..MAX_LETTERS letters are looked up, each in the deletion
neighbourhood of the vocabulary (below) instead of against every word, and at most MAX_CHECKED
candidates per word get a distance computed."""

import array
import bisect
import collections
import json
import mmap
import re
import zlib

from whoosh.support.levenshtein import distance

from . import index
from .analysis import MixedTokenizer, normalize

VOCABULARY = "spelling.json"  # {word: occurrences} in each index generation
NEIGHBOURHOOD = "spelling-deletions.bin"  # beside it: see _deletion_keys
MAX_EDITS = 2
MIN_LETTERS, MAX_LETTERS = 3, 24  # shorter words are not corrected; longer ones are not typos
MAX_CORRECTED = 6  # query words looked up per query (a search uses at most 12)
MAX_CHECKED = 24  # best-ranked candidates per word whose distance is computed
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_KATAKANA_WORD = re.compile(f"[\u30a1-\u30fa\u30fc]{{{MIN_LETTERS},}}")
SHORT = 4  # a word of up to this many letters is corrected by one edit only (クリオ is not クリーン)
_ASCII_WORDS = MixedTokenizer("bigram")

# Why a deletion neighbourhood (SymSpell's idea): two words within MAX_EDITS edits (insertions,
# deletions, substitutions, transpositions) have a string in common that each becomes by deleting
# at most MAX_EDITS of its letters. Each word's deletions are written at build time as 64-bit keys
# (crc32 of the deletion, the word's length, its rank), sorted, so a lookup is a bisect per
# deletion of the query word (at most 301 for 24 letters) and reads the words of plausible length
# best ranked first; a crc32 collision only adds a candidate the distance then rejects. Measured on
# the 10k-document benchmark corpus (26k words): 841k keys, a 6.4 MiB file mapped read-only (the
# workers share its pages), 1.7 s more build, 0.3 ms a word (median; 1.3 ms at most). A dict of
# the deletions took 110 MiB per process and 4.6 s to build; Whoosh's Levenshtein automata took
# 8-13 ms a word; a BK-tree (5.5 MiB, 18 s to build) computed 5,600 distances a word, 750 ms.
_RANK_BITS, _LENGTH_BITS = 27, 5  # up to 134M words of up to 31 letters under a 32-bit hash
_RANK_MASK = (1 << _RANK_BITS) - 1


def spelling_words(text):
    """The words of `text` "did you mean" may offer: English words (ASCII, letters only, three or
    more, lowercased; split as the search analyzer splits them: cri-dockerd -> cri, dockerd), and
    katakana words of three or more letters as written (a katakana run: コンテナランタイム)."""
    for word, _, _ in _ASCII_WORDS.words(_NON_ASCII.sub(" ", text)):
        word = word.lower()
        if word.isalpha() and len(word) >= 3:
            yield word
    yield from _KATAKANA_WORD.findall(text)


class Vocabulary:
    """Counts the spelling words of the indexed documents and writes them, with their deletion
    neighbourhood, into the generation: a word list built here costs a fraction of indexing them
    as one more Whoosh field."""

    def __init__(self):
        self.counts = collections.Counter()

    def add(self, text):
        self.counts.update(spelling_words(text))

    def write(self, folder):
        (folder / VOCABULARY).write_text(json.dumps(self.counts, sort_keys=True), encoding="utf-8")
        keys = [
            _key(zlib.crc32(d.encode()), len(w), rank)
            for rank, w in enumerate(_ranked(self.counts))
            for d in _deletions(w)
        ]
        with open(folder / NEIGHBOURHOOD, "wb") as file:
            array.array("Q", sorted(keys)).tofile(file)


def _ranked(counts):
    """The words "did you mean" may offer, best first: the most frequent, then (as Whoosh's
    corrector broke ties) the last in alphabetical order. A word's position is its rank."""
    words = [w for w in counts if MIN_LETTERS <= len(w) <= MAX_LETTERS]
    return sorted(words, key=lambda w: (counts[w], w), reverse=True)


def _deletions(word):
    """`word` and every string made by deleting at most MAX_EDITS of its letters."""
    found = layer = {word}
    for _ in range(MAX_EDITS):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        found = found | layer
    return found


def _key(crc, length, rank=0):
    """The sort key of a deletion (its crc32) of a word of `length` letters and `rank`."""
    return (crc << _LENGTH_BITS | length) << _RANK_BITS | rank


class _Spelling:
    """One generation's words: {word: occurrences}, the ranked words and the sorted keys."""

    def __init__(self, folder):
        try:
            with open(f"{folder}/{VOCABULARY}", encoding="utf-8") as file:
                self.counts = json.load(file)
            with open(f"{folder}/{NEIGHBOURHOOD}", "rb") as file:
                self.keys = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)).cast("Q")
        except (OSError, ValueError, TypeError):
            self.counts, self.keys = {}, ()  # an index without the lists: no corrections
        self.ranked = _ranked(self.counts)

    def candidates(self, word):
        """The ranks of the MAX_CHECKED best words of MAX_EDITS letters more or less than `word`
        that share a deletion with it, best first. The keys of one deletion and length are in rank
        order, so at most MAX_CHECKED are read from each."""
        keys, found = self.keys, set()
        shortest, longest = max(MIN_LETTERS, len(word) - MAX_EDITS), min(MAX_LETTERS, len(word) + MAX_EDITS)
        for deletion in _deletions(word):
            crc = zlib.crc32(deletion.encode())
            i, end = bisect.bisect_left(keys, _key(crc, shortest)), _key(crc, longest + 1)
            segment, taken = None, 0
            while i < len(keys) and keys[i] < end:
                if keys[i] >> _RANK_BITS != segment:
                    segment, taken = keys[i] >> _RANK_BITS, 0
                if taken == MAX_CHECKED:  # on to the next length
                    i = bisect.bisect_left(keys, (segment + 1) << _RANK_BITS, i)
                    continue
                found.add(keys[i] & _RANK_MASK)
                taken += 1
                i += 1
        return sorted(found)[:MAX_CHECKED]

    def suggest(self, word):
        """The best-ranked word within MAX_EDITS (Damerau-Levenshtein) edits of `word` (one for a
        SHORT word), or None."""
        edits = 1 if len(word) <= SHORT else MAX_EDITS
        for rank in self.candidates(word):
            candidate = self.ranked[rank]
            if distance(candidate, word, limit=edits) <= edits:
                return candidate
        return None


def _spelling(searcher):
    """The _Spelling of the searcher's index generation, read once."""
    return index.per_generation(searcher, "_faq_spelling", _Spelling)


def spelling_correction(searcher, text):
    """`text` with its first MAX_CORRECTED unknown words of plausible length (English words, and
    katakana words inside Japanese ones) replaced by their suggestion, or None when nothing
    changed."""
    spelling = _spelling(searcher)
    looked_up = [0]

    def corrected(word):
        if not (MIN_LETTERS <= len(word) <= MAX_LETTERS) or word in spelling.counts:
            return word
        if looked_up[0] == MAX_CORRECTED:
            return word
        looked_up[0] += 1
        return spelling.suggest(word) or word

    words = text.split()
    for i, word in enumerate(words):
        lower = word.lower()
        if lower.isascii() and lower.isalpha():
            fixed = corrected(lower)
            words[i] = fixed if fixed != lower else word
        elif not lower.isascii():
            words[i] = _KATAKANA_WORD.sub(lambda m: corrected(m.group()), word)
    return " ".join(words) if words != text.split() else None


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
