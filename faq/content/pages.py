"""Render-once content pages with conditional GET.

A content page depends only on the content version, the language, the host and the path, so
it is rendered once per process and kept in a small LRU. The one part that differs per
visitor, the feedback form's CSRF token, is rendered as a placeholder and filled in on the
way out, so the token stays correct. The ETag covers the visitor's CSRF secret as well, so a
304 never leaves a browser holding a form with someone else's token."""

import hashlib
import secrets
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language

from .. import audience
from . import loader

# Random per process, so no content can contain it by accident or by design.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"

_pages = OrderedDict()
_lock = threading.Lock()


def render_page(request, template_name, context):
    """The rendered page as an HttpResponse: 304 when the browser's copy is current, else
    from memory (rendering it on first use), with this visitor's CSRF token filled in."""
    # The staff view has its own version, so a staff page is never kept under an anonymous key.
    version = loader.get_store(audience.is_staff(request)).version
    not_modified = get_conditional_response(request, etag=_etag(request, version))
    if not_modified is not None:
        return not_modified
    key = (version, get_language(), request.get_host(), request.get_full_path())
    body = _cached(key) if not request.GET else None
    if body is None:
        body = render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
        if not request.GET:
            _store(key, body)
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(body)
    response["ETag"] = _etag(request, version)  # after get_token: covers a newly issued secret
    # Browsers keep the page but ask again each time; the answer is usually a 304.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _etag(request, version):
    # The CSRF middleware keeps the visitor's secret here (from the cookie, or newly issued).
    secret = request.META.get("CSRF_COOKIE", "")
    parts = (version, get_language(), request.get_host(), request.get_full_path(), secret)
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'


def _cached(key):
    with _lock:
        body = _pages.get(key)
        if body is not None:
            _pages.move_to_end(key)
        return body


def _store(key, body):
    limit = settings.FAQ_PAGE_CACHE_SIZE
    if limit <= 0:
        return
    with _lock:
        _pages[key] = body
        while len(_pages) > limit:
            _pages.popitem(last=False)


def clear(**kwargs):
    with _lock:
        _pages.clear()


# A changed setting (tests, mostly) may change any page.
setting_changed.connect(clear)
