from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq import checker_rules, content, crictl, searchanalysis, wizard_tree


class Command(BaseCommand):
    help = "Validate every content file; print file:line problems and fail on any error."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", help="Folder to check (default: settings.CONTENT_DIR).")

    def handle(self, *args, content_dir=None, **options):
        folder = Path(content_dir or settings.CONTENT_DIR)
        store = content.load(folder)
        problems = store.problems + crictl.validate(folder)
        problems += wizard_tree.validate(folder, wizard_tree.entry_ids_of(store))
        problems += checker_rules.validate(folder, set(store.entries))
        problems += searchanalysis.validate_synonyms(folder)
        for problem in problems:
            stream = self.stderr if problem.level == "error" else self.stdout
            stream.write(str(problem))
        errors = sum(p.level == "error" for p in problems)
        if errors:
            raise CommandError(f"{errors} error(s) in {folder}")
        self.stdout.write(self.style.SUCCESS(f"{len(store.entries)} entry files are valid."))
