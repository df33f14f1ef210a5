import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq import checker_rules, content, crictl, review, searchanalysis, terms, wizard_tree


class Command(BaseCommand):
    help = "Validate every content file; print file:line problems and fail on any error."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", help="Folder to check (default: settings.CONTENT_DIR).")

    def handle(self, *args, content_dir=None, **options):
        folder = Path(content_dir or settings.CONTENT_DIR)
        store = content.load(folder)
        problems = store.problems + crictl.validate(folder)
        tree, found = wizard_tree.load(folder / wizard_tree.FILE_NAME, wizard_tree.entry_ids_of(store))
        problems += found + checker_rules.validate(folder, set(store.entries))
        problems += searchanalysis.validate_synonyms(folder)
        problems += terms.validate(folder, settings.BASE_DIR / "locale")
        problems += review.warnings(self._dated(folder, store, tree), datetime.date.today())
        for problem in problems:
            stream = self.stderr if problem.level == "error" else self.stdout
            stream.write(str(problem))
        errors = sum(p.level == "error" for p in problems)
        if errors:
            raise CommandError(f"{errors} error(s) in {folder}")
        self.stdout.write(self.style.SUCCESS(f"{len(store.entries)} entry files are valid."))

    def _dated(self, folder, store, tree):
        """The review_by dates of what loaded; a broken file's own problems say why it is missing."""
        yield from review.entry_items(store, folder)
        if tree is not None:
            yield from review.wizard_items(tree, wizard_tree.FILE_NAME)
        yield from review.rule_items(checker_rules.load(folder)[0], checker_rules.FILE_NAME)
