"""The content snapshot against the production server (gunicorn, DEBUG off): after a broken edit
a freshly started server serves the last good snapshot and says what is wrong, a running one
follows a new snapshot without a restart, and with no snapshot at all broken content is a 503
in the reader's language (JSON on the API), never a 500."""

import json
import shutil
import time
import urllib.error
import urllib.request

import pytest

from tests.content.test_snapshot import NEW_TITLE, break_hug, hug_title, set_hug_title
from tests.helpers import REAL_CONTENT
from tests.server import Server, manage, server_env


def get(server, path, lang="en"):
    """(status, content type, body text) of a GET; error statuses too."""
    request = urllib.request.Request(server.url(path), headers={"Accept-Language": lang})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture
def site(tmp_path):
    """(env, content folder) of a data folder with its own copy of the shipped content."""
    source = tmp_path / "source"
    shutil.copytree(REAL_CONTENT, source)
    env = server_env(tmp_path / "data", FAQ_CONTENT_DIR=source)
    return env, source


@pytest.fixture
def started():
    servers = []
    yield lambda env: servers.append(Server(env)) or servers[-1]
    for server in servers:
        server.stop()


def test_a_restarted_server_serves_the_last_good_snapshot_after_a_broken_edit(site, started):
    env, source = site
    manage(env, "publish_content")
    manage(env, "build_index")
    title = hug_title(source)
    break_hug(source)

    refused = manage(env, "publish_content", check=False)
    assert refused.returncode != 0
    assert "en/hug.md:2: error: unknown field 'broken'" in refused.stderr and "still served" in refused.stderr
    checked = manage(env, "check_content", check=False)
    assert checked.returncode != 0 and "en/hug.md:2: error:" in checked.stderr

    server = started(env)
    status, _, page = get(server, "/en/faq/hug/")
    assert status == 200 and title in page and NEW_TITLE not in page
    status, _, body = get(server, "/api/v1/entries/hug?lang=en")
    assert status == 200 and json.loads(body)["title"] == title
    status, _, body = get(server, "/readyz")
    ready = json.loads(body)
    assert status == 200 and ready["status"] == "degraded" and ready["checks"]["content"] == "previous"
    assert [p for p in ready["content"]["problems"] if p.startswith("en/hug.md:2: error:")]
    assert "serving the previous snapshot" in ready["content"]["message"]
    logs = server.logs()
    assert "en/hug.md:2: error: unknown field 'broken'" in logs and "serving the previous snapshot" in logs


def test_a_running_server_follows_a_new_snapshot(site, started):
    env, source = site
    manage(env, "publish_content")
    server = started(env)
    assert hug_title(source) in get(server, "/en/faq/hug/")[2]
    set_hug_title(source, NEW_TITLE)
    manage(env, "publish_content")
    deadline = time.monotonic() + 60  # each worker looks at the `current` link once a second
    seen = 0
    while seen < 4 and time.monotonic() < deadline:  # several requests: both workers moved on
        seen = seen + 1 if NEW_TITLE in get(server, "/en/faq/hug/")[2] else 0
        time.sleep(0.2)
    assert seen == 4


def test_broken_content_without_a_snapshot_is_a_503_never_a_500(site, started):
    env, source = site
    break_hug(source)
    server = started(env)
    for lang, text in [("en", "cannot be shown right now"), ("ja", "表示できません")]:
        for path in (f"/{lang}/", f"/{lang}/faq/hug/"):
            status, kind, page = get(server, path, lang)
            assert status == 503 and kind.startswith("text/html") and f'<html lang="{lang}">' in page, path
            assert text in page
    for path in ("/api/v1/entries", "/api/v1/entries/hug"):
        status, kind, body = get(server, path)
        assert status == 503 and kind == "application/json", path
        assert json.loads(body)["error"]["code"] == "content-unavailable"
    status, _, body = get(server, "/readyz")
    assert status == 503 and json.loads(body)["checks"]["content"] == "down"
    assert [p for p in json.loads(body)["content"]["problems"] if p.startswith("en/hug.md:2: error:")]
    logs = server.logs()
    assert "en/hug.md:2: error: unknown field 'broken'" in logs and "Traceback" not in logs
    assert "hug.md" not in get(server, "/en/")[2]  # file:line is for the log and /readyz only
