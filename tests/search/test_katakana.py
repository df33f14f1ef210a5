"""Names written in katakana (issue 12, cause 5): content/search-katakana.yaml is read before
analysis, a katakana run that starts with a name is split after it, and "did you mean" corrects
katakana words too."""

import pickle

import pytest

from faq.search import analysis, engine, indexing, synonyms
from tests.helpers import REAL_CONTENT

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def analyzer():
    return analysis.text_analyzer(
        synonyms.load_synonyms(REAL_CONTENT), "sudachi", synonyms.load_katakana(REAL_CONTENT)
    )


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, real_store):
    path = tmp_path_factory.mktemp("katakana-index")
    indexing.build_index(path, real_store)
    return path


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ドッカーシム", ["dockershim"]),
        ("ドッカシム", ["dockershim"]),  # the ー left out
        ("ドッカーシムの削除", ["dockershim", "remov"]),
        ("ドッカーエンジン", ["docker", "engin"]),  # a compound split after the name
        ("ドッカーデスクトップ", ["docker", "desktop"]),  # then the synonyms apply
        ("コンテナーディーランタイム", ["containerd", "runtim"]),
        ("クライドッカード", ["cri", "dockerd"]),
        ("クリオ", ["crio"]),
        ("クーベネティス", ["kubernet"]),
        ("クバネティス", ["kubernet"]),
        ("キューブレット", ["kubelet"]),
        ("ドッカークリオ", ["docker", "crio"]),  # a name right after a name
        ("アクリオン", ["アクリオン"]),  # a name inside a word is not one
    ],
)
def test_katakana_names_are_read_as_the_name(analyzer, text, words):
    assert [t.text for t in analyzer(text)] == words


def test_a_name_spans_its_katakana_for_snippets(analyzer):
    tokens = [(t.text, t.startchar, t.endchar) for t in analyzer("そのドッカーエンジンは", chars=True)]
    assert tokens[1:3] == [("docker", 2, 6), ("engin", 6, 10)]


@pytest.mark.parametrize(
    ("katakana", "latin"),
    [
        ("ドッカーシム", "dockershim"),
        ("ドッカーエンジン", "docker engine"),
        ("クライドッカード", "cri-dockerd"),
        ("コンテナーディー", "containerd"),
        ("クライオー", "CRI-O"),
        ("クーベネティス 1.24", "kubernetes 1.24"),
    ],
)
def test_a_katakana_name_finds_what_its_latin_name_finds(index_dir, katakana, latin):
    first = engine.search(katakana, "ja", index_dir=index_dir)
    second = engine.search(latin, "ja", index_dir=index_dir)
    assert first.total == second.total > 0 and first.hits[0].item_id == second.hits[0].item_id


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("コンテナランタイル", "コンテナランタイム"), ("プライベートイメーシ", "プライベートイメージ")],
)
def test_did_you_mean_corrects_katakana(index_dir, typo, fixed):
    results = engine.search(typo, "ja", index_dir=index_dir)
    assert results.total == 0 and results.did_you_mean == fixed and results.closest


def test_a_tokenizer_pickled_before_the_names_still_loads():
    old = analysis.MixedTokenizer("sudachi")
    state = {"japanese": "sudachi"}  # what an index built before this change pickled
    restored = pickle.loads(pickle.dumps(old))
    restored.__dict__.clear()
    restored.__setstate__(state)
    assert list(restored.words("ドッカーシム")) and restored.names == {}
