"""The search ranking (faq.searchrank) and the synonyms check in check_content."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from whoosh import query as Q

from faq import content, search, searchrank
from tests.helpers import REAL_CONTENT


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("engine-index")
    search.build_index(path, content.get_store())
    return search._holder.searcher(path)


def test_postings_read_by_blocks_equal_whoosh_matching(searcher):
    analyzer = searcher.schema["title"].analyzer
    for field, text in [("body", "docker"), ("title", "containerd"), ("summary", "イメージ")]:
        [word] = [t.text for t in analyzer(text)]
        expected = {hit.docnum for hit in searcher.search(Q.Term(field, word), limit=None)}
        assert expected and set(searchrank.postings(searcher, field, word)) == expected
    assert searchrank.postings(searcher, "body", "no-such-word-anywhere") == {}


def test_scores_equal_whoosh_bm25f(searcher):
    fields = {"title": 4.0, "body": 1.0}
    words = searchrank.Words(searcher, ["docker", "runtim"], fields)
    query = Q.Or([Q.Term(f, w, boost=b) for w in ["docker", "runtim"] for f, b in fields.items()])
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    ours = words.scores(set(expected))
    assert ours.keys() == expected.keys()
    assert all(abs(ours[d] - expected[d]) < 1e-4 for d in expected)


def test_all_words_first_then_the_best_covered(searcher, monkeypatch):
    words = searchrank.Words(searcher, ["docker", "hug"], {"body": 1.0})
    everything = set(range(searcher.doc_count_all()))
    both = words.docs["docker"] & words.docs["hug"]
    monkeypatch.setattr(searchrank, "MIN_RESULTS", 1)
    assert both and words.candidates(everything) == both
    monkeypatch.setattr(searchrank, "MIN_RESULTS", len(both) + 1)
    assert words.candidates(everything) == words.docs["docker"] | words.docs["hug"]


def test_check_content_reports_a_bad_synonyms_file(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    (folder / "search-synonyms.yaml").write_text('runtime: ["container runtime"]\n', encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=str(folder), stdout=StringIO(), stderr=err)
    assert "search-synonyms.yaml:1: error:" in err.getvalue() and "2 words" in err.getvalue()


def test_phrase_bonus_equals_whoosh_phrase_scoring(searcher):
    from faq import searchquery

    plan = searchquery.build_plan("プライベートイメージ docker.sock", searcher.schema["title"].analyzer)
    words = searchrank.Words(searcher, plan.words, searchquery.FIELDS)
    docs = set(range(searcher.doc_count_all()))
    expected = {hit.docnum: hit.score for hit in searcher.search(plan.bonus, limit=None)}
    ours = words.phrase_bonus(plan.phrases, searchquery.PHRASE_FIELDS, searchquery.PHRASE_BONUS, docs)
    assert expected and ours.keys() == expected.keys()
    assert all(abs(ours[d] - expected[d]) < 1e-4 for d in expected)
