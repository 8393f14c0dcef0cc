from django.core.management.base import BaseCommand

from accounts import demo


class Command(BaseCommand):
    help = "Print the demo sign-ins: e-mails, the shared password, the staff TOTP secret and its current code."

    def handle(self, *args, **options):
        self.stdout.write(demo.sign_ins_text())
