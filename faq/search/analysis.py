"""Text analysis for search: one analyzer for every text field, Japanese and English alike.

ASCII runs are split on punctuation (docker.sock -> docker sock, cri-dockerd -> cri dockerd,
CRI-O -> crio), lower-cased, stop-filtered and Porter-stemmed. Japanese runs go to SudachiPy
(core dictionary, split mode C) or, as the zero-dependency fallback, to overlapping bigrams.
Katakana spelling variants are folded and the synonym table (synonyms.py) maps each variant to
one canonical term, at index and at query time alike.

Whoosh pickles the analyzer into the index, so these classes must stay importable at this path
and must not pickle the Sudachi dictionary (it is loaded lazily, once per thread)."""

import functools
import re
import threading
import unicodedata

from whoosh.analysis import STOP_WORDS, Filter, LowercaseFilter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

from .katakana import japanese_words, names_pattern

KANA_KANJI = "\u3005\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# An ASCII word may hold inner punctuation (docker.sock, cri-dockerd, v1.24, /etc/crictl.yaml);
# ・ and every other symbol separates runs.
_RUNS = re.compile(rf"(?P<cjk>[{KANA_KANJI}]+)|(?P<ascii>[0-9A-Za-z]+(?:[-._/+:][0-9A-Za-z]+)*)")
_PARTS = re.compile(r"[0-9A-Za-z]+")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]+")

# Question words too: titles are questions, so "what" in a title says nothing about the topic.
EN_STOP = frozenset(STOP_WORDS) | {*"i me my do does did".split()}
# Particles, auxiliaries, symbols; and the verbs and nouns that carry no meaning alone.
JA_STOP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
JA_STOP_WORDS = frozenset(
    {"為る", "成る", "有る", "居る", "事", "物", "出来る", "言う", "此れ", "其れ", "よう", "ため"}
)


# Stemming the same words again and again was a tenth of the build time.
stem = functools.lru_cache(maxsize=65536)(porter_stem)


def fold_katakana(word):
    """One spelling for katakana loanwords: インターフェイス, インターフェース and インタフェース
    all become インタフェス; サーバー and サーバ become サーバ. Other text is returned unchanged."""
    if not _KATAKANA.fullmatch(word):
        return word
    word = word.replace("ェイ", "ェー")
    if len(word) > 2:
        word = word.rstrip("ー")
    return word.replace("ー", "") if len(word) > 3 else word


def ascii_parts(word):
    """(part, start, end) of one ASCII word: cri-dockerd -> cri, dockerd; CRI-O -> crio."""
    if word.isalnum():  # most words: no inner punctuation
        return [(word, 0, len(word))]
    parts = [(m.group(), m.start(), m.end()) for m in _PARTS.finditer(word)]
    if len(parts) > 1 and any(len(p) == 1 and p.isalpha() for p, _, _ in parts):
        return [("".join(p for p, _, _ in parts), 0, len(word))]
    return parts


class _Sudachi(threading.local):
    tokenizer = None


_sudachi = _Sudachi()


@functools.cache
def _sudachi_dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def _sudachi_words(run):
    """(word, start, end) of the content words of a Japanese run, by Sudachi's normalized form."""
    if _sudachi.tokenizer is None:  # Sudachi tokenizers are not thread-safe: one per thread
        from sudachipy import SplitMode

        _sudachi.tokenizer = _sudachi_dictionary().tokenizer(SplitMode.C)
        _sudachi.stop_pos = {}  # part-of-speech id -> is a stop part of speech
    stop_pos = _sudachi.stop_pos
    for m in _sudachi.tokenizer.tokenize(run):
        # The part of speech by id: building its tuple for every morpheme was a third of the cost.
        pos_id = m.part_of_speech_id()
        stop = stop_pos.get(pos_id)
        if stop is None:
            stop = stop_pos[pos_id] = _sudachi_dictionary().pos_of(pos_id)[0] in JA_STOP_POS
        if not stop:
            word = m.normalized_form()
            if word not in JA_STOP_WORDS:
                yield word, m.begin(), m.end()


def _bigram_words(run):
    """(bigram, start, end) over the run; a one-character run is a word by itself."""
    if len(run) == 1:
        yield run, 0, 1
    for i in range(len(run) - 1):
        yield run[i : i + 2], i, i + 2


JAPANESE_SEGMENTERS = {"sudachi": _sudachi_words, "bigram": _bigram_words}


class MixedTokenizer(Tokenizer):
    """Routes ASCII and Japanese runs of NFKC-normalized text; offsets point into that text."""

    def __init__(self, japanese="sudachi", names=None):
        self.japanese = japanese
        # katakana spelling without its ー -> the words of its name (search-katakana.yaml)
        self.names = {
            spelling.replace("ー", ""): tuple(part for part, _, _ in ascii_parts(name))
            for spelling, name in (names or {}).items()
        }
        self.pattern = names_pattern(self.names)

    def __eq__(self, other):
        return type(other) is type(self) and (other.japanese, other.names) == (self.japanese, self.names)

    def __setstate__(self, state):
        # Indexes built before the katakana names have none.
        self.__dict__.update({"names": {}, "pattern": None} | state)

    def words(self, text):
        segment, names, pattern = JAPANESE_SEGMENTERS[self.japanese], self.names, self.pattern
        for m in _RUNS.finditer(text):
            if m.group("ascii"):
                for part, begin, end in ascii_parts(m.group()):
                    yield part, m.start() + begin, m.start() + end
            else:
                for word, begin, end in japanese_words(m.group(), segment, names, pattern):
                    yield word, m.start() + begin, m.start() + end

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, (word, begin, end) in enumerate(self.words(value)):
            token.text, token.boost, token.stopped = word, 1.0, False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + i
            if chars:
                token.startchar, token.endchar = start_char + begin, start_char + end
            yield token


class FoldFilter(Filter):
    """Katakana spelling variants -> one spelling (see fold_katakana)."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_katakana(token.text)
            yield token


class CanonicalFilter(Filter):
    """Synonym variants -> their canonical term, in documents and queries alike."""

    def __init__(self, mapping):
        self.mapping = dict(mapping)

    def __eq__(self, other):
        return type(other) is type(self) and other.mapping == self.mapping

    def __call__(self, tokens):
        for token in tokens:
            token.text = self.mapping.get(token.text, token.text)
            yield token


class StopStemFilter(Filter):
    """Drops English stop words (keeping positions) and Porter-stems the ASCII words."""

    def __init__(self, stem_words=True):
        self.stem_words = stem_words

    def __eq__(self, other):
        return type(other) is type(self) and other.stem_words == self.stem_words

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if text.isascii():
                if text in EN_STOP:
                    continue
                if self.stem_words:
                    token.text = stem(text)
            yield token


_CHAIN = [MixedTokenizer, LowercaseFilter, FoldFilter, CanonicalFilter, StopStemFilter]


def _is_text_analyzer(analyzer):
    return [type(item) for item in getattr(analyzer, "items", ())] == _CHAIN


def positioned_words(analyzer, text, japanese=None):
    """(word, position, start, end) of analyzed `text`: what `analyzer(text, positions=True,
    chars=True)` yields, lazily. For text_analyzer's chain the filters run in one loop here instead
    of Whoosh's chain of generators, which cost more than the tokenizing (snippets and phrase
    checks analyze stored text at query time).

    Japanese runs cost a microsecond a character; `japanese`, when given, is called before each
    and the run is skipped unless it returns true. A skipped run yields no words and takes no
    positions, so positions are then only comparable between words with no skipped run between
    them."""
    if not _is_text_analyzer(analyzer):
        for token in analyzer(text, positions=True, chars=True):
            yield token.text, token.pos, token.startchar, token.endchar
        return
    items = analyzer.items
    segment, names, pattern, mapping, stem_words = (
        JAPANESE_SEGMENTERS[items[0].japanese],
        items[0].names,
        items[0].pattern,
        items[3].mapping,
        items[4].stem_words,
    )
    pos = -1
    for m in _RUNS.finditer(text):
        run, offset = m.group(), m.start()
        is_ascii = m.group("ascii") is not None
        if not is_ascii and japanese is not None and not japanese(run):
            continue
        words = ascii_parts(run) if is_ascii else japanese_words(run, segment, names, pattern)
        for word, begin, end in words:
            pos += 1
            word = word.lower() if is_ascii else fold_katakana(word.lower())
            word = mapping.get(word, word)
            if word.isascii():
                if word in EN_STOP:
                    continue
                if stem_words:
                    word = stem(word)
            yield word, pos, offset + begin, offset + end


# Sudachi's normalized form of a Japanese run can be ASCII: 十 -> 10, ピーシー -> PC, ロム -> ROM.
_NUMERALS = "〇一二三四五六七八九十百千万億兆"


_KANJI = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HIRAGANA = re.compile("[\u3040-\u309f]+")


def variants_of(analyzer, words):
    """The synonym variants (analyzed, unstemmed) that text_analyzer's chain maps to one of
    `words` (analyzed); none for another analyzer."""
    if not _is_text_analyzer(analyzer):
        return set()
    stem_words = analyzer.items[4].stem_words
    return {
        key
        for key, canonical in analyzer.items[3].mapping.items()
        if (stem(canonical) if stem_words and canonical.isascii() else canonical) in words
    }


def run_filter(analyzer, words):
    """A test for positioned_words(japanese=...): whether a Japanese run may yield one of `words`
    (analyzed), by what it holds: a kanji of the word (its normalized form keeps them: 使え ->
    使える), the first letter of a katakana word (folding drops ー: インストール -> インストル), a
    hiragana word whole, the same of a Japanese synonym mapped to the word (ドッカー -> docker),
    or a numeral for a number (十 -> 10). Approximate: a word written in kana where the normalized
    form has kanji (いい -> 良い, ちがい -> 違い), and katakana that Sudachi normalizes to English
    (ピーシー -> pc), are not found. None (analyze every run) when the analyzer is not
    text_analyzer's chain."""
    if not _is_text_analyzer(analyzer):
        return None
    words = set(words)
    keys = variants_of(analyzer, words)
    stem_words = analyzer.items[4].stem_words
    for spelling, parts in analyzer.items[0].names.items():
        if any((stem(p.lower()) if stem_words else p.lower()) in words for p in parts):
            keys.add(spelling)
    chars, literals = set(), set()
    for word in words | keys:
        if word.isascii():
            if word.isdigit():
                chars.update(_NUMERALS)
        elif _KANJI.search(word):
            chars.update(_KANJI.findall(word))
        elif _HIRAGANA.fullmatch(word):
            literals.add(word)
        else:
            chars.add(word[0])
    alternatives = [re.escape(w) for w in sorted(literals)]
    if chars:
        alternatives.append("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")
    if not alternatives:
        return lambda run: False
    return re.compile("|".join(alternatives)).search


def base_analyzer(japanese="sudachi", names=None):
    return MixedTokenizer(japanese, names) | LowercaseFilter() | FoldFilter()


def text_analyzer(synonyms, japanese="sudachi", names=None):
    """The analyzer of every searchable text field; `names` {katakana spelling: name}."""
    return base_analyzer(japanese, names) | CanonicalFilter(synonyms) | StopStemFilter()


def normalize(text):
    """NFKC (full-width ｄｏｃｋｅｒ -> docker, ﾄﾞｯｶｰ -> ドッカー), applied to documents and queries."""
    return unicodedata.normalize("NFKC", text or "")
