from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo
from resources.hsds import HSDSError


class Command(BaseCommand):
    help = "Load the demo organisations and accounts (development only). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-banner", action="store_true", help="Do not print the demo sign-ins.")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is refused with these settings (production). Nothing was loaded.")
        try:
            created = demo.seed()
        except HSDSError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError("The demo resource directory could not be imported. Nothing was loaded.") from None
        self.stdout.write(
            f"Demo data: {created['organisations']} organisations, {created['users']} accounts, "
            f"{created['services']} directory services and {created['cases']} requests created "
            "(all 0 means it was already loaded)."
        )
        if not options["quiet_banner"]:
            self.stdout.write(demo.sign_ins_text())
