from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq import catalogs


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo with Babel (no GNU gettext needed)."

    def handle(self, *args, **options):
        languages = [code for code, _ in settings.LANGUAGES]
        try:
            catalogs.compile_all(settings.BASE_DIR / "locale", settings.COMPILED_LOCALE_DIR, languages)
        except catalogs.CatalogError as exc:
            raise CommandError(f"broken catalog:\n{exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Compiled catalogs for {', '.join(languages)}."))
