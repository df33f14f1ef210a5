"""Relevance against the real content in content/: each query must put its entry first or in the
top 3. `crictl:<anchor>` names a row of the crictl reference. A failure here means either the
search got worse or the content lost the fact the query asks about: read it before editing the
table."""

from pathlib import Path

import pytest
from django.conf import settings

from faq.content import loader
from faq.search import engine as search
from faq.search import indexing

# (language of the page, query, expected entry, it must rank at or above this position)
CASES = [
    # Japanese: kanji, hiragana, katakana, mixed with English, with and without spaces, full-width.
    ("ja", "docker 使えなくなる", "docker-engine-as-runtime", 3),
    ("ja", "プライベートイメージ", "private-images", 1),
    ("ja", "非公開イメージ", "private-images", 1),
    ("ja", "cri-dockerd インストール", "migrate-to-cri-dockerd", 1),
    ("ja", "cri-dockerdインストール", "migrate-to-cri-dockerd", 1),
    ("ja", "ログ設定", "changing-cri-implementations", 3),
    ("ja", "なぜdockershimは削除されたのか", "why-dockershim-removed", 1),
    ("ja", "dockershim 削除 理由", "why-dockershim-removed", 1),
    ("ja", "既存のイメージは動く？", "existing-images", 1),
    ("ja", "containerdに移行する方法", "migrate-to-containerd", 1),
    ("ja", "ノードのランタイムを確認", "check-node-runtime", 1),
    ("ja", "どのランタイムを使えばいい", "which-cri-implementation", 3),
    ("ja", "OCIとは", "what-is-oci", 1),
    ("ja", "ＯＣＩ", "what-is-oci", 1),
    ("ja", "Dockerとコンテナの違い", "docker-vs-containers", 1),
    ("ja", "1.23でドッカーエンジンを使い続けたい", "docker-engine-in-1-23", 1),
    ("ja", "年表", "timeline", 1),
    ("ja", "開発者 Dockerfile", "dont-panic-developers", 1),
    ("ja", "docker.sock 検出", "detect-dockershim-usage", 1),
    ("ja", "ドッカーソケットをマウントしているワークロード", "detect-dockershim-usage", 3),
    ("ja", "本番環境での事例", "production-examples", 1),
    ("ja", "ハグ", "hug", 1),
    ("ja", "監視エージェント", "migrate-agents", 1),
    ("ja", "ｃｒｉｃｔｌ ｐｓ", "crictl:docker-ps", 1),
    ("ja", "crictl ログ", "crictl:docker-logs", 3),
    ("ja", "dockerとコンテナのちがい", "docker-vs-containers", 1),
    # English.
    ("en", "can I still use docker build", "dont-panic-developers", 3),
    ("en", "which runtime should I use", "which-cri-implementation", 1),
    ("en", "crictl", "crictl:docker-ps", 10),
    ("en", "crictl ps", "crictl:docker-ps", 1),
    ("en", "private images", "private-images", 1),
    ("en", "imagePullSecrets", "private-images", 1),
    ("en", "why was dockershim removed", "why-dockershim-removed", 1),
    ("en", "migrate to containerd", "migrate-to-containerd", 1),
    ("en", "cri dockerd install", "migrate-to-cri-dockerd", 1),
    ("en", "cri-dockerd", "migrate-to-cri-dockerd", 3),
    ("en", "CRI_dockerd", "migrate-to-cri-dockerd", 3),
    ("en", "docker.sock", "detect-dockershim-usage", 3),
    ("en", "what is OCI", "what-is-oci", 1),
    ("en", "timeline", "timeline", 1),
    ("en", "kubernetes 1.23 docker engine", "docker-engine-in-1-23", 1),
    ("en", "check which container runtime a node uses", "check-node-runtime", 1),
    ("en", "will my existing images still work", "existing-images", 1),
    ("en", "monitoring agents", "migrate-agents", 1),
    ("en", "hug", "hug", 1),
    ("en", "more questions", "more-questions", 1),
    ("en", "are docker and containers the same", "docker-vs-containers", 1),
    ("en", "don't panic", "dont-panic-tldr", 3),
    ("en", "logging driver", "changing-cri-implementations", 3),
    ("en", "コンテナランタイム 確認", "check-node-runtime", 3),
]

# Spellings that must find the same entry as each other.
SAME_AS = [
    ("en", "CRI-O", "crio"),
    ("en", "cri-dockerd", "cri dockerd"),
    ("ja", "インターフェイス", "インターフェース"),
    ("ja", "サーバ", "サーバー"),
    ("ja", "ドッカー", "docker"),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, django_db_blocker):
    # loader.load never raises: relevance is measured on whatever content exists right now.
    store = loader.load(Path(settings.CONTENT_DIR))
    path = tmp_path_factory.mktemp("relevance-index")
    indexing.build_index(path, store)
    return path


def _ids(hits):
    return [f"crictl:{h.item_id}" if h.kind == "crictl" else h.item_id for h in hits]


def test_relevance_table_is_half_japanese():
    assert len(CASES) >= 40
    assert sum(lang == "ja" for lang, *_ in CASES) >= len(CASES) // 2


@pytest.mark.parametrize(("lang", "query", "expected", "top"), CASES)
def test_relevance(index_dir, lang, query, expected, top):
    results = search.search(query, lang, index_dir=index_dir, per_page=max(top, 10))
    ranked = _ids(results.hits)
    assert expected in ranked[:top], f"{query!r} ({lang}) -> {ranked[:5]}"


@pytest.mark.parametrize(("lang", "first", "second"), SAME_AS)
def test_spelling_variants_find_the_same_entries(index_dir, lang, first, second):
    one = _ids(search.search(first, lang, index_dir=index_dir, per_page=50).hits)
    other = _ids(search.search(second, lang, index_dir=index_dir, per_page=50).hits)
    assert one and one[0] == other[0] and set(one) == set(other)


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("dokcer", "docker"),
        ("contianerd", "containerd"),
        ("contaienrd", "containerd"),
        ("dockre", "docker"),
        ("contaienrd dockre", "containerd docker"),
    ],
)
def test_did_you_mean_fixes_english_typos(index_dir, typo, fixed):
    results = search.search(typo, "en", index_dir=index_dir)
    assert results.total == 0
    assert results.did_you_mean == fixed
    assert results.closest
