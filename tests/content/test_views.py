import re

import pytest
from django.template.loader import render_to_string
from django.utils.translation import override

from faq.content import loader
from tests.helpers import REAL_CONTENT, copy_content, rewrite, url

LANGS = ("ja", "en")


@pytest.fixture(autouse=True)
def _mini_content(mini_content):
    pass


def html_lang(response):
    return re.search(r'<html lang="([a-z]+)">', response.content.decode()).group(1)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", ()),
        ("entry-detail", ("alpha",)),
        ("entry-detail", ("gamma",)),
        ("category-detail", ("basics",)),
        ("crictl-reference", ()),
    ],
)
def test_every_page_renders_in_both_languages(client, lang, name, args):
    response = client.get(url(name, lang, *args))
    assert response.status_code == 200
    assert html_lang(response) == lang


def test_home_lists_categories_and_their_questions(client):
    page = client.get("/ja/").content.decode()
    assert "基礎" in page and "移行" in page
    text = re.sub(r"<[^>]+>", "", page)  # titles carry <wbr> between their phrases
    assert 'href="/ja/faq/alpha/"' in page and "dockershim はなぜ削除されたのですか？" in text
    assert "dockershim は v1.24 で削除されました。" in page


def test_entry_page_shows_answer_notes_sources_and_neighbours(client):
    page = client.get("/en/faq/alpha/").content.decode()
    assert '<h1 id="entry-title">Why was dockershim removed?</h1>' in page
    assert "Because Docker Engine does not implement the CRI." in page
    assert "note--outdated" in page and "Planned for <em>v1.22</em>" in page
    assert 'href="https://kubernetes.io/blog/2022/02/17/dockershim-faq/"' in page
    assert 'rel="next" href="/en/faq/beta/"' in page
    assert 'href="#background"' in page  # table of contents
    assert 'Updated <time datetime="2022-05-03">May 3, 2022</time>' in page


def test_entry_page_formats_dates_for_japanese(client):
    page = client.get("/ja/faq/alpha/").content.decode()
    assert '更新日 <time datetime="2022-05-03">2022年5月3日</time>' in page


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_entry_is_a_404_in_the_page_language(client, lang):
    response = client.get(f"/{lang}/faq/no-such-entry/")
    assert response.status_code == 404
    assert html_lang(response) == lang
    with override(lang):
        assert url("home", lang) in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/ja/faq/../../etc/passwd/", "/en/faq/%2e%2e%2fsettings.py/", "/ja/category/none/"]
)
def test_paths_never_reach_the_file_system(client, path):
    assert client.get(path).status_code == 404


def test_language_switcher_leads_to_the_same_entry(client):
    page = client.get("/ja/faq/beta/").content.decode()
    assert 'href="/language/en/?next=/en/faq/beta/"' in page
    response = client.get("/language/en/?next=/en/faq/beta/")
    assert response.status_code == 302 and response["Location"] == "/en/faq/beta/"
    assert response.cookies["faq_language"].value == "en"
    assert response.cookies["faq_language"]["samesite"] == "Lax"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/en/", "/ja/faq/alpha/", "/en\\x"]
)
def test_language_switch_refuses_foreign_or_mismatched_targets(client, target):
    response = client.get("/language/en/", {"next": target})
    assert response["Location"] == "/en/"


def test_language_switch_refuses_unknown_language(client):
    assert client.get("/language/fr/?next=/fr/").status_code == 404


def test_alternate_links_name_both_languages_and_x_default(client):
    page = client.get("/en/faq/alpha/").content.decode()
    assert '<link rel="alternate" hreflang="ja" href="http://testserver/ja/faq/alpha/">' in page
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/faq/alpha/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/ja/faq/alpha/">' in page


@pytest.mark.parametrize(
    ("headers", "cookies", "expected"),
    [
        ({}, {}, "/ja/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, {}, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "ja,en;q=0.5"}, {}, "/ja/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"faq_language": "ja"}, "/ja/"),
        ({}, {"faq_language": "en"}, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-FR"}, {}, "/ja/"),
        ({"HTTP_ACCEPT_LANGUAGE": ";;;q=abc,,\x00en;q=NaN" + "x" * 5000}, {}, "/ja/"),
        ({"HTTP_ACCEPT_LANGUAGE": "*;q=0.1"}, {"faq_language": "xx"}, "/ja/"),
    ],
)
def test_root_redirects_by_cookie_then_accept_language_then_japanese(client, headers, cookies, expected):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_edit_link_follows_the_setting(client, settings):
    assert "Edit this page" not in client.get("/en/faq/alpha/").content.decode()
    settings.EDIT_BASE_URL = "https://git.example.com/faq/blob/main"
    page = client.get("/en/faq/alpha/").content.decode()
    assert 'href="https://git.example.com/faq/blob/main/content/en/alpha.md"' in page


def test_stale_translation_shows_a_quiet_notice(client, settings, tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "gamma.md", "Drain the node first.", "Cordon, then drain the node.")
    settings.CONTENT_DIR = folder
    assert "notice--stale" in client.get("/ja/faq/gamma/").content.decode()
    assert "notice--stale" not in client.get("/en/faq/gamma/").content.decode()


def test_guide_page_without_its_category_is_a_404(client):
    # The mini corpus has no dont-panic category: the guide answers 404, never a 500.
    assert client.get("/en/guide/dont-panic/").status_code == 404


def test_guide_page_shows_the_category_entries_in_order(client, settings):
    settings.CONTENT_DIR = REAL_CONTENT
    page = client.get("/en/guide/dont-panic/").content.decode()
    ids = re.findall(r'<section class="guide__section" id="([a-z0-9-]+)"', page)
    assert ids == [e.id for e in loader.get_store().entries_in("en", "dont-panic")]
    assert len(ids) == 4


def test_crictl_page_lists_the_mapping(client):
    page = client.get("/ja/crictl/").content.decode()
    assert "<code>docker ps</code>" in page and "<code>crictl ps</code>" in page
    assert "コンテナの一覧" in page


def test_pages_refuse_other_methods(client):
    assert client.post("/en/faq/alpha/").status_code in (403, 405)


@pytest.mark.parametrize(("lang", "text"), [("ja", "エラーが発生しました"), ("en", "Something went wrong")])
def test_server_error_page_speaks_the_page_language(lang, text):
    # Django renders 500.html without a request context; it must still work in both languages.
    with override(lang):
        page = render_to_string("500.html")
    assert f'<html lang="{lang}">' in page and text in page and f'href="/{lang}/"' in page


def test_an_unexpected_error_gets_the_500_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "get_store", broken)
    client.raise_request_exception = False
    response = client.get("/ja/faq/alpha/")
    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_carry_canonical_and_open_graph_metadata(client, lang):
    page = client.get(f"/{lang}/faq/alpha/?utm=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver/{lang}/faq/alpha/">' in page
    assert f'<meta property="og:url" content="http://testserver/{lang}/faq/alpha/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert (
        '<meta property="og:title" content="' in page and '<meta property="og:description" content="' in page
    )
    assert {"ja": "ja_JP", "en": "en_US"}[lang] in page


def test_english_source_titles_on_japanese_pages_are_marked_english(client):
    page = client.get("/ja/faq/alpha/").content.decode()
    english = re.findall(r'<a href="[^"]+" lang="en">([^<]+)</a>', page)
    assert english and all(not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", title) for title in english)
    assert ' lang="en">' not in client.get("/en/faq/alpha/").content.decode().split("</header>", 1)[1]
