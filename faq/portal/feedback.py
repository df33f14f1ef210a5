"""Store "Was this helpful?" votes, with a rate cap per client address and per visitor kept in
the database (no cache or extra service needed), safe under concurrent writers. (Searches that
found nothing: zeroresults.py.)"""

import datetime
import ipaddress
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Feedback

VISITOR_COOKIE = "faq_visitor"
VISITOR_SALT = "faq.feedback.visitor"
_VISITOR = re.compile(r"[0-9a-f]{32}")


class RateLimited(Exception):
    """The visitor has voted more than settings.FAQ_FEEDBACK_RATE_LIMIT times in the window."""


def visitor_id(request):
    """The visitor's id from the signed session cookie, or None when absent or tampered with."""
    value = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    return value if value and _VISITOR.fullmatch(value) else None


def new_visitor_id():
    return secrets.token_hex(16)


def remember_visitor(response, visitor):
    """Set the visitor cookie for this browser session (no max-age: it ends with the session)."""
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor,
        salt=VISITOR_SALT,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def client_address(request):
    """The client's address as the vote cap counts it: an IPv4 address, or an IPv6 address's /64
    network (one host usually holds a whole /64 and can change addresses within it at will).

    Behind a proxy (settings.FAQ_CLIENT_IP_HEADER, e.g. HTTP_X_FORWARDED_FOR) it is the header's
    right-most entry, the one the proxy itself appended: a client can write any entries before
    it. Without the header, or with a value that is no address, the peer's REMOTE_ADDR counts."""
    address = None
    if settings.FAQ_CLIENT_IP_HEADER != "REMOTE_ADDR":
        address = _address(request.META.get(settings.FAQ_CLIENT_IP_HEADER, "").rsplit(",", 1)[-1])
    address = address or _address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return ""
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network((address, 64), strict=False))
    return str(address)


def _address(text):
    """The IP address in "192.0.2.1", "192.0.2.1:5678", "2001:db8::1" or "[2001:db8::1]:443"."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_hash(request):
    """An HMAC of client_address(): enough to cap a client, no raw address stored. The user agent
    is not part of it: a client changes that for free."""
    return salted_hmac("faq.feedback.client", client_address(request)).hexdigest()


def record_vote(*, entry_id, lang, visitor, client, helpful, comment="", now=None):
    """Store or update the visitor's vote on an entry; return True if a new row was created.

    Raises RateLimited when this client address, or this visitor from any address, touched too
    many votes in the window, and lets django.db.DatabaseError through for the view to turn into
    a 503."""
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.FAQ_FEEDBACK_RATE_WINDOW)
    # One IMMEDIATE transaction on SQLite (see settings): the cap check and the write are atomic.
    with transaction.atomic():
        recent = (
            Feedback.objects.filter(Q(client=client) | Q(visitor=visitor), updated__gte=since)
            .exclude(entry_id=entry_id, lang=lang, visitor=visitor)
            .count()
        )
        if recent >= settings.FAQ_FEEDBACK_RATE_LIMIT:
            raise RateLimited
        _vote, created = Feedback.objects.update_or_create(
            entry_id=entry_id,
            lang=lang,
            visitor=visitor,
            defaults={"helpful": helpful, "comment": comment, "client": client},
        )
    return created


def entry_summary(recent_comments=3):
    """Votes per entry and language, least helpful first: [{entry_id, lang, votes, helpful,
    ratio, comments}], where comments are the latest non-empty ones (newest first)."""
    rows = (
        Feedback.objects.values("entry_id", "lang")
        .annotate(votes=Count("id"), helpful=Count("id", filter=Q(helpful=True)))
        .order_by("entry_id", "lang")
    )
    comments = {}
    latest = (
        Feedback.objects.exclude(comment="").order_by("-updated").values_list("entry_id", "lang", "comment")
    )
    for entry_id, lang, comment in latest[:500]:
        comments.setdefault((entry_id, lang), [])
        if len(comments[(entry_id, lang)]) < recent_comments:
            comments[(entry_id, lang)].append(comment)
    summary = [
        {
            **row,
            "ratio": row["helpful"] / row["votes"],
            "comments": comments.get((row["entry_id"], row["lang"]), []),
        }
        for row in rows
    ]
    return sorted(summary, key=lambda row: (row["ratio"], -row["votes"]))
