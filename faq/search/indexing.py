"""Building the search index: the Whoosh schema, the documents (every entry in both languages and
each docker -> crictl row), and build_index(), which publishes them as a new generation
(index.py) with the words "did you mean" may offer listed beside it (alternatives.py)."""

import hashlib
from pathlib import Path

from whoosh import fields

from ..content import crictl, loader
from ..content.snapshot import folder as content_folder
from . import alternatives, errors, index
from .analysis import normalize, text_analyzer
from .synonyms import load_katakana, load_synonyms

JAPANESE = "sudachi"  # or "bigram"; see the relevance comparison in benchmark/search_ja_compare.py
# Bump when the schema or the analyzers change, or move (Whoosh pickles their import path): --if-stale
# then rebuilds. 7: the analyzers moved from faq.searchanalysis to faq.search.analysis. 8: visibility.
# 9: the errors field and errors.json, katakana names, headings.
SCHEMA_VERSION = 9
CRICTL_CATEGORY = "crictl"
SECTION_LEVELS = (2, 3)


def make_schema(synonyms, japanese=JAPANESE, katakana=None):
    analyzer = text_analyzer(synonyms, japanese, katakana)
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),  # "<lang>:<kind>:<id>"
        kind=fields.ID(stored=True),  # "entry" or "crictl"
        item_id=fields.ID(stored=True),  # entry id, or the crictl row's anchor
        lang=fields.ID(stored=True),
        category=fields.ID(stored=True),
        visibility=fields.ID(),  # "public" or "internal" (an overlay entry for staff only)
        display_title=fields.STORED(),
        # No positions or offsets: only frequencies, which is all ranking reads. Phrases and
        # snippets analyze the stored text of the few documents they need (ranking, snippets).
        title=fields.TEXT(analyzer=analyzer, phrase=False),
        summary=fields.TEXT(analyzer=analyzer, stored=True, phrase=False),
        body=fields.TEXT(analyzer=analyzer, stored=True, phrase=False),
        category_text=fields.TEXT(analyzer=analyzer, phrase=False),
        errors=fields.TEXT(analyzer=analyzer, phrase=False),  # the entry's `errors:`, one a line
        # The entry's H2/H3 headings: the sub-topics a long entry answers (its GPU, logs and
        # registry sections) weigh like words of a title, and a hit links to the matching ones.
        headings=fields.TEXT(analyzer=analyzer, phrase=False),
        sections=fields.STORED(),  # [[anchor, heading text]] of those headings
    )  # the words "did you mean" offers are a list beside the index: see publish()


def documents(store, table):
    """The documents to index: every entry in each language (internal ones too: searches filter
    on `visibility`), and each crictl row per language."""
    for entry in store.all_entries():
        category = store.get_category(entry.category)
        yield _document(
            entry.lang,
            "entry",
            entry.id,
            entry.category,
            entry.title,
            entry.summary,
            entry.body_text,
            category.title.get(entry.lang, "") if category else "",
            entry.visibility,
            error_texts=entry.errors,
            sections=[(h.anchor, h.text) for h in entry.headings if h.level in SECTION_LEVELS],
        )
    for command in table.commands() if table else ():
        for lang in ("ja", "en"):
            docker = f"docker {command.docker}" if command.docker else ""
            crictl_names = " ".join(f"crictl {name}" for name in command.crictl)
            title = f"{docker} → {crictl_names}" if docker and crictl_names else docker or crictl_names
            note = loader.plain_text((command.note or {}).get(lang, ""))  # the note is HTML
            body = " ".join([command.description[lang], note, " ".join(command.unsupported)])
            yield _document(lang, "crictl", command.anchor, CRICTL_CATEGORY, title, "", body, "crictl")


def _document(
    lang,
    kind,
    item_id,
    category,
    title,
    summary,
    body,
    category_text,
    visibility="public",
    error_texts=(),
    sections=(),
):
    display_title = title  # shown as written; the searched and highlighted text is NFKC-normalized
    title, summary, body = normalize(title), normalize(summary), normalize(body)
    return {
        "headings": normalize("\n".join(text for _, text in sections)),
        "sections": [list(section) for section in sections],
        "errors": normalize("\n".join(error_texts)),
        "key": f"{lang}:{kind}:{item_id}",
        "kind": kind,
        "item_id": item_id,
        "lang": lang,
        "category": category,
        "display_title": display_title,
        "title": title,
        "summary": summary,
        "body": body,
        "category_text": normalize(category_text),
        "visibility": visibility,
    }


def index_version(store, japanese=JAPANESE):
    """Changes whenever any content file (the crictl table and the synonyms included: see
    loader.content_version) or the analysis changes."""
    analysis = hashlib.sha256(repr((japanese, SCHEMA_VERSION)).encode()).hexdigest()[:12]
    return f"{store.source_version}-{analysis}"


def _inputs(japanese):
    folder = Path(content_folder())  # what is served
    return crictl.get_table(), load_synonyms(folder, japanese), load_katakana(folder)


def build_index(index_dir, store, *, japanese=JAPANESE):
    """Index `store` and the crictl table into a new generation under `index_dir` and publish it
    atomically. Returns the number of documents. Raises ContentError for a broken synonyms file,
    index.BuildInProgress if another build is running, OSError when the disk is too full."""
    table, synonyms, katakana = _inputs(japanese)
    schema = make_schema(synonyms, japanese, katakana)
    return publish(index_dir, schema, documents(store, table), index_version(store, japanese))


def publish(index_dir, schema, docs, version):
    """index.publish() of `docs`, with the spelling words of their text listed beside the
    index (alternatives.Vocabulary) for "did you mean", and the error messages entries list
    (errors.Catalog)."""
    vocabulary, messages = alternatives.Vocabulary(), []

    def counted():
        for doc in docs:
            vocabulary.add(" ".join([doc["title"], doc["summary"], doc["body"]]))
            messages.extend((doc["key"], doc["lang"], m) for m in doc.get("errors", "").splitlines())
            yield doc

    def extras(folder):
        vocabulary.write(folder)
        errors.write(messages, folder)

    return index.publish(index_dir, schema, counted(), version, extras=extras)


def is_stale(index_dir, store, *, japanese=JAPANESE):
    """True when the index is missing, unreadable, or was built from other content."""
    return index.status(index_dir) != index_version(store, japanese)
