from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from resources.hsds import HSDSError, hsds_export
from resources.hsds.schema import TABLES


class Command(BaseCommand):
    help = (
        "Export the whole resource directory as an Open Referral HSDS 3.0 tabular data package: "
        "datapackage.json and one CSV file per table with the HSDS file names (services.csv, "
        "organizations.csv, ...), written into PATH. The files are the same byte for byte each time "
        "the data is the same. A directory that already has files in it is refused unless you add "
        "--force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The directory to write into (created if it does not exist).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write into a directory that is not empty, replacing the package's files in it.",
        )

    def handle(self, *args, **options):
        try:
            counts = hsds_export(path=options["path"], force=options["force"])
        except HSDSError as error:
            raise CommandError(" ".join(error.errors)) from None
        self.stdout.write(_("Exported the directory to %(path)s:") % {"path": options["path"]})
        for name, count in counts.items():
            self.stdout.write(f"  {TABLES[name].path:<26}{count:>7} " + _("rows"))
