import shutil

import pytest

from faq.content import loader
from faq.portal import zeroresults
from tests.helpers import LOCAL_CONTENT, MINI_CONTENT, REAL_CONTENT, publish_overlay, searchable_content


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Unit tests must not depend on a prior `collectstatic`; the manifest storage is exercised
    # by the production-server tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _zero_results_without_a_writer_thread(monkeypatch):
    """Searches without results queue up in a fresh queue per test, with no background writer
    (it would write into whichever test's database is open); tests of the log write the queue
    themselves with zeroresults.drain(), or start the real writer."""
    monkeypatch.setattr(zeroresults, "_current", zeroresults._Writer(thread=False))


@pytest.fixture
def mini_content(settings):
    """Serve the small corpus in tests/data/content instead of the real content."""
    settings.CONTENT_DIR = MINI_CONTENT


@pytest.fixture
def real_content(settings):
    """Serve the shipped content in content/."""
    settings.CONTENT_DIR = REAL_CONTENT


@pytest.fixture(scope="module")
def real_store():
    """The shipped content, loaded once per test module."""
    return loader.load(REAL_CONTENT)


@pytest.fixture(autouse=True)
def _no_published_snapshot(settings, tmp_path):
    # In-process tests serve the CONTENT_DIR they name, never the snapshot `make prepare`
    # published into var/; the snapshot tests publish into their own folder.
    settings.CONTENT_SNAPSHOT_DIR = tmp_path / "content-snapshot"
    settings.LOCAL_CONTENT_DIR = None  # no overlay unless a test publishes one
    settings.LOCAL_SNAPSHOT_DIR = tmp_path / "local-snapshot"


@pytest.fixture
def local(settings, tmp_path):
    """The mini corpus with a writable copy of tests/data/local as the team's overlay, published,
    and a search index of both; returns the overlay's folder."""
    settings.CONTENT_DIR = searchable_content(tmp_path)
    settings.LOCAL_CONTENT_DIR = str(shutil.copytree(LOCAL_CONTENT, tmp_path / "local"))
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    publish_overlay()
    return tmp_path / "local"
