"""Kubernetes probes: /healthz says the process answers, /readyz that it can serve (content
loaded, search index openable and current, database reachable)."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import content

logger = logging.getLogger(__name__)


def check_content():
    store = content.get_store()
    return bool(store.entries)


def check_index():
    from . import search  # imported here: the probe must answer even if Whoosh cannot load

    return not search.is_stale(settings.SEARCH_INDEX_DIR, content.get_store())


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


CHECKS = {"content": check_content, "index": check_index, "database": check_database}


def readiness():
    """{"content": "ok"|"down", ...} for every check; a check that raises counts as down."""
    report = {}
    for name, check in CHECKS.items():
        try:
            healthy = check()
        except Exception:  # any failure (DatabaseError, a damaged index...) means "not ready", never a 500
            logger.warning("readiness check %s failed", name, exc_info=True)
            healthy = False
        report[name] = "ok" if healthy else "down"
    return report


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    report = readiness()
    ready = all(value == "ok" for value in report.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": report}, status=200 if ready else 503
    )
