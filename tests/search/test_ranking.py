"""The search ranking (faq.searchrank) and the synonyms check in check_content."""

import random
import re
import shutil
import string
from io import StringIO

import pytest
import whoosh.index
from django.core.management import CommandError, call_command
from whoosh import query as Q
from whoosh.support.levenshtein import distance

from faq.content import loader
from faq.search import alternatives, engine, indexing
from faq.search import ranking as searchrank
from tests.helpers import REAL_CONTENT


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("engine-index")
    indexing.build_index(path, loader.get_store())
    return engine._holder.searcher(path)


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


def test_common_words_are_kept_per_searcher_within_the_bound(searcher, monkeypatch):
    fields = {"title": 4.0, "body": 1.0}
    owner = searchrank._owner(searcher)
    assert owner is searcher._ix  # shared by the searchers of every thread
    owner.__dict__.pop("_faq_common", None)
    owner.__dict__.pop("_faq_common_size", None)
    monkeypatch.setattr(searchrank, "COMMON_SHARE", 0.0)  # every word that occurs is common
    first = searchrank.Words(searcher, ["docker", "runtim"], fields)
    again = searchrank.Words(searcher, ["docker"], fields)
    assert again.postings["docker"] is first.postings["docker"]
    assert first.postings["docker"] == {f: searchrank.postings(searcher, f, "docker") for f in fields}
    docker = sum(map(len, first.postings["docker"].values()))
    monkeypatch.setattr(searchrank, "COMMON_POSTINGS", docker)  # room for "docker" alone
    cache = owner.__dict__["_faq_common"]
    cache.clear()
    owner.__dict__["_faq_common_size"] = [0]
    searchrank.Words(searcher, ["docker"], fields)
    assert [word for word, _ in cache] == ["docker"]
    searchrank.Words(searcher, ["runtim"], fields)
    runtim = sum(map(len, first.postings["runtim"].values()))
    assert [word for word, _ in cache] == ["runtim"] and owner.__dict__["_faq_common_size"] == [runtim]
    monkeypatch.setattr(searchrank, "COMMON_SHARE", 1.0)  # nothing is common
    searchrank.Words(searcher, ["hug"], fields)
    assert [word for word, _ in cache] == ["runtim"]


def test_all_words_first_then_the_best_covered(searcher, monkeypatch):
    words = searchrank.Words(searcher, ["docker", "hug"], {"body": 1.0})
    everything = set(range(searcher.doc_count_all()))
    both = words.docs["docker"] & words.docs["hug"]
    monkeypatch.setattr(searchrank, "MIN_RESULTS", 1)
    assert both and words.candidates(everything) == both
    monkeypatch.setattr(searchrank, "MIN_RESULTS", len(both) + 1)
    assert words.candidates(everything) == words.docs["docker"] | words.docs["hug"]


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("search-synonyms.yaml", 'runtime: ["container runtime"]\n', "search-synonyms.yaml:1: error:"),
        ("search-synonyms.yaml", 'runtime: ["container runtime"]\n', "2 words"),
        ("search-katakana.yaml", 'docker: ["ドッカー"]\ncri-o: ["くりお"]\n', "katakana.yaml:2: error:"),
        ("search-katakana.yaml", 'docker: ["ドッカー"]\ncri-o: ["くりお"]\n', "katakana only"),
        ("search-katakana.yaml", 'Docker: ["ドッカー"]\n', "lower case"),
    ],
)
def test_check_content_reports_a_bad_search_table(tmp_path, name, text, problem):
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    (folder / name).write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=str(folder), stdout=StringIO(), stderr=err)
    assert problem in err.getvalue()


@pytest.fixture(scope="module")
def positional(tmp_path_factory, django_db_blocker):
    """The same documents in an index that stores positions, where Whoosh can match phrases."""
    from whoosh import fields as F

    from faq.content import crictl
    from faq.search import index as searchindex
    from faq.search.synonyms import load_synonyms

    synonyms = load_synonyms(REAL_CONTENT)
    schema = indexing.make_schema(synonyms)
    for name in ("title", "summary", "body"):
        schema.remove(name)
        schema.add(
            name, F.TEXT(analyzer=schema["category_text"].analyzer, stored=name != "title", phrase=True)
        )
    path = tmp_path_factory.mktemp("positional-index")
    searchindex.publish(path, schema, indexing.documents(loader.get_store(), crictl.get_table()), "ref")
    return whoosh.index.open_dir(path / searchindex.CURRENT).searcher()  # not the one-per-thread holder


def _by_key(searcher, scores):
    return {searcher.stored_fields(d)["key"]: s for d, s in scores.items()}


def test_phrase_bonus_equals_whoosh_phrase_scoring(searcher, positional, monkeypatch):
    from faq.search import query as searchquery

    monkeypatch.setattr(searchrank, "PHRASE_CHARS", 10**9)  # both languages: more than a ranking checks

    plan = searchquery.build_plan("プライベートイメージ docker.sock", searcher.schema["title"].analyzer)
    words = searchrank.Words(searcher, plan.words, searchquery.FIELDS)
    docs = set(range(searcher.doc_count_all()))
    expected = _by_key(
        positional, {hit.docnum: hit.score for hit in positional.search(plan.bonus, limit=None)}
    )
    ours = _by_key(
        searcher, words.phrase_bonus(plan.phrases, searchquery.PHRASE_FIELDS, searchquery.PHRASE_BONUS, docs)
    )
    assert expected and ours.keys() == expected.keys()
    assert all(abs(ours[k] - expected[k]) < 1e-4 for k in expected)


@pytest.mark.parametrize(
    "text", ['"docker build" image', '"container runtime"', '"コンテナ ランタイム" docker']
)
def test_quoted_phrases_match_and_score_as_whoosh_phrases(searcher, positional, text, monkeypatch):
    from faq.search import query as searchquery

    monkeypatch.setattr(searchrank, "PHRASE_CHARS", 10**9)  # both languages: more than a ranking checks

    analyzer = searcher.schema["title"].analyzer
    plan = searchquery.build_plan(text, analyzer)
    phrases = [
        Q.Or([Q.Phrase(f, list(p), boost=searchquery.FIELDS[f]) for f in searchquery.PHRASE_FIELDS])
        if len(p) > 1
        else searchquery._any_field(p[0])
        for p in plan.required
    ]
    optional = [searchquery._any_field(w) for w in plan.words]
    reference = Q.AndMaybe(Q.And(phrases), Q.Or(optional)) if optional else Q.And(phrases)
    expected = _by_key(
        positional, {hit.docnum: hit.score for hit in positional.search(reference, limit=None)}
    )
    every = plan.words + tuple(w for p in plan.required for w in p)
    words = searchrank.Words(searcher, every, searchquery.FIELDS)
    docs = set(range(searcher.doc_count_all()))
    required, checked = words.required(plan.required, searchquery.PHRASE_FIELDS, docs)
    assert checked
    scores = words.scores(required.keys(), plan.words)
    ours = _by_key(searcher, {d: scores[d] + required[d] for d in required})
    assert expected and ours.keys() == expected.keys()
    assert all(abs(ours[k] - expected[k]) < 1e-4 for k in expected)


class _Table:
    def __init__(self, *commands):
        self._commands = commands

    def commands(self):
        return self._commands


def _command(docker, crictl_names, note=None):
    from faq.content import crictl

    description = {"en": "Run a pod sandbox", "ja": "Pod サンドボックスを実行します"}
    return crictl.Command(docker, tuple(crictl_names), "g", description, (), note, True, {})


def _crictl_documents(*commands):
    return [d for d in indexing.documents(loader.get_store(), _Table(*commands)) if d["kind"] == "crictl"]


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


def test_positioned_words_equal_the_analyzer_chain(searcher):
    from faq.search.analysis import normalize, positioned_words

    analyzer = searcher.schema["body"].analyzer
    texts = [normalize(e.body_text) for e in loader.get_store().all_entries()]
    texts.append("ドッカーを使う Docker.Sock CRI-O インターフェイス サーバー 十 what does i do")
    for text in texts:
        expected = [
            (t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True)
        ]
        assert expected and list(positioned_words(analyzer, text)) == expected


def test_run_filter_keeps_the_japanese_runs_that_may_hold_a_word(searcher):
    from faq.search.analysis import run_filter

    analyzer = searcher.schema["body"].analyzer
    assert run_filter(analyzer, ["使える"])("使えなくなる") and not run_filter(analyzer, ["使える"])(
        "設定する"
    )
    assert run_filter(analyzer, ["インストル"])("インストールする")  # folded katakana
    assert run_filter(analyzer, ["どの"])("どのランタイム") and not run_filter(analyzer, ["どの"])("どれの")
    assert run_filter(analyzer, ["docker"])("ドッカーを")  # a synonym written in katakana
    assert run_filter(analyzer, ["privat"])("プライベート")  # the synonym's canonical word is stemmed
    assert run_filter(analyzer, ["23"])("二十三")  # Sudachi writes numerals in digits
    assert not run_filter(analyzer, ["sock"])("ソケットを設定する")


def test_snippets_mark_words_past_skipped_japanese_runs(searcher):
    from faq.search import snippets

    analyzer = searcher.schema["body"].analyzer
    text = "設定ファイルを確認してから docker.sock をマウントしたコンテナを探す"
    tokens = snippets.match_tokens(analyzer, text, {"docker", "socket"})
    assert [text[t.startchar : t.endchar] for t in tokens] == ["docker", "sock"]
    tokens = snippets.match_tokens(analyzer, text, {"探す", "contain"})
    assert [text[t.startchar : t.endchar] for t in tokens] == ["コンテナ", "探す"]


def test_snippets_start_near_the_first_match_with_the_right_offsets(searcher):
    from faq.search import snippets

    analyzer = searcher.schema["body"].analyzer
    text = "Nothing to see. " * 40 + "Then CRI-O mounts docker.sock; ドッカーも。"
    tokens = snippets.match_tokens(analyzer, text, {"crio", "socket"})
    assert [text[t.startchar : t.endchar] for t in tokens] == ["CRI-O", "sock"]
    assert snippets._start(analyzer, text, {"crio"}) == text.index("CRI-O")
    text = "İ" * 20 + " " + text  # lower-casing İ makes the text longer: offsets must not move
    assert snippets._start(analyzer, text, {"crio"}) == text.index("CRI-O")
    text = "Nothing to see. " * 40 + "ドッカーも docker も"
    tokens = snippets.match_tokens(analyzer, text, {"docker"})  # its Japanese synonym first
    assert [text[t.startchar : t.endchar] for t in tokens] == ["ドッカー"]


def test_spelling_words_are_listed_beside_the_index(searcher):
    counts = alternatives._spelling(searcher).counts
    assert counts["docker"] > counts["dockershim"] > 0 and "runtime" in counts and "runtim" not in counts
    english = [w for w in counts if w.isascii()]
    assert all(w.isalpha() and len(w) >= 3 and w == w.lower() for w in english)
    katakana = set(counts) - set(english)
    assert "コンテナランタイム" in katakana and all(re.fullmatch("[ァ-ヺー]{3,}", w) for w in katakana)
    assert list(alternatives.spelling_words("CRI-O と cri-dockerd, k8s Ｄｏｃｋｅｒ コンテナランタイム")) == [
        "crio",
        "cri",
        "dockerd",
        "コンテナランタイム",
    ]


def _spelling_of(folder, counts):
    vocabulary = alternatives.Vocabulary()
    vocabulary.counts.update(counts)
    vocabulary.write(folder)
    return alternatives._Spelling(folder)


def test_spelling_suggestion_is_the_most_frequent_within_two_edits(tmp_path):
    counts = {"container": 5, "containerd": 9, "contain": 50, "kubectl": 3, "kubect": 3}
    spelling = _spelling_of(tmp_path, counts)
    assert spelling.suggest("conatiner") == "containerd"  # "contain" is 3 edits
    assert spelling.suggest("kuebct") == "kubectl"  # equal counts: the last
    assert spelling.suggest("zzzzzz") is None


def test_spelling_suggestions_equal_a_scan_of_the_whole_vocabulary(searcher):
    """The deletion neighbourhood finds what comparing the word with every word of the vocabulary
    finds: the most frequent within two edits, equal counts the last alphabetically."""
    spelling = alternatives._spelling(searcher)
    offered = [w for w in spelling.counts if 3 <= len(w) <= 24]
    rng = random.Random(5)
    typos = []
    for word in rng.sample(sorted(w for w in offered if len(w) >= 5), 30):
        for _ in range(rng.randint(1, 2)):
            i, letter = rng.randrange(len(word) - 1), rng.choice(string.ascii_lowercase)
            word = rng.choice(
                [
                    word[:i] + word[i + 1 :],
                    word[:i] + letter + word[i:],
                    word[:i] + letter + word[i + 1 :],
                    word[:i] + word[i + 1] + word[i] + word[i + 2 :],
                ]
            )
        typos.append(word)
    found = 0
    for typo in (t for t in typos if t not in spelling.counts):
        near = [
            (spelling.counts[w], w)
            for w in offered
            if abs(len(w) - len(typo)) <= 2 and distance(w, typo, limit=2) <= 2
        ]
        expected = max(near)[1] if near else None
        assert spelling.suggest(typo) == expected, typo
        found += expected is not None
    assert found >= 20
