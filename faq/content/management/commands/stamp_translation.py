import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.content import entryfile, translations


class Command(BaseCommand):
    help = "Record in a translation which revision of the original it now matches."

    def add_arguments(self, parser):
        parser.add_argument("entry_id", help="The entry id, e.g. private-images (or 'all').")
        parser.add_argument("lang", choices=entryfile.LANGS, help="The language of the translation.")

    def handle(self, *args, entry_id, lang, **options):
        folder = Path(settings.CONTENT_DIR)
        ids = sorted(p.stem for p in (folder / lang).glob("*.md")) if entry_id == "all" else [entry_id]
        for each in ids:
            self.stdout.write(stamp(folder, each, lang))


def stamp(folder, entry_id, lang):
    """Write translated_from into content/<lang>/<entry_id>.md; return what was done."""
    original_lang = "en" if lang == "ja" else "ja"
    target, original = folder / lang / f"{entry_id}.md", folder / original_lang / f"{entry_id}.md"
    for path in (target, original):
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
    original_text = entryfile.read_text(original)
    front, body, _ = entryfile.split_front_matter(original_text)
    if re.search(r"^translated_from:", front, flags=re.M):
        raise CommandError(f"{original} is itself marked as a translation; remove its translated_from first")
    marker = f'translated_from: "{original_lang}@{translations.body_hash(body)}"'
    text = entryfile.read_text(target)
    front, body, _ = entryfile.split_front_matter(text)
    lines = [line for line in front.split("\n") if not line.startswith("translated_from:")]
    # Write beside the file and rename, so an interrupted run never leaves half a file.
    partial = target.with_suffix(".md.partial")
    partial.write_text("---\n" + "\n".join([*lines, marker]) + "\n---\n" + body, encoding="utf-8")
    partial.replace(target)
    return f"{target.relative_to(folder)}: {marker}"
