"""Production settings: `check --deploy` is clean, and the served headers and cookies are the
hardened ones (a real gunicorn behind a pretend TLS proxy)."""

import secrets
import shutil
import stat
import subprocess
import sys
import urllib.request

import pytest
from django.urls import reverse
from django.utils.translation import override

from faq.portal import devkey
from tests.helpers import MINI_CONTENT
from tests.server import BIN, ROOT, Server, server_env

PRODUCTION = {
    "DJANGO_HTTPS": "1",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "faq.example.org,127.0.0.1",
}
CSP = "default-src 'none'"


NO_KEY = ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY_FILE")


def environment(tmp_path, without=(), **extra):
    """server_env(), without the variables named in `without` (even if the caller's shell has them)."""
    return {name: value for name, value in server_env(tmp_path, **extra).items() if name not in without}


def run(env, *command, cwd=ROOT):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def check_deploy(env, *options, cwd=ROOT):
    return run(env, sys.executable, "manage.py", "check", "--deploy", *options, cwd=cwd)


def fresh_clone(tmp_path):
    """The code of a clone on which `make` never ran: no var/dev-secret-key."""
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "faq", clone / "faq", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", clone)
    return clone


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    clone = fresh_clone(tmp_path)
    env = environment(tmp_path, without=NO_KEY, **PRODUCTION)
    checked = check_deploy(env, cwd=clone)
    assert checked.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in checked.stderr
    served = run(env, str(BIN / "gunicorn"), "--check-config", "faq.wsgi", cwd=clone)
    assert served.returncode != 0 and "DJANGO_SECRET_KEY is not set" in served.stderr


def test_check_deploy_fails_on_the_development_key(tmp_path):
    # Without a key of its own, this checkout runs on the key `make` wrote to var/.
    result = check_deploy(environment(tmp_path, without=NO_KEY, **PRODUCTION))
    assert result.returncode != 0  # an error, not only Django's warning W009
    assert "faq.E001" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


def test_secret_key_file_is_read_and_a_missing_one_is_named(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    env = environment(tmp_path, without=["DJANGO_SECRET_KEY"], **PRODUCTION, DJANGO_SECRET_KEY_FILE=key_file)
    assert check_deploy(env, "--fail-level", "WARNING").returncode == 0
    key_file.unlink()
    missing = check_deploy(env)
    assert missing.returncode != 0 and f"DJANGO_SECRET_KEY_FILE={key_file} cannot be read" in missing.stderr


def test_development_key_is_random_private_and_written_once(tmp_path):
    first, second = tmp_path / "a" / "key", tmp_path / "b" / "key"
    devkey.write(first)
    devkey.write(second)
    key = first.read_text()
    devkey.write(first)
    assert first.read_text() == key != second.read_text()
    assert key.startswith("django-insecure-") and len(key.strip()) > 60
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_check_deploy_is_clean_with_production_env(tmp_path):
    result = check_deploy(environment(tmp_path, **PRODUCTION), "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_development_defaults(tmp_path):
    result = check_deploy(environment(tmp_path), "--fail-level", "WARNING")
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
