import zoneinfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.demo import follow_up_soon


class Command(BaseCommand):
    help = (
        "Plan a demo follow-up for advocate@example.org due in a few minutes (DEMO_FOLLOW_UP_MINUTES), "
        "so that its reminder is seen arriving (development only; `make run` runs it)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is refused with these settings (production). Nothing was planned.")
        follow_up = follow_up_soon()
        if follow_up is None:
            self.stdout.write("No demo follow-up planned: load the demo data first (manage.py seed_demo).")
            return
        zone = zoneinfo.ZoneInfo(follow_up.case.organisation.timezone)
        due = timezone.localtime(follow_up.due_at, zone)
        where = f"in {settings.MAIL_FILE_DIR}/" if settings.MAIL_FILE_DIR else "in the mail backend's output"
        self.stdout.write(
            f"A demo follow-up of advocate@example.org falls due at {due:%H:%M} ({due.tzname()}): its reminder will be "
            f"{where}, and in her notifications on the site, within a minute of that."
        )
