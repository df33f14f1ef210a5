"""Error answers for the whole site: JSON {"error": {"code", "message"}} for every path under
/api/ (including errors Django raises before an API view runs), a page in the reader's language
elsewhere, with a search box and ways on. The handlers are wired in faq/urls.py as
handler400/403/404/500, csrf_failure is settings.CSRF_FAILURE_VIEW, MethodNotAllowedPage turns
the empty 405s of require_safe into pages; ContentUnavailableMiddleware answers content that
cannot be loaded with a 503."""

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext
from django.views import defaults

from ..content import suggestions
from ..content.problems import ContentError

API_PREFIX = "/api/"

# What an API client is told about a 400 Django raised itself. Never the exception's own text:
# DisallowedHost's, for one, names the setting to change.
BAD_REQUESTS = (
    (DisallowedHost, "bad-host", "this host name is not served here"),
    (TooManyFieldsSent, "too-many-fields", "too many parameters or form fields"),
    (TooManyFilesSent, "too-many-files", "too many files"),
    (RequestDataTooBig, "too-large", "the request body is too large"),
)


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


def language(request):
    """The language to refuse a request in: the page's, or the API's ?lang= (English by default,
    as /api/v1/check answers)."""
    if not is_api(request):
        return get_language()
    lang = request.GET.get("lang")
    return lang if lang in dict(settings.LANGUAGES) else "en"


def wants_json(request):
    """The page's own scripts ask for JSON with fetch(); browsers following a form do not."""
    return "application/json" in request.headers.get("Accept", "")


def json_error(code, message, status):
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def refuse(request, status, code, message):
    """Refuse a request the site will not process: JSON for the API and for fetch(), otherwise
    a page in the reader's language. `message` is already translated."""
    if is_api(request):
        return json_error(code, message, status)
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "request_error.html", {"message": message}, status=status)


def error_page(request, status, heading, message):
    """A refusal as a page in the reader's language, with a search box and ways on."""
    context = {"heading": heading, "message": message}
    return render(request, "request_error.html", context, status=status)


def bad_request(request, exception):
    if not is_api(request):
        return error_page(
            request,
            400,
            gettext("The request could not be read"),
            gettext(
                "Your browser sent a request this site cannot answer. Check the address, or start "
                "again from the list of questions."
            ),
        )
    code, message = next(
        ((code, message) for kind, code, message in BAD_REQUESTS if isinstance(exception, kind)),
        ("bad-request", "the request could not be understood"),
    )
    return json_error(code, message, 400)


def permission_denied(request, exception):
    if not is_api(request):
        return error_page(
            request,
            403,
            gettext("This request is not allowed"),
            gettext("This site does not answer this request."),
        )
    return json_error("forbidden", "this request is not allowed", 403)


def page_not_found(request, exception):
    if not is_api(request):
        return render(request, "404.html", suggestions.for_missing_page(request.path_info), status=404)
    return json_error("not-found", "no such API endpoint", 404)


def csrf_failure(request, reason=""):
    """Django's CSRF rejection (a form sent without its token, or with a stale one)."""
    message = gettext("This form has expired. Reload the page and send it again.")
    if is_api(request):
        return json_error("csrf", message, 403)
    if wants_json(request):
        return JsonResponse({"error": message}, status=403)
    return error_page(request, 403, gettext("This form has expired"), message)


class MethodNotAllowedPage:
    """A 405 (a page asked for with a method it does not take) as a page that says so, in the
    reader's language, or JSON under /api/ (ninja's own 405 is text); the Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405:
            return response
        if is_api(request):
            return response if response.get("Content-Type") == "application/json" else _json_405(response)
        if response.content:
            return response
        page = error_page(
            request,
            405,
            gettext("This page does not take that kind of request"),
            gettext("Open the page in your browser, or use its form if it has one."),
        )
        page["Allow"] = response.get("Allow", "GET, HEAD")
        return page


def _json_405(response):
    methods = sorted(method.strip() for method in response.get("Allow", "").split(",") if method.strip())
    refusal = json_error("method", f"this endpoint takes only {' or '.join(methods)}", 405)
    refusal["Allow"] = ", ".join(methods)
    return refusal


def server_error(request):
    # Under DEBUG Django shows its traceback page instead and never calls this: DEBUG is for a
    # developer's own machine (`check --deploy` refuses it).
    if not is_api(request):
        return defaults.server_error(request)
    return json_error("server-error", "the server could not answer this request; try again later", 500)


class ContentUnavailableMiddleware:
    """A ContentError escaping a view (a broken file, and no good snapshot to serve instead) is a
    503 that says so, never a 500: a page in the reader's language, or JSON under /api/. Which
    file:line is wrong is in the log and on /readyz, not for the public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ContentError):
            return None
        if is_api(request):
            message = "the content cannot be loaded right now; try again in a minute"
            response = json_error("content-unavailable", message, 503)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        add_never_cache_headers(response)
        return response
