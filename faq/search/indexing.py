"""Building the search index: the Whoosh schema, the documents (every entry in both languages and
each docker -> crictl row), and build_index(), which publishes them as a new generation
(index.py) with the words "did you mean" may offer listed beside it (alternatives.py)."""

import hashlib
from pathlib import Path

from whoosh import fields

from ..content import crictl, loader
from ..content.snapshot import folder as content_folder
from . import alternatives, index
from .analysis import normalize, text_analyzer
from .synonyms import load_synonyms

JAPANESE = "sudachi"  # or "bigram"; see the relevance comparison in benchmark/search_ja_compare.py
# Bump when the schema or the analyzers change, or move (Whoosh pickles their import path): --if-stale
# then rebuilds. 7: the analyzers moved from faq.searchanalysis to faq.search.analysis. 8: visibility.
SCHEMA_VERSION = 8
CRICTL_CATEGORY = "crictl"


def make_schema(synonyms, japanese=JAPANESE):
    analyzer = text_analyzer(synonyms, japanese)
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
        )
    for command in table.commands() if table else ():
        for lang in ("ja", "en"):
            docker = f"docker {command.docker}" if command.docker else ""
            crictl_names = " ".join(f"crictl {name}" for name in command.crictl)
            title = f"{docker} → {crictl_names}" if docker and crictl_names else docker or crictl_names
            note = loader.plain_text((command.note or {}).get(lang, ""))  # the note is HTML
            body = " ".join([command.description[lang], note, " ".join(command.unsupported)])
            yield _document(lang, "crictl", command.anchor, CRICTL_CATEGORY, title, "", body, "crictl")


def _document(lang, kind, item_id, category, title, summary, body, category_text, visibility="public"):
    display_title = title  # shown as written; the searched and highlighted text is NFKC-normalized
    title, summary, body = normalize(title), normalize(summary), normalize(body)
    return {
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
    return crictl.get_table(), load_synonyms(Path(content_folder()), japanese)  # what is served


def build_index(index_dir, store, *, japanese=JAPANESE):
    """Index `store` and the crictl table into a new generation under `index_dir` and publish it
    atomically. Returns the number of documents. Raises ContentError for a broken synonyms file,
    index.BuildInProgress if another build is running, OSError when the disk is too full."""
    table, synonyms = _inputs(japanese)
    schema = make_schema(synonyms, japanese)
    return publish(index_dir, schema, documents(store, table), index_version(store, japanese))


def publish(index_dir, schema, docs, version):
    """index.publish() of `docs`, with the spelling words of their text listed beside the
    index (alternatives.Vocabulary) for "did you mean"."""
    vocabulary = alternatives.Vocabulary()

    def counted():
        for doc in docs:
            vocabulary.add(" ".join([doc["title"], doc["summary"], doc["body"]]))
            yield doc

    return index.publish(index_dir, schema, counted(), version, extras=vocabulary.write)


def is_stale(index_dir, store, *, japanese=JAPANESE):
    """True when the index is missing, unreadable, or was built from other content."""
    return index.status(index_dir) != index_version(store, japanese)
