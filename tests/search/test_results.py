"""What a result list says (issue 12): crictl rows below entries unless the query is a command
(cause 2), matches of only some words labelled with the words they lack and a word no answer holds
reported as a gap (cause 3), and the sections of an entry that match listed under it (cause 1)."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from faq.search import engine, indexing

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_index(tmp_path_factory, real_store):
    path = tmp_path_factory.mktemp("results-index")
    indexing.build_index(path, real_store)
    return path


@pytest.fixture
def index(built_index, settings):
    settings.SEARCH_INDEX_DIR = built_index
    settings.SEARCH_CACHE_SIZE = 0
    return built_index


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "network"),
        ("en", "logs"),
        ("en", "images"),
        ("en", "container logs"),
        ("ja", "ログ"),
        ("ja", "イメージ"),
    ],
)
def test_crictl_rows_come_after_every_entry_unless_the_query_is_a_command(index, lang, text):
    kinds = [h.kind for h in engine.search(text, lang, index_dir=index, per_page=50).hits]
    assert kinds[0] == "entry"
    if "crictl" in kinds:
        assert "entry" not in kinds[kinds.index("crictl") :]


@pytest.mark.parametrize(
    ("lang", "text", "row"),
    [
        ("en", "docker ps", "docker-ps"),
        ("en", "crictl logs", "docker-logs"),
        ("ja", "docker images 一覧", "docker-images"),
    ],
)
def test_a_command_finds_its_crictl_row_first(index, lang, text, row):
    hits = engine.search(text, lang, index_dir=index).hits
    assert (hits[0].kind, hits[0].item_id) == ("crictl", row)


def test_hits_lacking_a_word_say_which_and_a_word_nothing_holds_is_a_gap(client, index):
    results = engine.search("containerd zeppelin", "en", index_dir=index, closest=True)
    assert results.uncovered == ("zeppelin",) and results.total > 0 and results.complete == 0
    assert all(hit.missing == ("zeppelin",) for hit in results.hits)
    assert results.closest  # the closest entries are offered
    received = []

    def receiver(sender, query, lang, **kwargs):
        received.append((query, lang))

    engine.zero_results.connect(receiver)
    try:
        with override("en"):
            page = client.get(reverse("search"), {"q": "containerd zeppelin"}).content.decode()
    finally:
        engine.zero_results.disconnect(receiver)
    assert received == [("containerd zeppelin", "en")]  # counted in the zero-result log
    assert "No answer here covers “zeppelin”" in page
    assert "Matches only some words; missing: <s>zeppelin</s>" in page


def test_a_partial_match_among_complete_ones_is_labelled(index):
    results = engine.search("insecure registries", "en", index_dir=index)
    complete = [h for h in results.hits if not h.missing]
    assert 0 < results.complete < results.total and complete
    assert {m for h in results.hits for m in h.missing} <= {"insecure", "registries"}
    assert results.hits[0].item_id == "changing-cri-implementations" and not results.hits[0].missing


@pytest.mark.parametrize(
    ("lang", "text", "entry", "heading"),
    [
        ("en", "insecure registries", "changing-cri-implementations", "insecure registries (containerd)"),
        ("en", "ulimits", "changing-cri-implementations", "Resource limits (ulimits)"),
        ("ja", "GPU", "changing-cri-implementations", "GPU"),
    ],
)
def test_matching_sections_are_listed_under_their_entry(index, real_store, lang, text, entry, heading):
    hit = next(h for h in engine.search(text, lang, index_dir=index, per_page=20).hits if h.item_id == entry)
    stored = real_store.get_entry(lang, entry)
    anchors = {h.anchor for h in stored.headings}
    assert hit.sections and any(heading in title for title, _ in hit.sections)
    for title, url in hit.sections:
        assert title.startswith(f"{stored.title} › ") and url.split("#")[0] == hit.url
        assert url.split("#")[1] in anchors


def test_a_heading_holding_only_the_titles_words_is_not_listed(index):
    hits = engine.search("docker", "en", index_dir=index, per_page=50).hits
    titled = [h for h in hits if "docker" in h.title.lower()]
    assert titled and not any(h.sections for h in titled)
    assert any(h.sections for h in hits if h not in titled)
