from django.core.management.base import BaseCommand

from cases.reminders import reminders_sync_all


class Command(BaseCommand):
    help = (
        "Bring every open case's reminders in the outbox in step with the case (after an upgrade that "
        "adds a kind of reminder, or to repair). Safe to run any time, any number of times."
    )

    def handle(self, *args, **options):
        count = reminders_sync_all()
        self.stdout.write(f"Open cases whose reminders are now in step with them: {count}.")
