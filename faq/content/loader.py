"""Load the FAQ from the Markdown files of the content folder being served (snapshot.py) into
memory, validate every field with file:line problems, and answer lookups by id. Views never
read files."""

import functools
import hashlib
import html
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import entryfile, markup, references, snapshot, translations, typeset, yamlschema
from .entryfile import LANGS, identifier, per_language, read_entry, read_yaml
from .problems import ContentError
from .yamlschema import SchemaError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Note:
    kind: str  # "outdated" or "corrected"
    html: str  # the note after its first sentence
    source: str
    title_html: str = ""  # its first sentence: the line shown while the note is folded


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
    review_by: object = None  # datetime.date: re-check the dated facts by then (faq/content/review.py)
    errors: tuple = ()  # exact error messages the entry answers, for search to match
    title_html: str = ""  # the title typeset for line breaking (typeset.phrases)
    summary_html: str = ""  # the summary with identifiers kept whole (typeset.keep_identifiers)
    toc: tuple = ()  # markup.Heading tree for the table of contents (empty under two headings)
    local: bool = False  # from the team's overlay (overlay.py), not from our content
    visibility: str = "public"  # or "internal": signed-in staff only (overlay.public_view)


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
    # What pages, ETags and caches key on: differs between the anonymous and the staff view of
    # the same content, so neither is ever served from the other's cache.
    version: str = ""
    source_version: str = ""  # the content's own hash, the same in every view: the index's
    local_notes: dict = field(default_factory=dict)  # (lang, id) -> overlay.LocalNote
    wizard_notes: dict = field(default_factory=dict)  # wizard result id -> overlay.WizardNote
    overlay: object = None  # overlay.Overlay that was merged in, or None

    def __post_init__(self):
        self.source_version = self.source_version or self.version

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
        # A view without internal entries drops the links to them too.
        lang = entry.lang
        found = (self.entries.get((lang, rid)) or self.untranslated(lang, rid) for rid in entry.related)
        return [other for other in found if other is not None]

    def untranslated(self, lang, entry_id):
        """A local entry written only in the other language, shown in `lang` with a notice; None
        when there is an entry in `lang` or none at all."""
        if (lang, entry_id) in self.entries:
            return None
        other = next((e for (_, i), e in self.entries.items() if i == entry_id), None)
        return other if other is not None and other.local else None

    def untranslated_in(self, lang, category_id):
        """The local entries of a category written only in the other language."""
        found = [
            e
            for e in self.entries.values()
            if e.lang != lang and e.local and e.category == category_id and (lang, e.id) not in self.entries
        ]
        return sorted(found, key=lambda e: (e.order, e.id))

    def local_note(self, entry):
        return self.local_notes.get((entry.lang, entry.id))

    def is_stale(self, entry):
        return (entry.lang, entry.id) in self.stale


def get_store(staff=False):
    """The validated content being served (the current snapshot, or settings.CONTENT_DIR when
    none is published) with the team's overlay merged in (overlay.py); raises ContentError,
    carrying every error, if any of our files is broken. Without `staff`, internal entries and
    notes are not in it at all: every surface that reads it cannot show them."""
    from . import overlay  # it builds on this module

    folder = snapshot.folder()
    store = _load(folder)
    if any(p.level == "error" for p in store.problems):
        raise ContentError(store.problems)
    merged = overlay.merged(folder, snapshot.local_folder())
    return merged.staff if staff else merged.public


def validate(content_dir):
    """Every problem in `content_dir`, errors and warnings, without raising."""
    return load(Path(content_dir)).problems


# Keyed on the folder, so tests pointing CONTENT_DIR elsewhere just work; bounded, so a process
# that follows many published snapshots does not keep every superseded one.
@functools.lru_cache(maxsize=8)
def _load(content_dir):
    store = load(Path(content_dir))
    errors = [str(p) for p in store.problems if p.level == "error"]
    if errors:
        logger.error("the content in %s has %d error(s):\n%s", content_dir, len(errors), "\n".join(errors))
    return store


def source_files(content_dir):
    """Every file the site reads from `content_dir`, as sorted relative paths: the data files at the
    top (categories, home, crictl table, synonyms, wizard, checker rules) and each language's
    entries. A snapshot is a copy of exactly these, and content_version() hashes them."""
    folder = Path(content_dir)
    paths = [*folder.glob("*.yaml"), *(p for lang in LANGS for p in (folder / lang).glob("*.md"))]
    return sorted(p.relative_to(folder).as_posix() for p in paths if p.is_file())


def content_version(content_dir, files=source_files):
    """One hash over the raw bytes of every source file (`files(content_dir)`): any change to
    what is rendered or indexed (front matter, a body, a data file) changes it, and with it the
    ETags and the index."""
    digest = hashlib.sha256()
    for name in files(content_dir):
        try:
            data = (Path(content_dir) / name).read_bytes()
        except OSError:
            data = b"\0unreadable"  # reported by the loader as a problem of this file
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def load(content_dir):
    """Read and cross-check every file under `content_dir`. Never raises for bad content."""
    problems = []
    categories = load_categories(content_dir / "categories.yaml", problems)
    raw, files = read_entries(content_dir, problems)
    home = load_home(content_dir / "home.yaml", {entry_id for _, entry_id in raw}, problems)
    references.check(raw, files, categories, problems)
    stale = translations.check_pairs(raw, problems)
    entries = build_all(raw)
    references.check_fragments(raw, entries, problems)
    version = content_version(content_dir)
    return ContentStore(tuple(categories), entries, home, frozenset(stale), problems, version)


def read_entries(content_dir, problems, optional=entryfile.ENTRY_OPTIONAL):
    """({(lang, id): checked fields}, {(lang, file stem)}) of the entry files of `content_dir`."""
    raw, files = {}, set()
    for lang in LANGS:
        for path in sorted((content_dir / lang).glob("*.md")):
            files.add((lang, path.stem))
            entry = read_entry(path, lang, content_dir, problems, optional)
            if entry is not None:
                raw[(lang, entry["id"])] = entry
    return raw, files


def load_categories(path, problems):
    categories, found = read_yaml(path, _categories)
    problems += found
    return categories or []


def _categories(root):
    categories = []
    for node in yamlschema.sequence(root, "categories.yaml"):
        fields = yamlschema.mapping(node, "a category")
        yamlschema.check_keys(node, fields, required=("id", "title", "description"), name="a category")
        categories.append(
            Category(
                identifier(fields["id"], "category id"),
                per_language(fields["title"], "title"),
                per_language(fields["description"], "description"),
            )
        )
    return categories


def load_home(path, entry_ids, problems):
    home, found = read_yaml(path, lambda root: _home(root, entry_ids))
    problems += found
    return home or Home({}, ())


def _home(root, entry_ids):
    fields = yamlschema.mapping(root, "home.yaml")
    yamlschema.check_keys(root, fields, required=("lead", "highlights"), name="home.yaml")
    highlights = []
    for node in yamlschema.sequence(fields["highlights"], "highlights"):
        entry_id = identifier(node, "a highlighted id")
        if entry_id not in entry_ids:
            raise SchemaError(node, f"highlighted id {entry_id!r} is not an entry")
        highlights.append(entry_id)
    return Home(per_language(fields["lead"], "lead"), tuple(highlights))


def build_all(raw):
    """Entries by key. Japanese headings take the English entry's short ASCII anchors when both
    have the same heading structure, so shared links stay short and match across languages."""
    entries = {key: _build(fields, key[0]) for key, fields in raw.items() if key[0] == "en"}
    for key, fields in raw.items():
        if key[0] != "en":
            original = entries.get(("en", key[1]))
            entries[key] = _build(fields, key[0], original.headings if original else ())
    return entries


def _build(fields, lang, counterpart=()):
    rendered = markup.render(fields["body"], lang, anchors=[(h.level, h.anchor) for h in counterpart])
    notes = tuple(_note(n, lang) for n in fields["historical"])
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
        body_hash=translations.body_hash(fields["body"]),
        translated_from=fields["translated_from"],
        review_by=fields["review_by"],
        errors=tuple(message for message, _ in fields["error_lines"]),
        title_html=typeset.phrases(fields["title"]),
        summary_html=typeset.keep_identifiers(fields["summary"]),
        toc=rendered.toc if len(rendered.headings) > 1 else (),
        local=fields.get("local", False),
        visibility=fields["visibility"],
    )


# The end of a note's first sentence: 。 or a full stop before a space, outside code spans.
_SENTENCE_END = re.compile(r"(`[^`]*`)|(。|[.!?](?=\s))")


def _note(fields, lang):
    text = fields["text"].strip()
    cut = next((m.end() for m in _SENTENCE_END.finditer(text) if m.group(2)), len(text))
    first, rest = text[:cut].strip(), text[cut:].strip()
    title = markup.render(first, lang).html.removeprefix("<p>").removesuffix("</p>")
    body = markup.render(rest, lang).html if rest else ""
    return Note(fields["kind"], body, fields["source"], title)


def plain_text(fragment):
    """The readable text of an HTML fragment, for search and summaries."""
    text = re.sub(r"<a class=\"headerlink\"[^>]*>.*?</a>", "", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))).strip()
