"""Runs of Japanese text that our content shares with the seed (the Japanese Kubernetes pages we
write from). The seed itself is not in the repository: tests/data/seed-ja.windows holds a 32-bit
hash of each of its WINDOW-character windows, so a shared run shows up as consecutive windows
whose hashes are in that set. Rebuild it with

    python -m tests.copycheck /work/shared/seeds/dockershim-faq-ja.txt

Both sides are compared NFKC-normalized and without whitespace, so a copy is found whatever its
spacing or the width of its punctuation. Only prose counts: terms.prose() cuts out code, URLs,
link targets and quotations, and source titles (names of pages) are not read."""

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from faq.content import terms

WINDOW = 12
WINDOWS_FILE = Path(__file__).parent / "data" / "seed-ja.windows"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana, the long vowel mark and kanji


def normalized(text, line=1):
    """The characters of `text` without whitespace, NFKC-normalized, and the line of each."""
    chars, lines = [], []
    for char in text:
        if char == "\n":
            line += 1
        for out in unicodedata.normalize("NFKC", char):
            if not out.isspace():
                chars.append(out)
                lines.append(line)
    return "".join(chars), lines


def digest(window):
    return hashlib.blake2b(window.encode("utf-8"), digest_size=4).digest()


def seed_windows(seed_text):
    text, _ = normalized(seed_text)
    return {digest(text[i : i + WINDOW]) for i in range(len(text) - WINDOW + 1)}


def read_windows(path=WINDOWS_FILE):
    data = path.read_bytes()
    return {data[i : i + 4] for i in range(0, len(data), 4)}


def shared_runs(text, windows, line=1, minimum=20):
    """[(line, run)] for every run of `text` found in the seed that holds at least `minimum`
    Japanese characters."""
    chars, lines = normalized(terms.prose(text), line)
    found, start = [], None
    for i in range(len(chars) - WINDOW + 2):
        hit = i <= len(chars) - WINDOW and digest(chars[i : i + WINDOW]) in windows
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            run = chars[start : i - 1 + WINDOW]
            if len(JAPANESE.findall(run)) >= minimum:
                found.append((lines[start], run))
            start = None
    return found


def copies(content_dir, catalog_dir, windows, minimum=20):
    """[(path, line, run)] over every Japanese text a reader sees."""
    return [
        (path, at, run)
        for path, line, lang, text in terms.texts(content_dir, catalog_dir)
        if lang == "ja"
        for at, run in shared_runs(text, windows, line, minimum)
    ]


if __name__ == "__main__":
    digests = sorted(seed_windows(Path(sys.argv[1]).read_text(encoding="utf-8")))
    WINDOWS_FILE.write_bytes(b"".join(digests))
    print(f"{len(digests)} windows written to {WINDOWS_FILE}")
