"""Cold load of the content snapshot: what a fresh process spends before it can serve, for the
snapshot as it is (a copy of the source files, parsed and rendered by the loaders) against a
serialized store (pickle of the loaded objects), at the shipped size and scaled up.

    .venv/bin/python benchmark/content_load.py [--rounds 5] [--scale 1 10]

Each round runs in a fresh process (django.setup() excluded from the figures). "--scale 10"
publishes ten renamed copies of every entry pair."""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, pickle, sys, time
import django
django.setup()
from faq.checker import rules as checker_rules
from faq.content import crictl, loader, snapshot
from faq.search import synonyms
from faq.wizard import tree as wizard_tree
started = time.perf_counter()
parts = (loader.get_store(), crictl.get_table(), wizard_tree.get_tree(), checker_rules.get_rules(),
         synonyms.load_synonyms(snapshot.folder()))
source = time.perf_counter() - started
data = pickle.dumps(parts)
started = time.perf_counter()
pickle.loads(data)
print(json.dumps({"source": source, "pickle": time.perf_counter() - started, "bytes": len(data),
                  "entries": len(parts[0].entries)}))
"""


def scaled_content(target, scale):
    """The shipped content with `scale` copies of each entry pair (ids suffixed -2, -3...)."""
    shutil.copytree(ROOT / "content", target)
    for lang in ("en", "ja"):
        for path in sorted((target / lang).glob("*.md")):
            text = path.read_text(encoding="utf-8")
            for n in range(2, scale + 1):
                copy = re.sub(r'(?m)^id: "?([a-z0-9-]+)"?$', rf'id: "\1-{n}"', text, count=1)
                (target / lang / f"{path.stem}-{n}.md").write_text(copy, encoding="utf-8")


def measure(scale, rounds):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "content"
        scaled_content(source, scale)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "faq.settings", "FAQ_DATA_DIR": str(Path(tmp) / "var")}
        env |= {"FAQ_CONTENT_DIR": str(source), "FAQ_LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT)}
        env["FAQ_COMPILED_LOCALE_DIR"] = str(ROOT / "var" / "locale")
        publish = [sys.executable, "manage.py", "publish_content"]
        subprocess.run(publish, env=env, cwd=ROOT, check=True, capture_output=True)
        runs = []
        for _ in range(rounds):
            child = [sys.executable, "-c", CHILD]
            out = subprocess.run(child, env=env, cwd=ROOT, capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for scale in args.scale:
        runs = measure(scale, args.rounds)
        source = statistics.median(r["source"] for r in runs)
        pickled = statistics.median(r["pickle"] for r in runs)
        print(
            f"{runs[0]['entries']:5d} entries: source files {source * 1000:7.1f} ms, "
            f"pickle {pickled * 1000:6.1f} ms ({runs[0]['bytes'] / 1e6:.1f} MB), "
            f"median of {len(runs)} fresh processes"
        )


if __name__ == "__main__":
    main()
