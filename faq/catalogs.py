"""Gettext catalogs with Babel only, so no GNU gettext is needed: extract messages from Python
and Django templates, update locale/<lang>/LC_MESSAGES/django.po, compile them to .mo."""

import re
from io import BytesIO
from pathlib import Path

from babel.messages import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from django.utils.translation.template import templatize

DOMAIN = "django"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
METHOD_MAP = [
    ("faq/**.py", "python"),
    ("templates/**.html", "faq.catalogs:extract_django_template"),
]


class CatalogError(Exception):
    pass


def extract_django_template(fileobj, keywords, comment_tags, options):
    """Babel extractor for Django templates: Django turns the template into Python gettext
    calls (the same step `makemessages` uses), and Babel's Python extractor reads those."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    python = templatize(source, origin=getattr(fileobj, "name", None))
    # templatize keeps the template's indentation, which Python's tokenizer rejects; line
    # numbers survive because only leading blanks go.
    python = "\n".join(line.lstrip() for line in python.split("\n"))
    yield from extract_python(BytesIO(python.encode("utf-8")), keywords, comment_tags, options)


def extract(base_dir):
    """A template catalog of every translatable message in the code and templates."""
    template = Catalog(domain=DOMAIN, project="dockershim-faq", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        base_dir, METHOD_MAP, keywords=KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(locale_dir, lang):
    return Path(locale_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(base_dir, locale_dir, languages):
    """Merge newly extracted messages into each language's .po; return {lang: untranslated count}."""
    template = extract(base_dir)
    counts = {}
    for lang in languages:
        path = po_path(locale_dir, lang)
        catalog = _read(path, lang) if path.exists() else _new_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True, width=100)
        counts[lang] = sum(1 for m in catalog if m.id and not m.string)
    return counts


def compile_all(locale_dir, output_dir, languages):
    """Compile every .po into output_dir/<lang>/LC_MESSAGES/django.mo; raise CatalogError if any is broken."""
    for lang in languages:
        catalog = _read(po_path(locale_dir, lang), lang)
        errors = [
            f"{po_path(locale_dir, lang)}: {message.id!r}: {error}"
            for message, errors in catalog.check()
            for error in errors
        ]
        if errors:
            raise CatalogError("\n".join(errors))
        target = Path(output_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".mo.partial")
        with partial.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        partial.replace(target)  # a reader never sees half a catalog


def _new_catalog(lang):
    catalog = Catalog(locale=lang, domain=DOMAIN, project="dockershim-faq", fuzzy=False)
    catalog.msgid_bugs_address = ""
    return catalog


# A complete PO line: a keyword or a continuation, then one whole quoted C string. Babel's reader
# accepts an unterminated string and silently drops its last character, so check lines first.
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


def lint(path):
    """file:line problems in the syntax of the .po file at `path`."""
    problems = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.fullmatch(stripped):
            problems.append(f"{path}:{number}: not a complete PO line: {stripped[:60]}")
    return problems


def _read(path, lang):
    try:
        problems = lint(path)
        if problems:
            raise CatalogError("\n".join(problems))
        with Path(path).open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)
    except FileNotFoundError:
        raise CatalogError(f"{path}: missing catalog") from None
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"{path}: {exc}") from None
