import json
import random
import string
import threading
import time
from io import StringIO

import pytest
import whoosh.searching
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from faq.content import generations, loader
from faq.search import alternatives, analysis, engine, indexing, synonyms, views
from faq.search import index as searchindex
from faq.search import query as searchquery

HOSTILE = [
    "*",
    "?*?*",
    "*?*?*?*?*?*",
    "＊ｐａ＊",
    "body:[a TO z]",
    "{* TO *}",
    "NOT NOT a",
    "NOT ANDNOT a",
    "a ANDNOT ANDNOT b",
    "title:docker lang:en *:*",
    "docker~5 ab~9",
    "(" * 1000 + "a" + ")" * 1000,
    "コンテナ" * 2500,  # 10,000 characters of Japanese
    "a" * 10000,
    "docker\x00sock\x00\x01\x1b[31m",
    "\u202edocker",
    "🐳🤗👩‍💻 docker",
    "\ufffd\ufffd",
    "a\u0301" * 2000,
    '"docker',
    '"reset password"~1000000',
    " ".join(f"word{i}" for i in range(1000)),
    "<script>alert(1)</script>",
]

# The portal records zero-result searches in the database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-index")
    indexing.build_index(path, loader.get_store())
    return path


@pytest.fixture
def index(built_index, settings):
    settings.SEARCH_INDEX_DIR = built_index
    return built_index


def _get(client, lang, name, **params):
    with override(lang):
        return client.get(reverse(name), params)


# Analysis


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("docker.sock", ["docker", "socket"]),
        ("cri-dockerd", ["cri", "dockerd"]),
        ("CRI-O", ["crio"]),
        ("ｄｏｃｋｅｒ", ["docker"]),
        ("ﾄﾞｯｶｰ", ["docker"]),
        ("コンテナランタイム", ["contain", "runtim"]),
        ("container runtime", ["contain", "runtim"]),
        ("インターフェイス", ["interfac"]),
        ("非公開のイメージ", ["privat", "imag"]),
    ],
)
def test_analyzer_splits_folds_and_maps_synonyms(text, words):
    analyzer = analysis.text_analyzer(synonyms.load_synonyms("content"))
    assert [t.text for t in analyzer(analysis.normalize(text))] == words


def test_analyzer_offsets_point_at_the_original_words():
    analyzer = analysis.text_analyzer({})
    text = "docker.sockをマウント"
    spans = [text[t.startchar : t.endchar] for t in analyzer(text, chars=True)]
    assert spans == ["docker", "sock", "マウント"]


def test_katakana_folding_merges_spelling_variants():
    fold = analysis.fold_katakana
    assert fold("サーバ") == fold("サーバー")
    assert fold("インターフェイス") == fold("インターフェース") == fold("インタフェース")
    assert fold("docker") == "docker"


def test_synonyms_file_refuses_a_value_of_several_words(tmp_path):
    (tmp_path / "search-synonyms.yaml").write_text('runtime: ["container runtime"]\n', encoding="utf-8")
    with pytest.raises(loader.ContentError, match=r"search-synonyms.yaml:1: .*2 words"):
        synonyms.load_synonyms(tmp_path)


# Query handling


def test_clean_normalizes_strips_controls_and_caps_length():
    assert searchquery.clean("ｄｏｃｋｅｒ\x00\u202e  ps").text == "docker ps"
    long = searchquery.clean("あ" * 500)
    assert long.truncated and len(long.text) == searchquery.MAX_CHARS


def test_build_caps_the_number_of_terms():
    analyzer = analysis.text_analyzer({})
    q = searchquery.build(" ".join(f"word{i}" for i in range(100)), analyzer)
    terms = {text for field, text in q.iter_all_terms() if field == "title"}
    assert len(terms) == searchquery.MAX_TERMS


def test_build_gives_none_when_nothing_is_searchable():
    assert searchquery.build("* ? ( ) NOT", analysis.text_analyzer({})) is None


def test_quoted_phrase_must_match(index):
    loose = engine.search("docker build", "en", index_dir=index)
    exact = engine.search('"docker build"', "en", index_dir=index)
    assert 0 < exact.total < loose.total


def counted(function):
    """`function`, counting its calls in `.calls`: the work a test bounds instead of timing it."""

    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return function(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


@pytest.fixture
def distances(monkeypatch):
    """Counts the edit-distance computations of "did you mean"."""
    wrapped = counted(alternatives.distance)
    monkeypatch.setattr(alternatives, "distance", wrapped)
    return wrapped


# The wall-clock bound is only a backstop, ten times what the slowest of these takes on a loaded
# machine: the bounded work is asserted by counts (a slow machine must pass, a CPU bomb must not).
GENEROUS_SECONDS = 5


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_does_bounded_work(index, query, settings, distances):
    settings.SEARCH_CACHE_SIZE = 0
    started = time.perf_counter()
    results = engine.search(query, "ja", index_dir=index)
    engine.suggest(query[:1000], "en", index_dir=index)
    assert time.perf_counter() - started < GENEROUS_SECONDS
    assert len(results.query) <= searchquery.MAX_CHARS
    assert distances.calls <= 150


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_over_http_is_never_a_500(client, index, query, distances):
    started = time.perf_counter()
    response = _get(client, "en", "search", q=query)
    assert response.status_code == 200
    assert time.perf_counter() - started < GENEROUS_SECONDS
    assert distances.calls <= 150
    assert b"<script>alert(1)" not in response.content


RANDOM_200 = "".join(random.Random(9).choice(string.ascii_letters + "  ") for _ in range(200))


@pytest.mark.parametrize("query", [RANDOM_200, "a" * 10000], ids=["random-200", "a-10000"])
def test_did_you_mean_computes_few_distances_on_the_page_and_the_api(client, index, settings, query):
    """Each unique query used to compare every English query word with every word of the
    vocabulary (1,615 distances a word, about 1 s for 200 random letters)."""
    settings.SEARCH_CACHE_SIZE = 0
    for get in (
        lambda: _get(client, "en", "search", q=query),
        lambda: client.get(reverse("api-search"), {"q": query[:1000], "lang": "en"}),
    ):
        distances = counted(alternatives.distance)
        candidates = counted(alternatives._Spelling.candidates)
        whoosh_searches = counted(whoosh.searching.Searcher.search)  # walks every match in Python
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(alternatives, "distance", distances)
            patch.setattr(alternatives._Spelling, "candidates", candidates)
            patch.setattr(whoosh.searching.Searcher, "search", whoosh_searches)
            assert get().status_code == 200
        assert distances.calls <= 150  # today: at most 6 words x 24 candidates
        assert candidates.calls <= 6
        assert whoosh_searches.calls == 0


def test_did_you_mean_offers_the_best_hits_of_the_correction(index):
    offered = engine.search("dokcer contianerd", "en", index_dir=index)
    corrected = engine.search("docker containerd", "en", index_dir=index)
    assert offered.did_you_mean == "docker containerd"
    assert [hit.url for hit in offered.closest] == [hit.url for hit in corrected.hits[:3]]


def test_invalid_percent_encoding_and_nul_are_answered(client, index):
    for raw in ["%ff%fe", "%c0%af", "%e3%83", "pass%00word", "%E2%80%AE"]:
        assert client.get(f"/ja/search/?q={raw}").status_code == 200
        assert client.get(f"/ja/search/suggest/?q={raw}x").status_code in (200, 400)


# Search results


def test_other_language_matches_are_grouped_below(index):
    results = engine.search("プライベートイメージ", "en", index_dir=index)
    assert [h.item_id for h in results.other_hits][:1] == ["private-images"]
    assert all(h.lang == "ja" for h in results.other_hits)
    assert all(h.lang == "en" for h in results.hits)


def test_crictl_rows_link_to_their_anchor(index):
    hit = engine.search("crictl ps", "ja", index_dir=index).hits[0]
    assert hit.url == "/ja/crictl/#docker-ps"


def test_snippets_are_escaped_and_marked(index):
    hit = engine.search("docker.sock", "en", index_dir=index).hits[0]
    assert "<mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_category_filter_limits_results(index):
    results = engine.search("docker", "en", category="migration", index_dir=index)
    assert results.total > 0
    assert {h.category for h in results.hits} == {"migration"}


def test_page_past_the_last_is_refused(index):
    with pytest.raises(engine.PageOutOfRange):
        engine.search("hug", "en", page=9, index_dir=index)


def test_zero_results_sends_the_signal_with_the_normalized_query(client, index):
    received = []

    def receiver(sender, query, lang, **kwargs):
        received.append((query, lang))

    engine.zero_results.connect(receiver)
    try:
        _get(client, "en", "search", q="ｘｙｚｚｙ  qwv")
    finally:
        engine.zero_results.disconnect(receiver)
    assert ("xyzzy qwv", "en") in received


# Views


@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [
        ("ja", "プライベートイメージ", "プライベートイメージはどうなりますか？"),
        ("en", "private images", "What about private images?"),
    ],
)
def test_search_page_in_both_languages(client, index, lang, query, title):
    response = _get(client, lang, "search", q=query)
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert f'value="{query}"' in html  # the query stays in the box


def test_search_page_escapes_the_query(client, index):
    response = _get(client, "en", "search", q='"><img src=x onerror=alert(1)>')
    assert b"<img src=x" not in response.content
    assert b"&quot;&gt;&lt;img" in response.content


def test_zero_results_offer_did_you_mean_closest_and_wizard(client, index):
    html = _get(client, "en", "search", q="dokcer").content.decode()
    assert "Did you mean:" in html and '?q=docker"' in html
    assert "Closest answers" in html
    with override("en"):
        assert f'href="{reverse("wizard")}"' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e3", "99999999999999999999", "2.0"])
def test_bad_page_is_a_400_with_a_message(client, index, page):
    response = _get(client, "ja", "search", q="docker", page=page)
    assert response.status_code == 400
    assert "ページ番号が正しくありません。" in response.content.decode()


def test_page_past_the_end_is_a_404_and_pages_link(client, index):
    assert _get(client, "en", "search", q="hug", page="40").status_code == 404
    html = _get(client, "en", "search", q="docker").content.decode()
    assert 'rel="next"' in html and "page=2" in html


def test_unknown_category_is_a_400(client, index):
    response = _get(client, "en", "search", q="docker", category="nope")
    assert response.status_code == 400
    assert "There is no such category." in response.content.decode()


def test_missing_index_is_a_503_and_the_site_keeps_serving(client, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "nothing-here"
    assert _get(client, "en", "search", q="docker").status_code == 503
    assert _get(client, "en", "search-suggest", q="docker").status_code == 503
    with override("en"):
        assert client.get(reverse("home")).status_code == 200


def test_suggest_returns_json_titles_and_urls(client, index):
    response = _get(client, "en", "search-suggest", q="contai")
    assert response["Content-Type"] == "application/json"
    suggestions = response.json()["suggestions"]
    assert suggestions and all(s["url"].startswith("/en/") for s in suggestions)


@pytest.mark.parametrize(("query", "status"), [("", 400), ("   ", 400), ("a" * 1001, 400)])
def test_suggest_refuses_empty_or_huge_queries_with_json(client, index, query, status):
    response = _get(client, "ja", "search-suggest", q=query)
    assert response.status_code == status
    assert "error" in json.loads(response.content)


def test_every_page_has_the_search_box(client, index):
    with override("ja"):
        html = client.get(reverse("home")).content.decode()
    assert 'role="search"' in html and 'name="q"' in html and "faq/js/search.js" in html


# Index building


def test_build_index_command_if_stale(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path
    out = StringIO()
    call_command("build_index", "--if-stale", stdout=out)
    assert "Indexed" in out.getvalue()
    call_command("build_index", "--if-stale", stdout=out)
    assert "up to date" in out.getvalue()
    (tmp_path / "current" / searchindex.MANIFEST).write_text("{}", encoding="utf-8")  # damaged
    assert indexing.is_stale(tmp_path, loader.get_store())


# Whoosh leaves the damaged segment file open when opening fails.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_corrupt_index_is_reported_as_stale(tmp_path):
    store = loader.get_store()
    indexing.build_index(tmp_path, store)
    for segment in (tmp_path / "current").glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:100])
    assert indexing.is_stale(tmp_path, store)


def test_rebuild_under_concurrent_searching_never_returns_empty(tmp_path, settings, monkeypatch):
    settings.SEARCH_CACHE_SIZE = 0  # every search reads the index
    monkeypatch.setattr(generations, "GRACE_SECONDS", 0)  # the hardest case: old ones go at once
    store = loader.get_store()
    indexing.build_index(tmp_path, store)
    failures, counts, stop = [], [], threading.Event()

    def reader(query, lang):
        n = 0
        while not stop.is_set():
            try:
                if engine.search(query, lang, index_dir=tmp_path).total == 0:
                    failures.append(f"empty result for {query}")
            except Exception as exc:  # noqa: BLE001 - any failure is what we look for
                failures.append(repr(exc))
            n += 1
        counts.append(n)

    threads = [
        threading.Thread(target=reader, args=a)
        for a in [("docker", "en"), ("コンテナ", "ja"), ("crictl", "en")]
    ]
    for t in threads:
        t.start()
    try:
        for _ in range(4):
            indexing.build_index(tmp_path, store)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []
    assert min(counts) > 0
    assert len(list(tmp_path.glob("gen-*"))) == 2  # the current and one previous generation


def test_a_second_concurrent_build_is_refused(tmp_path):
    store = loader.get_store()
    with generations._build_lock(tmp_path):
        with pytest.raises(searchindex.BuildInProgress):
            indexing.build_index(tmp_path, store)


def test_hits_html_escapes_every_value_but_the_snippet():
    plain = engine.Hit("entry", "x", "en", "basics", "<b>Docker</b> & co", "/en/x/?a=1&b=2", "", "A & B")
    marked = engine.Hit("crictl", "y", "ja", "crictl", "ps", "/ja/crictl/#y", "<mark>ps</mark> &amp; ls")
    html = views.hits_html([plain, marked], 3)
    assert html.count('<li class="search-hit"') == 2
    assert '<h3 class="search-hit__title"><a href="/en/x/?a=1&amp;b=2" hreflang="en">' in html
    assert (
        "&lt;b&gt;Docker&lt;/b&gt; &amp; co</a></h3>" in html
        and '<span class="badge">A &amp; B</span>' in html
    )
    assert html.count("search-hit__snippet") == 1 and "<mark>ps</mark> &amp; ls</p>" in html
    assert views.hits_html([], 2) == ""
