"""The API's routes under /api/v1/: the endpoints ninja declares, the OpenAPI document generated
from them, and a JSON 404 for every other path."""

import functools

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from ..portal import errors
from . import check, endpoints, routing

api = routing.build(endpoints.router, check.router)


@functools.cache
def _document(prefix):
    return api.get_openapi_schema(path_prefix=prefix)


# Served here, not by ninja's own view: that one finds the API's prefix through a URL namespace,
# and the API's routes keep the names they had (api-search, ...) without one.
@require_safe
def openapi_document(request):
    return JsonResponse(_document(reverse("api-index")))


@require_safe
def not_found(request, rest=""):
    return errors.page_not_found(request, None)


def _one_per_route(patterns):
    """ninja adds a route per operation, so a path declared for GET and HEAD would be there twice;
    the first answers every method of its path."""
    seen = set()
    for pattern in patterns:
        if str(pattern.pattern) not in seen:
            seen.add(str(pattern.pattern))
            yield pattern


urlpatterns = [
    *_one_per_route(p for p in api.urls[0] if p.name != "api-root"),  # the index is endpoints.index
    path("openapi.json", openapi_document, name="api-openapi"),
    path("<path:rest>", not_found),  # after every API route: JSON 404s
]
