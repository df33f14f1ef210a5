"""What the team's overlay costs: the cold load of the served store with an overlay of N entry
pairs (and a note on each of ours) against our content alone, and the time from a ConfigMap
`..data` swap to the change being served (watch_overlay's poll: copy, check, index beside the
live index, swap), side by side in one run.

    .venv/bin/python benchmark/overlay_live.py [--rounds 5] [--entries 10 100]

In-process on temporary folders (no network); prints medians, ratios and the load average."""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faq.settings")
os.environ["FAQ_LOG_LEVEL"] = "ERROR"


def overlay_folder(target, pairs, ours):
    """tests/data/local's golden-ami pair copied `pairs` times, and a note on each of our entries."""
    local = ROOT / "tests" / "data" / "local"
    target.mkdir()
    shutil.copy(local / "categories.yaml", target / "categories.yaml")
    for lang in ("en", "ja"):
        (target / lang).mkdir(parents=True)
        (target / "notes" / lang).mkdir(parents=True)
        text = (
            (local / lang / "golden-ami.md")
            .read_text(encoding="utf-8")
            .replace("related: [kaniko-builds]\n", "")
        )
        for n in range(pairs):
            (target / lang / f"golden-ami-{n}.md").write_text(
                text.replace("id: golden-ami", f"id: golden-ami-{n}")
            )
        for (entry_lang, entry_id), entry in ours.entries.items():
            if entry_lang == lang:
                front = f'---\nrevision: "{entry.body_hash}"\nupdated: 2026-11-21\n---\n'
                note = front + "Ask **#platform-runtime** first.\n"
                (target / "notes" / lang / f"{entry_id}.md").write_text(note, encoding="utf-8")


def swap_in(volume, source, revision):
    """Make `source` the current revision of a ConfigMap-style volume, as kubelet does."""
    target = volume / f"..rev-{revision}"
    shutil.copytree(source, target)
    (volume / "..data_tmp").symlink_to(target.name)
    os.replace(volume / "..data_tmp", volume / "..data")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--entries", type=int, nargs="+", default=[10, 100])
    args = parser.parse_args()
    import django
    from django.conf import settings

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["FAQ_DATA_DIR"] = str(tmp / "var")
        django.setup()
        from faq.content import loader, overlay, publish, snapshot
        from faq.search import live

        publish.publish(ROOT / "content", settings.CONTENT_SNAPSHOT_DIR)
        ours = loader.get_store()
        print(f"our content: {len(ours.entries)} entry files")
        for pairs in args.entries:
            source = tmp / f"local-{pairs}"
            overlay_folder(source, pairs, ours)
            volume = tmp / f"volume-{pairs}"
            volume.mkdir()
            swap_in(volume, source, 0)
            for name in os.listdir(volume / "..data"):
                (volume / name).symlink_to(f"..data/{name}")
            settings.LOCAL_CONTENT_DIR = str(volume)
            settings.LOCAL_SNAPSHOT_DIR = tmp / f"snapshot-{pairs}"
            settings.SEARCH_INDEX_DIR = tmp / f"index-{pairs}"
            snapshot.refresh()
            watcher = live.Watcher()
            assert watcher.poll() == "published"
            alone, merged, updates = [], [], []
            for revision in range(1, args.rounds + 1):
                loader._load.cache_clear()
                started = time.perf_counter()
                store = loader._load(snapshot.folder())
                alone.append(time.perf_counter() - started)
                overlay._merged.cache_clear()
                started = time.perf_counter()
                store = loader.get_store(staff=True)
                merged.append(time.perf_counter() - started)
                path = source / "en" / "golden-ami-0.md"
                path.write_text(
                    path.read_text(encoding="utf-8") + f"\nRevision {revision}.\n", encoding="utf-8"
                )
                swap_in(volume, source, revision)
                started = time.perf_counter()
                assert watcher.poll() == "published"
                updates.append(time.perf_counter() - started)
            assert len(store.entries) == len(ours.entries) + 2 * pairs
            a, m, u = (statistics.median(x) for x in (alone, merged, updates))
            print(
                f"overlay of {2 * pairs} entry files + {len(store.local_notes)} notes: "
                f"ours alone {a * 1000:.0f} ms, ours + overlay {(a + m) * 1000:.0f} ms "
                f"(merge {m * 1000:.0f} ms, x{(a + m) / a:.2f}); "
                f"..data swap -> served and indexed {u:.2f} s (median of {args.rounds})"
            )
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
