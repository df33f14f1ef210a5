"""The shipped content in content/: valid, complete in both languages, and every page renders."""

from io import StringIO

import pytest
from django.core.management import call_command

# Every question of the 2022 Dockershim Removal FAQ and every section of "Don't Panic".
UPSTREAM_IDS = {
    "about-this-faq", "why-dockershim-removed", "docker-vs-containers", "existing-images",
    "private-images", "docker-engine-in-1-23", "which-cri-implementation", "docker-engine-as-runtime",
    "production-examples", "what-is-oci", "changing-cri-implementations", "more-questions",
    "detect-dockershim-usage", "hug", "dont-panic-tldr", "dont-panic-confusion",
    "dont-panic-developers", "dont-panic-closing",
}  # fmt: skip


pytestmark = pytest.mark.usefixtures("real_content")


def test_check_content_passes_on_the_real_content():
    out = StringIO()
    call_command("check_content", stdout=out, stderr=out)
    assert "entry files are valid" in out.getvalue()


def test_no_translation_is_behind(real_store):
    assert [str(p) for p in real_store.problems] == []


def test_every_entry_exists_in_both_languages(real_store):
    ja = {e.id for e in real_store.all_entries("ja")}
    en = {e.id for e in real_store.all_entries("en")}
    assert ja == en


def test_every_upstream_question_and_section_is_answered(real_store):
    assert UPSTREAM_IDS <= {e.id for e in real_store.all_entries("en")}


def test_every_category_has_entries(real_store):
    for category in real_store.categories:
        assert real_store.entries_in("ja", category.id), category.id


def test_known_outdated_facts_are_marked_in_both_languages(real_store):
    # content-facts.md §5: H-02 (removal v1.22 → v1.24), H-03 (managed defaults), H-09 (crun), H-10 (kaniko)
    for lang in ("ja", "en"):
        for entry_id in ("dont-panic-tldr", "what-is-oci", "changing-cri-implementations"):
            assert real_store.get_entry(lang, entry_id).historical, (lang, entry_id)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_entry_and_category_page_renders(client, real_store, lang):
    for entry in real_store.all_entries(lang):
        response = client.get(f"/{lang}/faq/{entry.id}/")
        assert response.status_code == 200, entry.id
        assert entry.title in response.content.decode()
    for category in real_store.categories:
        assert client.get(f"/{lang}/category/{category.id}/").status_code == 200


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_guide_and_crictl_pages_render(client, lang):
    assert client.get(f"/{lang}/guide/dont-panic/").status_code == 200
    assert client.get(f"/{lang}/crictl/").status_code == 200
