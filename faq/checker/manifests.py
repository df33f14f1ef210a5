"""Read what people check for dockershim dependencies, safely: Kubernetes manifests (YAML
documents, `helm template` output, JSON, a `kind: List`), and the non-YAML files the checker reads
on purpose (systemd drop-ins, env files, user data, TOML such as GitLab Runner's config.toml).

Every scalar stays text (no object construction); nesting, alias expansion, documents and bytes
are capped, so an input's cost is bounded by construction. Input is read one document at a time:
a broken document is reported without losing the others, and a file on disk is streamed, so a
manifest set as big as `kubectl apply` takes (any number of objects of up to 3 MiB each) is read
with one document in memory."""

import io
import json
import re
import tomllib
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext

MAX_INPUT_BYTES = 2_500_000  # one paste, upload or API request (the request body cap leaves room)
MAX_DOCUMENT_BYTES = 3 * 1024 * 1024  # the API server's request body limit: the largest object
MAX_FILE_BYTES = 64 * 1024 * 1024  # one file or stdin, streamed document by document
MAX_DEPTH = 100  # manifests nest about 20 levels; libyaml slows down quadratically past that
MAX_NODES_PER_DOCUMENT = 200_000  # values after alias expansion, on top of one per 4 bytes
MAX_NODES = 1_000_000  # the whole input, on top of one per 4 bytes


@dataclass(frozen=True)
class Limits:
    bytes: int
    documents: int


PASTE = Limits(MAX_INPUT_BYTES, 2_000)  # the page and the API: the input is in memory
FILE = Limits(MAX_FILE_BYTES, 20_000)  # the command: files and stdin, streamed

# Column-0 `---` always starts a new document, even inside a block scalar, so splitting the text
# here matches what a YAML parser does; `...` ends one.
_DOCUMENT_START = re.compile(r"---(?:[ \t].*)?")
_DOCUMENT_END = re.compile(r"\.\.\.[ \t]*(?:#.*)?")
_LIST_ITEMS = re.compile(r"items:[ \t]*(?:#.*)?")  # a column-0 `items:`: a `kind: List`
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PARSER = getattr(yaml, "CParser", None)

# Files read as a whole, not as YAML, by their name: kubelet drop-ins and env files, user data.
TEXT_SUFFIXES = {".conf", ".env", ".service", ".sh", ".ini", ".cfg", ".txt"}
TEXT_NAMES = {"kubelet", "user-data", "userdata", "Jenkinsfile"}
TOML_SUFFIXES = {".toml"}
# A document that is not YAML, but one of those formats, pasted: its first line tells.
_TEXT_START = re.compile(
    r"#!"  # a script
    r"|\[{1,2}[^\]\n]+\]{1,2}[ \t]*(?:#.*)?$"  # [Service], [INPUT], [[runners]]
    r"|(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*="  # KUBELET_EXTRA_ARGS=...
    r"|<[A-Za-z@/][^>\n]*>|@include\b",  # Fluentd
    re.IGNORECASE,
)
_EMBEDDED_YAML = re.compile(r"(?:-[ \t]+)?[\"']?[\w.$/-]+[\"']?:(?=\s|$)")  # `key:` or `- key:`
_TOML_KEY = re.compile(r"(?m)^[ \t]*[A-Za-z0-9_.\"-]+[ \t]*=[ \t]*\S")
# Helm and Jinja templates: a line that is only a tag, and inline expressions.
_TEMPLATE_LINE = re.compile(r"[ \t]*(?:\{\{-?.*?-?\}\}|\{%-?.*?-?%\}|\{#.*?#\})[ \t]*")
_TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


class InputError(Exception):
    """The whole input is refused (too big, not text). `code` is stable for the API."""

    def __init__(self, code, message):
        self.code = code
        self.message = message
        super().__init__(message)


class DocumentError(Exception):
    """One document cannot be read. `syntax` errors of a text that is not YAML are not errors:
    the document is read as text instead; limits (nesting, aliases, size) always are."""

    def __init__(self, message, syntax=False):
        super().__init__(message)
        self.syntax = syntax


class Obj(dict):
    """A mapping; `line` is where it starts (1-based), None when unknown (JSON, TOML)."""

    line = None
    lines = None  # {key: line} of its text values, for findings and configs in strings

    def line_of(self, key):
        return (self.lines or {}).get(key, self.line)


class Seq(list):
    line = None
    lines = None

    def line_of(self, index):
        return (self.lines or {}).get(index, self.line)


@dataclass
class Document:
    index: int  # 1-based position among the non-empty documents of the input
    line: int  # first line of the document's content (after `---` and comments)
    text: str
    start: int = 1  # line of the input where `text` starts
    value: object = None  # Obj, Seq or str; None when `error` is set or for text
    error: str = ""
    format: str = "yaml"  # yaml, json, toml, text (a drop-in, an env file), template
    item: int | None = None  # the item of a big `kind: List` read one item at a time
    notes: list = field(default_factory=list)


class Budget:
    """Values that parsing may still build: one per 4 bytes of input, plus `extra` for aliases."""

    def __init__(self, extra, size=0):
        self.limit = extra + size // 4
        self.used = 0

    def spend(self, count):
        self.used += count
        return self.used <= self.limit


# Reading


def decode(data, limits=PASTE):
    """Return `data` (bytes or str) as text, or raise InputError if it is too big or binary."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > limits.bytes:
        raise InputError("too-large", too_large_message(len(raw), limits.bytes))
    if b"\x00" in raw:
        raise InputError("binary", _binary_message())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("binary", _binary_message()) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large_message(size, limit=MAX_INPUT_BYTES):
    return gettext(
        "The input is %(size)s KB; the checker reads at most %(limit)s KB at a time. "
        "Split the manifests and check them in parts."
    ) % {"size": kilobytes(size), "limit": kilobytes(limit)}


def kilobytes(size):
    return f"{size / 1000:,.0f}"


def _binary_message():
    return gettext(
        "This is not text: it contains NUL bytes or is not valid UTF-8. "
        "Paste or upload YAML or JSON manifests."
    )


def read_documents(data, name="", limits=PASTE):
    """Documents of `data` (bytes or str, in memory). Raises InputError only for the input as a
    whole (too big, binary, too many documents)."""
    return list(documents(decode(data, limits).split("\n"), name, limits))


def read_stream(stream, name="", limits=FILE):
    """Documents of a binary stream (a file, stdin), read line by line: one document in memory."""
    return documents(_stream_lines(stream, limits), name, limits)


def _stream_lines(stream, limits):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
    size = 0
    try:
        for line in text:
            size += len(line)
            if size > limits.bytes:
                raise InputError("too-large", too_large_message(size, limits.bytes))
            if "\x00" in line:
                raise InputError("binary", _binary_message())
            yield line[:-1] if line.endswith("\n") else line
    except UnicodeDecodeError:
        raise InputError("binary", _binary_message()) from None
    finally:
        text.detach()  # the stream belongs to the caller (stdin stays open)


def documents(lines, name="", limits=PASTE):
    """Split lines (without their newlines) into Documents, in the format the name or the content
    says: one document for a text or TOML file, YAML documents or one JSON value otherwise."""
    budget = Budget(MAX_NODES, 0)
    lines = iter(lines)
    first = []
    for line in lines:  # the first content line tells JSON from YAML
        first.append(line)
        if line.strip():
            break
    rest = _chain(first, lines)
    kind = _format_by_name(name)
    if kind is not None:
        yield from _whole(kind, rest, budget)
        return
    if first and first[-1].lstrip().startswith(("{", "[")):
        text = "\n".join(rest)
        document = _read_json(text, budget)
        if document is not None:
            yield from document
            return
        rest = iter(text.split("\n"))
    count = 0
    for start, line, chunk, big in split_documents(rest):
        count += 1
        if count > limits.documents:
            raise InputError(
                "too-many-documents",
                gettext("The input has more than %(limit)s documents; check it in parts.")
                % {"limit": f"{limits.documents:,}"},
            )
        yield from _read_yaml(Document(count, line, chunk, start=start), big, budget)


def _chain(first, rest):
    yield from first
    yield from rest


def _format_by_name(name):
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if suffix in TOML_SUFFIXES:
        return "toml"
    if suffix in TEXT_SUFFIXES or base in TEXT_NAMES:
        return "text"
    return None


def _whole(kind, lines, budget):
    text, size = [], 0
    for line in lines:
        size += len(line) + 1
        if size > MAX_DOCUMENT_BYTES:
            yield _too_big(Document(1, 1, ""), size, lines)
            return
        text.append(line)
    text = "\n".join(text)
    if not text.strip():
        return
    budget.limit += len(text) // 4
    document = Document(1, 1, text, format="text")
    if kind == "toml" or (_TOML_KEY.search(text) and text.lstrip().startswith("[")):
        _read_toml(document, budget)
    yield document


def _too_big(document, size, lines):
    for _ in lines:  # skip the rest of the document without keeping it
        size += 1
    document.error = gettext(
        "%(size)s KB or more in one document; the Kubernetes API server accepts at most %(limit)s KB "
        "in one object, so this is not one manifest"
    ) % {"size": kilobytes(size), "limit": kilobytes(MAX_DOCUMENT_BYTES)}
    return document


def split_documents(lines):
    """Yield (first line, first content line, text, is a big List) for every document that has
    more than comments and blanks; lines are 1-based. A document over MAX_DOCUMENT_BYTES is kept
    only if it is a `kind: List` (kubectl get -o yaml), which is read one item at a time."""
    chunk, start, size, listing, number = [], 1, 0, False, 0
    for number, line in enumerate(_chain(lines, ["---"]), start=1):
        marker = line[:3] in ("---", "...")
        if not (marker and (_DOCUMENT_START.fullmatch(line) or _DOCUMENT_END.fullmatch(line))):
            size += len(line) + 1
            listing = listing or (line.startswith("items:") and bool(_LIST_ITEMS.fullmatch(line)))
            if size <= MAX_DOCUMENT_BYTES or listing:
                chunk.append(line)
            continue
        first = next(
            (
                n
                for n, ln in enumerate(chunk)
                if _is_content(ln[3:] if n == 0 and ln.startswith("---") else ln)
            ),
            None,
        )
        if size > MAX_DOCUMENT_BYTES and not listing:
            yield start, start, None, size
        elif first is not None:
            yield start, start + first, "\n".join(chunk), size > MAX_DOCUMENT_BYTES
        end = bool(_DOCUMENT_END.fullmatch(line))
        chunk, start, size, listing = ([] if end else [line]), (number + 1 if end else number), 0, False


def _is_content(line):
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _read_yaml(document, big, budget):
    """The document's value, or its items one by one for a big List; a text that is not YAML
    but a drop-in, an env file, TOML or a template is read as such, without an error."""
    if document.text is None:  # over MAX_DOCUMENT_BYTES and not a List
        yield _too_big(document, big, iter(()))
        return
    budget.limit += len(document.text) // 4
    try:
        if big:
            yield from _list_items(document, budget)
            return
        document.value = compose(document.text, document.start, budget)
    except DocumentError as exc:
        if not exc.syntax or not _read_otherwise(document, budget):
            document.error = str(exc)
    if isinstance(document.value, str):  # a single scalar: an env file read as YAML
        document.value, document.format = None, "text"
    yield document


def _read_otherwise(document, budget):
    text = document.text
    if "{{" in text or "{%" in text:
        document.format = "template"
        neutral = "\n".join(
            "" if _TEMPLATE_LINE.fullmatch(line) else _TEMPLATE_EXPRESSION.sub("TEMPLATE", line)
            for line in text.split("\n")
        )
        try:
            document.value = compose(neutral, document.start, budget)
            document.notes.append(gettext("a template: checked with its template tags left out"))
        except DocumentError:
            document.notes.append(gettext("a template: checked as text"))
        return True
    first = next(
        (line.strip() for line in text.split("\n") if _is_content(line) or line.startswith("#!")), ""
    )
    if not _TEXT_START.match(first):
        return False
    document.format = "text"
    if first.startswith("[") and _TOML_KEY.search(text):
        _read_toml(document, budget)
    return True


def _read_toml(document, budget):
    try:
        value = tomllib.loads(document.text)
        document.value = _from_plain(value, 0, budget)
        document.format = "toml"
    except (tomllib.TOMLDecodeError, RecursionError):
        document.format = "text"  # an INI-style file such as a systemd unit
    except DocumentError as exc:
        document.error = str(exc)


def compose(chunk, first_line, budget):
    """Build Obj/Seq/str values from one document's parse events, without recursion."""
    builder = _Builder(first_line, Budget(MAX_NODES_PER_DOCUMENT, len(chunk)), budget)
    for _ in _feed(builder, chunk, first_line):
        pass
    return builder.root


def _feed(builder, chunk, first_line):
    try:
        for event in yaml.parse(chunk, Loader=_LOADER):
            builder.feed(event)
            if builder.ready is not None:
                yield builder.ready
                builder.ready = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = first_line + mark.line if mark else first_line
        problem = exc.problem or exc.context or "syntax error"
        raise DocumentError(
            gettext("not valid YAML (line %(line)s): %(problem)s") % {"line": where, "problem": problem},
            syntax=True,
        ) from None
    except yaml.YAMLError as exc:
        raise DocumentError(gettext("not valid YAML: %(problem)s") % {"problem": exc}, syntax=True) from None


def _list_items(document, budget):
    """A big `kind: List` document, one item at a time: each item is a Document of its own."""
    builder = _Builder(document.start, Budget(MAX_NODES_PER_DOCUMENT, len(document.text)), budget)
    builder.streaming = True
    count = 0
    for value, line in _feed(builder, document.text, document.start):
        count += 1
        yield Document(
            document.index, line or document.line, "", start=document.start, value=value, item=count
        )
    if count == 0:
        yield document


class _Frame:
    __slots__ = ("node", "key", "anchor", "start", "line")

    def __init__(self, node, anchor, start):
        self.node, self.key, self.anchor, self.start, self.line = node, _NO_KEY, anchor, start, None


_NO_KEY = object()


class _Builder:
    def __init__(self, first_line, budget, total):
        self.first_line = first_line
        self.budget, self.total = budget, total
        self.stack = []
        self.anchors = {}  # anchor -> (node, expanded size); size None while still open
        self.root = None
        self.streaming = False  # hand over the items of a root `items:` list one by one
        self.ready = None  # (item, line) handed over

    def feed(self, event):
        if isinstance(event, yaml.CollectionStartEvent):
            self._open(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                # The root and the items of a List read item by item have no size that counts.
                known = not (self.streaming and len(self.stack) < 2)
                self.anchors[frame.anchor] = (frame.node, self.budget.used - frame.start if known else None)
            self._add(frame.node, frame.node.line)
        elif isinstance(event, yaml.ScalarEvent):
            self._spend(1)
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1)
            line = event.start_mark.line + (1 if event.style in ("|", ">") else 0)
            self._add(event.value, self.first_line + line)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _open(self, event):
        if len(self.stack) >= MAX_DEPTH:
            raise DocumentError(nested_message())
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
        self._add(node, getattr(node, "line", None))

    def _spend(self, count):
        if not (self.budget.spend(count) and self.total.spend(count)):
            raise DocumentError(
                gettext(
                    "more than %(limit)s values once aliases are expanded; "
                    "refusing what looks like a YAML bomb"
                )
                % {"limit": f"{min(self.budget.limit, self.total.limit):,}"}
            )

    def _add(self, value, line):
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.node, Seq):
            if self.streaming and len(self.stack) == 2 and self.stack[0].key == "items":
                self.ready = (value, line)
                self.budget.used = 0  # each item has the per-document budget
                return
            if isinstance(value, str):
                frame.node.lines = frame.node.lines or {}
                frame.node.lines[len(frame.node)] = line
            frame.node.append(value)
        elif frame.key is _NO_KEY:
            frame.key = value if isinstance(value, str) else "?"
        else:
            if isinstance(value, str):
                frame.node.lines = frame.node.lines or {}
                frame.node.lines[frame.key] = line
            _set(frame.node, frame.key, value)
            frame.key = _NO_KEY


def nested_message():
    return gettext("nested more than %(limit)s levels deep; this is not a Kubernetes manifest") % {
        "limit": MAX_DEPTH
    }


def _set(mapping, key, value):
    if key != "<<":
        mapping[key] = value
        return
    # A merge key: explicit keys win, whichever side of `<<` they are written on.
    for source in value if isinstance(value, Seq) else [value]:
        if isinstance(source, Obj):
            for merged_key, merged_value in source.items():
                mapping.setdefault(merged_key, merged_value)


# JSON


def _read_json(text, budget):
    """Documents of a JSON text, or None if it is not JSON. A big List is read item by item."""
    budget.limit += len(text) // 4
    if len(text) > MAX_DOCUMENT_BYTES:
        return _json_items(text, budget)
    try:
        value = json.loads(text)
    except RecursionError:
        return [Document(1, 1, text, format="json", error=nested_message())]
    except ValueError:
        return None
    document = Document(1, 1, text, format="json")
    try:
        document.value = _from_plain(value, 0, budget)
    except DocumentError as exc:
        document.error = str(exc)
    return [document]


def _json_items(text, budget):
    """The items of a big JSON List ({"items": [...], ...}), decoded one at a time; anything
    else that big is refused like an over-size document."""
    decoder = json.JSONDecoder()
    start = _json_list_start(text)
    if start is None:
        return [_too_big(Document(1, 1, "", format="json"), len(text), iter(()))]
    return _json_item_documents(text, start, decoder, budget)


def _json_item_documents(text, position, decoder, budget):
    count, line, last = 0, 1, 0
    whitespace = re.compile(r"[ \t\r\n]*")
    while True:
        position = whitespace.match(text, position).end()
        if position >= len(text) or text[position] == "]":
            break
        begin = position
        document = Document(1, 0, "", format="json", item=count + 1)
        try:
            value, position = decoder.raw_decode(text, position)
            document.value = _from_plain(value, 0, Budget(MAX_NODES_PER_DOCUMENT, position - begin))
        except RecursionError:
            document.error = nested_message()
        except ValueError as exc:
            document.error = gettext("not valid JSON: %(problem)s") % {"problem": exc}
            yield document
            return
        except DocumentError as exc:
            document.error = str(exc)
        line += text.count("\n", last, begin)
        document.line, document.start, last = line, line, begin
        document.text = text[begin:position]  # to find the lines of its findings
        count += 1
        yield document
        position = whitespace.match(text, position).end()
        if position < len(text) and text[position] == ",":
            position += 1


def _json_list_start(text):
    """The offset just after `"items": [` at the top level of a JSON object, or None."""
    match = re.match(r"\s*\{", text)
    if not match:
        return None
    decoder = json.JSONDecoder()
    position = match.end()
    whitespace = re.compile(r"[ \t\r\n]*")
    while True:
        position = whitespace.match(text, position).end()
        if position >= len(text) or text[position] != '"':
            return None
        try:
            key, position = decoder.raw_decode(text, position)
        except ValueError:
            return None
        position = whitespace.match(text, position).end()
        if text[position : position + 1] != ":":
            return None
        position = whitespace.match(text, position + 1).end()
        if key == "items" and text[position : position + 1] == "[":
            return position + 1
        try:
            _, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            return None
        position = whitespace.match(text, position).end()
        if text[position : position + 1] != ",":
            return None
        position += 1


def _from_plain(value, depth, budget):
    """Obj/Seq/str of a value json or tomllib built; refuses deep nesting and runaway size."""
    if depth > MAX_DEPTH:
        raise DocumentError(nested_message())
    if not budget.spend(1):
        raise DocumentError(
            gettext("more than %(limit)s values in one document") % {"limit": f"{budget.limit:,}"}
        )
    if isinstance(value, dict):
        result = Obj()
        for key, item in value.items():
            result[str(key)] = _from_plain(item, depth + 1, budget)
        return result
    if isinstance(value, list):
        return Seq(_from_plain(item, depth + 1, budget) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def parse_embedded(text, first_line, budget):
    """A config held in a string (a ConfigMap's promtail.yaml, a JCasC pod template, GitLab
    Runner's config.toml): its Obj/Seq value, or None when it is neither YAML nor TOML."""
    stripped = text.lstrip()
    if not stripped or stripped.startswith(("{", "<", "#!", "[[inputs", "@")):
        return None
    if stripped.startswith("[") and _TOML_KEY.search(text):
        try:
            return _from_plain(tomllib.loads(text), 0, budget)
        except (tomllib.TOMLDecodeError, RecursionError, DocumentError):
            return None
    if not _EMBEDDED_YAML.match(stripped):
        return None
    try:
        value = compose(text, first_line, budget)
    except DocumentError:
        return None
    return value if isinstance(value, (Obj, Seq)) else None
