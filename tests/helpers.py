"""Shared test helpers: a writable copy of the mini corpus in tests/data/content."""

import shutil
from pathlib import Path

from django.urls import reverse
from django.utils.translation import override

DATA = Path(__file__).parent / "data"
MINI_CONTENT = DATA / "content"
REAL_CONTENT = Path(__file__).parent.parent / "content"
LOCAL_CONTENT = DATA / "local"  # a team's overlay beside the mini corpus


def copy_content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, target)
    return target


def searchable_content(tmp_path):
    """copy_content() with the real synonyms file, which building a search index needs."""
    target = copy_content(tmp_path)
    shutil.copy(REAL_CONTENT / "search-synonyms.yaml", target)
    return target


def rewrite(path, old, new):
    """Replace `old` with `new` in `path`, failing loudly if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def url(name, lang, *args):
    """The URL of the named page in `lang`."""
    with override(lang):
        return reverse(name, args=args)


def publish_overlay():
    """Publish the overlay named by settings.LOCAL_CONTENT_DIR beside our content (served
    straight from CONTENT_DIR: the mini corpus has no wizard to publish it with), and index both
    as build_index does."""
    from django.conf import settings

    from faq.content import loader, publish
    from faq.search import indexing

    publish.publish_local(settings.LOCAL_CONTENT_DIR, settings.LOCAL_SNAPSHOT_DIR)
    indexing.build_index(settings.SEARCH_INDEX_DIR, loader.get_store(staff=True))
