import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faq.content import loader
from tests.helpers import MINI_CONTENT, REAL_CONTENT, copy_content, rewrite


@pytest.fixture
def real_copy(tmp_path):
    """A writable copy of the shipped content, complete with the wizard and checker files."""
    target = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, target)
    return target


def line_of(path, text):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_check_content_reports_file_and_line_and_fails(real_copy):
    rewrite(real_copy / "ja" / "hug.md", "order: 20", "order: 020")
    err = StringIO()
    with pytest.raises(CommandError, match="^1 error"):
        call_command("check_content", content_dir=str(real_copy), stdout=StringIO(), stderr=err)
    line = line_of(real_copy / "ja" / "hug.md", "order: 020")
    assert f"ja/hug.md:{line}: error: order '020' has a leading zero" in err.getvalue()


def test_check_content_passes_with_warnings_only(real_copy):
    path = real_copy / "en" / "hug.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more hug.\n", encoding="utf-8")
    out = StringIO()
    call_command("check_content", content_dir=str(real_copy), stdout=out)
    line = line_of(real_copy / "ja" / "hug.md", "translated_from:")
    assert f"ja/hug.md:{line}: warning: translation is behind en/hug.md" in out.getvalue()
    assert "entry files are valid." in out.getvalue()


def test_check_content_reports_a_broken_crictl_file(real_copy):
    line = line_of(real_copy / "crictl.yaml", 'group: "debug"')
    rewrite(real_copy / "crictl.yaml", 'group: "debug"', 'group: "nowhere"')
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=str(real_copy), stdout=StringIO(), stderr=err)
    assert f"crictl.yaml:{line}: error: unknown group 'nowhere'" in err.getvalue()


def test_stamp_translation_clears_the_staleness(settings, tmp_path):
    folder = copy_content(tmp_path)
    settings.CONTENT_DIR = folder
    rewrite(folder / "en" / "beta.md", "Use containerd or CRI-O.", "Use containerd.")
    assert loader.load(folder).stale == {("ja", "beta")}
    call_command("stamp_translation", "beta", "ja", stdout=StringIO())
    store = loader.load(folder)
    assert store.stale == frozenset() and store.problems == []
    assert store.get_entry("ja", "beta").translated_from == ("en", store.get_entry("en", "beta").body_hash)


def test_stamp_translation_refuses_to_mark_both_files(settings, tmp_path):
    folder = copy_content(tmp_path)
    settings.CONTENT_DIR = folder
    with pytest.raises(CommandError, match="itself marked as a translation"):
        call_command("stamp_translation", "beta", "en", stdout=StringIO())
    assert loader.validate(folder) == []


def test_stamp_translation_unknown_entry(settings):
    settings.CONTENT_DIR = MINI_CONTENT
    with pytest.raises(CommandError, match="does not exist"):
        call_command("stamp_translation", "omega", "ja", stdout=StringIO())
