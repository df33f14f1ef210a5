"""Publishing a generated folder atomically: each build goes into its own `gen-<ns>` directory
under a root, and a `current` symlink is swapped to it by rename(2) once it is complete, so
readers never see a half-built, empty or missing folder, and a failed build leaves the previous
one current. The search index and the content snapshot are both published this way."""

import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

CURRENT = "current"
MANIFEST = "build.json"
LOCK = ".build.lock"


class BuildInProgress(Exception):
    """Another process is publishing into the same root."""


@dataclass(frozen=True)
class Published:
    generation: str  # the folder name under the root that is current now
    manifest: dict
    changed: bool  # False when the build matched the current version and was discarded


def publish(root, fill, *, space_factor=1, keep_same_version=False):
    """Build a generation in a side directory with `fill(folder)`, which returns the manifest
    (a dict with at least "version"), then make it current.

    The previous generation is kept for readers still using it; older ones are deleted. On any
    failure the side directory is removed and the current generation stays as it was. With
    `keep_same_version`, a build whose version equals the current one's is discarded instead.
    Needs `space_factor` times the current generation's size free. Raises BuildInProgress if
    another build holds the root's lock, OSError when the disk is too full."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with _build_lock(root):
        _check_free_space(root, space_factor)
        gen = root / f"gen-{time.time_ns()}"
        gen.mkdir()
        try:
            manifest = {**fill(gen), "built": time.time()}
            if keep_same_version and manifest["version"] == (read_manifest(root) or {}).get("version"):
                shutil.rmtree(gen)
                return Published(os.readlink(root / CURRENT), read_manifest(root), changed=False)
            write_json(gen / MANIFEST, manifest)
            link = root / f".{CURRENT}-{os.getpid()}"
            if link.is_symlink():
                link.unlink()
            link.symlink_to(gen.name)  # relative: the folder can be moved as a whole
            os.replace(link, root / CURRENT)  # rename(2) is atomic
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        _remove_old_generations(root, keep={gen.name})
        return Published(gen.name, manifest, changed=True)


def current(root):
    """The name of the current generation under `root` (one readlink), or None if there is none."""
    try:
        return os.readlink(Path(root) / CURRENT)
    except OSError:
        return None


def read_manifest(root):
    """The current generation's manifest, or None if there is none or it cannot be read."""
    return read_json(Path(root) / CURRENT / MANIFEST)


def read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path, data):
    """Write `data` to `path` through a temporary file and rename(2), so readers see all or nothing."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}-{os.getpid()}")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


class _build_lock:
    def __init__(self, root):
        self.path = root / LOCK

    def __enter__(self):
        self.file = open(self.path, "a")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise BuildInProgress(f"another build is publishing into {self.path.parent}") from None

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def _check_free_space(root, factor):
    current = root / CURRENT
    files = current.resolve().rglob("*") if current.exists() else ()
    used = sum(f.stat().st_size for f in files if f.is_file())
    free = shutil.disk_usage(root).free
    if free < factor * used:
        raise OSError(f"not enough free space in {root}: {free} bytes free, {factor * used} needed")


# How long a superseded generation stays: a process looks at `current` once a second and a
# request or an open searcher may still be reading the generation before, so two publishes a
# moment apart must not delete the one a reader has just resolved.
GRACE_SECONDS = 60.0


def _remove_old_generations(root, keep):
    """Delete the generations superseded more than GRACE_SECONDS ago, except the newest old one,
    which stays for readers that still have it open."""
    gens = sorted(root.glob("gen-*"))  # gen-<time_ns>: oldest first
    now = time.time()
    for old, newer in zip(gens[:-2], gens[1:-1], strict=True):
        if old.name not in keep and now - _made_current(newer) > GRACE_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


def _made_current(gen):
    """When `gen` became current: its manifest is written just before the swap."""
    try:
        return os.stat(gen / MANIFEST).st_mtime
    except OSError:
        return 0.0  # never became current (left by a crash): it superseded nothing
