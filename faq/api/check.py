"""POST /api/v1/check: the manifest checker for scripts and CI jobs. Nothing posted is stored or
logged. WholeBodyMiddleware (faq/portal/requestbody.py) has read the body whole before this runs;
the checker's own limit on what it reads is checked here again, as on the page."""

import json

from django.utils.translation import gettext, override
from django.views.decorators.cache import never_cache
from ninja import Router
from ninja.decorators import decorate_view

from ..checker import manifests, views
from ..checker.report import check, describe
from ..checker.rules import get_rules
from . import shapes
from .params import ReportLang
from .refusals import Refused

RAW_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
BODY_KEYS = ("manifests", "kind", "apiVersion", "items")
router = Router()
# The body is read by the endpoint, not by ninja (raw YAML is not JSON), so the document is told
# its shape directly: {"manifests": "..."}, or kubectl's JSON itself (an object or a List).
REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"manifests": {"type": "string"}},
                "anyOf": [{"required": [key]} for key in BODY_KEYS],
            }
        }
    },
}


# The endpoint changes nothing and uses no cookies, so a cross-site POST gains nothing: no CSRF
# token (ninja's views are all exempt), which lets scripts and CI jobs call it.
@router.post(
    "/check",
    response={200: shapes.CheckReport, (400, 413): shapes.Error},
    url_name="api-check",
    summary="Check Kubernetes manifests for dockershim dependencies",
    openapi_extra={"requestBody": REQUEST_BODY},
)
@decorate_view(never_cache)
def check_manifests(request, lang: ReportLang):
    with override(lang):
        if views.too_big(request):
            raise Refused("too-large", manifests.too_large_message(views.body_length(request)), 413)
        rules = get_rules()
        report = check(_manifests(request), rules)
        if report.error:
            raise Refused(report.error_code, report.error, views.status_of(report))
        return {"lang": lang, **describe(report, rules, lang)}


def _manifests(request):
    """The manifests of a request: raw YAML or JSON, {"manifests": "..."}, or a Kubernetes object
    or List as JSON (`kubectl get ... -o json | curl --data-binary @- ...`)."""
    content_type = request.content_type or ""
    if content_type in RAW_TYPES:
        return request.body
    if content_type != "application/json":
        raise Refused(
            "bad-request",
            gettext('Send JSON {"manifests": "..."} or raw YAML (Content-Type: application/yaml).'),
        )
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        raise Refused("bad-request", gettext("The body is not valid JSON.")) from None
    if isinstance(body, dict) and isinstance(body.get("manifests"), str):
        return body["manifests"]
    if isinstance(body, dict) and "manifests" not in body and (set(BODY_KEYS[1:]) & body.keys()):
        return request.body  # kubectl's JSON itself: read like any other input
    raise Refused(
        "bad-request", gettext('The JSON body needs a "manifests" string, or a Kubernetes object or List.')
    )
