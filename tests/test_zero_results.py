import pytest
from django.db import OperationalError

from faq import feedback
from faq.models import ZeroResultQuery

pytestmark = pytest.mark.django_db


def test_record_zero_result_normalizes_and_counts():
    feedback.record_zero_result("  ＰＯＤＭＡＮ\tdesktop ", "en")
    row = feedback.record_zero_result("podman desktop", "en")
    assert (row.query, row.lang, row.count) == ("podman desktop", "en", 2)
    assert ZeroResultQuery.objects.count() == 1


def test_record_zero_result_keeps_languages_apart():
    feedback.record_zero_result("ドッカー", "ja")
    feedback.record_zero_result("ドッカー", "en")
    assert ZeroResultQuery.objects.count() == 2


@pytest.mark.parametrize(("query", "lang"), [("", "en"), ("   \x00\x1b ", "ja"), ("docker", "zz")])
def test_record_zero_result_ignores_empty_query_or_unknown_language(query, lang):
    assert feedback.record_zero_result(query, lang) is None
    assert ZeroResultQuery.objects.count() == 0


def test_record_zero_result_caps_length():
    row = feedback.record_zero_result("a" * 5000, "en")
    assert len(row.query) == 200


def test_record_zero_result_survives_database_errors(monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ZeroResultQuery.objects, "filter", broken)
    assert feedback.record_zero_result("docker", "en") is None
