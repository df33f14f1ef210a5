"""A person walks through the runtime wizard in a real browser: answers, goes back, changes an
answer from the result page, switches language and still sees the same result."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, option_id):
    page.locator(f"#option-{option_id}").check()


def submit(page):
    page.locator(".wizard__form button[type=submit]").click()


def result_id(page):
    return page.locator(".wizard--result").get_attribute("data-result")


def test_walk_back_change_and_switch_language(page):
    page.goto(page.base_url + "/ja/wizard/")
    assert page.locator("h1").inner_text() == "このノードプールでは、現在どのランタイムが動いていますか？"
    choose(page, "docker-dockershim")
    submit(page)
    choose(page, "managed")
    submit(page)
    assert "managed-deps" in page.locator(".wizard__form input[type=radio]").first.get_attribute("name")

    # Back: the previous question again, with the answer still selected.
    page.get_by_role("link", name="戻る").click()
    assert page.locator("#option-managed").is_checked()
    choose(page, "self-linux")
    submit(page)
    choose(page, "registry")
    choose(page, "gpu")
    submit(page)
    assert page.locator("#option-default").is_checked()  # pre-selected preference
    submit(page)

    assert "/ja/wizard/result/" in page.url
    assert result_id(page) == "self-containerd"
    assert page.locator("#banner-legacy").is_visible()
    assert page.locator("#checklist-registry").is_visible()
    assert page.locator("#checklist-gpu").is_visible()

    # Change one answer from the result page: the blocker leads to the cri-dockerd bridge.
    page.locator("#reason-touches a.wizard__change").click()
    assert page.locator("#option-registry").is_checked() and page.locator("#option-gpu").is_checked()
    choose(page, "blocker-agent")
    submit(page)
    choose(page, "runtime-stay")
    submit(page)
    assert result_id(page) == "bridge-cri-dockerd"
    shared = page.url

    # Switch language on the result page: the same result, now in English.
    page.get_by_role("link", name="English").click()
    assert page.url == shared.replace("/ja/", "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert result_id(page) == "bridge-cri-dockerd"
    assert page.locator("h1").inner_text().startswith("cri-dockerd as a bridge")
    # Modifiers follow the runtime: on cri-dockerd the registry settings stay in daemon.json.
    assert "daemon.json" in page.locator("#checklist-registry + ol").inner_text()


def test_wizard_pages_have_no_serious_accessibility_violations(browser, live_server):
    # axe is injected as a script, which the site's strict CSP would rightly block.
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    query = "runtime=docker-dockershim&nodes=self-linux&touches=registry,gpu&preference=default"
    try:
        for path in ("/en/wizard/", f"/ja/wizard/result/?{query}", "/en/wizard/tree/"):
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], path
    finally:
        context.close()


def test_tampered_url_shows_the_way_back(page):
    response = page.goto(page.base_url + "/en/wizard/?runtime=docker-dockershim&nodes=yes-please")
    assert response.status == 400
    page.locator("main a.button").first.click()
    assert page.url.endswith("/en/wizard/?runtime=docker-dockershim")
    assert page.locator("#option-self-linux").count() == 1


def test_start_page_from_an_faq_entry(page):
    page.goto(page.base_url + "/en/faq/which-cri-implementation/")
    page.locator(".wizard-link a").click()
    assert page.url == page.base_url + "/en/wizard/"
