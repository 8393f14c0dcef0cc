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
            self.stdout.write(banner())


def banner() -> str:
    lines = ["", "Demo sign-ins (development only), password: " + demo.DEMO_PASSWORD]
    for user in demo.DOCUMENTED_SIGN_INS:
        lines.append(f"  {user.email:<26} {user.role}{' (carer)' if user.is_carer else ''}")
    lines += [
        "Staff accounts use two-factor authentication. Add this TOTP secret to an authenticator app:",
        f"  {demo.DEMO_TOTP_SECRET}",
        f"  (code right now: {demo.current_demo_totp_code()}; `make totp` prints the current code)",
        "",
    ]
    return "\n".join(lines)
