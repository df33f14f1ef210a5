"""What a person does in a real browser: land, read, switch language, on a phone, audited by axe."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/{lang}/",
    "/{lang}/faq/which-cri-implementation/",
    "/{lang}/faq/changing-cri-implementations/",
    "/{lang}/category/impact/",
    "/{lang}/guide/dont-panic/",
    "/{lang}/crictl/",
    "/{lang}/faq/no-such-entry/",
]


def test_reader_reaches_an_entry_from_the_home_page(page):
    page.goto(page.base_url + "/")
    assert page.url.endswith("/ja/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.locator(".entry-list a").first.click()
    assert "/ja/faq/" in page.url
    assert page.locator("h1").inner_text()
    assert page.locator(".entry__summary").is_visible()


def test_language_switch_stays_on_the_same_entry_and_is_remembered(page):
    page.goto(page.base_url + "/ja/faq/private-images/")
    page.get_by_role("link", name="English").click()
    assert page.url == page.base_url + "/en/faq/private-images/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(page.base_url + "/")
    assert page.url == page.base_url + "/en/"


@pytest.mark.parametrize(
    "path", ["/ja/", "/en/faq/changing-cri-implementations/", "/ja/crictl/", "/en/guide/dont-panic/"]
)
def test_phone_viewport_has_no_horizontal_scroll(browser, live_server, path):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_pages_work_with_javascript_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    page.locator(".entry-list a").first.click()
    assert "/en/faq/" in page.url
    context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("template", PAGES)
def test_no_serious_accessibility_violations(page, lang, template):
    page.goto(page.base_url + template.format(lang=lang))
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_dark_mode_follows_the_system_setting(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/ja/faq/which-cri-implementation/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert background == ("rgb(18, 20, 23)" if scheme == "dark" else "rgb(255, 255, 255)")
