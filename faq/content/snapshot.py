"""Which content folder this process serves: the current snapshot published under
settings.CONTENT_SNAPSHOT_DIR (see publish.py), or settings.CONTENT_DIR itself when none
has been published yet; and likewise the team's overlay (overlay.py) published under
settings.LOCAL_SNAPSHOT_DIR, which is served only once published. Each `current` link is looked
at no more than once a second (one readlink and one stat), so a running process follows a newly
published snapshot without a restart, and a restarting one keeps the last good snapshot whatever
the content folder holds meanwhile."""

import logging
import math
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed

from . import generations

logger = logging.getLogger(__name__)

CHECK_INTERVAL = 1.0  # seconds between looks at the `current` link
REJECTED = "rejected.json"  # beside the generations: the last publish that was refused, and why


@dataclass(frozen=True)
class Served:
    folder: str  # resolved path the content is read from
    generation: str | None  # the snapshot's folder name, None when CONTENT_DIR is served directly
    manifest: dict | None  # the snapshot's build.json: version, source, files, built
    rejection: dict | None  # the last refused publish: {"source", "at", "problems": ["file:line: ..."]}


class _Follower:
    """Follows the `current` link and the refusal record under one root, looking at most once
    every CHECK_INTERVAL seconds; `resolve(root, generation)` makes the Served record."""

    def __init__(self, root_setting, resolve, log):
        self.root_setting, self.resolve, self.log = root_setting, resolve, log
        self.lock = threading.Lock()
        self.state = (-math.inf, None, None)  # (monotonic time of the last look, what was seen, Served)

    def served(self):
        checked, seen, result = self.state
        now = time.monotonic()
        if now - checked < CHECK_INTERVAL:
            return result
        with self.lock:
            root = Path(getattr(settings, self.root_setting))
            look = (generations.current(root), _mtime(root / REJECTED))
            if look != seen:
                result = self.resolve(root, look[0])
                self.log(result)
            self.state = (now, look, result)
        return result

    def refresh(self):
        self.state = (-math.inf, None, None)


def served():
    """The Served record of our content in this process, at most CHECK_INTERVAL seconds old."""
    return _ours.served()


def folder():
    """The folder the content is served from, as a string (the key of every content cache)."""
    return _ours.served().folder


def local_served():
    """The Served record of the overlay: its folder is None while none is published, or when
    settings.LOCAL_CONTENT_DIR is unset."""
    return _local.served()


def local_folder():
    return _local.served().folder


def refresh(**kwargs):
    """Look at the `current` links again on the next call (after a publish, or changed settings)."""
    _ours.refresh()
    _local.refresh()


def _mtime(path):
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _resolve(root, generation):
    rejection = generations.read_json(root / REJECTED)
    if generation and (root / generation).is_dir():
        gen = (root / generation).resolve()
        return Served(str(gen), generation, generations.read_json(gen / generations.MANIFEST), rejection)
    return Served(str(Path(settings.CONTENT_DIR).resolve()), None, None, rejection)


def _resolve_local(root, generation):
    if not settings.LOCAL_CONTENT_DIR:
        return Served(None, None, None, None)
    rejection = generations.read_json(root / REJECTED)
    if generation and (root / generation).is_dir():
        gen = (root / generation).resolve()
        return Served(str(gen), generation, generations.read_json(gen / generations.MANIFEST), rejection)
    return Served(None, None, None, rejection)


def _log_local(result):
    if result.rejection:
        problems = result.rejection.get("problems", [])
        logger.error(
            "the overlay publish from %s was refused with %d error(s); %s:\n%s",
            result.rejection.get("source"),
            len(problems),
            f"serving the previous overlay {result.generation}"
            if result.generation
            else "no overlay is served",
            "\n".join(problems),
        )
    elif result.generation:
        version = (result.manifest or {}).get("version")
        logger.info("serving the overlay %s (version %s)", result.folder, version)


def _log(result):
    if result.rejection:
        problems = result.rejection.get("problems", [])
        serving = (
            f"serving the previous snapshot {result.generation} "
            f"(version {(result.manifest or {}).get('version')})"
            if result.generation
            else f"there is no previous snapshot: serving {result.folder} directly"
        )
        logger.error(
            "the content publish from %s was refused with %d error(s); %s:\n%s",
            result.rejection.get("source"),
            len(problems),
            serving,
            "\n".join(problems),
        )
    elif result.generation:
        manifest = result.manifest or {}
        logger.info(
            "serving content snapshot %s (version %s, from %s)",
            result.folder,
            manifest.get("version"),
            manifest.get("source"),
        )
    else:
        logger.info(
            "no content snapshot in %s (manage.py publish_content): serving %s directly",
            settings.CONTENT_SNAPSHOT_DIR,
            result.folder,
        )


_ours = _Follower("CONTENT_SNAPSHOT_DIR", _resolve, _log)
_local = _Follower("LOCAL_SNAPSHOT_DIR", _resolve_local, _log_local)
setting_changed.connect(refresh)
