"""Live updates of the team's overlay, without a restart: `manage.py watch_overlay` calls poll()
every settings.LOCAL_POLL_SECONDS. A change in the overlay folder (a ConfigMap update, which
kubelet makes by swapping the `..data` symlink, or git-sync swapping its worktree link) is
copied, checked, indexed beside the live index and only then made current; the servers follow
both `current` links within a second, and the content version (so the ETags and cached pages)
moves with them. A refused change leaves everything as it was and is reported once."""

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ..content import generations, loader, overlay, publish, snapshot
from . import indexing

logger = logging.getLogger(__name__)

CONFIGMAP_DATA = "..data"  # kubelet's link to the current revision of a ConfigMap volume


@dataclass
class Watcher:
    last: str | None = None  # the source version last published or refused

    def poll(self):
        """Publish the overlay if it changed since the last poll; make sure the index is of what is
        served. Returns what happened: "unchanged", "published", "refused" or "failed"."""
        source = stable_source(settings.LOCAL_CONTENT_DIR)
        try:
            version = overlay.version(source)
        except OSError as exc:  # the folder is gone for a moment (a worktree being swapped)
            logger.warning("cannot read the overlay in %s: %s", source, exc)
            return "failed"
        outcome = "unchanged" if version == self.last else self._publish(source)
        if outcome != "failed":
            self.last = version
        store = loader.get_store(staff=True)  # one look, so the check and the build see one snapshot
        if indexing.is_stale(settings.SEARCH_INDEX_DIR, store):
            indexing.build_index(settings.SEARCH_INDEX_DIR, store)
        return outcome

    def _publish(self, source):
        try:
            root = settings.LOCAL_SNAPSHOT_DIR
            published, _ = publish.publish_local(source, root, before_swap=index_copy)
        except publish.Refused as exc:
            problems = "\n".join(str(p) for p in exc.report.errors)
            logger.error("the overlay in %s was refused; the previous one stays:\n%s", source, problems)
            return "refused"
        except (generations.BuildInProgress, OSError) as exc:
            logger.warning("could not publish the overlay from %s: %s", source, exc)
            return "failed"
        if published.changed:
            version = published.manifest["version"]
            logger.info("published the overlay %s (version %s)", published.generation, version)
        return "published" if published.changed else "unchanged"


def stable_source(folder):
    """The folder to copy the overlay from, resolved once, so one copy never mixes two revisions:
    the target of a ConfigMap volume's `..data` link, or of git-sync's worktree link."""
    folder = Path(folder)
    data = folder / CONFIGMAP_DATA
    return Path(os.path.realpath(data if data.is_dir() else folder))


def index_copy(gen):
    """Build the index of our content with the overlay copy in `gen` merged in, before that copy
    is made current: searches never miss what the pages already show."""
    store = overlay.merged(snapshot.folder(), str(gen)).staff
    indexing.build_index(settings.SEARCH_INDEX_DIR, store)
