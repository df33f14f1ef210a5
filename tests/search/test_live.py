"""Live updates of the overlay (faq/search/live.py): a ConfigMap-style `..data` swap is picked up
by the next poll, checked, indexed beside the live index and published, while searches keep
answering: never an empty result, never an error; a broken revision is refused and the last
good overlay stays."""

import os
import shutil
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from faq.content import loader
from faq.search import live
from tests.helpers import LOCAL_CONTENT, searchable_content

pytestmark = pytest.mark.django_db

NEW_ENTRY = """---
id: {id}
title: "How do we roll nodes in {id}?"
summary: "Cordon, drain, replace: the node pool rotation {word} runs every night."
category: our-platform
order: {order}
updated: 2026-11-30
sources:
  - title: "Safely Drain a Node"
    url: https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/
---
The `{word}` job cordons one node at a time and waits for `kubectl drain` to finish.
"""


class ConfigMapVolume:
    """A folder laid out as kubelet writes a ConfigMap volume: each revision in its own
    `..<timestamp>` folder, `..data` linking to the current one, the visible names linking
    through `..data`, and an update swapping `..data` by rename(2)."""

    def __init__(self, root, first):
        self.root, self.revision = root, 0
        root.mkdir()
        self.update(first)
        for name in os.listdir(root / "..data"):
            (root / name).symlink_to(f"..data/{name}")

    def update(self, source):
        self.revision += 1
        target = self.root / f"..2026_12_02_{self.revision:02d}"
        shutil.copytree(source, target)
        old = os.path.realpath(self.root / "..data") if (self.root / "..data").exists() else None
        (self.root / "..data_tmp").symlink_to(target.name)
        os.replace(self.root / "..data_tmp", self.root / "..data")
        if old:
            shutil.rmtree(old)


@pytest.fixture
def volume(settings, tmp_path):
    settings.CONTENT_DIR = searchable_content(tmp_path)
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    volume = ConfigMapVolume(tmp_path / "configmap", LOCAL_CONTENT)
    settings.LOCAL_CONTENT_DIR = str(volume.root)
    settings.SEARCH_CACHE_SIZE = 0  # every search reads the index
    return volume


def revision(tmp_path, entries):
    """The overlay of tests/data/local plus `entries` new ones, as a folder to swap in."""
    folder = tmp_path / f"revision-{len(entries)}"
    shutil.copytree(LOCAL_CONTENT, folder)
    for order, (entry_id, word) in enumerate(entries, start=40):
        text = NEW_ENTRY.format(id=entry_id, word=word, order=order)
        (folder / "en" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    return folder


def total(client, q, lang="en"):
    response = client.get("/api/v1/search", {"q": q, "lang": lang})
    assert response.status_code == 200, response.content
    return response.json()["total"]


def test_a_configmap_update_is_served_without_a_restart_under_concurrent_searching(volume, tmp_path):
    watcher = live.Watcher()
    assert watcher.poll() == "published"
    client = Client()
    assert total(client, "golden AMI") > 0
    assert watcher.poll() == "unchanged"

    failures, counts, stop = [], [], threading.Event()

    def reader(q, lang):
        mine = Client()
        while not stop.is_set():
            try:
                counts.append(total(mine, q, lang))
            except Exception as exc:  # an error, a 500, or a non-JSON answer
                failures.append(repr(exc))
        if counts and min(counts) == 0:
            failures.append(f"an empty result for {q!r}")

    threads = [threading.Thread(target=reader, args=a) for a in [("dockershim", "en"), ("golden AMI", "en")]]
    for thread in threads:
        thread.start()
    try:
        added = []
        for step in range(3):
            added.append((f"node-rotation-{step}", f"rollwheel{step}"))
            volume.update(revision(tmp_path, added))
            assert watcher.poll() == "published"
            assert total(client, f"rollwheel{step}") == 1  # searchable at once
            assert client.get(f"/en/faq/node-rotation-{step}/").status_code == 200
        broken = revision(tmp_path, [*added, ("broken", "x")])
        (broken / "en" / "broken.md").write_text("---\nid: [\n---\n", encoding="utf-8")
        volume.update(broken)
        assert watcher.poll() == "refused"
        assert watcher.poll() == "unchanged"  # reported once, not every poll
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(counts) >= len(threads)
    assert total(client, "rollwheel2") == 1  # the last good overlay stays
    assert client.get("/readyz").json()["checks"]["overlay"] == "previous"
    assert ("en", "node-rotation-2") in loader.get_store().entries


def test_watch_overlay_needs_an_overlay(settings):
    settings.LOCAL_CONTENT_DIR = None
    with pytest.raises(CommandError, match="FAQ_LOCAL_CONTENT_DIR is not set"):
        call_command("watch_overlay", "--once")


def test_watch_overlay_once_publishes_and_indexes(volume):
    out = StringIO()
    call_command("watch_overlay", "--once", stdout=out)
    assert out.getvalue().strip() == "overlay: published"
    assert total(Client(), "golden AMI") > 0
