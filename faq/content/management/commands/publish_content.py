from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.content import generations, publish

from .check_content import write_problems


class Command(BaseCommand):
    help = (
        "Check the content folder (settings.CONTENT_DIR) and publish it as the snapshot the site "
        "serves (under CONTENT_SNAPSHOT_DIR). On any error, print file:line problems, keep the "
        "current snapshot and fail."
    )

    def handle(self, *args, **options):
        source, root = settings.CONTENT_DIR, settings.CONTENT_SNAPSHOT_DIR
        try:
            published, report = publish.publish(source, root)
        except publish.Refused as exc:
            write_problems(self, exc.report)
            kept = generations.current(root)
            kept = f"the snapshot {kept} is still served" if kept else "nothing was published"
            raise CommandError(f"{len(exc.report.errors)} error(s) in {source}; {kept}") from None
        except generations.BuildInProgress as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"could not publish the content into {root}: {exc}") from None
        write_problems(self, report)
        version = published.manifest["version"]
        if published.changed:
            where = f"{root}/{published.generation}"
            message = f"Published {report.entries} entry files (version {version}) as {where}."
        else:
            message = f"The content snapshot in {root} is up to date (version {version})."
        self.stdout.write(self.style.SUCCESS(message))
