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


class _Table:
    def __init__(self, *commands):
        self._commands = commands

    def commands(self):
        return self._commands


def _command(docker, crictl_names, note=None):
    from faq import crictl

    description = {"en": "Run a pod sandbox", "ja": "Pod サンドボックスを実行します"}
    return crictl.Command(docker, tuple(crictl_names), "g", description, (), note, True, {})


def _crictl_documents(*commands):
    return [d for d in search.documents(content.get_store(), _Table(*commands)) if d["kind"] == "crictl"]


def test_crictl_documents_use_the_rows_own_anchor():
    commands = (_command("", ["runp"]), _command("image prune", ["rmi --prune"]))
    ids = {d["item_id"] for d in _crictl_documents(*commands)}
    assert ids == {"crictl-runp", "docker-image-prune"} == {c.anchor for c in commands}


def test_crictl_note_is_indexed_as_plain_text():
    note = {
        "en": "<p>Use <code>crictl runp</code> &amp; friends</p>",
        "ja": "<p><code>crictl runp</code> を使う</p>",
    }
    docs = {d["lang"]: d for d in _crictl_documents(_command("", ["runp"], note))}
    assert "Use crictl runp & friends" in docs["en"]["body"]
    assert "crictl runp を使う" in docs["ja"]["body"]
    assert not any("<" in d["body"] or "&amp;" in d["body"] for d in docs.values())


def test_crictl_hits_carry_no_markup_from_notes(searcher):
    analyzer = searcher.schema["title"].analyzer
    [word] = [t.text for t in analyzer("namespace")]
    docs = searchrank.postings(searcher, "body", word)
    crictl_docs = [d for d in docs if searcher.stored_fields(d)["kind"] == "crictl"]
    assert crictl_docs
    assert not any("<code>" in searcher.stored_fields(d)["body"] for d in crictl_docs)
