"""Kubernetes probes: /healthz says the process answers, /readyz that it can serve (content
loaded, search index openable and current, database reachable), and what is wrong if not."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..content import loader, snapshot
from ..content.problems import ContentError

logger = logging.getLogger(__name__)


def check_content():
    """ "ok", or "previous" when the last publish was refused and the snapshot before it is
    served. Raises ContentError when an entry, the categories or the home file being served is
    broken (the other files are checked at publish; if one breaks, only its pages answer 503)."""
    if not loader.get_store().entries:
        return "down"
    served = snapshot.served()
    return "previous" if served.generation and served.rejection else "ok"


def check_index():
    from ..search import indexing  # imported here: the probe must answer even if Whoosh cannot load

    return "down" if indexing.is_stale(settings.SEARCH_INDEX_DIR, loader.get_store()) else "ok"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return "ok" if cursor.fetchone() == (1,) else "down"


CHECKS = {"content": check_content, "index": check_index, "database": check_database}


def readiness():
    """{"content": "ok"|"previous"|"down", ...} for every check; a check that raises is down."""
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except ContentError:  # its file:line problems were logged when the content was loaded
            report[name] = "down"
        except Exception:  # any failure (DatabaseError, a damaged index...) means "not ready", never a 500
            logger.warning("readiness check %s failed", name, exc_info=True)
            report[name] = "down"
    return report


def content_details():
    """Where the content is served from, and what is wrong with it (file:line), for /readyz."""
    served = snapshot.served()
    details = {"snapshot": served.generation}
    try:
        details["version"] = loader.get_store().version
    except ContentError as exc:
        details["problems"] = [str(p) for p in exc.problems]
        details["message"] = "the content being served has errors: pages answer 503"
        return details
    if served.rejection:
        details["problems"] = served.rejection.get("problems", [])
        details["message"] = (
            f"the last publish was refused; serving the previous snapshot {served.generation}"
            if served.generation
            else "the last publish was refused and there is no previous snapshot"
        )
    return details


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    report = readiness()
    status = "unavailable" if "down" in report.values() else "ok"
    if status == "ok" and "previous" in report.values():
        status = "degraded"  # still serving (the last good content): traffic keeps coming
    body = {"status": status, "checks": report, "content": content_details()}
    return JsonResponse(body, status=503 if status == "unavailable" else 200)
