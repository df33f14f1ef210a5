"""How the API refuses a request: always JSON {"error": {"code", "message"}} with a 4xx, in the
same codes whichever check caught it (a parameter's type, an endpoint's own check, a method the
path does not take). Anything else escapes to Django, whose handlers and
ContentUnavailableMiddleware (faq/portal/errors.py) answer for the whole site."""

from django.http import Http404
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from ..portal import errors
from .params import REFUSALS, TOO_LONG


class Refused(Exception):
    """Raised by an endpoint for a request it will not answer."""

    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


class QueryParser(Parser):
    """A parameter given twice reaches its type as a list, which no scalar type takes: the
    request is then refused as `repeated` instead of ninja silently keeping the last value."""

    def parse_querydict(self, data, list_fields, request):
        return {
            key: values if key in list_fields or len(values) > 1 else values[0]
            for key, values in data.lists()
        }


def refused(request, exc):
    return errors.json_error(exc.code, exc.message, exc.status)


def invalid(request, exc):
    """The first parameter that failed its type, refused with that parameter's code."""
    problem = exc.errors[0]
    source, name = problem["loc"][0], str(problem["loc"][-1])
    if source == "query" and len(request.GET.getlist(name)) > 1:
        return errors.json_error("repeated", f"{name} may be given only once", 400)
    if problem["type"] == "string_too_long" and name in TOO_LONG:
        return errors.json_error(*TOO_LONG[name])
    code, message, status = REFUSALS.get(name, ("bad-request", f"{name} is not valid here", 400))
    return errors.json_error(code, message, status)


def not_found(request, exc):
    return errors.json_error("not-found", "no such API endpoint", 404)


def unreadable(request, exc):
    """ninja's own refusals, such as a body that is not JSON."""
    return errors.json_error("bad-request", str(exc), exc.status_code)


def escape(request, exc):
    """Not ninja's default (a traceback as text under DEBUG): the same answer with DEBUG on or off."""
    raise exc


def install(api):
    api.add_exception_handler(Refused, refused)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, unreadable)
    api.add_exception_handler(Exception, escape)
