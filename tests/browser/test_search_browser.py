"""Searching as a person does: suggestions while typing, chosen with the keyboard; the results
page without JavaScript; both audited by axe."""

import pytest

from faq.content import loader
from faq.search import indexing
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def built_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-index")
    indexing.build_index(path, loader.get_store())
    return path


@pytest.fixture(autouse=True)
def index(built_index, settings):
    settings.SEARCH_INDEX_DIR = built_index


def test_suggestions_appear_and_are_chosen_with_the_keyboard(page):
    page.goto(page.base_url + "/en/")
    box = page.get_by_role("combobox", name="Search the FAQ")
    box.press_sequentially("private ima", delay=30)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert "What about private images?" in options.all_inner_texts()
    box.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/en/faq/**")
    assert page.locator("h1").inner_text()


def test_japanese_suggestions_and_the_results_page(page):
    page.goto(page.base_url + "/ja/")
    box = page.get_by_role("combobox")
    box.fill("プライベートイメージ")
    page.get_by_role("option").first.wait_for()
    assert "プライベートイメージはどうなりますか？" in page.get_by_role("option").all_inner_texts()
    box.press("Enter")  # no option chosen: the form submits
    page.wait_for_url("**/ja/search/?q=*")
    assert page.locator(".search-hit").first.is_visible()
    assert page.locator(".search-hit mark").count() > 0
    assert axe_violations(page) == []


def test_results_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/en/search/?q=dokcer")
        assert page.get_by_text("Did you mean:").is_visible()
        page.get_by_role("link", name="docker", exact=True).click()
        assert page.locator(".search-hit").count() > 0
    finally:
        context.close()
