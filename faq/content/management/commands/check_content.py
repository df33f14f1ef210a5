from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.content import publish


class Command(BaseCommand):
    help = "Validate every content file; print file:line problems and fail on any error."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", help="Folder to check (default: settings.CONTENT_DIR).")

    def handle(self, *args, content_dir=None, **options):
        folder = Path(content_dir or settings.CONTENT_DIR)
        report = publish.check(folder)
        write_problems(self, report)
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s) in {folder}")
        self.stdout.write(self.style.SUCCESS(f"{report.entries} entry files are valid."))


def write_problems(command, report):
    """Each problem on its own file:line line: errors to stderr, warnings to stdout."""
    for problem in report.problems:
        stream = command.stderr if problem.level == "error" else command.stdout
        stream.write(str(problem))
