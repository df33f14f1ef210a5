"""Every request body is read whole before any view (or the CSRF check) sees it, or the request
is refused: a chunked body without a Content-Length (411), a body shorter than its
Content-Length (400) or one over DATA_UPLOAD_MAX_MEMORY_SIZE (413). Django's own WSGI request
reads a body without a Content-Length as empty, and a short one as whatever arrived, so without
this a view would act on part of what was sent. The check is here, not in the server's
configuration, so it holds under any WSGI server."""

from django.conf import settings
from django.http import UnreadablePostError
from django.utils.translation import gettext, override

from . import errors


def problem(request):
    """(status, code, message) when the body cannot be read whole, else None (the body is then
    in memory: request.body, request.POST and request.FILES read it from there)."""
    length = request.META.get("CONTENT_LENGTH") or ""
    if not length:
        if "HTTP_TRANSFER_ENCODING" in request.META:
            return 411, "length-required", _length_required()
        return None  # no body at all
    if not (length.isascii() and length.isdigit()):
        return 400, "bad-length", gettext("The Content-Length header is not a number of bytes.")
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and int(length) > limit:
        return 413, "too-large", too_large_message(int(length), limit)
    try:
        complete = len(request.body) == int(length)
    except UnreadablePostError:  # the connection broke while reading
        complete = False
    return None if complete else (400, "incomplete-body", _incomplete())


def _length_required():
    return gettext(
        "Send the request with a Content-Length header: a body in chunked transfer encoding is not accepted."
    )


def _incomplete():
    return gettext(
        "The request body arrived incomplete: it is shorter than its Content-Length header says. "
        "Send it again."
    )


def too_large_message(size, limit):
    return gettext(
        "The request is %(size)s KB; at most %(limit)s KB can be sent at a time. "
        "Send less, or split it into parts."
    ) % {"size": f"{size / 1000:,.0f}", "limit": f"{limit // 1000:,}"}


class WholeBodyMiddleware:
    """After LocaleMiddleware (the refusal page speaks the reader's language) and before
    CsrfViewMiddleware (which reads the form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with override(errors.language(request)):
            found = problem(request)
            if found:
                return errors.refuse(request, *found)
        return self.get_response(request)
