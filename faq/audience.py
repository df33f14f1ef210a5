"""Who is reading: signed-in staff see the overlay's internal entries and notes
(loader.get_store(staff=True)); everyone else gets the public store, where they do not exist.

Staff is either a Django user with is_staff signed in through Django's own login, or, when
settings.FAQ_TRUSTED_USER_HEADER names the header an authenticating proxy sets (oauth2-proxy's
X-Auth-Request-Email, for one), a request carrying that header that comes directly from one of
settings.FAQ_TRUSTED_PROXIES. The header from anywhere else is ignored: anyone can type it."""

import functools
import ipaddress

from django.conf import settings

MAX_HEADER_CHARS = 320  # an e-mail address or a user name, no more


def is_staff(request):
    """True when `request` comes from signed-in staff; worked out once per request."""
    known = getattr(request, "_faq_staff", None)
    if known is None:
        known = request._faq_staff = _trusted_header_user(request) is not None or _staff_user(request)
    return known


def _staff_user(request):
    user = getattr(request, "user", None)  # AuthenticationMiddleware's lazy user
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def _trusted_header_user(request):
    """The user name the trusted proxy sent, or None (setting off, an untrusted peer, no header)."""
    header = settings.FAQ_TRUSTED_USER_HEADER
    if not header or not _from_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return None
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
    if not value or len(value) > MAX_HEADER_CHARS or not value.isprintable():
        return None
    return value


def _from_trusted_proxy(address):
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in _networks(tuple(settings.FAQ_TRUSTED_PROXIES)))


@functools.lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
