import datetime
import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from faq.portal import machine
from tests.helpers import url

LANGS = ("ja", "en")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _mini_content(mini_content):
    pass


def test_sitemap_lists_each_entry_in_both_languages_with_hreflang_alternates(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    for lang in LANGS:
        assert f"http://testserver/{lang}/faq/alpha/" in locations
        assert f"http://testserver/{lang}/" in locations
    entry = next(u for u in root.findall("s:url", NS) if u.find("s:loc", NS).text.endswith("/en/faq/alpha/"))
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert links == {
        "ja": "http://testserver/ja/faq/alpha/",
        "en": "http://testserver/en/faq/alpha/",
        "x-default": "http://testserver/faq/alpha/",
    }
    assert entry.find("s:lastmod", NS).text


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_per_language_lists_entries_newest_first(client, lang):
    response = client.get(url("entry-feed", lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert entries
    links = [e.find(f"{atom}link").get("href") for e in entries]
    assert all(f"/{lang}/faq/" in link for link in links)
    updated = [e.find(f"{atom}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)


@pytest.mark.parametrize("lang", LANGS)
def test_opensearch_description_points_at_the_search_page(client, lang):
    response = client.get(url("opensearch", lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    root = ET.fromstring(response.content)
    template = root.find("{http://a9.com/-/spec/opensearch/1.1/}Url").get("template")
    assert template == f"http://testserver{url('search', lang)}?q={{searchTerms}}"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_link_feed_and_opensearch(client, lang):
    page = client.get(url("home", lang)).content.decode()
    assert f'href="{url("entry-feed", lang)}"' in page
    assert f'href="{url("opensearch", lang)}"' in page


def test_robots_txt_points_at_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize("lang", LANGS)
def test_entry_page_has_valid_faqpage_jsonld(client, lang):
    page = client.get(url("entry-detail", lang, "alpha")).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == lang
    question = data["mainEntity"][0]
    assert question["@type"] == "Question"
    assert question["name"]
    assert question["acceptedAnswer"]["text"]


def test_jsonld_cannot_close_its_script_element():
    entry = SimpleNamespace(
        lang="en",
        title="</script><script>alert(1)</script>",
        summary="a & b",
        body_text="<!-- x -->",
        updated=datetime.date(2024, 1, 2),
    )
    text = machine.entry_jsonld(entry, "http://x/")
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["mainEntity"][0]["name"] == entry.title
