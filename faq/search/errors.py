"""Pasted error messages: the log noise around them is taken out of the query, and what is left is
matched against the exact messages entries list in their `errors:` front matter, so the entry that
explains a message ranks first.

A pasted line carries what differs on every machine: a klog header (`E0612 12:00:00.123456 1234
server.go:12]`), timestamps, logfmt keys (`time="..." level=fatal msg="..."`), container ids and
digests, escaped quotes, and the folders of a socket path. strip_noise() removes them from the query
(what is searched and shown back); message_words() reduces a message and a query alike to the words
that stay the same everywhere, a path to its file name (unix:///run/containerd/containerd.sock ->
containerd.sock).

Matching does a bounded amount of work, whatever the query and however many messages entries list:
each message is filed under its runs of ANCHOR consecutive words, a query looks up its own runs (at
most MAX_WORDS - ANCHOR + 1 of them), and at most MAX_CANDIDATES messages get their overlap
computed, which costs at most MAX_WORDS x MAX_MESSAGE_WORDS steps each."""

import itertools
import json
import re

VOCABULARY = "errors.json"  # [[document key, language, message], ...] in each index generation
ANCHOR = 2  # consecutive words a query must share with a message to be compared with it
MAX_WORDS = 60  # query words looked at
MAX_MESSAGE_WORDS = 60
MAX_CANDIDATES = 12
MAX_PINNED = 3
MIN_SHARED = 3  # a match shares at least this many consecutive words with the message...
MIN_COVER = 0.6  # ...and at least this share of the message, or all of a query of MIN_SHARED+ words
MIN_NAME = 10  # a message of one word (ErrImageNeverPull) matches when the query holds it

_KLOG = re.compile(r"\b[IWEF]\d{4} \d\d:\d\d:\d\d(?:\.\d+)?\s+\d+\s+[\w./-]+:\d+\]\s*")
_TIMESTAMP = re.compile(
    r"\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
    # syslog and journalctl: "Dec 03 09:14:07 node-7 kubelet[2871]:"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+ \d\d:\d\d:\d\d"
    r"(?: [\w.-]+ [\w.@/-]+\[\d+\]:)?"
)
_LOGFMT = re.compile(r'\b(?:time|ts|level|lvl|caller)=(?:"[^"]*"|\S+)\s*')
_MSG_KEY = re.compile(r'\b(?:msg|message|err|error)="((?:[^"\\]|\\.)*)"')
# A container id or digest mixes digits and letters: "aaaaaaaaaaaa" or "deadbeefcafe" are words.
_IDS = re.compile(
    r"\b(?:sha256:)?(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b"
    r"|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b"
)
_ESCAPED_QUOTE = re.compile(r'\\+["\']')
_PATH = re.compile(r"(?:[a-z]+://)?(?:/[\w.@-]+)+/?")
_WORD = re.compile(r"[0-9a-z]+(?:[._][0-9a-z]+)*")


def strip_noise(text):
    """`text` without what a log line adds around its message: klog headers, timestamps, logfmt
    keys (the msg="..." value stays), ids and escaped quotes. (text, whether any was found)."""
    stripped = _KLOG.sub(" ", text)
    stripped = _TIMESTAMP.sub(" ", stripped)
    stripped = _MSG_KEY.sub(lambda m: " " + m.group(1) + " ", stripped)
    stripped = _LOGFMT.sub(" ", stripped)
    stripped = _ESCAPED_QUOTE.sub(" ", stripped)
    stripped = _IDS.sub(" ", stripped)
    changed = stripped != text
    return (" ".join(stripped.split()) if changed else text), changed


def message_words(text):
    """The words of a message that are the same on every machine, lower-cased: noise stripped,
    each path reduced to its file name, punctuation and quotes dropped."""
    text = strip_noise(text)[0].lower()
    text = _PATH.sub(lambda m: " " + m.group().rstrip("/").rsplit("/", 1)[-1] + " ", text)
    return _WORD.findall(text)


def _runs(words):
    return {tuple(words[i : i + ANCHOR]) for i in range(len(words) - ANCHOR + 1)}


def _longest_shared(query, message):
    """The length of the longest run of consecutive words `query` and `message` share (dynamic
    programming over both, len(query) x len(message) steps)."""
    best, previous = 0, [0] * (len(message) + 1)
    for word in query:
        current = [0] * (len(message) + 1)
        for j, other in enumerate(message):
            if word == other:
                current[j + 1] = previous[j] + 1
                best = max(best, current[j + 1])
        previous = current
    return best


class Catalog:
    """The messages of one index generation, filed by their runs of words."""

    def __init__(self, rows=()):
        self.messages = []  # (document key, language, words)
        self.by_run = {}  # run of ANCHOR words, or a one-word message's word -> [message number]
        for key, lang, message in rows:
            words = message_words(message)[:MAX_MESSAGE_WORDS]
            if len(words) < ANCHOR and not (words and len(words[0]) >= MIN_NAME):
                continue
            number = len(self.messages)
            self.messages.append((key, lang, words))
            for run in _runs(words) if len(words) >= ANCHOR else [tuple(words)]:
                self.by_run.setdefault(run, []).append(number)

    @classmethod
    def read(cls, folder):
        """The catalog written beside an index generation; empty for an index without one."""
        try:
            with open(f"{folder}/{VOCABULARY}", encoding="utf-8") as file:
                return cls(json.load(file))
        except (OSError, ValueError, TypeError):
            return cls()

    def match(self, text, lang):
        """[document key] of the entries in `lang` one of whose messages `text` holds (or, for a
        fragment, that hold all of `text`), best first, at most MAX_PINNED."""
        words = message_words(text)[:MAX_WORDS]
        candidates = []
        for run in itertools.chain(_runs(words), ((w,) for w in words if len(w) >= MIN_NAME)):
            for number in self.by_run.get(run, ()):
                if number not in candidates and self.messages[number][1] == lang:
                    candidates.append(number)
            if len(candidates) >= MAX_CANDIDATES:
                break
        best = {}
        for number in candidates[:MAX_CANDIDATES]:
            key, _, message = self.messages[number]
            shared = _longest_shared(words, message)
            if not _matches(shared, len(words), len(message)):
                continue
            score = shared / len(message) + shared / len(words)
            best[key] = max(best.get(key, 0.0), score)
        return sorted(best, key=lambda k: (-best[k], k))[:MAX_PINNED]


def _matches(shared, query_words, message_words):
    """Whether sharing `shared` consecutive words makes a query match a message: the whole
    message (one long word is enough), or MIN_SHARED words that are most of the message or
    the whole query (a fragment of the message)."""
    if shared == message_words and (shared >= MIN_SHARED or shared == 1):
        return True
    return shared >= MIN_SHARED and (shared >= MIN_COVER * message_words or shared == query_words)


def write(rows, folder):
    """Write [(document key, language, message)] beside an index generation."""
    (folder / VOCABULARY).write_text(json.dumps(list(rows), ensure_ascii=False), encoding="utf-8")
