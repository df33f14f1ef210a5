import shutil

import pytest
from django.db import OperationalError

from faq.portal import probes
from tests.helpers import MINI_CONTENT, REAL_CONTENT, copy_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def mini_index(settings, tmp_path):
    from faq.content import loader
    from faq.search import indexing

    settings.CONTENT_DIR = copy_content(tmp_path)
    shutil.copy(REAL_CONTENT / "search-synonyms.yaml", settings.CONTENT_DIR)
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    indexing.build_index(settings.SEARCH_INDEX_DIR, loader.get_store())


def test_healthz_answers_without_language_prefix(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_with_content_index_and_database(client, mini_index):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"content": "ok", "index": "ok", "database": "ok"}


def test_readyz_is_503_without_an_index(client, settings, tmp_path):
    settings.CONTENT_DIR = MINI_CONTENT
    settings.SEARCH_INDEX_DIR = tmp_path / "missing"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["index"] == "down"


def test_readyz_is_503_when_the_database_fails(client, mini_index, monkeypatch):
    def down():
        raise OperationalError("unable to open database file")

    monkeypatch.setitem(probes.CHECKS, "database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"content": "ok", "index": "ok", "database": "down"}


@pytest.mark.parametrize("method", ["post", "put", "delete", "trace", "options"])
def test_probes_refuse_other_methods(client, method):
    assert getattr(client, method)("/healthz").status_code == 405
