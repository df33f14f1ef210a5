"""Settings for the dockershim FAQ. Every value comes from the environment, with safe
development defaults, so the app runs from a fresh clone and deploys by env vars alone. The one
value without a default is the secret key: `make` writes a development key (read_secret_key)."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_secret_key(development_key):
    """DJANGO_SECRET_KEY, else the contents of the file DJANGO_SECRET_KEY_FILE names (a Kubernetes
    Secret mounted as a file, say), else the development key `make` writes (see faq/portal/devkey.py).
    Without any of them the process refuses to start: no key is committed to fall back on."""
    if key := os.environ.get("DJANGO_SECRET_KEY", "").strip():
        return key
    if named := os.environ.get("DJANGO_SECRET_KEY_FILE", "").strip():
        try:
            key = Path(named).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE={named} cannot be read: {error}") from None
        if not key:
            raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE={named} is empty.")
        return key
    if development_key.is_file():
        return development_key.read_text(encoding="utf-8").strip()
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random value, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))', or set DJANGO_SECRET_KEY_FILE "
        f"to a file holding one. For development, `make run` writes a key to {development_key}."
    )


DEBUG = env_bool("DJANGO_DEBUG")
# The development key lives with the checkout (`make` writes it), whatever FAQ_DATA_DIR says, and
# is git-ignored like the rest of var/. A production environment has none.
SECRET_KEY = read_secret_key(BASE_DIR / "var" / "dev-secret-key")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Generated things live under one git-ignored folder so a clean clone is a clean slate.
DATA_DIR = Path(os.environ.get("FAQ_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite cannot create its own folder
CONTENT_DIR = Path(os.environ.get("FAQ_CONTENT_DIR", BASE_DIR / "content"))
# `manage.py publish_content` checks CONTENT_DIR and publishes a copy here; the site serves the
# last good copy, so a broken edit never reaches it (CONTENT_DIR itself is served until the first).
CONTENT_SNAPSHOT_DIR = Path(os.environ.get("FAQ_CONTENT_SNAPSHOT_DIR", DATA_DIR / "content"))
SEARCH_INDEX_DIR = Path(os.environ.get("FAQ_SEARCH_INDEX_DIR", DATA_DIR / "index"))
# A team's own entries and notes beside ours (faq/content/overlay.py; README "Your own
# entries"): unset, there is none. Published like our content, into LOCAL_SNAPSHOT_DIR.
LOCAL_CONTENT_DIR = os.environ.get("FAQ_LOCAL_CONTENT_DIR", "").strip() or None
LOCAL_SNAPSHOT_DIR = Path(os.environ.get("FAQ_LOCAL_SNAPSHOT_DIR", DATA_DIR / "local"))
# How often `manage.py watch_overlay` looks for a change in LOCAL_CONTENT_DIR (faq/search/live.py).
LOCAL_POLL_SECONDS = float(os.environ.get("FAQ_LOCAL_POLL_SECONDS", "10"))
# Search results kept per worker process for repeated queries (0 turns the cache off).
SEARCH_CACHE_SIZE = int(os.environ.get("FAQ_SEARCH_CACHE_SIZE", "512"))
COMPILED_LOCALE_DIR = Path(os.environ.get("FAQ_COMPILED_LOCALE_DIR", DATA_DIR / "locale"))
# Where an entry's "edit this page" link points, e.g. https://github.com/org/repo/blob/main
# (the entry's path below the repository root is appended). Unset hides the link.
EDIT_BASE_URL = os.environ.get("FAQ_EDIT_BASE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "faq.portal.adminsite.FaqAdminConfig",  # django.contrib.admin, with our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # One app per capability, for its commands, template tags and (the portal) models; see README.
    # check_content reports each app's problems in this order (see content/publish.py CHECKS).
    "faq.content",
    "faq.wizard",
    "faq.checker",
    "faq.search",
    "faq.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "faq.portal.requestbody.WholeBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "faq.portal.errors.ContentUnavailableMiddleware",
    "faq.portal.errors.MethodNotAllowedPage",
]

# The largest request body any page reads, in memory; faq/portal/requestbody.py refuses larger ones
# with 413. Django's default, which leaves room for the checker's 2.5 MB of manifests and its form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "faq.urls"
WSGI_APPLICATION = "faq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "faq.portal.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL (e.g. postgres://user:pass@host:5432/faq) wins; otherwise SQLite at FAQ_SQLITE_PATH.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{Path(os.environ.get('FAQ_SQLITE_PATH', DATA_DIR / 'db.sqlite3'))}",
        conn_max_age=int(os.environ.get("FAQ_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Feedback writes read-then-write: BEGIN IMMEDIATE queues writers on the busy timeout
    # instead of failing with "database is locked"; WAL keeps readers off the writer's back.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
else:
    # An unreachable server must fail fast (the vote answers 503), not hang a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Internationalization
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
# Catalogs are compiled from locale/*.po by Babel into a generated folder (see
# `manage.py compile_catalogs`), so only the .po sources are committed.
LOCALE_PATHS = [COMPILED_LOCALE_DIR]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "faq_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG and env_bool("DJANGO_HTTPS"))

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("FAQ_STATIC_ROOT", DATA_DIR / "static"))
# Hashed, precompressed files that can be cached for a year; `collectstatic` builds them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content pages rendered once per process and kept in memory (0 turns it off; see faq/content/pages.py).
FAQ_PAGE_CACHE_SIZE = int(os.environ.get("FAQ_PAGE_CACHE_SIZE", "256"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAQ_LOG_LEVEL", "INFO")},
}

# Rejected CSRF tokens get a page in the reader's language (or JSON for fetch()).
CSRF_FAILURE_VIEW = "faq.portal.errors.csrf_failure"
# Feedback: at most FAQ_FEEDBACK_RATE_LIMIT votes per window from one client address (an IPv6
# address by its /64), and as many from one visitor cookie whatever its address.
FAQ_FEEDBACK_RATE_LIMIT = int(os.environ.get("FAQ_FEEDBACK_RATE_LIMIT", "30"))
FAQ_FEEDBACK_RATE_WINDOW = int(os.environ.get("FAQ_FEEDBACK_RATE_WINDOW", "3600"))
# Searches without results: new distinct queries kept per language and day (faq/portal/zeroresults.py).
FAQ_ZERO_RESULTS_PER_DAY = int(os.environ.get("FAQ_ZERO_RESULTS_PER_DAY", "1000"))
# Behind a proxy, the request.META key of the header holding the client address, e.g.
# HTTP_X_FORWARDED_FOR; its right-most entry, the one the proxy appended, counts (see
# feedback.client_address). Only if every request comes through that proxy: a client that
# reaches the app directly writes the header itself.
FAQ_CLIENT_IP_HEADER = os.environ.get("FAQ_CLIENT_IP_HEADER", "REMOTE_ADDR")
# Who may read internal overlay entries (faq/audience.py): staff signed in with Django's own
# login (/admin/login/), or, when FAQ_TRUSTED_USER_HEADER names a header (oauth2-proxy sends
# X-Auth-Request-Email or X-Forwarded-Email), any request carrying it that comes straight from
# one of FAQ_TRUSTED_PROXIES (addresses or networks; the proxy beside the app). Off by default.
FAQ_TRUSTED_USER_HEADER = os.environ.get("FAQ_TRUSTED_USER_HEADER", "").strip()
FAQ_TRUSTED_PROXIES = env_list("FAQ_TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in FAQ_TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo stops the start, never a request

# Security. DJANGO_HTTPS=1 says the site is reached over HTTPS (usually through a TLS-terminating
# proxy): it turns on the redirect, HSTS, the proxy header and Secure cookies, each of which can
# also be set on its own. `manage.py check --deploy` is clean with DJANGO_HTTPS=1, a real
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, and fails on the development key (faq.E001,
# tests/test_deploy.py).
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=HTTPS)
# Kubernetes probes call the pod over plain HTTP, bypassing the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Only behind a proxy that sets (and overwrites) X-Forwarded-Proto; a client could forge it otherwise.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 63072000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
if not SECURE_HSTS_PRELOAD:
    # W021 asks for the preload flag; submitting a domain to browsers' preload list is a decision
    # for whoever owns the domain, so it stays opt-in (DJANGO_SECURE_HSTS_PRELOAD=1).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG and HTTPS)
LANGUAGE_COOKIE_HTTPONLY = True
if SESSION_COOKIE_SECURE:
    # __Host- cookies must be Secure, host-only and Path=/: a subdomain cannot plant them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only our own files; no inline script or style anywhere.
# JSON-LD blocks are data, not scripts, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
