from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.content import publish


class Command(BaseCommand):
    help = (
        "Validate every content file, and the team's overlay when there is one (FAQ_LOCAL_CONTENT_DIR); "
        "print file:line problems and fail on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", help="Folder to check (default: settings.CONTENT_DIR).")
        parser.add_argument(
            "--local-dir", help="Overlay to check beside it (default: settings.LOCAL_CONTENT_DIR)."
        )

    def handle(self, *args, content_dir=None, local_dir=None, **options):
        folder = Path(content_dir or settings.CONTENT_DIR)
        report = publish.check(folder)
        write_problems(self, report)
        errors = len(report.errors)
        local = local_dir or settings.LOCAL_CONTENT_DIR
        if local and not report.errors:  # an overlay is checked against content that loads
            if not Path(local).is_dir():
                raise CommandError(f"the overlay folder {local} does not exist")
            local_report = publish.check_local(local, folder, label=str(local).rstrip("/"))
            write_problems(self, local_report)
            errors += len(local_report.errors)
        if errors:
            raise CommandError(f"{errors} error(s) in {folder}" + (f" and {local}" if local else ""))
        self.stdout.write(self.style.SUCCESS(f"{report.entries} entry files are valid."))
        if local:
            message = f"{local_report.entries} overlay entry and note files are valid."
            self.stdout.write(self.style.SUCCESS(message))


def write_problems(command, report):
    """Each problem on its own file:line line: errors to stderr, warnings to stdout."""
    for problem in report.problems:
        stream = command.stderr if problem.level == "error" else command.stdout
        stream.write(str(problem))
