"""What a "page not found" offers: the entries whose ids are closest to the missing address,
and its words for the search box. Bounded: only the address's last 100 characters are read."""

import difflib

from django.utils.translation import get_language

from . import loader
from .problems import ContentError

MAX_CHARS = 100
MAX_SUGGESTIONS = 3


def for_missing_page(path):
    """{"suggestions": [Entry, ...], "search_words": str} for a path that matched nothing."""
    segments = [part for part in path[-MAX_CHARS:].split("/") if part]
    slug = segments[-1] if segments else ""
    words = slug.replace("-", " ").replace("_", " ").strip()
    if len(segments) < 2 or not slug:  # /ja/ itself, or nothing to go by
        return {"suggestions": [], "search_words": ""}
    try:
        store = loader.get_store()
    except ContentError:  # the 404 still answers; the 503 is for pages that need the content
        return {"suggestions": [], "search_words": words}
    lang = get_language()
    ids = [entry.id for entry in store.all_entries(lang)]
    close = difflib.get_close_matches(slug.lower(), ids, n=MAX_SUGGESTIONS, cutoff=0.5)
    return {"suggestions": [store.get_entry(lang, entry_id) for entry_id in close], "search_words": words}
