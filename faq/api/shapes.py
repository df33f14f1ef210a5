"""What the API answers, as types: the views return data in these shapes, ninja checks it, and
the OpenAPI document describes it from here."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema


class ErrorBody(Schema):
    code: str
    message: str


class Error(Schema):
    error: ErrorBody


class Links(Schema):
    entries: str
    search: str
    wizard: str
    check: str
    openapi: str


class ApiIndex(Schema):
    title: str
    version: str
    links: Links = Field(description="absolute URLs of the endpoints")


class EntrySummary(Schema):
    id: str
    lang: str
    title: str
    summary: str
    category: str
    updated: datetime.date
    url: str
    local: bool = Field(description="written by the team running this site, not the community FAQ")


class LocalNote(Schema):
    html: str = Field(description="sanitized HTML of the team's note on the entry")
    updated: datetime.date
    lang: str


class Heading(Schema):
    text: str
    anchor: str
    level: int


class SourceLink(Schema):
    title: str
    url: str


class EntryDetail(EntrySummary):
    html: str = Field(description="sanitized HTML of the answer")
    headings: list[Heading]
    sources: list[SourceLink]
    related: list[str]
    stale_translation: bool
    translated: bool = Field(description="false: a team's entry shown in the one language it is written in")
    local_note: LocalNote | None = Field(description='"At our company": the team\'s note on this entry')


class EntryList(Schema):
    lang: str
    entries: list[EntrySummary]


class Hit(Schema):
    kind: str
    id: str
    lang: str
    title: str
    url: str
    local_note: LocalNote | None


class SearchPage(Schema):
    query: str
    lang: str
    total: int
    page: int
    pages: int
    truncated: bool
    # A quoted phrase was checked in the best-matching documents only; total counts those.
    partial: bool
    hits: list[Hit]


class Option(Schema):
    id: str
    label: str


class Question(Schema):
    id: str
    text: str
    multiple: bool
    options: list[Option]


class Outcome(Schema):
    id: str
    runtime: str
    title: str
    summary_html: str
    local_note_html: str | None = Field(description="the team's note on this result")
    entries: list[str] = Field(description="absolute URLs of the entries to read next")


class WizardStep(Schema):
    kind: Literal["step"]
    answers: dict[str, str]
    question: Question


class WizardResult(Schema):
    kind: Literal["result"]
    answers: dict[str, str]
    result: Outcome


class WizardErrorBody(ErrorBody):
    question: str | None


class WizardRefusal(Schema):
    error: WizardErrorBody
    valid_answers: dict[str, str] = Field(description="the answers that can be kept, to start again from")


class RuleChecked(Schema):
    id: str
    severity: str
    title: str


class CheckReport(Schema):
    lang: str
    summary: dict[str, int]
    results: list[dict[str, Any]] = Field(description="each workload found, with its findings")
    rules_checked: list[RuleChecked]
