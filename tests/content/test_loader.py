import datetime
import re
import shutil

import pytest

from faq.checker import rules
from faq.content import crictl, loader
from faq.search import synonyms
from faq.wizard import tree
from tests.helpers import MINI_CONTENT, REAL_CONTENT, copy_content, rewrite


def errors(folder):
    return [str(p) for p in loader.validate(folder) if p.level == "error"]


def test_mini_corpus_is_valid():
    assert loader.validate(MINI_CONTENT) == []


def test_load_reads_every_field():
    store = loader.load(MINI_CONTENT)
    entry = store.get_entry("en", "alpha")
    assert entry.title == "Why was dockershim removed?"
    assert entry.summary == "Because Docker Engine does not implement the CRI."
    assert entry.category == "basics"
    assert entry.order == 10
    assert entry.updated == datetime.date(2022, 5, 3)
    assert entry.sources[0].url == "https://kubernetes.io/blog/2022/02/17/dockershim-faq/"
    assert entry.related == ("beta",)
    assert entry.historical[0].kind == "outdated"
    # A note's first sentence is the line shown while it is folded; the rest opens under it.
    assert entry.historical[0].title_html == "Planned for <em>v1.22</em>; removed in v1.24."
    assert entry.path == "en/alpha.md"


def test_get_entry_unknown_id_returns_none():
    assert loader.load(MINI_CONTENT).get_entry("ja", "no-such-entry") is None


def test_entries_in_category_are_sorted_by_order():
    store = loader.load(MINI_CONTENT)
    assert [e.id for e in store.entries_in("ja", "basics")] == ["alpha", "beta"]


def test_neighbours_stay_inside_the_category():
    store = loader.load(MINI_CONTENT)
    alpha, beta = store.entries_in("en", "basics")
    assert store.neighbours(alpha) == (None, beta)
    assert store.neighbours(beta) == (alpha, None)
    assert store.neighbours(store.get_entry("en", "gamma")) == (None, None)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('title: "Why was dockershim removed?"', "title: no", 3, "would be read by YAML as a bool"),
        ("order: 10", "order: 0123", 6, "leading zero"),
        ("order: 10", 'order: "ten"', 6, "must be a whole number"),
        ("updated: 2022-05-03", "updated: 2022-02-30", 7, "not a real date"),
        ("updated: 2022-05-03", "updated: 3 May 2022", 7, "YYYY-MM-DD"),
        ("category: basics", "category: history", 5, "unknown category 'history'"),
        ("related: [beta]", "related: [beta, omega]", 11, "related id 'omega' is not an entry"),
        ("order: 10", "order: 10\ncatgory: basics", 7, "unknown field 'catgory'"),
        ("order: 10", "order: 10\norder: 20", 7, "duplicate key 'order'"),
        ("    url: https://kubernetes.io/blog", "    url: ftp://example.com/x", 10, "must be an http(s) URL"),
        ("  - kind: outdated", "  - kind: stale", 13, "kind must be one of"),
        ('summary: "Because', 'summary: "' + "x" * 241 + " Because", 4, "keep it to 240"),
        ("[beta](entry:beta)", "[beta](entry:omega)", 17, "link to unknown entry 'omega'"),
        ("[crictl](page:crictl)", "[crictl](page:nowhere)", 17, "link to unknown page 'nowhere'"),
        ('title: "Why was dockershim removed?"', "title: [unclosed", 4, "invalid YAML"),
        ("id: alpha", "id: beta", 2, "must match the file name"),
        ("id: alpha", "id: Alpha_1", 2, "lower-case ASCII"),
    ],
)
def test_bad_front_matter_is_reported_with_file_and_line(tmp_path, old, new, line, message):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "alpha.md", old, new)
    found = errors(folder)
    assert any(p.startswith(f"en/alpha.md:{line}: error: ") and message in p for p in found), found


def test_missing_required_field_is_reported(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "beta.md", 'summary: "containerd is the easiest swap from Docker Engine."\n', "")
    assert any("en/beta.md:2: error: " in p and "required field 'summary'" in p for p in errors(folder))


def test_byte_order_mark_is_reported(tmp_path):
    folder = copy_content(tmp_path)
    path = folder / "en" / "beta.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert any(p.startswith("en/beta.md:1: error: ") and "byte-order mark" in p for p in errors(folder))


def test_invalid_utf8_is_reported_with_its_line(tmp_path):
    folder = copy_content(tmp_path)
    path = folder / "en" / "beta.md"
    path.write_bytes(path.read_bytes() + b"\nbad \xff byte\n")
    assert any(p.startswith("en/beta.md:14: error: ") and "not valid UTF-8" in p for p in errors(folder))


def test_unclosed_front_matter_is_reported(tmp_path):
    folder = copy_content(tmp_path)
    path = folder / "en" / "beta.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\nUse", "\nUse"), encoding="utf-8")
    assert any("en/beta.md:1: error: " in p and "never closed" in p for p in errors(folder))


def test_unparsable_file_does_not_also_report_its_pair_missing(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "beta.md", "order: 20", "order: [20")
    assert not any("missing translation" in p for p in errors(folder))


def test_missing_translation_is_reported(tmp_path):
    folder = copy_content(tmp_path)
    (folder / "ja" / "gamma.md").unlink()
    assert "en/gamma.md:1: error: missing translation: there is no ja/gamma.md" in errors(folder)


def test_unmarked_translation_pair_is_reported(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "ja" / "gamma.md", 'translated_from: "en@c0d4c66c4cca"\n', "")
    assert any("neither file records translated_from" in p for p in errors(folder))


def test_changed_original_makes_the_translation_stale(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "gamma.md", "Drain the node first.", "Cordon and drain the node first.")
    problems = loader.validate(folder)
    assert [p.level for p in problems] == ["warning"]
    assert problems[0].path == "ja/gamma.md" and "translation is behind en/gamma.md" in problems[0].message
    store = loader.load(folder)
    assert store.is_stale(store.get_entry("ja", "gamma"))
    assert not store.is_stale(store.get_entry("en", "gamma"))


def test_markdown_renders_tables_code_and_short_anchors_for_japanese_headings():
    store = loader.load(MINI_CONTENT)
    entry = store.get_entry("ja", "alpha")
    assert (
        "<table>" in entry.body_html and '<pre tabindex="0"><code' in store.get_entry("en", "alpha").body_html
    )
    assert '<div class="table-scroll" tabindex="0"><table>' in entry.body_html
    # Japanese headings take the English entry's ids, so a shared link stays short and works in
    # both languages; the old Japanese id stays on the heading for links made before.
    assert [h.anchor for h in entry.headings] == ["background", "commands"]
    assert [h.alias for h in entry.headings] == ["背景", "コンテナランタイムとは"]
    assert (
        '<h2 id="commands"><span class="anchor-alias" id="コンテナランタイムとは"></span>' in entry.body_html
    )


def test_japanese_headings_keep_their_own_anchors_when_the_structure_differs(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "ja" / "alpha.md", "## 背景", "### 背景")
    entry = loader.load(folder).get_entry("ja", "alpha")
    assert [h.anchor for h in entry.headings] == ["背景", "コンテナランタイムとは"]


def test_links_to_a_missing_section_are_reported(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "alpha.md", "(entry:beta)", "(entry:alpha#no-such-section)")
    assert any("link to alpha#no-such-section: that entry has no such section" in p for p in errors(folder))
    rewrite(folder / "en" / "alpha.md", "(entry:alpha#no-such-section)", "(entry:alpha#commands)")
    rewrite(folder / "ja" / "alpha.md", "(entry:beta)", "(entry:alpha#コンテナランタイムとは)")  # an old id
    assert errors(folder) == []


def test_internal_links_become_page_urls():
    html = loader.load(MINI_CONTENT).get_entry("ja", "alpha").body_html
    assert 'href="/ja/faq/beta/"' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        'para\n{: onclick="alert(1)" }',
        "<iframe src=https://example.com></iframe>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<style>body{display:none}</style>",
    ],
)
def test_rendered_markdown_is_sanitized(tmp_path, payload):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "beta.md", "Use containerd or CRI-O.", payload)
    html = loader.load(folder).get_entry("en", "beta").body_html
    assert not re.search(r"<(script|iframe|style)|<[^>]*\son\w+=|href=\"(javascript|data):", html), html


def test_content_version_changes_with_the_content(tmp_path):
    folder = copy_content(tmp_path)
    before = loader.load(folder).version
    rewrite(folder / "en" / "beta.md", "Use containerd", "Use containerd 2.x")
    assert loader.load(folder).version != before


FRONT_MATTER_EDITS = {
    "title": ("Why was dockershim removed?", "Why did Kubernetes drop dockershim?"),
    "summary": ("does not implement the CRI.", "never implemented the CRI."),
    "category": ("category: basics", "category: impact"),
    "source title": ('title: "FAQ"', 'title: "The FAQ"'),
    "historical": ("Planned for *v1.22*", "Planned for *v1.22* at first"),
    "related": ("related: [beta]", "related: []"),
}


@pytest.mark.parametrize("edit", FRONT_MATTER_EDITS.values(), ids=FRONT_MATTER_EDITS.keys())
def test_content_version_changes_with_the_front_matter_alone(tmp_path, edit):
    folder = copy_content(tmp_path)
    before = loader.load(folder).version
    rewrite(folder / "en" / "alpha.md", *edit)
    assert loader.load(folder).version != before


def test_content_version_covers_every_data_file(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    read = {crictl.FILE_NAME, tree.FILE_NAME, rules.FILE_NAME, synonyms.SYNONYMS_FILE}
    assert read | {"categories.yaml", "home.yaml"} <= set(loader.source_files(folder))
    for name in sorted(read | {"categories.yaml", "home.yaml"}):
        before = loader.load(folder).version
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write("\n# any byte may be rendered or indexed\n")
        assert loader.load(folder).version != before, name


def test_get_store_refuses_broken_content(settings, tmp_path):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "beta.md", "order: 20", "order: 020")
    settings.CONTENT_DIR = folder
    with pytest.raises(loader.ContentError, match="en/beta.md:6"):
        loader.get_store()


def test_review_by_and_errors_are_read_into_the_entry(tmp_path):
    folder = copy_content(tmp_path)
    rewrite(
        folder / "en" / "beta.md",
        "order: 20\n",
        'order: 20\nreview_by: 2027-06-01\nerrors: ["unknown flag: --network-plugin"]\n',
    )
    rewrite(
        folder / "en" / "beta.md",
        "Use containerd or CRI-O.",
        "Use containerd. `unknown flag: --network-plugin`",
    )
    entry = loader.load(folder).get_entry("en", "beta")
    assert entry.review_by == datetime.date(2027, 6, 1)
    assert entry.errors == ("unknown flag: --network-plugin",)
    assert loader.load(MINI_CONTENT).get_entry("en", "beta").errors == ()


@pytest.mark.parametrize(
    ("value", "line", "message"),
    [
        ('["not in the body"]', 7, "error text 'not in the body' is not in the answer"),
        ('["Use containerd", "Use containerd"]', 7, "is listed twice"),
        ('["`code`"]', 7, "one line of plain text"),
        ('"Use containerd"', 7, "errors must be a list"),
        ('["' + "x" * 301 + '"]', 7, "keep it to 300"),
    ],
)
def test_bad_errors_field_is_reported_with_its_line(tmp_path, value, line, message):
    folder = copy_content(tmp_path)
    rewrite(folder / "en" / "beta.md", "order: 20\n", f"order: 20\nerrors: {value}\n")
    found = errors(folder)
    assert any(p.startswith(f"en/beta.md:{line}: error: ") and message in p for p in found), found
