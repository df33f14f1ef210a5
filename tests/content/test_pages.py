"""Render-once pages: served from memory, conditional GET, and a CSRF token that stays correct."""

import re

import pytest
from django.test import Client

from faq.content import pages
from tests.helpers import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mini_content")]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_cache():
    pages.clear()


def test_second_request_is_served_without_rendering(client, monkeypatch):
    client.get(url("entry-detail", "en", "alpha"))
    monkeypatch.setattr(pages, "render_to_string", lambda *a, **k: pytest.fail("rendered again"))
    response = client.get(url("entry-detail", "en", "alpha"))
    assert response.status_code == 200 and "Why was dockershim removed?" in response.content.decode()


def test_each_visitor_gets_a_token_that_passes_csrf():
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url("entry-detail", "ja", "alpha")).content.decode()
        token = TOKEN.search(page).group(1)
        assert pages.CSRF_PLACEHOLDER not in page
        vote = visitor.post(
            url("entry-feedback", "ja", "alpha"), {"helpful": "yes", "csrfmiddlewaretoken": token}
        )
        assert vote.status_code == 303


def test_unchanged_page_answers_304_to_its_etag(client):
    first = client.get(url("entry-detail", "en", "beta"))
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(url("entry-detail", "en", "beta"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = client.get(url("entry-detail", "ja", "beta"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_etag_changes_with_the_visitor_csrf_secret(client):
    first = client.get(url("entry-detail", "en", "alpha"))
    stranger = Client()
    stranger.cookies["csrftoken"] = "x" * 32
    assert (
        stranger.get(url("entry-detail", "en", "alpha"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    )


def test_query_strings_are_not_cached(client):
    client.get(url("home", "en") + "?utm_source=a")
    client.get(url("home", "en") + "?utm_source=b")
    assert not pages._pages


def test_cache_is_bounded(client, settings):
    settings.FAQ_PAGE_CACHE_SIZE = 2
    for entry_id in ("alpha", "beta", "gamma"):
        client.get(url("entry-detail", "en", entry_id))
    assert len(pages._pages) == 2


def test_head_is_answered_like_get(client):
    response = client.head(url("entry-detail", "en", "alpha"))
    assert response.status_code == 200 and response["ETag"]
