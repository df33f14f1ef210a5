"""The content snapshot: publish_content checks the content folder and publishes a copy the site
serves; a broken edit is refused and the previous snapshot keeps being served; the content
version covers every file read, so ETags and the index follow any edit."""

import os
import re
import shutil
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faq.content import generations, loader
from faq.search import engine
from tests.helpers import REAL_CONTENT, rewrite

pytestmark = pytest.mark.django_db

NEW_TITLE = "Could I get a hug, please?"
BROKEN = 'broken: "a field no entry has"'  # inserted as line 2: an unknown front-matter field


@pytest.fixture
def source(settings, tmp_path):
    """A writable copy of the shipped content, published into tmp_path/snapshot."""
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    settings.CONTENT_DIR = folder
    settings.CONTENT_SNAPSHOT_DIR = tmp_path / "snapshot"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    return folder


def hug_title(folder):
    return loader.load(folder).get_entry("en", "hug").title


def set_hug_title(folder, title):
    path = folder / "en" / "hug.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f'title: "{title}"', text, count=1), encoding="utf-8")


def break_hug(folder):
    """Retitle en/hug.md and break it at line 2, so serving it would show the new title."""
    set_hug_title(folder, NEW_TITLE)
    rewrite(folder / "en" / "hug.md", "---\n", f"---\n{BROKEN}\n")


def publish():
    out = StringIO()
    call_command("publish_content", stdout=out, stderr=StringIO())
    return out.getvalue()


def build_index_if_stale():
    out = StringIO()
    call_command("build_index", "--if-stale", stdout=out)
    return out.getvalue()


def test_a_front_matter_edit_rebuilds_the_index_and_changes_the_etag(client, source):
    assert "Published" in publish()
    assert "Indexed" in build_index_if_stale()
    assert "up to date" in build_index_if_stale()
    page = client.get("/en/faq/hug/")
    assert hug_title(source) in page.content.decode()

    set_hug_title(source, NEW_TITLE)  # the front matter only
    assert "Published" in publish()
    assert "Indexed" in build_index_if_stale()
    hits = engine.search("hug please", "en").hits
    assert [hit.title for hit in hits if hit.item_id == "hug"] == [NEW_TITLE]
    again = client.get("/en/faq/hug/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 200 and again["ETag"] != page["ETag"]
    assert NEW_TITLE in again.content.decode()


def test_publishing_unchanged_content_keeps_the_snapshot(source, settings, monkeypatch):
    monkeypatch.setattr(generations, "GRACE_SECONDS", 0)  # superseded ones go at once
    root = settings.CONTENT_SNAPSHOT_DIR
    publish()
    first = generations.current(root)
    assert "up to date" in publish() and generations.current(root) == first
    for title in (NEW_TITLE, NEW_TITLE + " Again?"):
        set_hug_title(source, title)
        publish()
    gens = sorted(p.name for p in root.glob("gen-*"))
    assert first not in gens and len(gens) == 2  # the current one and the one before it
    assert generations.current(root) == gens[-1]


def test_publishes_a_moment_apart_keep_the_generation_a_reader_may_still_use(source, settings):
    """A process looks at `current` once a second: after three quick publishes the first
    generation may still be in use, so it stays until its successor has been current a while."""
    root = settings.CONTENT_SNAPSHOT_DIR
    names = []
    for title in (NEW_TITLE, NEW_TITLE + " Again?", NEW_TITLE + " Once more?"):
        set_hug_title(source, title)
        publish()
        names.append(generations.current(root))
    assert sorted(p.name for p in root.glob("gen-*")) == names
    # The second has been current for longer than the grace period: the first may go now.
    old = time.time() - generations.GRACE_SECONDS - 1
    os.utime(root / names[1] / generations.MANIFEST, (old, old))
    set_hug_title(source, NEW_TITLE + " Last?")
    publish()
    assert sorted(p.name for p in root.glob("gen-*")) == [*names[1:], generations.current(root)]


def test_a_broken_edit_is_refused_and_the_previous_snapshot_served(client, source, settings):
    publish()
    build_index_if_stale()
    root, title = settings.CONTENT_SNAPSHOT_DIR, hug_title(source)
    good = generations.current(root)
    break_hug(source)

    err = StringIO()
    with pytest.raises(CommandError, match=f"1 error.* the snapshot {good} is still served"):
        call_command("publish_content", stdout=StringIO(), stderr=err)
    assert "en/hug.md:2: error: unknown field 'broken'" in err.getvalue()
    assert generations.current(root) == good and len(list(root.glob("gen-*"))) == 1
    err = StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("check_content", stdout=StringIO(), stderr=err)
    assert "en/hug.md:2: error:" in err.getvalue()

    page = client.get("/en/faq/hug/")
    assert page.status_code == 200 and title in page.content.decode()
    assert client.get("/api/v1/entries/hug?lang=en").json()["title"] == title
    ready = client.get("/readyz")
    assert ready.status_code == 200  # still serving: the pod stays in the load balancer
    body = ready.json()
    assert body["status"] == "degraded" and body["checks"]["content"] == "previous"
    assert body["content"]["snapshot"] == good
    assert [p for p in body["content"]["problems"] if p.startswith("en/hug.md:2: error:")]

    rewrite(source / "en" / "hug.md", f"{BROKEN}\n", "")
    assert "Published" in publish()
    build_index_if_stale()
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and "problems" not in body["content"]
    assert NEW_TITLE in client.get("/en/faq/hug/").content.decode()


@pytest.mark.parametrize(("lang", "text"), [("en", "cannot be shown right now"), ("ja", "表示できません")])
def test_broken_content_without_a_snapshot_is_a_503_in_the_readers_language(client, source, lang, text):
    break_hug(source)
    client.raise_request_exception = False
    for path in (f"/{lang}/", f"/{lang}/faq/hug/", f"/{lang}/category/help/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert f'<html lang="{lang}">' in response.content.decode() and text in response.content.decode()
        assert response["Retry-After"] == "60"


def test_broken_content_without_a_snapshot_is_a_json_503_on_the_api(client, source):
    break_hug(source)
    client.raise_request_exception = False
    for path in ("/api/v1/entries", "/api/v1/entries/hug?lang=ja"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.json()["error"]["code"] == "content-unavailable"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["content"] == "down"
    assert [p for p in ready.json()["content"]["problems"] if p.startswith("en/hug.md:2: error:")]
