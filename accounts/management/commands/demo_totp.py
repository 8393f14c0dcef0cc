from django.core.management.base import BaseCommand

from accounts import demo


class Command(BaseCommand):
    help = "Print the demo staff accounts' current TOTP code."

    def handle(self, *args, **options):
        self.stdout.write(demo.current_demo_totp_code())
