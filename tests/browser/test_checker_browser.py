"""The checker and the translator in a real browser: paste, submit, read the finding; with
JavaScript off too; the result pages are audited by axe."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def audited(browser, live_server):
    """A page whose context lets axe in: it is injected as a script, which the CSP blocks."""
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


MANIFEST = """apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
  namespace: monitoring
spec:
  template:
    spec:
      initContainers:
        - name: fix-perms
          image: busybox
          volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}]
      containers:
        - name: agent
          image: example/agent:1
      volumes:
        - name: sock
          hostPath: {path: /var/run/docker.sock}
"""


@pytest.mark.parametrize(
    ("lang", "title"),
    [("ja", "ノードの Docker ソケットをマウントしている"), ("en", "Mounts the Docker socket from the node")],
)
def test_paste_a_manifest_and_read_the_finding(audited, lang, title):
    page = audited
    page.goto(f"{page.base_url}/{lang}/check/")
    page.locator("textarea[name=manifests]").fill(MANIFEST)
    page.locator(".check-form button[type=submit]").click()
    finding = page.locator('[data-rule="docker-socket-hostpath"]')
    assert finding.locator("strong").inner_text() == title
    assert "init: fix-perms" in finding.inner_text()
    assert "DaemonSet monitoring/log-agent" in page.locator(".check-workload h4").inner_text()
    assert axe_violations(page) == []
    finding.locator(".check-links a").first.click()
    assert f"/{lang}/faq/" in page.url


def test_checker_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/check/")
    page.get_by_label("Paste manifests").fill("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
    page.get_by_role("button", name="Check").click()
    assert page.locator("#check-summary").inner_text().startswith("Not affected:")
    assert "Nothing found" in page.locator(".check-source .check-verdict").inner_text()
    context.close()


def test_translator_form_answers_a_docker_command(audited):
    page = audited
    page.goto(f"{page.base_url}/en/crictl/")
    page.get_by_role("textbox", name="docker command").fill("docker logs -f --details abc")
    page.get_by_role("button", name="Translate").click()
    assert "docker=docker+logs" in page.url
    result = page.locator("#translator-result")
    assert result.locator(".translator__command").inner_text() == "crictl logs -f abc"
    assert "--details" in result.inner_text()
    assert axe_violations(page) == []


def test_submit_moves_focus_to_the_summary_and_copies_the_markdown_report(browser, live_server):
    context = browser.new_context(locale="en-US", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/en/check/")
    falco_like = MANIFEST.replace("log-agent", "security-agent").replace(
        "hostPath: {path: /var/run/docker.sock}",
        "hostPath: {path: /var/run/docker.sock}\n        - name: containerd\n"
        "          hostPath: {path: /run/containerd/containerd.sock}",
    )
    page.locator("textarea[name=manifests]").fill(falco_like + "---\n" + MANIFEST)
    page.get_by_role("button", name="Check").click()
    page.locator("#check-summary:focus").wait_for()
    rows = page.locator(".check-overview tbody th").all_inner_texts()
    assert [row.split(" (")[0] for row in rows] == [
        "DaemonSet monitoring/log-agent",
        "DaemonSet monitoring/security-agent",
    ]
    page.locator(".check-markdown summary").click()
    page.locator(".check-markdown").get_by_role("button", name="Copy").click()
    page.locator(".check-markdown button[data-copied]").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "| DaemonSet monitoring/log-agent (document 2) | 1 | 0 | 0 |" in copied
    context.close()
