"""Read pasted Kubernetes manifests safely: a size cap, no object construction (every scalar
stays text), limits on nesting and on alias expansion, and one document at a time, so a broken
document is reported without losing the others."""

import json
import re
from dataclasses import dataclass

import yaml
from django.utils.translation import gettext

MAX_BYTES = 1_000_000
MAX_DEPTH = 100  # manifests nest about 20 levels; libyaml slows down quadratically past that
MAX_NODES_PER_DOCUMENT = 200_000  # nodes after alias expansion
MAX_NODES = 1_000_000  # the whole input, after alias expansion
MAX_DOCUMENTS = 2_000

# Column-0 `---` always starts a new document, even inside a block scalar, so splitting the text
# here matches what a YAML parser does; `...` ends one.
_DOCUMENT_START = re.compile(r"---(?:[ \t].*)?")
_DOCUMENT_END = re.compile(r"\.\.\.[ \t]*(?:#.*)?")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InputError(Exception):
    """The whole input is refused (too big, not text). `code` is stable for the API."""

    def __init__(self, code, message):
        self.code = code
        self.message = message
        super().__init__(message)


class DocumentError(Exception):
    pass


class Obj(dict):
    """A YAML mapping; `line` is where it starts (1-based), None for JSON input."""

    line = None


class Seq(list):
    line = None


@dataclass
class Document:
    index: int  # 1-based position among the non-empty documents of the input
    line: int  # first line of the document's content (after `---` and comments)
    text: str
    start: int = 1  # line of the input where `text` starts
    value: object = None  # Obj, Seq or str; None when `error` is set
    error: str = ""


def decode(data):
    """Return `data` (bytes or str) as text, or raise InputError if it is too big or binary."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise InputError("too-large", too_large_message(len(raw)))
    if b"\x00" in raw:
        raise InputError("binary", _binary_message())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("binary", _binary_message()) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large_message(size):
    return gettext(
        "The input is %(size)s KB; the checker reads at most %(limit)s KB at a time. "
        "Split the manifests and check them in parts."
    ) % {"size": f"{size / 1000:,.0f}", "limit": f"{MAX_BYTES // 1000:,}"}


def _binary_message():
    return gettext(
        "This is not text: it contains NUL bytes or is not valid UTF-8. "
        "Paste or upload YAML or JSON manifests."
    )


def read_documents(data):
    """Split and parse `data` into Documents. Raises InputError only for the input as a whole."""
    text = decode(data)
    budget = _Budget(MAX_NODES)
    if text.lstrip().startswith(("{", "[")):
        document = _read_json(text)
        if document is not None:
            return [document]
    documents = []
    for start, line, chunk in split_documents(text):
        document = Document(len(documents) + 1, line, chunk, start=start)
        if len(documents) >= MAX_DOCUMENTS:
            raise InputError(
                "too-many-documents",
                gettext("The input has more than %(limit)s documents; check it in parts.")
                % {"limit": f"{MAX_DOCUMENTS:,}"},
            )
        try:
            document.value = compose(chunk, start, budget)
        except DocumentError as exc:
            document.error = str(exc)
        documents.append(document)
    return documents


def split_documents(text):
    """Yield (first line, first content line, text) for every document that has more than
    comments and blanks; lines are 1-based."""
    lines = text.split("\n")
    start = 0
    for number, line in enumerate([*lines, "---"]):
        if _DOCUMENT_START.fullmatch(line) or _DOCUMENT_END.fullmatch(line):
            chunk = lines[start:number]
            content = [
                n
                for n, ln in enumerate(chunk)
                if _is_content(ln[3:] if n == 0 and ln.startswith("---") else ln)
            ]
            if content:
                yield start + 1, start + content[0] + 1, "\n".join(chunk)
            start = number + 1 if _DOCUMENT_END.fullmatch(line) else number


def _is_content(line):
    return bool(line.strip()) and not line.lstrip().startswith("#")


def compose(chunk, first_line, budget):
    """Build Obj/Seq/str values from one document's parse events, without recursion."""
    builder = _Builder(first_line, _Budget(MAX_NODES_PER_DOCUMENT), budget)
    try:
        for event in yaml.parse(chunk, Loader=_LOADER):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = first_line + mark.line if mark else first_line
        problem = exc.problem or exc.context or "syntax error"
        raise DocumentError(
            gettext("not valid YAML (line %(line)s): %(problem)s") % {"line": where, "problem": problem}
        ) from None
    except yaml.YAMLError as exc:
        raise DocumentError(gettext("not valid YAML: %(problem)s") % {"problem": exc}) from None
    return builder.root


class _Budget:
    def __init__(self, limit):
        self.limit = limit
        self.used = 0

    def spend(self, count):
        self.used += count
        return self.used <= self.limit


class _Frame:
    __slots__ = ("node", "key", "anchor", "start")

    def __init__(self, node, anchor, start):
        self.node, self.key, self.anchor, self.start = node, _NO_KEY, anchor, start


_NO_KEY = object()


class _Builder:
    def __init__(self, first_line, budget, total):
        self.first_line = first_line
        self.budget, self.total = budget, total
        self.stack = []
        self.anchors = {}  # anchor -> (node, expanded size); size None while still open
        self.root = None

    def feed(self, event):
        if isinstance(event, yaml.CollectionStartEvent):
            self._open(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.node, self.budget.used - frame.start)
            self._add(frame.node)
        elif isinstance(event, yaml.ScalarEvent):
            self._spend(1)
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1)
            self._add(event.value)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _open(self, event):
        if len(self.stack) >= MAX_DEPTH:
            raise DocumentError(
                gettext("nested more than %(limit)s levels deep; this is not a Kubernetes manifest")
                % {"limit": MAX_DEPTH}
            )
        node = Obj() if isinstance(event, yaml.MappingStartEvent) else Seq()
        node.line = self.first_line + event.start_mark.line
        self._spend(1)
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, None)
        self.stack.append(_Frame(node, event.anchor, self.budget.used - 1))

    def _alias(self, event):
        node, size = self.anchors.get(event.anchor, (None, None))
        if node is None:
            raise DocumentError(gettext("alias *%(name)s has no anchor") % {"name": event.anchor})
        if size is None:
            raise DocumentError(gettext("alias *%(name)s refers to itself") % {"name": event.anchor})
        self._spend(size)
        self._add(node)

    def _spend(self, count):
        if not (self.budget.spend(count) and self.total.spend(count)):
            raise DocumentError(
                gettext(
                    "more than %(limit)s values once aliases are expanded; "
                    "refusing what looks like a YAML bomb"
                )
                % {"limit": f"{min(self.budget.limit, self.total.limit):,}"}
            )

    def _add(self, value):
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.node, Seq):
            frame.node.append(value)
        elif frame.key is _NO_KEY:
            frame.key = value if isinstance(value, str) else "?"
        else:
            _set(frame.node, frame.key, value)
            frame.key = _NO_KEY


def _set(mapping, key, value):
    if key != "<<":
        mapping[key] = value
        return
    # A merge key: explicit keys win, whichever side of `<<` they are written on.
    for source in value if isinstance(value, Seq) else [value]:
        if isinstance(source, Obj):
            for merged_key, merged_value in source.items():
                mapping.setdefault(merged_key, merged_value)


def _read_json(text):
    """A single JSON document as Obj/Seq/str values, or None if the text is not JSON."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    document = Document(1, 1, text)
    try:
        document.value = _from_json(value, 0)
    except DocumentError as exc:
        document.error = str(exc)
    return document


def _from_json(value, depth):
    if depth > MAX_DEPTH:
        raise DocumentError(
            gettext("nested more than %(limit)s levels deep; this is not a Kubernetes manifest")
            % {"limit": MAX_DEPTH}
        )
    if isinstance(value, dict):
        result = Obj()
        for key, item in value.items():
            result[key] = _from_json(item, depth + 1)
        return result
    if isinstance(value, list):
        return Seq(_from_json(item, depth + 1) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
