"""Every route of the URLconf, in both languages, answers 405 to the methods nobody needs, and
to POST unless it is a form or API that takes one: a new route cannot forget its decorator."""

import re

import pytest
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils.regex_helper import normalize
from django.utils.translation import override

LANGS = ("ja", "en")
METHODS = ("TRACE", "OPTIONS", "PUT", "DELETE", "PATCH")
# Routes whose form or API takes a POST (the admin's forms all do).
POST_ROUTES = {"entry-feedback", "check", "api-check"}
# A value each path parameter accepts, by its name; anything else gets "alpha" (a mini-corpus entry).
SAMPLES = {"lang": "en", "app_label": "faq", "object_id": "1", "content_type_id": "1"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mini_content")]


def _sample(pattern):
    """A concrete path segment that `pattern` matches."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES.get(m[1], "alpha"), str(pattern))
    template, params = normalize(pattern.regex.pattern)[0]
    return template % {name: SAMPLES.get(name, "alpha") for name in params}


def _walk(resolver, prefix="/", namespace=""):
    for entry in resolver.url_patterns:
        path = prefix + _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, path, inner)
        else:
            yield path, f"{namespace}{entry.name or ''}", entry.callback


def routes():
    """(path, URL name, callback) for every URL pattern, once per language."""
    found = {}
    for lang in LANGS:
        with override(lang):
            for path, name, callback in _walk(get_resolver()):
                found[path] = (lang, name, callback)
    return [(lang, path, name, callback) for path, (lang, name, callback) in sorted(found.items())]


ROUTES = routes()


def test_the_walk_reaches_every_kind_of_route():
    paths = {path for _, path, _, _ in ROUTES}
    assert {"/sitemap.xml", "/ja/feed.atom", "/en/feed.atom", "/api/v1/", "/admin/login/"} <= paths
    assert {"/ja/faq/alpha/feedback/", "/en/check/", "/api/v1/entries/alpha"} <= paths
    assert len(ROUTES) > 40  # both languages' pages, the API and the admin's model pages


@pytest.mark.parametrize(("lang", "path", "name", "callback"), ROUTES, ids=[r[1] for r in ROUTES])
def test_route_refuses_methods_it_does_not_serve(client, lang, path, name, callback):
    with override(lang):
        assert resolve(path).func is callback  # the sample path reaches this very route
    methods = METHODS if name in POST_ROUTES or name.startswith("admin:") else (*METHODS, "POST")
    for method in methods:
        response = client.generic(method, path)
        assert response.status_code == 405, (method, path)
        assert response["Allow"], (method, path)
        if path.startswith("/api/"):
            assert response["Content-Type"] == "application/json", (method, path)
