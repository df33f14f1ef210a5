"""Read one content file: the text (UTF-8, no BOM, no NUL), its front matter split from the
body, and every front-matter field checked and converted, each error carrying its line."""

import re
from dataclasses import dataclass

from . import yamlschema
from .problems import Problem
from .yamlschema import SchemaError

LANGS = ("ja", "en")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SUMMARY_MAX = 240
NOTE_KINDS = ("outdated", "corrected")
ENTRY_REQUIRED = ("id", "title", "summary", "category", "order", "updated", "sources")
ENTRY_OPTIONAL = ("related", "historical", "translated_from", "review_by", "errors")
# A team's own entries (overlay.py) may also be internal: shown to signed-in staff only.
LOCAL_OPTIONAL = (*ENTRY_OPTIONAL, "visibility")
VISIBILITIES = ("public", "internal")
ERROR_MAX = 300
TRANSLATED_FROM = re.compile(r"(ja|en)@([0-9a-f]{12})")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


def per_language(node, what):
    fields = yamlschema.mapping(node, what)
    yamlschema.check_keys(node, fields, required=LANGS, name=what)
    return {lang: yamlschema.text(fields[lang], f"{what} ({lang})") for lang in LANGS}


def read_entry(path, lang, content_dir, problems, optional=ENTRY_OPTIONAL):
    """Parse one entry file into a dict of checked fields, or report why not and return None.
    `optional`: the front-matter keys allowed beside the required ones (LOCAL_OPTIONAL in an
    overlay)."""
    relative = path.relative_to(content_dir).as_posix()
    try:
        text = read_text(path)
        front, body, body_line = split_front_matter(text)
        fields = _entry_fields(yamlschema.compose(front), optional)
    except Unreadable as exc:
        problems.append(Problem(relative, exc.line, str(exc)))
        return None
    except SchemaError as exc:
        problems.append(yamlschema.problem(relative, 2, exc))
        return None
    for message, line in fields["error_lines"]:
        if message not in body:
            problems.append(
                Problem(
                    relative, line, f"error text {message!r} is not in the answer: quote it there exactly"
                )
            )
    if fields["id"] != path.stem:
        problems.append(
            Problem(
                relative, fields["lines"]["id"], f"id {fields['id']!r} must match the file name {path.stem!r}"
            )
        )
        return None
    fields.update(lang=lang, path=relative, body=body, body_line=body_line)
    return fields


class Unreadable(Exception):
    def __init__(self, message, line=1):
        self.line = line
        super().__init__(message)


def read_text(path):
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise Unreadable("the file starts with a UTF-8 byte-order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Unreadable("the file is not valid UTF-8", line) from None
    if "\x00" in text:
        raise Unreadable("the file contains a NUL character", text[: text.index("\x00")].count("\n") + 1)
    return text.replace("\r\n", "\n")


def read_yaml(path, convert):
    """(convert(root node), []) for the YAML data file at `path`, or (None, [a Problem naming the
    file and line]) when the file cannot be read or `convert` refuses it. Never raises for content."""
    try:
        return convert(yamlschema.compose(read_text(path))), []
    except SchemaError as exc:
        return None, [yamlschema.problem(path.name, 1, exc)]
    except Unreadable as exc:
        return None, [Problem(path.name, exc.line, str(exc))]


def split_front_matter(text):
    """Return (front matter, body, body's first line number) of a file that starts with `---`."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise Unreadable("the file must start with a `---` line that opens the front matter")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise Unreadable("the front matter is never closed by a `---` line")


def _entry_fields(root, optional):
    if root is None:
        raise SchemaError(None, "the front matter is empty")
    nodes = yamlschema.mapping(root, "the front matter")
    yamlschema.check_keys(root, nodes, required=ENTRY_REQUIRED, optional=optional, name="the front matter")
    fields = {
        "id": identifier(nodes["id"], "id"),
        "title": yamlschema.text(nodes["title"], "title"),
        "summary": _summary(nodes["summary"]),
        "category": identifier(nodes["category"], "category"),
        "order": yamlschema.integer(nodes["order"], "order"),
        "updated": yamlschema.date(nodes["updated"], "updated"),
        "sources": tuple(read_source(n) for n in yamlschema.sequence(nodes["sources"], "sources")),
        "related": tuple(identifier(n, "a related id") for n in _optional_list(nodes, "related")),
        "historical": tuple(_note(n) for n in _optional_list(nodes, "historical")),
        "translated_from": _translated_from(nodes.get("translated_from")),
        "review_by": yamlschema.date(nodes["review_by"], "review_by") if "review_by" in nodes else None,
        "error_lines": _errors(_optional_list(nodes, "errors")),
        "visibility": visibility(nodes.get("visibility")),
        "lines": {key: node.start_mark.line + 2 for key, node in nodes.items()},
    }
    if not fields["sources"]:
        raise SchemaError(nodes["sources"], "sources must name at least one source")
    return fields


def _optional_list(nodes, key):
    return yamlschema.sequence(nodes[key], key) if key in nodes else ()


def identifier(node, what):
    value = yamlschema.text(node, what)
    if not ID_PATTERN.fullmatch(value):
        raise SchemaError(node, f"{what} {value!r} must be lower-case ASCII letters, digits and hyphens")
    return value


def _summary(node):
    value = yamlschema.text(node, "summary")
    if len(value) > SUMMARY_MAX:
        raise SchemaError(node, f"summary has {len(value)} characters; keep it to {SUMMARY_MAX}")
    return value


def read_source(node):
    fields = yamlschema.mapping(node, "a source")
    yamlschema.check_keys(node, fields, required=("title", "url"), name="a source")
    return Source(
        yamlschema.text(fields["title"], "source title"), yamlschema.url(fields["url"], "source url")
    )


def _note(node):
    fields = yamlschema.mapping(node, "a historical note")
    yamlschema.check_keys(node, fields, required=("kind", "text", "source"), name="a historical note")
    kind = yamlschema.text(fields["kind"], "kind")
    if kind not in NOTE_KINDS:
        raise SchemaError(fields["kind"], f"kind must be one of {', '.join(NOTE_KINDS)}, not {kind!r}")
    return {
        "kind": kind,
        "text": yamlschema.text(fields["text"], "note text"),
        "source": yamlschema.url(fields["source"], "note source"),
    }


def _errors(nodes):
    """[(error text, line)]: the exact messages an entry answers, one line of plain text each."""
    found = []
    for node in nodes:
        value = yamlschema.text(node, "an error text")
        if "\n" in value or "`" in value:
            raise SchemaError(node, "an error text is one line of plain text, as the program prints it")
        if len(value) > ERROR_MAX:
            raise SchemaError(node, f"error text has {len(value)} characters; keep it to {ERROR_MAX}")
        if value in (message for message, _ in found):
            raise SchemaError(node, f"error text {value!r} is listed twice")
        found.append((value, node.start_mark.line + 2))
    return found


def visibility(node):
    """ "public" (the default) or "internal"."""
    if node is None:
        return "public"
    value = yamlschema.text(node, "visibility")
    if value not in VISIBILITIES:
        raise SchemaError(node, f"visibility must be one of {', '.join(VISIBILITIES)}, not {value!r}")
    return value


def _translated_from(node):
    if node is None:
        return None
    value = yamlschema.text(node, "translated_from")
    match = TRANSLATED_FROM.fullmatch(value)
    if not match:
        raise SchemaError(node, f"translated_from must look like en@0123456789ab, not {value!r}")
    return match.group(1), match.group(2)
