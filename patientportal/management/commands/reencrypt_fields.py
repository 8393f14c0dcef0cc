"""``manage.py reencrypt_fields [--check] [--batch-size N]``: the re-encryption step of a key
rotation (README, "Encryption at rest")."""

from django.core.management.base import BaseCommand, CommandError
from django_field_encryption import get_active_key_id

from patientportal.encryption import DecryptionError, reencrypt


class Command(BaseCommand):
    help = (
        "Rewrite under the newest key of FIELD_ENCRYPTION_KEYS every encrypted value (history tables included) "
        "that an older key encrypted. --check only counts them, and fails if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit with an error if any value is not under the newest key yet",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, check: bool, batch_size: int, **options):
        try:
            counts = reencrypt(batch_size=batch_size, check=check)
        except DecryptionError as error:
            raise CommandError(f"{error}. Nothing after that was rewritten: put the missing key back.") from error
        total = sum(counts.values())
        verb = "to rewrite" if check else "rewritten"
        for column, count in counts.items():
            self.stdout.write(f"{column}: {count} {verb}")
        self.stdout.write(f"{total} values {verb} under key {get_active_key_id()}.")
        if check and total:
            raise CommandError(f"{total} values are not under the newest key yet: run reencrypt_fields.")
