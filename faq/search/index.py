"""The search index on disk, published as generations (see generations.py) so readers never see
a half-built or empty index. Each thread keeps one searcher open and reopens it only when the
`current` symlink moves."""

import logging
import os
import threading
from pathlib import Path

import whoosh.index

from ..content import generations
from ..content.generations import CURRENT, MANIFEST, BuildInProgress  # noqa: F401 (the index's names for them)

logger = logging.getLogger(__name__)


class IndexUnavailable(Exception):
    """The index is missing or cannot be opened; the message says where and why."""


def publish(index_dir, schema, documents, version, extras=None):
    """Build a complete index from `documents` in a side directory, then make it current
    (generations.publish). Returns the number of documents indexed. Raises BuildInProgress if
    another build holds the lock. `extras(folder)`, if given, writes any further files into the
    new generation once every document is indexed."""

    def fill(gen):
        count = _write(gen, schema, documents)
        if extras:
            extras(gen)
        return {"version": version, "documents": count}

    # Whoosh needs about twice the segment size while it assembles the files; ask for 3x.
    return generations.publish(index_dir, fill, space_factor=3).manifest["documents"]


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


def manifest(index_dir):
    """The current index's manifest ({version, documents, built}), or None if there is none."""
    return generations.read_manifest(index_dir)


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


_generation_lock = threading.Lock()


def per_generation(searcher, name, make):
    """What `make(folder)` returns for the index generation `searcher` reads (its folder, or
    None), made once and kept on the open index, which the searchers of every thread share."""
    ix = getattr(searcher, "_ix", None)
    owner = searcher if ix is None else ix
    with _generation_lock:
        if name not in owner.__dict__:
            owner.__dict__[name] = make(getattr(getattr(ix, "storage", None), "folder", None))
        return owner.__dict__[name]


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
