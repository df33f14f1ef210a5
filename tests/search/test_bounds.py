"""Phrase checks on a corpus where every document holds the words: the work stays bounded.
(A module of its own: searching another index closes the per-thread searcher other modules'
fixtures hold.)"""

import random

import pytest
from django.urls import reverse
from django.utils.translation import override

from faq.search import engine, indexing
from faq.search import ranking as searchrank


@pytest.fixture(scope="module")
def common_phrase_index(tmp_path_factory, django_db_blocker):
    """150 English and 150 Japanese documents of 1,500 characters that all hold "alpha" and
    "beta", six of each next to each other: more text than a ranking may analyze for a phrase."""
    rng = random.Random(7)
    filler = ["kube", "node", "pod", "image", "pull", "log", "mount", "socket", "shim", "cgroup"]
    docs = []
    for i in range(300):
        words = [rng.choice(filler) for _ in range(250)]
        words[10], words[200] = "alpha", "beta"
        if i % 25 == 0:
            words[100:102] = ["alpha", "beta"]
        text = " ".join(words)[:1500]
        lang = "en" if i < 150 else "ja"
        docs.append(indexing._document(lang, "entry", f"doc-{i}", "basics", f"Entry {i}", "", text, ""))
    path = tmp_path_factory.mktemp("common-phrase-index")
    indexing.publish(path, indexing.make_schema({}), docs, "common-phrase")
    return path


def test_a_quoted_common_phrase_analyzes_a_bounded_amount_of_text(common_phrase_index, settings, monkeypatch):
    """Every document holding the words used to be analyzed (a quoted "docker docker" took 16 s
    of CPU at 10k documents); now the best-scoring ones, up to PHRASE_CHARS characters a ranking."""
    settings.SEARCH_CACHE_SIZE = 0
    analyzed = []

    def has_phrase(analyzer, text, words, exact=False):
        analyzed.append(len(text))
        return real(analyzer, text, words, exact)

    real = searchrank._has_phrase
    monkeypatch.setattr(searchrank, "_has_phrase", has_phrase)
    results = engine.search('"alpha beta"', "en", index_dir=common_phrase_index, per_page=50)
    assert sum(analyzed) <= 205_000  # two rankings (both languages) of 450,000 characters
    assert results.partial and 0 < results.total <= 6
    assert {hit.item_id for hit in results.hits} <= {f"doc-{i}" for i in range(0, 150, 25)}
    analyzed.clear()
    assert engine.search("alpha beta", "en", index_dir=common_phrase_index).total == 150
    assert not analyzed


def test_the_page_and_the_api_say_when_a_phrase_was_checked_in_part(client, common_phrase_index, settings):
    settings.SEARCH_INDEX_DIR = common_phrase_index
    for lang, notice in [
        ("en", "only the best-matching ones were checked"),
        ("ja", "最も一致する回答だけで"),
    ]:
        with override(lang):
            assert notice in client.get(reverse("search"), {"q": '"alpha beta"'}).content.decode()
            assert notice not in client.get(reverse("search"), {"q": "alpha beta"}).content.decode()
    assert client.get(reverse("api-search"), {"q": '"alpha beta"', "lang": "en"}).json()["partial"] is True
