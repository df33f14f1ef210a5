"""The API's parameters as types: what the OpenAPI document says about a parameter and what a
request is checked against come from the same declaration. A value that fails its type is
refused by refusals.py with the code and message of that parameter."""

from typing import Annotated, Literal

from django.conf import settings
from ninja import Path, Query
from pydantic import BeforeValidator

from ..content.entryfile import ID_PATTERN
from ..search.engine import MAX_PAGE
from ..search.query import MAX_RAW_CHARS

LANGS = tuple(code for code, _ in settings.LANGUAGES)
# What refusals.py answers when a parameter fails its type: (code, message, status) by name.
REFUSALS = {
    "lang": ("bad-lang", f"lang must be one of {', '.join(LANGS)}", 400),
    "page": ("bad-page", f"page must be an integer from 1 to {MAX_PAGE}", 400),
    "q": ("missing-q", "q is required", 400),
    "entry_id": ("not-found", "there is no entry with this id", 404),
}
# A query longer than the search reads is refused as such, not as a missing one.
TOO_LONG = {"q": ("too-long", f"q may have at most {MAX_RAW_CHARS} characters", 400)}


def _digits(value):
    """Only ASCII digits make a page number: pydantic alone would take " 2", "+2" or "٢"."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= 3):
        raise ValueError("not a page number")
    return value


Lang = Annotated[
    Literal[LANGS],
    Query(settings.LANGUAGE_CODE, description=f"language of the answers (default: {settings.LANGUAGE_CODE})"),
]
# The checker's report is in English unless asked (as its refusals are: faq/portal/errors.language).
ReportLang = Annotated[Literal[LANGS], Query("en", description="language of the report (default: en)")]
Page = Annotated[int, BeforeValidator(_digits), Query(1, ge=1, le=MAX_PAGE)]
Text = Annotated[str, Query(..., min_length=1, max_length=MAX_RAW_CHARS, description="what to search for")]
EntryId = Annotated[str, Path(..., pattern=f"^{ID_PATTERN.pattern}$", max_length=100)]
# The wizard's answers are as many parameters as questions answered (question id = option id);
# ninja has no type for that, so the document is told directly.
WIZARD_ANSWERS = {
    "name": "answers",
    "in": "query",
    "required": False,
    "style": "form",
    "explode": True,
    "schema": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 200}},
}
