from django.conf import settings
from django.core.management.base import BaseCommand

from faq import catalogs


class Command(BaseCommand):
    help = "Extract messages from code and templates and merge them into locale/*/django.po."

    def handle(self, *args, **options):
        languages = [code for code, _ in settings.LANGUAGES]
        counts = catalogs.update(settings.BASE_DIR, settings.BASE_DIR / "locale", languages)
        for lang, untranslated in counts.items():
            self.stdout.write(f"{lang}: {untranslated} untranslated message(s)")
