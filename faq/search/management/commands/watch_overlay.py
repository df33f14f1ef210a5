import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.search import live


class Command(BaseCommand):
    help = (
        "Follow the team's overlay (FAQ_LOCAL_CONTENT_DIR): on each change, check it, index it beside "
        "the live index and publish both, so the running servers serve it within seconds. A refused "
        "change keeps the previous overlay served. Runs until stopped (a sidecar container)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Look once and exit (a CronJob, a test).")
        parser.add_argument(
            "--interval", type=float, default=None, help="Seconds between looks (FAQ_LOCAL_POLL_SECONDS)."
        )

    def handle(self, *args, once=False, interval=None, **options):
        if not settings.LOCAL_CONTENT_DIR:
            raise CommandError("FAQ_LOCAL_CONTENT_DIR is not set: there is no overlay to follow")
        interval = settings.LOCAL_POLL_SECONDS if interval is None else interval
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds")
        watcher = live.Watcher()
        while True:
            outcome = watcher.poll()
            if once:
                if outcome in ("refused", "failed"):
                    raise CommandError(f"overlay: {outcome} (see the log for why)")
                self.stdout.write(f"overlay: {outcome}")
                return
            time.sleep(interval)
