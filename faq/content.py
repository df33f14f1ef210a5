"""Load the FAQ from Markdown files under settings.CONTENT_DIR into memory, validate every field
with file:line problems, and answer lookups by id. Views never read files."""

import functools
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import markup, yamlschema
from .problems import ContentError, Problem
from .yamlschema import SchemaError

LANGS = ("ja", "en")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SUMMARY_MAX = 240
NOTE_KINDS = ("outdated", "corrected")
ENTRY_REQUIRED = ("id", "title", "summary", "category", "order", "updated", "sources")
ENTRY_OPTIONAL = ("related", "historical", "translated_from")
TRANSLATED_FROM = re.compile(r"(ja|en)@([0-9a-f]{12})")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Note:
    kind: str  # "outdated" or "corrected"
    html: str
    source: str


@dataclass(frozen=True)
class Category:
    id: str
    title: dict
    description: dict


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    title: str
    summary: str
    category: str
    order: int
    updated: object  # datetime.date
    sources: tuple
    related: tuple
    historical: tuple
    body_html: str
    body_text: str
    headings: tuple
    path: str  # relative to the content folder, e.g. "ja/private-images.md"
    url: str  # the entry's page, resolved once at load
    body_hash: str
    translated_from: tuple | None = None  # (lang, hash) when this file is the translation


@dataclass(frozen=True)
class Home:
    lead: dict
    highlights: tuple  # entry ids


@dataclass
class ContentStore:
    """Everything the site serves, loaded once. Lookups are by language and id only."""

    categories: tuple
    entries: dict  # (lang, id) -> Entry
    home: Home = Home({}, ())
    stale: frozenset = frozenset()  # (lang, id) of translations behind their original
    problems: list = field(default_factory=list)
    version: str = ""

    def get_entry(self, lang, entry_id):
        return self.entries.get((lang, entry_id))

    def get_category(self, category_id):
        return next((c for c in self.categories if c.id == category_id), None)

    def entries_in(self, lang, category_id):
        found = [e for e in self.entries.values() if e.lang == lang and e.category == category_id]
        return sorted(found, key=lambda e: (e.order, e.id))

    def all_entries(self, lang=None):
        return [e for _, e in sorted(self.entries.items()) if lang in (None, e.lang)]

    def neighbours(self, entry):
        """The previous and next entries within the entry's category (None at either end)."""
        siblings = self.entries_in(entry.lang, entry.category)
        index = [e.id for e in siblings].index(entry.id)
        before = siblings[index - 1] if index > 0 else None
        after = siblings[index + 1] if index + 1 < len(siblings) else None
        return before, after

    def related(self, entry):
        return [self.entries[(entry.lang, rid)] for rid in entry.related]

    def is_stale(self, entry):
        return (entry.lang, entry.id) in self.stale


def body_hash(body):
    normalized = "\n".join(line.rstrip() for line in body.strip().splitlines())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


def get_store():
    """The validated content of settings.CONTENT_DIR; raises ContentError if any file is broken."""
    store = _load(str(settings.CONTENT_DIR))  # the setting as given: resolving it costs syscalls
    if any(p.level == "error" for p in store.problems):
        raise ContentError(store.problems)
    return store


def validate(content_dir):
    """Every problem in `content_dir`, errors and warnings, without raising."""
    return load(Path(content_dir)).problems


@functools.cache  # keyed on the folder, so tests pointing CONTENT_DIR elsewhere just work
def _load(content_dir):
    return load(Path(content_dir))


def load(content_dir):
    """Read and cross-check every file under `content_dir`. Never raises for bad content."""
    problems = []
    categories = load_categories(content_dir / "categories.yaml", problems)
    raw, files = {}, set()
    for lang in LANGS:
        for path in sorted((content_dir / lang).glob("*.md")):
            files.add((lang, path.stem))
            entry = read_entry(path, lang, content_dir, problems)
            if entry is not None:
                raw[(lang, entry["id"])] = entry
    home = load_home(content_dir / "home.yaml", {entry_id for _, entry_id in raw}, problems)
    _check_references(raw, files, categories, problems)
    stale = _check_translations(raw, problems)
    entries = {key: _build(fields, key[0]) for key, fields in raw.items()}
    version = hashlib.sha256(
        "".join(sorted(e.path + e.body_hash + str(e.updated) for e in entries.values())).encode()
    ).hexdigest()[:16]
    return ContentStore(tuple(categories), entries, home, frozenset(stale), problems, version)


def load_categories(path, problems):
    try:
        root = yamlschema.compose(read_text(path))
        categories = []
        for node in yamlschema.sequence(root, "categories.yaml"):
            fields = yamlschema.mapping(node, "a category")
            yamlschema.check_keys(node, fields, required=("id", "title", "description"), name="a category")
            categories.append(
                Category(
                    _identifier(fields["id"], "category id"),
                    per_language(fields["title"], "title"),
                    per_language(fields["description"], "description"),
                )
            )
        return categories
    except SchemaError as exc:
        problems.append(yamlschema.problem(path.name, 1, exc))
    except Unreadable as exc:
        problems.append(Problem(path.name, exc.line, str(exc)))
    return []


def load_home(path, entry_ids, problems):
    try:
        root = yamlschema.compose(read_text(path))
        fields = yamlschema.mapping(root, "home.yaml")
        yamlschema.check_keys(root, fields, required=("lead", "highlights"), name="home.yaml")
        highlights = []
        for node in yamlschema.sequence(fields["highlights"], "highlights"):
            entry_id = _identifier(node, "a highlighted id")
            if entry_id not in entry_ids:
                raise SchemaError(node, f"highlighted id {entry_id!r} is not an entry")
            highlights.append(entry_id)
        return Home(per_language(fields["lead"], "lead"), tuple(highlights))
    except SchemaError as exc:
        problems.append(yamlschema.problem(path.name, 1, exc))
    except Unreadable as exc:
        problems.append(Problem(path.name, exc.line, str(exc)))
    return Home({}, ())


def per_language(node, what):
    fields = yamlschema.mapping(node, what)
    yamlschema.check_keys(node, fields, required=LANGS, name=what)
    return {lang: yamlschema.text(fields[lang], f"{what} ({lang})") for lang in LANGS}


def read_entry(path, lang, content_dir, problems):
    """Parse one entry file into a dict of checked fields, or report why not and return None."""
    relative = path.relative_to(content_dir).as_posix()
    try:
        text = read_text(path)
        front, body, body_line = split_front_matter(text)
        fields = _entry_fields(yamlschema.compose(front))
    except Unreadable as exc:
        problems.append(Problem(relative, exc.line, str(exc)))
        return None
    except SchemaError as exc:
        problems.append(yamlschema.problem(relative, 2, exc))
        return None
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


def split_front_matter(text):
    """Return (front matter, body, body's first line number) of a file that starts with `---`."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise Unreadable("the file must start with a `---` line that opens the front matter")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise Unreadable("the front matter is never closed by a `---` line")


def _entry_fields(root):
    if root is None:
        raise SchemaError(None, "the front matter is empty")
    nodes = yamlschema.mapping(root, "the front matter")
    yamlschema.check_keys(
        root, nodes, required=ENTRY_REQUIRED, optional=ENTRY_OPTIONAL, name="the front matter"
    )
    fields = {
        "id": _identifier(nodes["id"], "id"),
        "title": yamlschema.text(nodes["title"], "title"),
        "summary": _summary(nodes["summary"]),
        "category": _identifier(nodes["category"], "category"),
        "order": yamlschema.integer(nodes["order"], "order"),
        "updated": yamlschema.date(nodes["updated"], "updated"),
        "sources": tuple(read_source(n) for n in yamlschema.sequence(nodes["sources"], "sources")),
        "related": tuple(_identifier(n, "a related id") for n in _optional_list(nodes, "related")),
        "historical": tuple(_note(n) for n in _optional_list(nodes, "historical")),
        "translated_from": _translated_from(nodes.get("translated_from")),
        "lines": {key: node.start_mark.line + 2 for key, node in nodes.items()},
    }
    if not fields["sources"]:
        raise SchemaError(nodes["sources"], "sources must name at least one source")
    return fields


def _optional_list(nodes, key):
    return yamlschema.sequence(nodes[key], key) if key in nodes else ()


def _identifier(node, what):
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


def _translated_from(node):
    if node is None:
        return None
    value = yamlschema.text(node, "translated_from")
    match = TRANSLATED_FROM.fullmatch(value)
    if not match:
        raise SchemaError(node, f"translated_from must look like en@0123456789ab, not {value!r}")
    return match.group(1), match.group(2)


def _check_references(raw, files, categories, problems):
    category_ids = {c.id for c in categories}
    for (lang, entry_id), fields in raw.items():
        path, lines = fields["path"], fields["lines"]
        if category_ids and fields["category"] not in category_ids:
            problems.append(Problem(path, lines["category"], f"unknown category {fields['category']!r}"))
        for rid in fields["related"]:
            if (lang, rid) not in files:
                problems.append(
                    Problem(path, lines["related"], f"related id {rid!r} is not an entry in {lang}")
                )
        other = "en" if lang == "ja" else "ja"
        if (other, entry_id) not in files:  # a file that exists but is broken is reported already
            problems.append(Problem(path, 1, f"missing translation: there is no {other}/{entry_id}.md"))
        for offset, line in enumerate(fields["body"].split("\n")):
            for kind, target, _ in markup.INTERNAL_LINK.findall(line):
                if _link_missing(kind, target, lang, files):
                    problems.append(
                        Problem(path, fields["body_line"] + offset, f"link to unknown {kind} {target!r}")
                    )


def _link_missing(kind, target, lang, files):
    if kind == "entry":
        return (lang, target) not in files
    return markup.internal_url(kind, target, lang) is None


def _check_translations(raw, problems):
    """Report pairs whose translation marker is missing or out of date; return the stale keys."""
    stale = set()
    for entry_id in sorted({entry_id for _, entry_id in raw}):
        pair = [raw.get((lang, entry_id)) for lang in LANGS]
        if None in pair:
            continue  # reported as a missing translation
        marked = [fields for fields in pair if fields["translated_from"]]
        if len(marked) != 1:
            what = "neither file records" if not marked else "both files record"
            problems.append(
                Problem(
                    pair[0]["path"],
                    1,
                    f"{what} translated_from: mark the translation "
                    f"with `manage.py stamp_translation {entry_id} <lang>`",
                )
            )
            continue
        translation = marked[0]
        original = pair[1] if translation is pair[0] else pair[0]
        source_lang, recorded = translation["translated_from"]
        line = translation["lines"]["translated_from"]
        current = body_hash(original["body"])
        if source_lang != original["lang"]:
            problems.append(
                Problem(
                    translation["path"],
                    line,
                    f"translated_from names {source_lang!r}, but the original is in {original['lang']!r}",
                )
            )
        elif recorded != current:
            stale.add((translation["lang"], entry_id))
            problems.append(
                Problem(
                    translation["path"],
                    line,
                    f"translation is behind {original['path']} (written from {recorded}, now {current}); "
                    f"update it, then run `manage.py stamp_translation {entry_id} {translation['lang']}`",
                    level="warning",
                )
            )
    return stale


def _build(fields, lang):
    rendered = markup.render(fields["body"], lang)
    notes = tuple(
        Note(n["kind"], markup.render(n["text"], lang).html, n["source"]) for n in fields["historical"]
    )
    return Entry(
        id=fields["id"],
        lang=lang,
        title=fields["title"],
        summary=fields["summary"],
        category=fields["category"],
        order=fields["order"],
        updated=fields["updated"],
        sources=fields["sources"],
        related=fields["related"],
        historical=notes,
        body_html=rendered.html,
        body_text=plain_text(rendered.html),
        headings=rendered.headings,
        path=fields["path"],
        url=markup.internal_url("entry", fields["id"], lang),
        body_hash=body_hash(fields["body"]),
        translated_from=fields["translated_from"],
    )


def plain_text(fragment):
    """The readable text of an HTML fragment, for search and summaries."""
    text = re.sub(r"<a class=\"headerlink\"[^>]*>.*?</a>", "", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))).strip()
