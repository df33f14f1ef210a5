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
    assert "managed-deps" in page.locator(".wizard__form input[type=checkbox]").first.get_attribute("name")

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


NEXT_POOL = {"en": "Add the next node pool", "ja": "次のノードプールを追加する"}
CHANGE = {"en": "Change", "ja": "変更"}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_multi_pool_walk_keeps_every_pool_and_shows_one_plan(page, lang):
    # Pool 1: self-managed Linux on dockershim, nothing depends on Docker.
    page.goto(f"{page.base_url}/{lang}/wizard/")
    for option in ("docker-dockershim", "self-linux", "nothing"):
        choose(page, option)
        submit(page)
    submit(page)  # the pre-selected preference
    assert result_id(page) == "self-containerd"

    # Pool 2: the Windows pool that stays on Mirantis Container Runtime.
    page.get_by_role("link", name=NEXT_POOL[lang]).click()
    assert page.locator(".wizard__pool").is_visible()
    assert page.locator(".wizard__pools li").count() == 1
    for option in ("docker-dockershim", "self-windows", "stay-mcr"):
        choose(page, option)
        submit(page)
    assert result_id(page) == "windows-mcr-cri-dockerd"
    plan = page.locator(".wizard__plan")
    assert plan.locator("li").count() == 2
    assert "containerd" in plan.inner_text() and "cri-dockerd" in plan.inner_text()
    assert page.locator("#pool-1-checklist-title").is_visible()  # pool 1's checklist on the same page
    assert "npipe:////./pipe/cri-dockerd" in page.locator("#checklist-title ~ ol").first.inner_text()

    # The address alone brings the whole plan back, in the other language too.
    other = "ja" if lang == "en" else "en"
    page.goto(page.url.replace(f"/{lang}/", f"/{other}/"))
    assert page.locator(".wizard__plan li").count() == 2
    assert result_id(page) == "windows-mcr-cri-dockerd"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_changing_an_answer_changes_the_result_and_its_steps(page, lang):
    query = "runtime=docker-dockershim&nodes=self-linux&touches=sock-builds&deadline=in-time"
    query += "&preference=default"
    page.goto(f"{page.base_url}/{lang}/wizard/result/?{query}")
    assert result_id(page) == "self-containerd"
    assert "systemctl disable --now docker.socket" in page.locator("main").inner_text()

    # The builds cannot move in time after all: Docker Engine stays beside containerd.
    page.locator("#reason-deadline a.wizard__change").click()
    assert page.locator("#option-in-time").is_checked()
    choose(page, "builds-stay")
    submit(page)
    assert result_id(page) == "beside-docker"
    assert page.locator(".wizard__runtime-name").inner_text() == "containerd"
    assert "systemctl disable" not in page.locator("main").inner_text()
    assert page.locator("#checklist-build").is_visible()

    # And then an agent turns out to need Docker as the runtime: the bridge.
    page.locator("#reason-touches a.wizard__change").click()
    assert page.locator("#option-sock-builds").is_checked()
    assert page.locator("#group-docker-only").is_visible()
    choose(page, "blocker-agent")
    submit(page)
    choose(page, "runtime-stay")
    submit(page)
    assert result_id(page) == "bridge-cri-dockerd"
    assert page.locator("#checklist-agents").is_visible()
    assert page.get_by_role("link", name=CHANGE[lang]).count() == 4
