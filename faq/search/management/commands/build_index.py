import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.content import loader
from faq.content.problems import ContentError
from faq.search import index, indexing


class Command(BaseCommand):
    help = (
        "Build the search index from the content into a side directory under SEARCH_INDEX_DIR and "
        "swap it in atomically; searches keep answering from the previous index meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Only build when the index is missing, unreadable, or built from other content.",
        )

    def handle(self, *args, if_stale=False, **options):
        index_dir = settings.SEARCH_INDEX_DIR
        try:
            store = loader.get_store(staff=True)  # internal entries too: searches filter them
            if if_stale and not indexing.is_stale(index_dir, store):
                self.stdout.write(f"The search index in {index_dir} is up to date.")
                return
            started = time.perf_counter()
            count = indexing.build_index(index_dir, store)
        except ContentError as exc:
            raise CommandError(f"the content has errors; the current index is kept:\n{exc}") from None
        except index.BuildInProgress as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"could not build the search index in {index_dir}: {exc}") from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} documents in {elapsed:.1f} s into {index_dir}.")
        )
