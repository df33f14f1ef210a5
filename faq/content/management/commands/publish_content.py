from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.content import generations, publish

from .check_content import write_problems


class Command(BaseCommand):
    help = (
        "Check the content folder (settings.CONTENT_DIR) and publish it as the snapshot the site "
        "serves (under CONTENT_SNAPSHOT_DIR); then the same for the team's overlay "
        "(LOCAL_CONTENT_DIR, into LOCAL_SNAPSHOT_DIR) when there is one. On any error, print "
        "file:line problems, keep the current snapshot and fail; a refused overlay never stops "
        "our content from being published, nor the other way round."
    )

    def handle(self, *args, **options):
        failures = []
        steps = [("content", publish.publish, settings.CONTENT_DIR, settings.CONTENT_SNAPSHOT_DIR)]
        if settings.LOCAL_CONTENT_DIR:
            local = (settings.LOCAL_CONTENT_DIR, settings.LOCAL_SNAPSHOT_DIR)
            steps.append(("overlay", publish.publish_local, *local))
        for what, publish_one, source, root in steps:
            try:
                self.stdout.write(self.style.SUCCESS(self._publish(what, publish_one, source, root)))
            except CommandError as exc:
                failures.append(str(exc))
        if failures:
            raise CommandError("\n".join(failures))

    def _publish(self, what, publish_one, source, root):
        try:
            published, report = publish_one(source, root)
        except publish.Refused as exc:
            write_problems(self, exc.report)
            kept = generations.current(root)
            snapshot = "snapshot" if what == "content" else f"{what} snapshot"
            kept = f"the {snapshot} {kept} is still served" if kept else f"no {what} was published"
            raise CommandError(f"{len(exc.report.errors)} error(s) in {source}; {kept}") from None
        except generations.BuildInProgress as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"could not publish the {what} into {root}: {exc}") from None
        write_problems(self, report)
        version = published.manifest["version"]
        if published.changed:
            where = f"{root}/{published.generation}"
            return f"Published {report.entries} {what} files (version {version}) as {where}."
        return f"The {what} snapshot in {root} is up to date (version {version})."
