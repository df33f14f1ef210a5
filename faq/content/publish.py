"""Check a content folder, and publish it as the snapshot the site serves (snapshot.py): a copy
of its source files in a new generation under settings.CONTENT_SNAPSHOT_DIR, checked there and
made current atomically (generations.py). A folder with any error is refused, the refusal is
recorded beside the generations for the servers to report, and the previous snapshot stays.

The snapshot holds the source files themselves rather than a serialized store: the same loader
validates and serves them, a snapshot stays readable by any later version of the code, and the
bytes the content version hashes are the bytes served. It costs a full load per process: 0.9 s
for the shipped 46 entry files, 8 s for ten times as many, where unpickling the loaded objects
took 4 ms and 35 ms (benchmark/content_load.py, 2 busy cores). A pickle written beside the files
of a generation, keyed on the code version too, can be added when start-up time needs it."""

import datetime
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import crictl, generations, loader, overlay, review, snapshot, terms
from .problems import ContentError


@dataclass(frozen=True)
class Report:
    problems: list  # errors and warnings, each with its file:line
    entries: int
    version: str

    @property
    def errors(self):
        return [p for p in self.problems if p.level == "error"]


class Refused(ContentError):
    """The folder has errors, so it was not published; `report` says all that was found."""

    def __init__(self, report):
        super().__init__(report.problems)
        self.report = report


# What the other capabilities check in a content folder (the wizard's tree, the checker's rules,
# the search synonyms), registered by their apps' ready(), so this module never imports them:
# each is `check(folder, store)` -> (problems, review items for review.warnings).
CHECKS = []


def register(check):
    """Add a content check (see CHECKS); checks run in the order they were registered."""
    CHECKS.append(check)
    return check


# What the other capabilities check in an overlay (the wizard notes' result ids), registered the
# same way: each is `check(overlay.Overlay, our content folder, label)` -> problems.
LOCAL_CHECKS = []


def register_local(check):
    LOCAL_CHECKS.append(check)
    return check


def check_local(local_dir, ours_folder, label=overlay.LABEL):
    """The Report of the overlay in `local_dir` checked against our content in `ours_folder`,
    each problem named `label`/file:line."""
    ours_folder = str(Path(ours_folder).resolve())
    found = overlay.load(Path(local_dir), loader._load(ours_folder), label)
    problems = found.problems + [p for each in LOCAL_CHECKS for p in each(found, ours_folder, label)]
    return Report(problems, len(found.entries) + len(found.notes), found.version)


def check(content_dir):
    """The Report of every content file in `content_dir`: entries, categories, home, the crictl
    table, what the registered CHECKS cover, the terms (in the catalogs too) and the review_by
    dates (warnings only)."""
    folder = Path(content_dir)
    store = loader.load(folder)
    problems = store.problems + crictl.validate(folder)
    dated = list(review.entry_items(store, folder))
    for each in CHECKS:
        found, items = each(folder, store)
        problems += found
        dated += items
    problems += terms.validate(folder, settings.BASE_DIR / "locale")
    problems += review.warnings(dated, datetime.date.today())
    return Report(problems, len(store.entries), store.version)


def publish(source, root):
    """Copy the source files of `source` into a new generation under `root`, check the copy, and
    make it current; a copy with the current snapshot's version is discarded instead. Returns
    (generations.Published, Report). Raises Refused when the copy has errors (the current
    snapshot stays, and the refusal is recorded in `root`/snapshot.REJECTED); BuildInProgress
    or OSError as generations.publish does."""
    return _publish(source, root, loader.source_files, check)


def publish_local(source, root, before_swap=None):
    """publish() for the overlay in `source`, checked against our content being served: a
    refused overlay leaves the previous one served, and our content is never affected.
    `before_swap(generation folder)`, if given, runs once the copy is checked and before it is
    made current (the live updater builds the search index of it there)."""
    ours = snapshot.folder()

    def check_copy(gen):
        report = check_local(gen, ours, str(source))
        if before_swap and not report.errors:
            before_swap(gen)
        return report

    return _publish(source, root, overlay.source_files, check_copy)


def _publish(source, root, source_files, check_copy):
    source, root = Path(source), Path(root)
    reports = []

    def fill(gen):
        files = source_files(source)
        for name in files:
            (gen / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, gen / name)
        reports.append(check_copy(gen))  # the copy, not the folder: what is checked is what is served
        if reports[-1].errors:
            raise Refused(reports[-1])
        return {"version": reports[-1].version, "source": str(source.resolve()), "files": len(files)}

    try:
        published = generations.publish(root, fill, keep_same_version=True)
    except Refused as exc:
        problems = [str(p) for p in exc.problems]
        record = {"source": str(source.resolve()), "at": time.time(), "problems": problems}
        generations.write_json(root / snapshot.REJECTED, record)
        snapshot.refresh()  # this process reports the refusal at once
        raise
    (root / snapshot.REJECTED).unlink(missing_ok=True)
    snapshot.refresh()  # this process serves what it just published at once
    return published, reports[-1]
