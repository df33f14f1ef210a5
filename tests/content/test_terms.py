"""The terminology check: refused spellings in prose are reported with file:line; code, URLs,
quotations and source titles are left alone; the shipped content and catalogs are clean."""

from pathlib import Path

import pytest

from faq.content import terms
from tests.helpers import copy_content, rewrite

TERMS = """terms:
  - id: "pull"
    use: {en: "pull", ja: "プル"}
    refuse:
      ja: ['(?<![\\w/-])pull\\s*(?=[ぁ-んァ-ヶ一-龠])']
  - id: "kubelet"
    use: {en: "kubelet", ja: "kubelet"}
    refuse:
      en: ['\\bKubelet\\b']
      ja: ['\\bKubelet\\b']
  - id: "full-width-colon"
    use: {en: ":", ja: "："}
    refuse:
      ja: ['(?<=[ぁ-んァ-ヶー一-龠]):']
"""
CATALOG = """msgid ""
msgstr ""
"Language: {lang}\\n"

msgid "Short answer:"
msgstr "{answer}"

msgid "Restart the Kubelet"
msgstr ""
"""


@pytest.fixture
def folders(tmp_path):
    content = copy_content(tmp_path)
    (content / "terms.yaml").write_text(TERMS, encoding="utf-8")
    catalog_dir = tmp_path / "locale"
    for lang, answer in (("en", ""), ("ja", "結論：")):
        path = catalog_dir / lang / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True)
        path.write_text(CATALOG.format(lang=lang, answer=answer), encoding="utf-8")
    return content, catalog_dir


def found(folders):
    return [str(p) for p in terms.validate(*folders)]


def test_a_clean_corpus_gives_only_the_catalogs_english_slip(folders):
    # A msgid is the English source text, held to the English spelling once, in the en catalog.
    assert found(folders) == [
        "locale/en/LC_MESSAGES/django.po:8: error: write 'kubelet', not 'Kubelet'"
        " (term 'kubelet' in terms.yaml)"
    ]


@pytest.mark.parametrize(
    ("where", "old", "new", "expected"),
    [
        # entry body, front matter title and a historical note; each on its own line
        (
            "ja/beta.md",
            "containerd か CRI-O を使います。",
            "イメージを pull します。",
            "ja/beta.md:13: error: write 'プル', not 'pull '",
        ),
        (
            "ja/alpha.md",
            'title: "dockershim はなぜ削除されたのですか？"',
            'title: "Kubelet はなぜ"',
            "ja/alpha.md:3:",
        ),
        (
            "en/alpha.md",
            'text: "Planned for *v1.22*; removed in v1.24."',
            'text: "The Kubelet."',
            "en/alpha.md:14:",
        ),
        # a language-keyed YAML text
        (
            "home.yaml",
            'ja: "dockershim は v1.24 で削除されました。"',
            'ja: "削除: v1.24"',
            "home.yaml:1: error: write '：'",
        ),
    ],
)
def test_refused_spelling_is_reported_with_file_and_line(folders, where, old, new, expected):
    rewrite(folders[0] / where, old, new)
    assert any(line.startswith(expected) for line in found(folders)), found(folders)


@pytest.mark.parametrize(
    "text",
    [
        "`docker pull` した結果を見ます。",  # code span
        "[リンク](https://example.com/pull/します)",  # link target and URL
        "「Kubelet はどうするの」と書かれていました。",  # a quotation
        '"Kubelet: starting" と表示されます。',  # a quoted message
    ],
)
def test_code_links_and_quotations_are_not_prose(folders, text):
    rewrite(folders[0] / "ja" / "beta.md", "containerd か CRI-O を使います。", text)
    assert not any("ja/beta.md" in line for line in found(folders))


def test_fenced_code_and_source_titles_are_not_checked(folders):
    path = folders[0] / "ja" / "beta.md"
    rewrite(path, "containerd か CRI-O を使います。", "```text\nKubelet が pull します: ok\n```")
    rewrite(path, "  - title:", '  - title: "Kubelet: 設定"\n    url: https://example.com/x\n  - title:')
    assert not any("ja/beta.md" in line for line in found(folders))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            '  - id: "x"\n    use: {en: "a", ja: "b"}\n    refuse: {ja: [\'(unclosed\']}\n',
            "invalid regular expression",
        ),
        ('  - id: "x"\n    use: {en: "a"}\n    refuse: {ja: [\'b\']}\n', "required field 'ja'"),
        ('  - id: "x"\n    use: {en: "a", ja: "b"}\n    refuse: {fr: [\'b\']}\n', "keyed by ja, en"),
        (
            '  - id: "pull"\n    use: {en: "a", ja: "b"}\n    refuse: {ja: [\'b\']}\n',
            "duplicate term id 'pull'",
        ),
    ],
)
def test_a_broken_terms_file_is_reported_with_its_line(folders, entry, message):
    path = folders[0] / "terms.yaml"
    path.write_text(TERMS + entry, encoding="utf-8")
    problems = terms.validate(*folders)
    assert problems[0].path == "terms.yaml" and message in problems[0].message, problems
    first = TERMS.count("\n") + 1  # where the appended term starts
    assert first <= problems[0].line <= first + 2


def test_shipped_content_and_catalogs_follow_the_terms():
    root = Path(__file__).parent.parent.parent
    assert [str(p) for p in terms.validate(root / "content", root / "locale")] == []
