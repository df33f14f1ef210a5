"""The editors' view of the overlay (/<lang>/staff/overlay/): staff only, listing the overlay's
entries and notes, the notes whose entry changed since they were written, the last load and
the problems of a refused change."""

import pytest
from django.contrib.auth.models import User

from faq.content import publish
from tests.helpers import publish_overlay, rewrite, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(User.objects.create_user("editor", password="x", is_staff=True))
    return client


def test_only_staff_see_it_and_everyone_else_gets_a_404(client, local):
    assert client.get(url("overlay-status", "en")).status_code == 404
    client.force_login(User.objects.create_user("reader", password="x"))
    assert client.get(url("overlay-status", "en")).status_code == 404


def test_it_lists_entries_notes_and_the_last_load(staff, local):
    body = staff.get(url("overlay-status", "en")).content.decode()
    for text in ("Which node image do our EKS node groups use?", "Who is on call for the node runtime?"):
        assert text in body
    assert "notes/en/alpha.md" in body and "notes/en/beta.md" in body
    assert "to review" not in body and "Published" in body


def test_a_note_on_an_entry_that_changed_since_is_flagged(staff, local):
    rewrite(local / "notes" / "en" / "alpha.md", "10f1c10e04df", "0123456789ab")
    publish_overlay()
    body = staff.get(url("overlay-status", "en")).content.decode()
    assert "1 to review" in body and "<code>0123456789ab</code> → <code>10f1c10e04df</code>" in body


def test_a_refused_change_shows_its_problems_with_file_and_line(staff, local):
    rewrite(local / "en" / "golden-ami.md", "order: 10", "order: ten")
    with pytest.raises(publish.Refused):
        publish_overlay()
    body = staff.get(url("overlay-status", "en")).content.decode()
    assert "The last change was refused" in body and "/en/golden-ami.md:6: error: order" in body
