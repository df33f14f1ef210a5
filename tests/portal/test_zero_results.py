"""The log of searches without results (faq/portal/zeroresults.py): normalized and counted, at most
FAQ_ZERO_RESULTS_PER_DAY new queries per language and day, written off the request path.
(The page never waiting on SQLite's write lock, and PostgreSQL: test_zero_results_server.py and
test_postgresql.py.)"""

import datetime
import logging

import pytest
from django.db import OperationalError
from django.utils import timezone

from faq.portal import zeroresults
from faq.portal.models import ZeroResultDay, ZeroResultQuery

pytestmark = pytest.mark.django_db


def record_all(*searches):
    for query, lang in searches:
        zeroresults.record(query, lang)
    zeroresults.drain()


def test_record_normalizes_and_counts():
    record_all(("  ＰＯＤＭＡＮ\tdesktop ", "en"), ("podman desktop", "en"))
    row = ZeroResultQuery.objects.get()
    assert (row.query, row.lang, row.count) == ("podman desktop", "en", 2)


def test_a_repeated_query_increments_its_row():
    record_all(("podman", "en"))
    record_all(("Podman", "en"), ("podman", "en"))
    assert ZeroResultQuery.objects.get().count == 3
    assert ZeroResultDay.objects.get().kept == 1


def test_record_keeps_languages_apart():
    record_all(("ドッカー", "ja"), ("ドッカー", "en"))
    assert ZeroResultQuery.objects.count() == 2


@pytest.mark.parametrize(("query", "lang"), [("", "en"), ("   \x00\x1b ", "ja"), ("docker", "zz")])
def test_record_ignores_empty_query_or_unknown_language(query, lang):
    assert zeroresults.record(query, lang) is False
    zeroresults.drain()
    assert ZeroResultQuery.objects.count() == 0


def test_record_caps_length():
    record_all(("a" * 5000, "en"))
    assert len(ZeroResultQuery.objects.get().query) == 200


def test_new_queries_beyond_the_daily_limit_are_counted_not_kept(settings):
    settings.FAQ_ZERO_RESULTS_PER_DAY = 5
    record_all(*[(f"query {i}", "en") for i in range(12)], ("query 0", "en"), ("other", "ja"))
    kept = dict(ZeroResultQuery.objects.filter(lang="en").values_list("query", "count"))
    assert kept == {"query 0": 2, "query 1": 1, "query 2": 1, "query 3": 1, "query 4": 1}  # first come
    day = ZeroResultDay.objects.get(lang="en")
    assert (day.day, day.kept, day.dropped) == (timezone.localdate(), 5, 7)
    assert ZeroResultDay.objects.get(lang="ja").kept == 1
    record_all(("query 1", "en"), ("query 99", "en"))  # a kept query still counts; a new one does not
    assert ZeroResultQuery.objects.get(query="query 1").count == 2
    assert ZeroResultQuery.objects.filter(lang="en").count() == 5
    assert ZeroResultDay.objects.get(lang="en").dropped == 8
    zeroresults.write({("query 99", "en"): 1}, now=timezone.now() + datetime.timedelta(days=1))
    assert ZeroResultQuery.objects.filter(lang="en").count() == 6  # room again the next day


def test_a_full_queue_drops_the_search_and_counts_it(monkeypatch):
    monkeypatch.setattr(zeroresults, "QUEUE_SIZE", 3)
    monkeypatch.setattr(zeroresults, "_current", zeroresults._Writer(thread=False))
    assert [zeroresults.record(f"query {i}", "en") for i in range(5)] == [True, True, True, False, False]
    zeroresults.drain()
    assert ZeroResultQuery.objects.count() == 3
    assert ZeroResultDay.objects.get().dropped == 2


def test_database_errors_are_logged_and_counted_never_raised(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(ZeroResultQuery.objects, "filter", broken)
        with caplog.at_level(logging.WARNING, "faq.portal.zeroresults"):
            record_all(("docker", "en"))
    assert "could not record 1 zero-result searches" in caplog.text
    record_all(("podman", "en"))
    assert list(ZeroResultQuery.objects.values_list("query", flat=True)) == ["podman"]
    assert ZeroResultDay.objects.get().dropped == 1  # the search the broken write lost


@pytest.mark.django_db(transaction=True)
def test_the_background_writer_writes_what_is_queued(monkeypatch):
    monkeypatch.setattr(zeroresults, "_current", None)  # as in production: a writer thread per process
    zeroresults.record("podman desktop", "en")
    zeroresults.record("podman desktop", "en")
    assert zeroresults.flush(timeout=60)
    assert ZeroResultQuery.objects.get().count == 2
