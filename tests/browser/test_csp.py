"""Every kind of page, in both languages, under the real Content-Security-Policy: no violation
(no inline script or style anywhere) and no console error. Also the feedback form with JS."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = e.sourceFile + ":" + e.lineNumber;
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""
FAILED_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
PAGES = [
    "/{lang}/",
    "/{lang}/faq/which-cri-implementation/",
    "/{lang}/faq/private-images/",
    "/{lang}/category/impact/",
    "/{lang}/guide/dont-panic/",
    "/{lang}/crictl/",
    "/{lang}/search/?q=containerd",
    "/{lang}/search/?q=zzzzqqq",
    "/{lang}/wizard/",
    "/{lang}/wizard/tree/",
    "/{lang}/check/",
    "/{lang}/faq/hug/feedback/thanks/",
    "/{lang}/faq/no-such-entry/",
    "/admin/login/",
]


def visit(page, path):
    page.add_init_script(LISTEN)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    response = page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    return response, errors


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_csp_violation_or_console_error(page, path, lang):
    response, errors = visit(page, path.format(lang=lang))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if response.status == 404:  # the 404 page itself: its own status and console line are expected
        errors = [e for e in errors if e not in (f"404 {response.url}", FAILED_404)]
    assert page.evaluate("window.__csp") == []
    assert errors == []


def test_blocked_inline_script_is_reported_by_the_listener(page):
    # The listener must be able to fail: inject an inline script and see it blocked and recorded.
    visit(page, "/en/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                       document.body.appendChild(s); }""")
    # The violation event comes asynchronously: wait for it (Playwright's timeout, 30 s), not a
    # fixed 200 ms that a slow machine may overrun.
    page.wait_for_function("window.__csp.some((v) => v.startsWith('script-src'))")
    assert page.evaluate("window.__ran") is None


@pytest.mark.parametrize(("lang", "thanks"), [("ja", "ありがとう"), ("en", "Thank you")])
def test_feedback_with_javascript_answers_in_place(page, lang, thanks):
    _response, errors = visit(page, f"/{lang}/faq/private-images/")
    page.locator(".feedback__comment summary").click()  # the comment box is folded under the vote
    page.locator("#feedback-comment").fill("<b>clear</b>")
    page.locator(".feedback__buttons button").first.click()
    status = page.locator(".feedback__status")
    status.wait_for(state="visible")
    page.wait_for_function("document.querySelector('.feedback__status').textContent.length > 0")
    assert thanks in status.inner_text()
    assert page.url.endswith(f"/{lang}/faq/private-images/")
    assert page.evaluate("window.__csp") == [] and errors == []


def test_feedback_without_javascript_shows_a_thanks_page(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/en/faq/private-images/")
    page.locator(".feedback__buttons button").last.click()
    assert page.url.endswith("/en/faq/private-images/feedback/thanks/")
    assert "Thank you" in page.locator("h1").inner_text()
    context.close()
