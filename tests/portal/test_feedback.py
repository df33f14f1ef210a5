import re

import pytest
from django.db import OperationalError
from django.test import Client

from faq.portal import feedback
from faq.portal.models import Feedback
from tests.helpers import url

LANGS = ("ja", "en")
JSON = {"HTTP_ACCEPT": "application/json"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mini_content(mini_content):
    pass


def vote(client, lang="en", entry="alpha", **data):
    data = {"helpful": "yes", **data}
    return client.post(url("entry-feedback", lang, entry), data, **JSON)


@pytest.mark.parametrize("lang", LANGS)
def test_entry_page_has_feedback_form_with_csrf_token(client, lang):
    response = client.get(url("entry-detail", lang, "alpha"))
    page = response.content.decode()
    assert f'action="{url("entry-feedback", lang, "alpha")}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "faq/js/feedback.js" in page


@pytest.mark.parametrize("lang", LANGS)
def test_vote_without_js_redirects_to_thanks_page(client, lang):
    response = client.post(url("entry-feedback", lang, "alpha"), {"helpful": "no", "comment": "短い"})
    assert response.status_code == 303
    assert response["Location"] == url("entry-feedback-thanks", lang, "alpha")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    row = Feedback.objects.get()
    assert (row.entry_id, row.lang, row.helpful, row.comment) == ("alpha", lang, False, "短い")


def test_vote_with_json_answers_201_then_second_vote_updates(client):
    first = vote(client, helpful="yes")
    assert first.status_code == 201
    assert first.json()["message"]
    second = vote(client, helpful="no", comment="changed my mind")
    assert second.status_code == 200
    row = Feedback.objects.get()
    assert (row.helpful, row.comment) == (False, "changed my mind")


def test_votes_from_two_visitors_are_two_rows(client):
    assert vote(client).status_code == 201
    assert vote(Client()).status_code == 201
    assert Feedback.objects.count() == 2


def test_vote_in_each_language_is_its_own_row(client):
    assert vote(client, lang="ja").status_code == 201
    assert vote(client, lang="en").status_code == 201
    assert sorted(Feedback.objects.values_list("lang", flat=True)) == ["en", "ja"]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"helpful": "maybe"}, 400),
        ({"helpful": ""}, 400),
        ({"comment": "x" * 100_000}, 400),
        ({"comment": "bad\x00byte"}, 400),
        ({"helpful": ["yes", "no"]}, 400),
    ],
)
def test_bad_votes_store_nothing(client, data, status):
    response = vote(client, **data)
    assert response.status_code == status
    assert response.json()["error"]
    assert Feedback.objects.count() == 0


def test_missing_helpful_is_400(client):
    response = client.post(url("entry-feedback", "en", "alpha"), {"comment": "hi"}, **JSON)
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("entry", ["no-such-entry", "a" * 300])
def test_vote_on_unknown_entry_is_404(client, entry):
    response = vote(client, entry=entry)
    assert response.status_code == 404
    assert Feedback.objects.count() == 0


def test_vote_as_json_body_is_400(client):
    response = client.post(
        url("entry-feedback", "en", "alpha"), '{"helpful": "yes"}', content_type="application/json", **JSON
    )
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("lang", LANGS)
def test_vote_without_csrf_token_is_403_with_message_in_language(lang):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("entry-feedback", lang, "alpha"), {"helpful": "yes"})
    assert response.status_code == 403
    assert f'<html lang="{lang}">' in response.content.decode()
    assert Feedback.objects.count() == 0


def test_vote_with_csrf_token_from_the_page_is_accepted():
    client = Client(enforce_csrf_checks=True)
    page = client.get(url("entry-detail", "en", "alpha"))
    # The token a browser would send: the one in the page's HTML, not the template context.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        url("entry-feedback", "en", "alpha"), {"helpful": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 303
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_feedback_url_only_accepts_post(client, method):
    response = getattr(client, method)(url("entry-feedback", "en", "alpha"))
    assert response.status_code == 405


def test_rate_cap_refuses_with_429_and_stores_nothing_more(client, settings):
    settings.FAQ_FEEDBACK_RATE_LIMIT = 2
    assert vote(Client(), entry="alpha").status_code == 201
    assert vote(Client(), entry="beta").status_code == 201
    refused = vote(Client(), entry="gamma")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert Feedback.objects.count() == 2


def test_rate_cap_still_lets_a_visitor_change_an_earlier_vote(client, settings):
    settings.FAQ_FEEDBACK_RATE_LIMIT = 1
    assert vote(client, helpful="yes").status_code == 201
    assert vote(client, helpful="no").status_code == 200
    assert Feedback.objects.get().helpful is False


def test_tampered_visitor_cookie_counts_as_a_new_visitor(client):
    assert vote(client).status_code == 201
    client.cookies[feedback.VISITOR_COOKIE] = "0" * 32
    assert vote(client).status_code == 201
    assert Feedback.objects.count() == 2


@pytest.mark.parametrize("lang", LANGS)
def test_database_error_answers_503_and_pages_still_serve(client, monkeypatch, lang):
    def down(**kwargs):
        raise OperationalError("unable to open database file")

    monkeypatch.setattr(feedback, "record_vote", down)
    response = client.post(url("entry-feedback", lang, "alpha"), {"helpful": "yes"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert f'<html lang="{lang}">' in response.content.decode()
    assert client.get(url("entry-detail", lang, "alpha")).status_code == 200


def test_visitor_cookie_is_httponly_and_session_scoped(client):
    response = vote(client)
    cookie = response.cookies[feedback.VISITOR_COOKIE]
    assert cookie["httponly"]
    assert cookie["max-age"] == ""


def test_changing_the_user_agent_does_not_get_past_the_cap(settings):
    settings.FAQ_FEEDBACK_RATE_LIMIT = 3
    # A fresh visitor each time (no cookie kept) with a new user agent, from one address.
    answers = [vote(Client(HTTP_USER_AGENT=f"agent {number}")).status_code for number in range(10)]
    assert answers == [201] * 3 + [429] * 7
    assert Feedback.objects.count() == 3
    assert vote(Client(REMOTE_ADDR="192.0.2.77")).status_code == 201  # another address is not capped


def test_a_visitor_keeps_its_cap_from_another_address(client, settings):
    settings.FAQ_FEEDBACK_RATE_LIMIT = 2
    answers = []
    for number, entry in enumerate(["alpha", "beta", "gamma"]):
        client.defaults["REMOTE_ADDR"] = f"192.0.2.{number}"  # same cookie, new address each time
        answers.append(vote(client, entry=entry).status_code)
    assert answers == [201, 201, 429]


@pytest.mark.parametrize(
    ("header", "forwarded", "remote", "counted"),
    [
        ("REMOTE_ADDR", "198.51.100.1", "192.0.2.9", "192.0.2.9"),  # the header is ignored unless named
        ("HTTP_X_FORWARDED_FOR", "198.51.100.1", "10.0.0.2", "198.51.100.1"),
        # Entries a client wrote itself come first; the proxy appends the address it saw.
        ("HTTP_X_FORWARDED_FOR", "203.0.113.5, 198.51.100.1", "10.0.0.2", "198.51.100.1"),
        ("HTTP_X_FORWARDED_FOR", "198.51.100.1:50123", "10.0.0.2", "198.51.100.1"),
        ("HTTP_X_FORWARDED_FOR", "[2001:db8:1:2::7]:443", "10.0.0.2", "2001:db8:1:2::/64"),
        ("HTTP_X_FORWARDED_FOR", "::ffff:198.51.100.1", "10.0.0.2", "198.51.100.1"),
        ("HTTP_X_FORWARDED_FOR", "not-an-address", "10.0.0.2", "10.0.0.2"),
        ("HTTP_X_FORWARDED_FOR", None, "10.0.0.2", "10.0.0.2"),  # not through the proxy
        ("REMOTE_ADDR", None, "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ],
)
def test_client_address_behind_and_without_a_proxy(rf, settings, header, forwarded, remote, counted):
    settings.FAQ_CLIENT_IP_HEADER = header
    meta = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    assert feedback.client_address(rf.post("/", **meta)) == counted


def test_forged_forwarded_entries_and_ipv6_neighbours_share_one_key(rf, settings):
    settings.FAQ_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    forged = [f"203.0.113.{number}, 198.51.100.1" for number in range(5)]
    same_host = [f"2001:db8:1:2::{number:x}" for number in range(1, 6)]
    for addresses in (forged, same_host):
        keys = {feedback.client_hash(rf.post("/", HTTP_X_FORWARDED_FOR=a)) for a in addresses}
        assert len(keys) == 1
