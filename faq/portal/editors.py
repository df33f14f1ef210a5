"""The editors' view of the team's overlay, for signed-in staff only (anyone else gets the 404
of a page that does not exist): its entries and notes, the notes whose entry changed since they
were written (the note records the revision it annotates), when the overlay was last published,
and what was wrong with the last change refused."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import audience
from ..content import loader, snapshot


@never_cache
@require_safe
def overlay_status(request):
    if not audience.is_staff(request):
        raise Http404
    return render(request, "portal/overlay_status.html", overlay_report())


def overlay_report():
    """What the editors' page shows, as plain data."""
    store = loader.get_store(staff=True)
    found = store.overlay
    served = snapshot.local_served()
    manifest, rejection = served.manifest or {}, served.rejection or {}
    notes = (
        sorted(found.notes.values(), key=lambda n: (not n.changed_upstream, n.entry_id, n.lang))
        if found
        else []
    )
    return {
        "configured": served.folder is not None or bool(rejection),
        "entries": sorted(found.entries.values(), key=lambda e: (e.category, e.order, e.id, e.lang))
        if found
        else [],
        "notes": [(note, store.get_entry(note.lang, note.entry_id)) for note in notes],
        "changed": sum(note.changed_upstream for note in notes),
        "generation": served.generation,
        "version": manifest.get("version"),
        "source": manifest.get("source"),
        "published": _time(manifest.get("built")),
        "rejected": _time(rejection.get("at")),
        "rejected_problems": rejection.get("problems", []),
        "problems": [str(p) for p in found.problems] if found else [],
    }


def _time(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC) if seconds else None
