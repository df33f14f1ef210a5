import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import override

from faq.checker.report import check, describe
from faq.checker.rules import get_rules

# Exit codes, as documented in --help: CI fails on 1 (something found) and 2 (could not check).
CLEAN, FOUND, UNREADABLE = 0, 1, 2
SUFFIXES = {".yaml", ".yml", ".json", ".env", ".conf"}


class Command(BaseCommand):
    help = (
        "Check Kubernetes manifests (files or folders, recursively) for dependencies on Docker "
        "Engine or dockershim. Exit status: 0 nothing found, 1 findings, 2 unreadable input."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders; folders are read recursively.")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--lang", choices=("en", "ja"), default="en", help="Language of the texts.")

    def handle(self, *args, lang, **options):
        with override(lang):
            self._check(lang=lang, **options)

    def _check(self, *, paths, format, lang, **options):
        rules = get_rules()
        results, unreadable = [], False
        for path in _files(paths):
            try:
                data = path.read_bytes()
            except OSError as exc:
                results.append((path, None, f"cannot read: {exc.strerror}"))
                unreadable = True
                continue
            report = check(data, rules)
            unreadable |= bool(report.error or report.problems)
            results.append((path, report, report.error))
        missing = [p for p in paths if not Path(p).exists()]
        for path in missing:
            results.append((Path(path), None, "no such file or folder"))
        unreadable |= bool(missing)
        if format == "json":
            self.stdout.write(json.dumps(_as_json(results, rules, lang), ensure_ascii=False, indent=2))
        else:
            self._print(results, rules, lang)
        found = any(report and report.findings for _, report, _ in results)
        if unreadable:
            raise SystemExit(UNREADABLE)
        if found:
            raise SystemExit(FOUND)

    def _print(self, results, rules, lang):
        by_id = {rule.id: rule for rule in rules}
        total = 0
        for path, report, error in results:
            if error:
                self.stderr.write(f"{path}: error: {error}")
                continue
            for workload in report.workloads:
                where = f"{path}:{workload.line or 1}"
                name = "/".join(x for x in (workload.namespace, workload.name) if x)
                if workload.error:
                    self.stderr.write(f"{where}: error: document {workload.document} is {workload.error}")
                for finding in workload.findings:
                    total += 1
                    line = f"{path}:{finding.line or workload.line or 1}"
                    self.stdout.write(
                        f"{line}: {finding.severity}: {finding.rule}: {by_id[finding.rule].title[lang]}"
                        f" [{workload.kind or 'document'} {name}] {finding.value}"
                    )
        checked = sum(1 for _, report, _ in results if report)
        self.stdout.write(f"{total} finding(s) in {checked} file(s).")


def _files(paths):
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        elif path.exists():
            yield path


def _as_json(results, rules, lang):
    files = []
    for path, report, error in results:
        entry = {"path": str(path), "error": error or None}
        if report and not report.error:
            entry.update(describe(report, rules, lang))
        files.append(entry)
    return {"files": files, "findings": sum(len(r.findings) for _, r, _ in results if r)}
