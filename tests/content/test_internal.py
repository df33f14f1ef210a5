"""Internal overlay entries and notes (`visibility: internal`): shown to signed-in staff (Django's
login, or the header of a trusted authenticating proxy) and, for everyone else, absent from every
surface: page, search, suggestions, did-you-mean, sitemap, feed, JSON-LD, API, related links and
the zero-result log, with the same 404 as an id that never existed. Nor do the caches mix them."""

import pytest
from django.contrib.auth.models import User

from faq.portal import zeroresults
from faq.portal.models import ZeroResultQuery
from tests.helpers import url

pytestmark = pytest.mark.django_db

HEADER = "X-Auth-Request-Email"
SIGNED_IN = {"HTTP_X_AUTH_REQUEST_EMAIL": "sre@example.com"}  # from the test client's 127.0.0.1
# What only the internal entry and note say (not what a reader types, which pages echo back).
SECRETS = ("Who is on call for the node runtime", "PRT-2", "break-glass")


@pytest.fixture
def proxy(settings):
    settings.FAQ_TRUSTED_USER_HEADER = HEADER
    settings.FAQ_TRUSTED_PROXIES = ["127.0.0.1"]


def get(client, path, params=None, **extra):
    return client.get(path, params or {}, **extra)


def surfaces(client, **extra):
    """Every surface an internal entry or note could show on, as (name, response)."""
    en = lambda name, *args: url(name, "en", *args)  # noqa: E731
    return [
        ("page", get(client, en("entry-detail", "runtime-oncall"), **extra)),
        ("note on a public page", get(client, en("entry-detail", "beta"), **extra)),
        ("category", get(client, en("category-detail", "our-platform"), **extra)),
        ("category in Japanese", get(client, url("category-detail", "ja", "our-platform"), **extra)),
        ("home", get(client, en("home"), **extra)),
        ("search", get(client, en("search"), {"q": "PagerDuty rotation"}, **extra)),
        ("search for the note", get(client, en("search"), {"q": "registry mirror"}, **extra)),
        ("did you mean", get(client, en("search"), {"q": "PagerDuyt rotaton"}, **extra)),
        ("suggestions", get(client, en("search-suggest"), {"q": "on call for the node runti"}, **extra)),
        ("sitemap", get(client, "/sitemap.xml", **extra)),
        ("feed", get(client, en("entry-feed"), **extra)),
        ("api list", get(client, "/api/v1/entries", {"lang": "en"}, **extra)),
        ("api entry", get(client, "/api/v1/entries/runtime-oncall", {"lang": "en"}, **extra)),
        ("api note", get(client, "/api/v1/entries/beta", {"lang": "en"}, **extra)),
        ("api search", get(client, "/api/v1/search", {"q": "PagerDuty", "lang": "en"}, **extra)),
        ("golden-ami, its neighbour", get(client, en("entry-detail", "golden-ami"), **extra)),
    ]


def leaks(client, **extra):
    return [(name, s) for name, r in surfaces(client, **extra) for s in SECRETS if s in r.content.decode()]


def test_anonymous_readers_see_nothing_internal_on_any_surface(client, local, proxy):
    assert leaks(client) == []


def test_a_signed_in_header_from_the_trusted_proxy_shows_them(client, local, proxy):
    shown = {name for name, _ in leaks(client, **SIGNED_IN)}
    assert {"page", "note on a public page", "category", "search", "suggestions", "api entry"} <= shown
    assert {"sitemap", "feed"}.isdisjoint(shown)  # what machines read stays public


def test_the_header_is_ignored_when_the_setting_is_off(client, local, settings):
    settings.FAQ_TRUSTED_USER_HEADER = ""
    assert leaks(client, **SIGNED_IN) == []


def test_the_header_is_ignored_from_an_address_that_is_not_the_proxy(client, local, proxy):
    assert leaks(client, REMOTE_ADDR="203.0.113.9", **SIGNED_IN) == []
    assert leaks(client, HTTP_X_AUTH_REQUEST_EMAIL="  ") == []  # an empty user is no user


def test_django_staff_login_shows_them_and_a_plain_user_does_not(client, local):
    user = User.objects.create_user("reader", password="x")
    client.force_login(user)
    assert leaks(client) == []
    user.is_staff = True
    user.save()
    assert "PRT-2" in get(client, url("entry-detail", "en", "runtime-oncall")).content.decode()


def test_an_internal_id_answers_the_same_404_as_one_that_never_existed(client, local):
    internal = get(client, url("entry-detail", "en", "runtime-oncall"))
    missing = get(client, url("entry-detail", "en", "runtime-oncals"))  # same length
    assert internal.status_code == missing.status_code == 404
    assert abs(len(internal.content) - len(missing.content)) < 64
    api = [get(client, f"/api/v1/entries/{i}", {"lang": "en"}) for i in ("runtime-oncall", "runtime-oncals")]
    assert api[0].status_code == api[1].status_code == 404
    assert api[0].json()["error"]["code"] == api[1].json()["error"]["code"]


def test_a_search_that_only_internal_entries_match_is_logged_like_any_other_miss(client, local):
    get(client, url("search", "en"), {"q": "PagerDuty rotation"})
    get(client, url("search", "en"), {"q": "zzyzx rotation"})
    zeroresults.drain()
    logged = set(ZeroResultQuery.objects.values_list("query", flat=True))
    assert logged == {"pagerduty rotation", "zzyzx rotation"}


def test_the_anonymous_and_staff_pages_never_come_from_each_others_cache(client, local, proxy):
    page = url("entry-detail", "en", "beta")
    first = get(client, page)
    staff = get(client, page, **SIGNED_IN)
    again = get(client, page)
    assert "break-glass" in staff.content.decode()
    assert "break-glass" not in first.content.decode() + again.content.decode()
    assert staff["ETag"] != first["ETag"]
    assert get(client, page, HTTP_IF_NONE_MATCH=staff["ETag"]).status_code == 200  # not a 304
    staff_first = get(client, url("entry-detail", "en", "alpha"), **SIGNED_IN)
    assert get(client, url("entry-detail", "en", "alpha"))["ETag"] != staff_first["ETag"]
