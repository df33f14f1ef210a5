"""The team's overlay (faq/content/overlay.py): its entries, categories and notes beside ours in
both languages and in one, checked with file:line, published like ours, with the last good one
kept when an edit breaks it, and its Markdown sanitized exactly as ours."""

import shutil
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from faq.content import loader, markup, overlay
from faq.content import publish as content_publish
from tests.helpers import LOCAL_CONTENT, REAL_CONTENT, publish_overlay, rewrite, url

pytestmark = pytest.mark.django_db


def check():
    """(no errors, the problems one a line) of the overlay, named as check_content names them."""
    local = django_settings.LOCAL_CONTENT_DIR
    report = content_publish.check_local(local, django_settings.CONTENT_DIR, label=local)
    return not report.errors, "\n".join(str(p) for p in report.problems)


def command(name):
    out, err = StringIO(), StringIO()
    try:
        call_command(name, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue() + err.getvalue() + str(exc)
    return True, out.getvalue() + err.getvalue()


def page(client, lang, entry_id):
    return client.get(url("entry-detail", lang, entry_id))


def test_local_entries_in_both_languages_are_served_beside_ours(client, local):
    for lang, title in (("en", "Which node image do our EKS"), ("ja", "社内の EKS ノードグループ")):
        response = page(client, lang, "golden-ami")
        body = response.content.decode()
        assert response.status_code == 200 and title in body
        assert "Written by our company" in body or "社内で書いた" in body or 'class="entry__origin"' in body
        assert 'hreflang="ja"' in body and 'hreflang="en"' in body
    category = client.get(url("category-detail", "en", "our-platform")).content.decode()
    assert "Which node image do our EKS node groups use?" in category


def test_a_one_language_entry_shows_with_a_notice_and_truthful_hreflang(client, local):
    body = page(client, "en", "kaniko-builds").content.decode()
    assert 'class="notice notice--untranslated"' in body
    assert '<article class="entry" aria-labelledby="entry-title" lang="ja">' in body
    assert 'rel="alternate" hreflang="ja"' in body and 'rel="alternate" hreflang="en"' not in body
    category = client.get(url("category-detail", "en", "our-platform")).content.decode()
    assert '<li class="entry-card" lang="ja">' in category  # listed, marked as Japanese
    assert url("entry-detail", "ja", "kaniko-builds") in category
    native = page(client, "ja", "kaniko-builds").content.decode()
    assert "notice--untranslated" not in native and 'rel="alternate" hreflang="en"' not in native
    # An English entry lists it among its related questions, linking to it as written.
    assert url("entry-detail", "ja", "kaniko-builds") in page(client, "en", "golden-ami").content.decode()
    api = client.get("/api/v1/entries/kaniko-builds", {"lang": "en"}).json()
    assert api["lang"] == "ja" and api["translated"] is False and api["local"] is True


def test_a_local_note_is_marked_on_our_entry_in_the_page_search_and_api(client, local):
    for lang, text in (("en", "</strong> before installing"), ("ja", "で相談してください")):
        body = page(client, lang, "alpha").content.decode()
        assert '<aside class="local-note"' in body and text in body
    results = client.get(url("search", "en"), {"q": "dockershim removed"}).content.decode()
    assert 'class="local-note local-note--hit"' in results and "Our clusters left dockershim" in results
    hits = client.get("/api/v1/search", {"q": "dockershim removed", "lang": "en"}).json()["hits"]
    alpha = next(h for h in hits if h["id"] == "alpha")
    assert "Our clusters left dockershim" in alpha["local_note"]["html"]
    detail = client.get("/api/v1/entries/alpha", {"lang": "ja"}).json()
    assert "で相談してください" in detail["local_note"]["html"] and detail["local"] is False
    assert client.get("/api/v1/entries/gamma", {"lang": "en"}).json()["local_note"] is None


def test_internal_entries_and_notes_are_not_in_the_public_store(client, local):
    public, staff = loader.get_store(), loader.get_store(staff=True)
    assert ("en", "runtime-oncall") in staff.entries and ("en", "runtime-oncall") not in public.entries
    assert ("en", "beta") in staff.local_notes and ("en", "beta") not in public.local_notes
    assert public.version != staff.version and public.source_version == staff.source_version
    assert page(client, "en", "runtime-oncall").status_code == 404
    assert "mirror.corp.internal" not in page(client, "en", "beta").content.decode()


def test_overlay_problems_name_the_file_and_line(local):
    ok, output = check()
    assert ok, output
    rewrite(local / "ja" / "kaniko-builds.md", "category: our-platform", "category: our-platfrom")
    (local / "notes" / "en" / "no-such-entry.md").write_text(
        '---\nrevision: "0123456789ab"\nupdated: 2026-11-01\n---\nA note.\n', encoding="utf-8"
    )
    rewrite(local / "en" / "golden-ami.md", "related: [kaniko-builds]", "related: [runtime-oncall]")
    ok, output = check()
    assert not ok
    assert f"{local}/ja/kaniko-builds.md:5: error: unknown category 'our-platfrom'" in output
    assert f"{local}/notes/en/no-such-entry.md:2: error: there is no entry 'no-such-entry' in en" in output
    assert f"{local}/en/golden-ami.md:11: error: a public entry lists internal 'runtime-oncall'" in output


def beside_real_content(settings, tmp_path):
    """The overlay beside (a copy of) the shipped content, with its notes and links to the mini
    corpus left out."""
    settings.CONTENT_DIR = shutil.copytree(REAL_CONTENT, tmp_path / "content")
    folder = shutil.copytree(LOCAL_CONTENT, tmp_path / "team", ignore=shutil.ignore_patterns("notes"))
    rewrite(folder / "ja" / "kaniko-builds.md", "(entry:alpha)", "(entry:migrate-agents)")
    settings.LOCAL_CONTENT_DIR = str(folder)
    return folder


def test_check_content_checks_both_trees(settings, tmp_path):
    folder = beside_real_content(settings, tmp_path)
    ok, output = command("check_content")
    assert ok and "overlay entry and note files are valid" in output, output
    shutil.copy(REAL_CONTENT / "en" / "hug.md", folder / "en" / "hug.md")  # one of our ids
    ok, output = command("check_content")
    assert not ok and f"{folder}/en/hug.md:2: error: id 'hug' is already one of our entries" in output


def test_an_id_that_collides_with_ours_is_an_error(local):
    shutil.copy(LOCAL_CONTENT / "en" / "golden-ami.md", local / "en" / "alpha.md")
    rewrite(local / "en" / "alpha.md", "id: golden-ami", "id: alpha")
    ok, output = check()
    assert not ok and f"{local}/en/alpha.md:2: error: id 'alpha' is already one of our entries" in output


def test_a_note_written_against_an_older_revision_is_reported(local):
    rewrite(local / "notes" / "en" / "alpha.md", "10f1c10e04df", "0123456789ab")
    ok, output = check()
    assert ok and "notes/en/alpha.md:2: warning: en/alpha changed since this note was written" in output
    assert 'set revision: "10f1c10e04df"' in output


def test_a_broken_overlay_is_refused_and_the_last_good_one_keeps_serving(client, local):
    rewrite(local / "en" / "golden-ami.md", "Which node image", "Which NEW node image")
    rewrite(local / "en" / "golden-ami.md", "order: 10", "order: ten")  # and breaks it
    with pytest.raises(content_publish.Refused):
        publish_overlay()
    body = page(client, "en", "golden-ami").content.decode()
    assert "Which node image do our EKS" in body  # the last good overlay
    assert page(client, "en", "alpha").status_code == 200  # and ours, untouched
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["overlay"] == "previous"
    problems = ready.json()["overlay"]["problems"]
    assert any("/en/golden-ami.md:6: error: order" in p for p in problems), problems


def test_a_broken_overlay_never_stops_our_content_from_publishing(client, settings, tmp_path):
    folder = beside_real_content(settings, tmp_path)
    rewrite(folder / "en" / "runtime-oncall.md", "---\nid:", "---\nid: [")
    rewrite(settings.CONTENT_DIR / "en" / "hug.md", "title: ", 'title: "Could I get a hug, please?"\nx: ')
    rewrite(settings.CONTENT_DIR / "en" / "hug.md", "\nx: ", "\n# was: ")
    ok, output = command("publish_content")
    assert not ok and "team/en/runtime-oncall.md:3: error: invalid YAML" in output
    assert "no overlay was published" in output
    assert "Could I get a hug, please?" in page(client, "en", "hug").content.decode()


SCRIPTED = (
    "Hello <script>alert(1)</script> and <img src=x onerror=alert(2)>\n\n"
    '[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>\n'
)


def test_overlay_markdown_is_sanitized_exactly_as_ours(client, local):
    path = local / "en" / "golden-ami.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("Every managed")] + SCRIPTED, encoding="utf-8")
    publish_overlay()
    entry = loader.get_store().get_entry("en", "golden-ami")
    assert entry.body_html == markup.render(SCRIPTED, "en").html
    assert "<script" not in entry.body_html and "javascript:" not in entry.body_html
    assert "onerror" not in page(client, "en", "golden-ami").content.decode()


def test_wizard_notes_are_shown_on_their_result_and_checked(client, settings, tmp_path):
    settings.CONTENT_DIR = REAL_CONTENT
    folder = tmp_path / "local"
    (folder / "ja").mkdir(parents=True)
    (folder / overlay.WIZARD_NOTES).write_text(
        "- result: keep-containerd\n"
        "  en: Our node groups already run containerd; ask **#platform-runtime** for the AMI.\n"
        "  ja: 社内のノードグループはすでに containerd です。\n"
        "- result: no-such-result\n"
        "  en: Never shown.\n",
        encoding="utf-8",
    )
    settings.LOCAL_CONTENT_DIR = str(folder)
    ok, output = check()
    expected = f"{folder}/wizard-notes.yaml:4: error: result 'no-such-result' is not a wizard result"
    assert not ok and expected in output
    text = (folder / overlay.WIZARD_NOTES).read_text(encoding="utf-8")
    (folder / overlay.WIZARD_NOTES).write_text(text[: text.index("- result: no-such")], encoding="utf-8")
    publish_overlay()
    store = loader.get_store()
    assert store.wizard_notes["keep-containerd"].html_in("en")[1].startswith("<p>Our node groups")
