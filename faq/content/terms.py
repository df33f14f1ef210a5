"""The terminology list in content/terms.yaml and its check: every refused spelling of a term,
found in the prose of the entries, the YAML data files and the interface catalogs, is reported
as file:line. Prose is text outside code, URLs, link targets and quotations."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.pofile import PoFileError, read_po

from .. import catalogs
from . import yamlschema
from .entryfile import LANGS, Unreadable, identifier, per_language, read_text, read_yaml, split_front_matter
from .problems import Problem
from .yamlschema import SchemaError

FILE_NAME = "terms.yaml"
# The YAML data files whose {en: ..., ja: ...} texts are checked.
DATA_FILES = ("categories.yaml", "home.yaml", "crictl.yaml", "wizard.yaml", "checker_rules.yaml")
_CUT = "\x00"  # stands where a non-prose span was cut out, so no match spans the gap
_NOT_PROSE = [
    re.compile(r"```.*?```", re.S),  # fenced code inside a YAML text
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),  # a Markdown link's target; its text stays
    re.compile(r"https?://[^\s)]+"),
    re.compile(r"<code>.*?</code>|<[^>]+>", re.S),  # catalog strings hold a little HTML
    re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}"),  # and placeholders
    re.compile(r"「[^」]*」|『[^』]*』|“[^”]*”|\"[^\"\n]*\""),
]


@dataclass(frozen=True)
class Term:
    id: str
    preferred: dict  # lang -> the spelling to use
    refuse: dict  # lang -> tuple of compiled patterns


def prose(text):
    """`text` with code, URLs, link targets, markup and quotations cut out."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(_CUT, text)
    return text


def validate(content_dir, catalog_dir):
    """Problems in terms.yaml itself, then every refused spelling in the content and catalogs."""
    content_dir = Path(content_dir)
    terms, problems = read_yaml(content_dir / FILE_NAME, _terms)
    if terms is None:
        return problems
    for path, line, lang, text in texts(content_dir, Path(catalog_dir)):
        problems += _misspellings(terms, path, line, lang, text)
    return problems


def _terms(root):
    return yamlschema.list_of(root, "terms", _term, name=FILE_NAME, kind="term")


def _term(node):
    fields = yamlschema.mapping(node, "a term")
    yamlschema.check_keys(node, fields, required=("id", "use", "refuse"), optional=("note",), name="a term")
    refuse = {}
    for lang, patterns in yamlschema.mapping(fields["refuse"], "refuse").items():
        if lang not in LANGS:
            raise SchemaError(patterns, f"refuse is keyed by {', '.join(LANGS)}, not {lang!r}")
        refuse[lang] = tuple(_pattern(n) for n in yamlschema.sequence(patterns, f"refuse ({lang})"))
    if not any(refuse.values()):
        raise SchemaError(fields["refuse"], "a term needs at least one spelling to refuse")
    if "note" in fields:
        yamlschema.text(fields["note"], "note")
    return Term(identifier(fields["id"], "term id"), per_language(fields["use"], "use"), refuse)


def _pattern(node):
    value = yamlschema.text(node, "a refused spelling")
    try:
        return re.compile(value, re.ASCII)  # \b and \w: ASCII word characters only
    except re.error as exc:
        raise SchemaError(node, f"invalid regular expression {value!r}: {exc}") from None


def _misspellings(terms, path, line, lang, text):
    """One problem per term and line: the first refused spelling found there."""
    cleaned = prose(text)
    problems = []
    for term in terms:
        found = {}  # line -> (position, spelling)
        for pattern in term.refuse.get(lang, ()):
            for match in pattern.finditer(cleaned):
                at = line + cleaned.count("\n", 0, match.start())
                found[at] = min(
                    found.get(at, (match.start(), match.group(0))), (match.start(), match.group(0))
                )
        for at, (_, spelling) in sorted(found.items()):
            message = f"write {term.preferred[lang]!r}, not {spelling!r} (term {term.id!r} in {FILE_NAME})"
            problems.append(Problem(path, at, message))
    return problems


# Where the texts are -----------------------------------------------------------------------------


def texts(content_dir, catalog_dir):
    """(path, first line, language, text) for every text a reader sees: entries (not their source
    titles, nor fenced code), the YAML data files' en/ja values and the catalogs' messages."""
    for lang in LANGS:
        for path in sorted((content_dir / lang).glob("*.md")):
            yield from _entry_texts(path, path.relative_to(content_dir).as_posix(), lang)
    for name in DATA_FILES:
        try:
            root = yamlschema.compose(read_text(content_dir / name))
        except (Unreadable, SchemaError):
            continue  # each file's own check reports why it cannot be read
        yield from _language_values(root, name)
    for lang in LANGS:
        yield from _catalog_texts(catalogs.po_path(catalog_dir, lang), lang)


def _entry_texts(path, name, lang):
    try:
        front, body, body_line = split_front_matter(read_text(path))
        fields = yamlschema.mapping(yamlschema.compose(front))
    except (Unreadable, SchemaError):
        return  # reported by the content check
    # Front matter starts on line 2. Source titles are names of other pages, so they are skipped.
    for key in ("title", "summary"):
        if isinstance(fields.get(key), yaml.ScalarNode):
            yield name, fields[key].start_mark.line + 2, lang, fields[key].value
    notes = fields.get("historical")
    for note in notes.value if isinstance(notes, yaml.SequenceNode) else ():
        for key, value in note.value if isinstance(note, yaml.MappingNode) else ():
            if key.value == "text" and isinstance(value, yaml.ScalarNode):
                yield name, value.start_mark.line + 2, lang, value.value
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            yield name, body_line + offset, lang, line


def _language_values(node, name):
    """Every `en:` and `ja:` text value anywhere in a YAML tree."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in LANGS and isinstance(value, yaml.ScalarNode):
                yield name, value.start_mark.line + 1, key.value, value.value
            else:
                yield from _language_values(value, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _language_values(item, name)


def _catalog_texts(path, lang):
    """This language's translations in one gettext catalog; the English catalog also gives the
    source messages (the same msgids are in every catalog, so they are checked once)."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    except (OSError, ValueError, PoFileError):
        return  # compile_catalogs reports a broken catalog
    name = f"locale/{lang}/LC_MESSAGES/{path.name}"
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids if lang == "en" else ():
            yield name, message.lineno, "en", text
        for text in strings:
            if text:
                yield name, message.lineno, lang, text
