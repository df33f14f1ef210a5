"""No Japanese prose copied from the seed: no run of 20 or more Japanese characters that the
seed also has, outside quotations, code and names (tests/copycheck.py says how it is measured)."""

import pytest

from tests import copycheck
from tests.helpers import REAL_CONTENT, copy_content, rewrite

CATALOGS = REAL_CONTENT.parent / "locale"
# A sentence of the seed's FAQ-01 answer, as a translator might have kept it.
SEED_SENTENCE = "実際、dockershimのメンテナンスはKubernetesメンテナーにとって大きな負担になっていました。"


@pytest.fixture(scope="module")
def windows():
    return copycheck.read_windows()


def test_the_shipped_japanese_shares_no_run_of_20_with_the_seed(windows):
    assert copycheck.copies(REAL_CONTENT, CATALOGS, windows) == []


def test_a_copied_sentence_is_found_with_its_line(tmp_path, windows):
    folder = copy_content(tmp_path)
    # Spacing and punctuation width do not hide a copy.
    rewrite(
        folder / "ja" / "beta.md",
        "containerd か CRI-O を使います。",
        SEED_SENTENCE.replace("メンテナンス", " メンテナンス "),
    )
    found = copycheck.copies(folder, CATALOGS, windows)
    assert [(path, line) for path, line, _ in found] == [("ja/beta.md", 13)]
    assert "大きな負担になっていました" in found[0][2]


@pytest.mark.parametrize("quoted", ["「{}」", "`{}`", '"{}"'])
def test_quoted_or_coded_seed_text_is_not_a_copy(tmp_path, windows, quoted):
    folder = copy_content(tmp_path)
    rewrite(
        folder / "ja" / "beta.md",
        "containerd か CRI-O を使います。",
        "FAQ には " + quoted.format(SEED_SENTENCE) + " とあります。",
    )
    assert copycheck.copies(folder, CATALOGS, windows) == []


def test_short_shared_phrases_are_not_copies(windows):
    # Terms and stock phrases shared with the seed stay well under the bar.
    text = "dockershimの削除に関するFAQと、コンテナランタイムのドキュメントを参照してください。"
    assert copycheck.shared_runs(text, windows) == []
    assert copycheck.shared_runs(SEED_SENTENCE, windows, minimum=20)
