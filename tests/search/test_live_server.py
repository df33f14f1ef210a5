"""Live updates of the overlay against the production server (gunicorn, two worker processes):
`watch_overlay` publishes a ConfigMap-style `..data` swap while readers search the running
server, and every worker follows it without a restart: no error, no empty result."""

import json
import shutil
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.helpers import LOCAL_CONTENT, REAL_CONTENT, rewrite
from tests.search.test_live import NEW_ENTRY, ConfigMapVolume
from tests.server import Server, manage, server_env


def get(server, path):
    try:
        with urllib.request.urlopen(server.url(path), timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def total(server, q):
    status, body = get(server, f"/api/v1/search?lang=en&q={q}")
    assert status == 200, body
    return json.loads(body)["total"]


def overlay_revision(tmp_path, name, entries=()):
    """tests/data/local beside the shipped content (its notes are on the mini corpus's
    entries: left out), with `entries` new ones."""
    folder = shutil.copytree(LOCAL_CONTENT, tmp_path / name, ignore=shutil.ignore_patterns("notes"))
    rewrite(folder / "ja" / "kaniko-builds.md", "(entry:alpha)", "(entry:migrate-agents)")
    for order, (entry_id, word) in enumerate(entries, start=40):
        text = NEW_ENTRY.format(id=entry_id, word=word, order=order)
        (folder / "en" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def server(tmp_path):
    volume = ConfigMapVolume(tmp_path / "configmap", overlay_revision(tmp_path, "first"))
    env = server_env(tmp_path / "data", FAQ_CONTENT_DIR=REAL_CONTENT, FAQ_LOCAL_CONTENT_DIR=volume.root)
    manage(env, "publish_content")
    manage(env, "watch_overlay", "--once")  # the overlay and the index of both
    running = Server(env)
    yield running, env, volume
    running.stop()


def test_every_worker_follows_a_live_update_under_concurrent_searching(server, tmp_path):
    running, env, volume = server
    assert total(running, "golden+AMI") > 0
    failures, counts, stop = [], [], threading.Event()

    def reader(q):
        while not stop.is_set():
            try:
                counts.append(total(running, q))
            except Exception as exc:  # a 5xx, a refused connection, a non-JSON answer
                failures.append(repr(exc))

    threads = [threading.Thread(target=reader, args=(q,)) for q in ("dockershim", "golden+AMI")]
    for thread in threads:
        thread.start()
    try:
        entries = [("node-rotation", "rollwheel")]
        volume.update(overlay_revision(tmp_path, "second", entries))
        assert "overlay: published" in manage(env, "watch_overlay", "--once").stdout
        # Each request may land on either worker. The index follows at once, the content store
        # within CHECK_INTERVAL (1 s): on a fast machine ten searches fit inside that second, so
        # wait until both the search and the entry page answer from the new revision ten times.
        deadline, seen = time.monotonic() + 30, 0
        while seen < 10 and time.monotonic() < deadline:
            followed = total(running, "rollwheel") == 1
            followed = followed and get(running, "/en/faq/node-rotation/")[0] == 200
            seen = seen + 1 if followed else 0
        assert seen == 10
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == [] and counts and min(counts) > 0
    assert "Traceback" not in running.logs()
