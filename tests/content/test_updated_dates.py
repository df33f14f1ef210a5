"""Each entry's "updated" date is its last real change: the day its title, summary, sources,
notes or body last changed in the repository's history (today for a change not yet committed).
Bookkeeping (review_by, translated_from, related, order, errors, the date itself) is not a change
a reader sees, so it does not count."""

import datetime
import subprocess
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VISIBLE = ("title", "summary", "sources", "historical")


def git(*args, **kwargs):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=True, **kwargs).stdout


def visible(text):
    """What a reader sees of an entry file, or None if there is no such file."""
    if text is None:
        return None
    _, front, body = text.split("---\n", 2)
    fields = yaml.safe_load(front)
    return ({key: fields.get(key) for key in VISIBLE}, body.strip()), fields.get("updated")


def blobs(specs):
    """The texts of `commit:path` specs, read through one `git cat-file --batch` (None: missing)."""
    out = git("cat-file", "--batch", input=b"".join(f"{spec}\n".encode() for spec in specs))
    texts, position = [], 0
    for _ in specs:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split()
        if header[-1] == b"missing":
            texts.append(None)
            position = header_end + 1
            continue
        size = int(header[2])
        texts.append(out[header_end + 1 : header_end + 1 + size].decode("utf-8"))
        position = header_end + 1 + size + 1
    return texts


def shallow_boundaries():
    """Commits whose parents a shallow clone does not have: what they changed is unknown."""
    if git("rev-parse", "--is-shallow-repository").strip() != b"true":
        return set()
    return set(Path(git("rev-parse", "--git-path", "shallow").decode().strip()).read_text().split())


def last_real_changes():
    """{path: date of the last commit that changed what readers see in it}."""
    log = git("log", "--format=>%H %P %ad", "--date=short", "--name-only", "--", "content/en", "content/ja")
    boundaries, touched = shallow_boundaries(), []
    commit = parent = day = None
    for line in log.decode().splitlines():  # newest commit first
        if line.startswith(">"):
            commit, *parents, day = line[1:].split()
            parent = parents[0] if parents else None
        elif line.endswith(".md"):
            touched.append((line, commit, parent, day))
    texts = blobs([f"{commit}:{path}" for path, commit, _, _ in touched])
    before = blobs([f"{parent}:{path}" if parent else "0" * 40 for path, _, parent, _ in touched])
    changes, unknown = {}, set()
    for (path, commit, _, day), new, old in zip(touched, texts, before, strict=True):
        if path in changes or path in unknown or new is None:
            continue
        if commit in boundaries:
            unknown.add(path)
        elif old is None or visible(new)[0] != visible(old)[0]:
            changes[path] = datetime.date.fromisoformat(day)
    return changes


def test_each_entrys_updated_date_is_its_last_real_change():
    changes = last_real_changes()
    committed = dict(zip(changes, blobs([f"HEAD:{path}" for path in changes]), strict=True))
    wrong = []
    for path in sorted(changes):
        on_disk = (ROOT / path).read_text(encoding="utf-8")
        seen, updated = visible(on_disk)
        head = visible(committed[path])
        expected = changes[path] if head and head[0] == seen else datetime.date.today()
        if updated != expected:
            wrong.append(f"{path}: updated: {updated}, last real change {expected}")
    assert wrong == []
