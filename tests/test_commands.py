from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faq import content
from tests.helpers import MINI_CONTENT, copy_content, rewrite


def test_check_content_reports_file_and_line_and_fails(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "ja" / "beta.md", "order: 20", "order: 020")
    err = StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("check_content", content_dir=str(folder), stdout=StringIO(), stderr=err)
    assert "ja/beta.md:6: error: order '020' has a leading zero" in err.getvalue()


def test_check_content_passes_with_warnings_only(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "beta.md", "Use containerd or CRI-O.", "Use containerd.")
    out = StringIO()
    call_command("check_content", content_dir=str(folder), stdout=out)
    assert "ja/beta.md:11: warning: translation is behind en/beta.md" in out.getvalue()
    assert "6 entry files are valid." in out.getvalue()


def test_check_content_reports_a_broken_crictl_file(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "crictl.yaml", 'group: "debug"', 'group: "nowhere"')
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=str(folder), stdout=StringIO(), stderr=err)
    assert "crictl.yaml:13: error: unknown group 'nowhere'" in err.getvalue()


def test_stamp_translation_clears_the_staleness(settings, tmp_path):
    folder = copy_content(tmp_path)
    settings.CONTENT_DIR = folder
    rewrite(folder / "en" / "beta.md", "Use containerd or CRI-O.", "Use containerd.")
    assert content.load(folder).stale == {("ja", "beta")}
    call_command("stamp_translation", "beta", "ja", stdout=StringIO())
    store = content.load(folder)
    assert store.stale == frozenset() and store.problems == []
    assert store.get_entry("ja", "beta").translated_from == ("en", store.get_entry("en", "beta").body_hash)


def test_stamp_translation_refuses_to_mark_both_files(settings, tmp_path):
    folder = copy_content(tmp_path)
    settings.CONTENT_DIR = folder
    with pytest.raises(CommandError, match="itself marked as a translation"):
        call_command("stamp_translation", "beta", "en", stdout=StringIO())
    assert content.validate(folder) == []


def test_stamp_translation_unknown_entry(settings):
    settings.CONTENT_DIR = MINI_CONTENT
    with pytest.raises(CommandError, match="does not exist"):
        call_command("stamp_translation", "omega", "ja", stdout=StringIO())
