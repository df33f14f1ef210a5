import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext, override

from faq.checker import manifests, sarif, summary
from faq.checker.report import check_stream, describe
from faq.checker.rules import get_rules

# Exit codes, as documented in --help: CI fails on 1 (something found) and 2 (could not check).
CLEAN, FOUND, UNREADABLE = 0, 1, 2
# What a folder is searched for; a file named on the command line is read whatever its name.
SUFFIXES = {".yaml", ".yml", ".json", ".toml"} | manifests.TEXT_SUFFIXES - {".txt", ".ini", ".cfg"}
NAMES = manifests.TEXT_NAMES
SKIPPED_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Check Kubernetes manifests (files, folders read recursively, or - for stdin) for "
        "dependencies on Docker Engine or dockershim. Exit status: 1 when something is found, "
        "otherwise 2 when an input could not be read (or nothing was read), otherwise 0."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            help="Files, folders (read recursively: YAML, JSON, TOML, .conf, .env, .service, .sh) "
            "or - for stdin, e.g. `kubectl get pods,daemonsets,deployments,nodes -A -o json | "
            "manage.py check_manifests -`.",
        )
        parser.add_argument("--format", choices=("text", "json", "sarif", "markdown"), default="text")
        parser.add_argument("--lang", choices=("en", "ja"), default="en", help="Language of the texts.")

    def handle(self, *args, lang, **options):
        with override(lang):
            self._check(lang=lang, **options)

    def _check(self, *, paths, format, lang, **options):
        rules = get_rules()
        inputs, skipped, missing = _inputs(paths)
        results = [_read(path, rules) for path in inputs]
        results += [(Path(p), None, gettext("no such file or folder")) for p in missing]
        if format == "json":
            self.stdout.write(
                json.dumps(_as_json(results, skipped, rules, lang), ensure_ascii=False, indent=2)
            )
        elif format == "sarif":
            self.stdout.write(json.dumps(sarif.document(results, rules, lang), ensure_ascii=False, indent=2))
        elif format == "markdown":
            sources = [(str(path), report) for path, report, _ in results if report]
            self.stdout.write(summary.report(sources, rules, lang))
        else:
            self._print(results, rules, lang)
        self._print_skipped(skipped)
        read = [report for _, report, _ in results if report and not report.error]
        if any(report.findings for report in read):
            raise SystemExit(FOUND)
        if not read:
            self.stderr.write(gettext("Nothing was read: no file to check."))
            raise SystemExit(UNREADABLE)
        if any(error or (report and report.problems) for _, report, error in results):
            raise SystemExit(UNREADABLE)

    def _print(self, results, rules, lang):
        by_id = {rule.id: rule for rule in rules}
        total = 0
        for path, report, error in results:
            if error:
                self.stderr.write(f"{path}: {gettext('error')}: {error}")
                continue
            for workload in report.workloads:
                where = f"{path}:{workload.line or 1}"
                name = "/".join(x for x in (workload.namespace, workload.name) if x)
                if workload.error:
                    self.stderr.write(
                        f"{where}: {gettext('error')}: "
                        + gettext("document %(n)s is %(problem)s")
                        % {"n": workload.document, "problem": workload.error}
                    )
                for finding in workload.findings:
                    total += 1
                    line = f"{path}:{finding.line or workload.line or 1}"
                    self.stdout.write(
                        f"{line}: {finding.severity}: {finding.rule}: {by_id[finding.rule].title[lang]}"
                        f" [{workload.kind or 'document'} {name}] {finding.value}"
                    )
        checked = sum(1 for _, report, error in results if report and not error)
        self.stdout.write(
            gettext("%(findings)s finding(s) in %(files)s file(s).") % {"findings": total, "files": checked}
        )

    def _print_skipped(self, skipped):
        if not skipped:
            return
        shown = ", ".join(str(p) for p in skipped[:SKIPPED_SHOWN])
        more = len(skipped) - SKIPPED_SHOWN
        self.stderr.write(
            ngettext(
                "Skipped %(n)s file a folder search does not read (name it to check it): %(files)s",
                "Skipped %(n)s files a folder search does not read (name them to check them): %(files)s",
                len(skipped),
            )
            % {"n": len(skipped), "files": shown}
            + (" " + gettext("and %(n)s more") % {"n": more} if more > 0 else "")
        )


def _inputs(paths):
    """(files to read, files skipped in folders, paths that do not exist). Hidden folders (.git)
    are not searched."""
    inputs, skipped, missing = [], [], []
    for name in paths:
        path = Path(name)
        if name == "-":
            inputs.append(path)
        elif path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in found.relative_to(path).parts[:-1]):
                    continue
                (inputs if found.suffix in SUFFIXES or found.name in NAMES else skipped).append(found)
        elif path.exists():
            inputs.append(path)
        else:
            missing.append(name)
    return inputs, skipped, missing


def _read(path, rules):
    """(path, Report or None, error): a file too big for the checker is reported, not read."""
    if str(path) == "-":
        return (path, *_report(check_stream(sys.stdin.buffer, "", rules)))
    try:
        size = path.stat().st_size
        if size > manifests.MAX_FILE_BYTES:
            return path, None, manifests.too_large_message(size, manifests.MAX_FILE_BYTES)
        with path.open("rb") as stream:
            return (path, *_report(check_stream(stream, path.name, rules)))
    except OSError as exc:
        return path, None, gettext("cannot read: %(reason)s") % {"reason": exc.strerror}


def _report(report):
    return (report, report.error) if report.error else (report, "")


def _as_json(results, skipped, rules, lang):
    files = []
    for path, report, error in results:
        entry = {"path": str(path), "error": error or None}
        if report and not report.error:
            entry.update(describe(report, rules, lang))
        files.append(entry)
    return {
        "files": files,
        "findings": sum(len(r.findings) for _, r, _ in results if r),
        "skipped": [str(p) for p in skipped],
    }
