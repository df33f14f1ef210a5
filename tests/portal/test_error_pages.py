"""Refused page requests answer a page in the reader's language with a way on (a search box and
links), never Django's plain English pages; the API keeps answering JSON."""

import pytest
from django.conf import settings
from django.test import Client

from faq.portal import errors

LANGS = ["ja", "en"]
HEADINGS = {
    400: {"ja": "リクエストを読み取れませんでした", "en": "The request could not be read"},
    403: {"ja": "フォームの有効期限が切れました", "en": "This form has expired"},
    405: {
        "ja": "このページはその種類のリクエストを受け付けません",
        "en": "This page does not take that kind of request",
    },
}


def assert_page(response, status, lang):
    page = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{HEADINGS[status][lang]}</h1>" in page
    assert f'action="/{lang}/search/"' in page and 'type="search"' in page
    return page


@pytest.mark.parametrize("lang", LANGS)
def test_too_many_fields_is_a_400_page_in_the_readers_language(client, lang):
    fields = {f"x{number}": "1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert_page(client.get(f"/{lang}/search/", fields), 400, lang)


def test_bad_host_is_a_400_page_without_absolute_links(client):
    page = client.get("/ja/", HTTP_HOST="evil.example")
    assert_page(page, 400, "ja")
    assert "evil.example" not in page.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_csrf_failure_is_a_403_page_in_the_readers_language(lang):
    response = Client(enforce_csrf_checks=True).post(f"/{lang}/check/", {"manifests": "kind: Pod"})
    assert_page(response, 403, lang)


def test_csrf_failure_under_the_api_stays_json():
    request = Client().get("/api/v1/").wsgi_request
    response = errors.csrf_failure(request)
    assert response.status_code == 403 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "trace"])
def test_unsupported_method_is_a_405_page_that_keeps_allow(client, lang, method):
    response = (
        getattr(client, method)(f"/{lang}/faq/private-images/")
        if method != "trace"
        else client.generic("TRACE", f"/{lang}/faq/private-images/")
    )
    assert_page(response, 405, lang)
    assert response["Allow"] == "GET, HEAD"


def test_api_405_stays_json(client):
    response = client.delete("/api/v1/entries")
    assert response.status_code == 405 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_offers_search_and_the_closest_entries(client, lang):
    response = client.get(f"/{lang}/faq/migrate-to-containerd-now/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f'href="/{lang}/faq/migrate-to-containerd/"' in page
    assert 'value="migrate to containerd now"' in page


def test_not_found_reads_a_bounded_part_of_the_address(client):
    response = client.get("/ja/faq/" + "x" * 5000 + "/")
    assert response.status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_the_faq_folder_leads_to_the_list_of_questions(client, lang):
    response = client.get(f"/{lang}/faq/")
    assert response.status_code == 301 and response["Location"] == f"/{lang}/"
