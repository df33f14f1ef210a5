"""The API object and how endpoints are declared on it; urls.py assembles them."""

from ninja import NinjaAPI

from . import refusals

TITLE = "Dockershim removal FAQ API"
VERSION = "1"


class JsonAPI(NinjaAPI):
    def get_content_type(self):
        # RFC 8259 defines no charset for JSON (it is UTF-8), and every other JSON answer of the
        # site, errors included, is plain application/json.
        return self.renderer.media_type


def build(*routers):
    """The API with `routers` mounted at its root, documented at openapi.json by urls.py."""
    api = JsonAPI(
        title=TITLE,
        version=VERSION,
        openapi_url=None,  # urls.py serves the document itself (see there why)
        docs_url=None,  # no HTML docs page: it would load scripts from elsewhere, which the CSP forbids
        parser=refusals.QueryParser(),
        urls_namespace="api",
    )
    refusals.install(api)
    for router in routers:
        api.add_router("", router)
    return api


def read_only(router, path, **kwargs):
    """Declare a GET endpoint that also answers HEAD, as every page of the site does; only the GET
    is in the document (an OpenAPI operation cannot be shared by two methods)."""

    def declare(view):
        router.get(path, **kwargs)(view)
        head = {key: kwargs[key] for key in ("response", "url_name") if key in kwargs}
        router.api_operation(["HEAD"], path, include_in_schema=False, **head)(view)
        return view

    return declare
