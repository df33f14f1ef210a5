import pytest
from django.urls import reverse

from faq.portal import feedback, zeroresults
from faq.portal.models import Feedback, ZeroResultQuery

pytestmark = pytest.mark.django_db


def add_vote(entry_id, lang, visitor, helpful, comment=""):
    feedback.record_vote(
        entry_id=entry_id, lang=lang, visitor=visitor, client=visitor, helpful=helpful, comment=comment
    )


def test_entry_summary_counts_votes_ratio_and_recent_comments():
    add_vote("alpha", "en", "v1", True, "clear")
    add_vote("alpha", "en", "v2", False, "too long")
    add_vote("alpha", "en", "v3", False)
    add_vote("beta", "ja", "v1", True)
    summary = feedback.entry_summary()
    assert [(r["entry_id"], r["lang"], r["votes"], r["helpful"]) for r in summary] == [
        ("alpha", "en", 3, 1),
        ("beta", "ja", 1, 1),
    ]
    assert summary[0]["ratio"] == pytest.approx(1 / 3)
    assert sorted(summary[0]["comments"]) == ["clear", "too long"]


def test_admin_requires_login(client):
    response = client.get(reverse("admin:faq_feedback_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_shows_votes_per_entry_and_zero_result_queries(admin_client):
    add_vote("alpha", "en", "v1", True, "<script>alert(1)</script>")
    add_vote("alpha", "en", "v2", False)
    zeroresults.record("Podman  Desktop", "en")
    zeroresults.record("podman desktop", "en")
    zeroresults.drain()
    page = admin_client.get(
        reverse("admin:faq_feedback_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Votes per entry" in page
    assert "50%" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    queries = admin_client.get(reverse("admin:faq_zeroresultquery_changelist")).content.decode()
    assert "podman desktop" in queries
    assert ZeroResultQuery.objects.get().count == 2
    days = admin_client.get(reverse("admin:faq_zeroresultday_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert "searches not kept" in days.content.decode().lower()


def test_admin_cannot_add_votes(admin_client):
    assert admin_client.get(reverse("admin:faq_feedback_add")).status_code == 403
    assert Feedback.objects.count() == 0
