"""A team's own knowledge beside ours, without a fork. The overlay folder
(settings.LOCAL_CONTENT_DIR) holds entries in our format (`ja/`, `en/`, and `categories.yaml`
for new categories), local notes on any entry (`notes/<lang>/<entry id>.md`) and notes on wizard
results (`wizard-notes.yaml`). It is checked against the content it sits beside, published like
ours (publish.publish_local), and merged in when served (merged()). Its Markdown goes through
the same markup.render as ours, so it is sanitized the same way.

Entries and notes may say `visibility: internal`: the public view of the merged store leaves
them out altogether, so no surface that reads the public store can show them."""

import datetime
import functools
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from . import entryfile, loader, markup, references, translations, yamlschema
from .problems import Problem
from .yamlschema import SchemaError

logger = logging.getLogger(__name__)

LABEL = "local"  # how problems name the overlay's files: local/ja/our-registry.md:3
NOTES = "notes"
WIZARD_NOTES = "wizard-notes.yaml"
CATEGORIES = "categories.yaml"
REVISION = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class LocalNote:
    """ "At our company: ..." on one entry in one language."""

    entry_id: str
    lang: str
    html: str
    updated: datetime.date
    revision: str  # translations.body_hash of the entry the note was written against
    current: str  # the entry's body hash now
    visibility: str
    path: str

    @property
    def changed_upstream(self):
        return self.revision != self.current


@dataclass(frozen=True)
class WizardNote:
    result_id: str
    html: dict  # lang -> html; a note may be written in one language only
    visibility: str
    line: int

    def html_in(self, lang):
        """(lang, html): in `lang`, or in the one language the note is written in."""
        return (lang, self.html[lang]) if lang in self.html else next(iter(self.html.items()))


@dataclass(frozen=True)
class Overlay:
    categories: tuple
    entries: dict  # (lang, id) -> loader.Entry, every one with local=True
    notes: dict  # (lang, entry id) -> LocalNote
    wizard_notes: dict  # result id -> WizardNote
    stale: frozenset
    problems: list
    version: str

    @property
    def errors(self):
        return [p for p in self.problems if p.level == "error"]


@dataclass(frozen=True)
class Views:
    public: loader.ContentStore  # what anonymous readers get: nothing internal in it
    staff: loader.ContentStore


def source_files(local_dir):
    """Our source files of an overlay folder, and its notes."""
    folder = Path(local_dir)
    notes = (p for lang in entryfile.LANGS for p in (folder / NOTES / lang).glob("*.md"))
    extra = [p.relative_to(folder).as_posix() for p in notes if p.is_file()]
    return sorted([*loader.source_files(folder), *extra])


def version(local_dir):
    return loader.content_version(local_dir, source_files)


def load(local_dir, ours, label=LABEL):
    """Read and check the overlay in `local_dir` against `ours` (a loader.ContentStore). Never
    raises for bad content: what cannot be merged (a colliding id, a note on a missing entry) is
    left out and reported, each problem as `label`/file:line."""
    folder = Path(local_dir)
    problems = []
    categories = _categories(folder, ours, problems)
    raw, files = loader.read_entries(folder, problems, entryfile.LOCAL_OPTIONAL)
    our_ids = {entry_id for _, entry_id in ours.entries}
    for key, fields in list(raw.items()):
        fields["local"] = True
        if key[1] in our_ids:
            problems.append(
                Problem(
                    fields["path"],
                    fields["lines"]["id"],
                    f"id {key[1]!r} is already one of our entries: pick another id, or attach "
                    f"a note to ours as {NOTES}/{key[0]}/{key[1]}.md",
                )
            )
            del raw[key]
    known = files | set(ours.entries)
    references.check(raw, known, [*ours.categories, *categories], problems, one_language=True)
    stale = translations.check_pairs(raw, problems)
    _check_visibility(raw, problems)
    entries = loader.build_all(raw)
    every = {**ours.entries, **entries}
    references.check_fragments(raw, every, problems)
    notes = _notes(folder, every, problems)
    wizard = _wizard_notes(folder / WIZARD_NOTES, problems)
    labelled = [replace(p, path=f"{label}/{p.path}") for p in problems]
    return Overlay(tuple(categories), entries, notes, wizard, frozenset(stale), labelled, version(folder))


def _categories(folder, ours, problems):
    if not (folder / CATEGORIES).is_file():
        return []
    found = []
    categories = loader.load_categories(folder / CATEGORIES, found)
    problems += found
    kept = []
    for category in categories:
        if ours.get_category(category.id):
            problems.append(Problem(CATEGORIES, 1, f"category {category.id!r} is already one of ours"))
        else:
            kept.append(category)
    return kept


def _check_visibility(raw, problems):
    """A public entry must not point at an internal one (its title would show in the links),
    and both languages of an entry say the same."""
    for (lang, entry_id), fields in raw.items():
        other = raw.get(("en" if lang == "ja" else "ja", entry_id))
        if other is not None and other["visibility"] != fields["visibility"] and lang == "ja":
            line = fields["lines"].get("visibility", 1)
            problems.append(Problem(fields["path"], line, f"visibility differs from {other['path']}"))
        if fields["visibility"] == "internal":
            continue
        for rid in fields["related"]:
            if raw.get((lang, rid), {}).get("visibility") == "internal":
                message = f"a public entry lists internal {rid!r}"
                problems.append(Problem(fields["path"], fields["lines"]["related"], message))
        for offset, line in enumerate(fields["body"].split("\n")):
            for kind, target, _ in markup.INTERNAL_LINK.findall(line):
                if kind == "entry" and raw.get((lang, target), {}).get("visibility") == "internal":
                    message = f"a public entry links to internal {target!r}"
                    problems.append(Problem(fields["path"], fields["body_line"] + offset, message))


def _notes(folder, entries, problems):
    notes = {}
    for lang in entryfile.LANGS:
        for path in sorted((folder / NOTES / lang).glob("*.md")):
            relative = path.relative_to(folder).as_posix()
            try:
                text = entryfile.read_text(path)
                front, body, _ = entryfile.split_front_matter(text)
                note = _note(yamlschema.compose(front), body, lang, path.stem, relative, entries)
            except entryfile.Unreadable as exc:
                problems.append(Problem(relative, exc.line, str(exc)))
                continue
            except SchemaError as exc:
                problems.append(yamlschema.problem(relative, 2, exc))
                continue
            if note.changed_upstream:
                problems.append(
                    Problem(
                        relative,
                        2,
                        f"{lang}/{note.entry_id} changed since this note was written (revision "
                        f"{note.revision}, now {note.current}): check the note, then set "
                        f'revision: "{note.current}"',
                        level="warning",
                    )
                )
            notes[(lang, note.entry_id)] = note
    return notes


def _note(root, body, lang, entry_id, relative, entries):
    if root is None:
        raise SchemaError(None, "the front matter is empty")
    nodes = yamlschema.mapping(root, "the front matter")
    yamlschema.check_keys(
        root, nodes, required=("revision", "updated"), optional=("visibility",), name="a note"
    )
    entry = entries.get((lang, entry_id))
    if entry is None:
        raise SchemaError(root, f"there is no entry {entry_id!r} in {lang} to attach this note to")
    revision = yamlschema.text(nodes["revision"], "revision")
    if not REVISION.fullmatch(revision):
        raise SchemaError(
            nodes["revision"],
            f"revision is the 12-character revision of the entry the note was written for "
            f'(now: revision: "{entry.body_hash}"), not {revision!r}',
        )
    if not body.strip():
        raise SchemaError(root, "the note has no text after its front matter")
    return LocalNote(
        entry_id=entry_id,
        lang=lang,
        html=markup.render(body, lang).html,
        updated=yamlschema.date(nodes["updated"], "updated"),
        revision=revision,
        current=entry.body_hash,
        visibility=entryfile.visibility(nodes.get("visibility")),
        path=relative,
    )


def _wizard_notes(path, problems):
    if not path.is_file():
        return {}
    found, read_problems = entryfile.read_yaml(path, _wizard_note_list)
    problems += read_problems
    return found or {}


def _wizard_note_list(root):
    notes = {}
    for node in yamlschema.sequence(root, WIZARD_NOTES):
        fields = yamlschema.mapping(node, "a wizard note")
        optional = (*entryfile.LANGS, "visibility")
        yamlschema.check_keys(node, fields, required=("result",), optional=optional, name="a wizard note")
        result_id = entryfile.identifier(fields["result"], "result")
        texts = {lang: yamlschema.text(fields[lang], lang) for lang in entryfile.LANGS if lang in fields}
        if not texts:
            raise SchemaError(node, "a wizard note needs its text in ja, en or both")
        if result_id in notes:
            raise SchemaError(fields["result"], f"result {result_id!r} has two notes")
        html = {lang: markup.render(text, lang).html for lang, text in texts.items()}
        line = node.start_mark.line + 1
        notes[result_id] = WizardNote(result_id, html, entryfile.visibility(fields.get("visibility")), line)
    return notes


def merged(ours_folder, local_folder):
    """Views of our content loaded from `ours_folder` with the overlay published in
    `local_folder` merged in (None: no overlay). An overlay that has become wrong against a newer
    content of ours still merges what it can, and its problems are reported (/readyz)."""
    if local_folder is None:
        ours = loader._load(ours_folder)
        return Views(ours, ours)
    return _merged(ours_folder, local_folder)


@functools.lru_cache(maxsize=8)  # keyed on both folders, like loader._load
def _merged(ours_folder, local_folder):
    ours = loader._load(ours_folder)
    overlay = load(Path(local_folder), ours)
    if overlay.errors:
        logger.error(
            "the overlay in %s has %d error(s) against our content; merging what it can:\n%s",
            local_folder,
            len(overlay.errors),
            "\n".join(str(p) for p in overlay.errors),
        )
    combined = hashlib.sha256(f"{ours.version}\0{overlay.version}".encode()).hexdigest()[:16]
    staff = loader.ContentStore(
        (*ours.categories, *overlay.categories),
        {**ours.entries, **overlay.entries},
        ours.home,
        ours.stale | overlay.stale,
        ours.problems,
        version=f"{combined}+staff",
        source_version=combined,
        local_notes=overlay.notes,
        wizard_notes=overlay.wizard_notes,
        overlay=overlay,
    )
    return Views(public_view(staff, combined), staff)


def public_view(staff, version):
    """`staff` without any internal entry or note, nor a local category left with no entry."""
    entries = {key: e for key, e in staff.entries.items() if e.visibility == "public"}
    used = {e.category for e in entries.values()}
    ours = {c.id for c in staff.categories} - {c.id for c in staff.overlay.categories}
    return replace(
        staff,
        categories=tuple(c for c in staff.categories if c.id in ours or c.id in used),
        entries=entries,
        stale=frozenset(key for key in staff.stale if key in entries),
        version=version,
        local_notes={k: n for k, n in staff.local_notes.items() if k in entries and n.visibility == "public"},
        wizard_notes={k: n for k, n in staff.wizard_notes.items() if n.visibility == "public"},
    )
