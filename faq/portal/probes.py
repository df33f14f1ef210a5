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


def check_overlay():
    """For the team's overlay: "ok", "previous" when its last publish was refused (the overlay
    before it is served), "problems" when it no longer fits our content, "none" when none has
    been published yet. Never "down": our content
    is served whatever the overlay holds."""
    served = snapshot.local_served()
    if served.rejection:
        return "previous" if served.generation else "none"
    store = loader.get_store(staff=True)
    if store.overlay is not None and store.overlay.errors:
        return "problems"  # checked at publish, but our content has moved since: partly merged
    return "ok" if served.generation else "none"


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
    checks = CHECKS | ({"overlay": check_overlay} if settings.LOCAL_CONTENT_DIR else {})
    for name, check in checks.items():
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


def overlay_details():
    """The overlay being served and what is wrong with it (file:line), for /readyz. Only its
    file names and problems: never an entry's text."""
    served = snapshot.local_served()
    details = {"snapshot": served.generation, "version": (served.manifest or {}).get("version")}
    problems = list((served.rejection or {}).get("problems", []))
    try:
        overlay = loader.get_store(staff=True).overlay
    except ContentError:
        overlay = None
    problems += [str(p) for p in overlay.errors] if overlay is not None else []
    if problems:
        details["problems"] = problems
        details["message"] = (
            f"the last overlay publish was refused; serving the previous overlay {served.generation}"
            if served.rejection and served.generation
            else "the last overlay publish was refused and there is no previous overlay"
            if served.rejection
            else "the overlay no longer fits our content; what fits is served"
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
    if status == "ok" and {"previous", "problems"} & set(report.values()):
        status = "degraded"  # still serving (the last good content): traffic keeps coming
    body = {"status": status, "checks": report, "content": content_details()}
    if settings.LOCAL_CONTENT_DIR:
        body["overlay"] = overlay_details()
    return JsonResponse(body, status=503 if status == "unavailable" else 200)
