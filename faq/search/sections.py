"""The sections of an entry a search hit lists under it: the H2/H3 headings indexed with the entry
(indexing.py) whose words say more about the query than the entry's title does."""

from .analysis import normalize
from .query import analyze

MAX_SECTIONS = 3  # sections listed under a hit


class HeadingWords(dict):
    """{title or heading text: its analyzed words}, filled as hits ask. Kept per index generation
    (index.per_generation): its stored texts never change, so no query analyzes them again, and
    the dict never holds more than the generation's titles and headings."""

    def __init__(self, analyzer):
        super().__init__()
        self.analyzer = analyzer

    def __missing__(self, text):
        words = self[text] = frozenset(analyze(self.analyzer, normalize(text)))
        return words


def matching(heading_words, wanted, stored):
    """[(anchor, heading)] of the hit's sections whose heading holds the most query words: a word
    the entry's title lacks, or all of several (a heading holding only one of the title's words
    says nothing more than the title). `heading_words` is a HeadingWords."""
    found, titled = [], heading_words[stored["display_title"]]
    for i, (anchor, heading) in enumerate(stored.get("sections") or ()):
        shared = wanted.intersection(heading_words[heading])
        if shared - titled or (len(wanted) > 1 and shared == wanted):
            found.append((-len(shared), i, anchor, heading))
    return [(anchor, heading) for _, _, anchor, heading in sorted(found)[:MAX_SECTIONS]]
