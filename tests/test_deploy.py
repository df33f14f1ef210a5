"""Production settings: `check --deploy` is clean, and the served headers and cookies are the
hardened ones (a real gunicorn behind a pretend TLS proxy)."""

import subprocess
import sys
import urllib.request

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.helpers import MINI_CONTENT
from tests.server import ROOT, Server, server_env

PRODUCTION = {
    "DJANGO_HTTPS": "1",
    "DJANGO_SECRET_KEY": "x7-production-like-secret-key-that-is-long-and-random-enough-3f9a2c81",
    "DJANGO_ALLOWED_HOSTS": "faq.example.org,127.0.0.1",
}
CSP = "default-src 'none'"


def check_deploy(tmp_path, **env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=server_env(tmp_path, **env),
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_env(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_development_defaults(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    env = server_env(tmp_path_factory.mktemp("prod"), FAQ_CONTENT_DIR=MINI_CONTENT, **PRODUCTION)
    server = Server(env)
    yield server
    server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(server, path, proto="https", **headers):
    request = urllib.request.Request(server.url(path), headers={"X-Forwarded-Proto": proto, **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        response.read()
    return response


def test_plain_http_redirects_to_https(production_server):
    response = fetch(production_server, "/en/", proto="http")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


@pytest.mark.parametrize(
    "path", ["/en/faq/alpha/", "/ja/", "/en/no-such-page/", "/api/v1/entries", "/healthz"]
)
def test_every_response_has_the_security_headers(production_server, path):
    response = fetch(production_server, path)
    headers = response.headers
    assert CSP in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_host_prefixed_and_samesite(production_server):
    page = fetch(production_server, "/en/faq/alpha/")
    cookies = page.headers.get_all("Set-Cookie")
    csrf = next(c for c in cookies if c.startswith("__Host-csrftoken="))
    assert "Secure" in csrf and "SameSite=Lax" in csrf and "Path=/" in csrf
    with override("en"):
        switch = reverse("language-switch", args=["ja"])
    language = fetch(production_server, switch).headers.get_all("Set-Cookie")[0]
    assert language.startswith("faq_language=ja")
    assert "Secure" in language and "HttpOnly" in language and "SameSite=Lax" in language
