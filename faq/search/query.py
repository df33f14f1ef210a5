"""Turn what a person typed into a Whoosh query without ever using Whoosh's query language.

The input is NFKC-normalized, control and format characters become spaces, length and the number
of words are capped, each word is analyzed with the fields' analyzer, and the query objects are
built here: any word may match (documents matching more words rank higher), a word the analyzer
splits (docker.sock, プライベートイメージ) also scores as a phrase, and "quoted phrases" must match.

The index stores no word positions (reading them made every posting block dearer), so the Whoosh
query here can only require a phrase's words; search() checks that they stand next to each other
on the stored text of the candidates (ranking.py)."""

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as Q

from . import errors
from .analysis import normalize

MAX_CHARS = 200  # after normalization; longer input is cut and the page says so
MAX_RAW_CHARS = 1000  # the JSON endpoint refuses more than this outright
MAX_TERMS = 12
# Query-time boosts: an index-time field_boost only scales term frequency, which BM25 saturates.
FIELDS = {"title": 4.0, "summary": 2.0, "headings": 0.5, "body": 1.0, "category_text": 0.5, "errors": 1.0}
PHRASE_FIELDS = ("title", "summary", "body")
PHRASE_BONUS = 2.0
_QUOTED = re.compile(r'"([^"]*)"')
_HIRAGANA_WORD = re.compile(r"[\u3041-\u3096ー]+")


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what is searched, and shown back in the box
    truncated: bool  # the input was longer than MAX_CHARS
    message: str = ""  # the same up to MAX_RAW_CHARS, for matching a pasted error message whole


def clean(raw):
    """Normalize raw input: NFKC, no control/format/unassigned characters, no log-line noise
    around a pasted message (errors.strip_noise, whose quotes are then not phrases), single
    spaces, capped."""
    text = normalize(raw[: MAX_RAW_CHARS * 2])
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text, noisy = errors.strip_noise(text)
    if noisy:
        text = text.replace('"', " ")
    text = " ".join(text.split())
    truncated = len(text) > MAX_CHARS
    return CleanQuery(text[:MAX_CHARS].strip(), truncated, text[:MAX_RAW_CHARS])


def split_units(text):
    """[(is_phrase, text)]: quoted phrases and the words between them, in order."""
    units, last = [], 0
    for m in _QUOTED.finditer(text):
        units += [(False, w) for w in text[last : m.start()].split()]
        if m.group(1).strip():
            units.append((True, m.group(1)))
        last = m.end()
    units += [(False, w) for w in text[last:].replace('"', " ").split()]
    return units


def analyze(analyzer, text):
    return [t.text for t in analyzer(text)]


def build(text, analyzer, *, prefix_last=False):
    """The Whoosh query for cleaned `text`, or None when nothing searchable is left.

    With prefix_last (suggestions as you type), the last ASCII word also matches as a prefix of
    title words, so "contai" finds containerd."""
    return build_plan(text, analyzer, prefix_last=prefix_last).base


@dataclass(frozen=True)
class Plan:
    base: object  # the Whoosh query of documents that may match, or None when nothing is searchable
    bonus: object  # Whoosh's phrase query for `phrases`, or None (the reference for ranking.py)
    words: tuple  # the analyzed words outside quotes
    quoted: bool  # a "quoted phrase" must match
    phrases: tuple = ()  # word lists of words the analyzer split: they only re-rank
    required: tuple = ()  # the word lists of the quoted phrases, each of which must match
    typed: dict = field(default_factory=dict, compare=False)  # analyzed word -> the word as typed


def build_plan(text, analyzer, *, prefix_last=False):
    """The Plan for cleaned `text`. `base` requires the words of each quoted phrase (not their
    order: see the module docstring); phrase matching is the costly part, so search() applies
    the phrase bonus to the top of the ranking only."""
    required, optional, bonus, seen, plain, phrases, quoted = [], [], [], set(), [], [], []
    typed = {}
    for is_phrase, unit in split_units(text):
        tokens = [(t.text, unit[t.startchar : t.endchar]) for t in analyzer(unit, chars=True)]
        for word, surface in tokens:
            typed.setdefault(word, surface)
        words = [w for w, _ in tokens if w not in seen][: MAX_TERMS - len(seen)]
        seen.update(words)
        if not words:
            continue
        if is_phrase:
            required += [_any_field(w) for w in words]
            quoted.append(tuple(words))
            continue
        optional += [_any_field(w) for w in words]
        plain += words
        if len(words) > 1:
            bonus.append(_any_field_phrase(words, boost=PHRASE_BONUS))
            phrases.append(tuple(words))
        if len(seen) >= MAX_TERMS:
            break
    if prefix_last and text and text[-1] != " ":
        last = text.split()[-1].lower() if text.split() else ""
        if last.isascii() and last.isalnum() and len(last) >= 2:
            optional.append(Q.Prefix("title", last, boost=1.5))
    if not required and not optional:
        return Plan(None, None, (), False)
    should = Q.Or(optional) if optional else None
    if required:
        base = Q.AndMaybe(Q.And(required), should) if should else Q.And(required)
    else:
        base = should
    bonus = Q.Or(bonus) if bonus else None
    return Plan(base, bonus, tuple(plain), bool(quoted), tuple(phrases), tuple(quoted), typed)


def _any_field(word):
    return Q.Or([Q.Term(field, word, boost=boost) for field, boost in FIELDS.items()])


def _any_field_phrase(words, boost=1.0):
    return Q.Or([Q.Phrase(field, words, boost=FIELDS[field]) for field in PHRASE_FIELDS], boost=boost)


def katakana_variant(text):
    """The query with each all-hiragana word written in katakana (こんてな -> コンテナ), or None."""
    words = text.split()
    changed = [_to_katakana(w) if _HIRAGANA_WORD.fullmatch(w) else w for w in words]
    return " ".join(changed) if changed != words else None


def _to_katakana(word):
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in word)


def _docker_subcommands(table):
    return {c.docker.split()[0] for c in table.commands() if c.docker} if table else set()


def commandlike(plan, table):
    """Whether the query of `plan` names crictl, or docker followed by a subcommand `table` (the
    crictl table) maps."""
    typed = [w.lower() for w in plan.typed.values()]
    if any("crictl" in w for w in typed):
        return True
    subcommands = _docker_subcommands(table)
    return any(a.endswith("docker") and b in subcommands for a, b in zip(typed, typed[1:], strict=False))
