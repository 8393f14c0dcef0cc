from __future__ import annotations

import contextlib
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import Organisation
from resources.hsds import HSDSError, ImportResult, hsds_import


class Command(BaseCommand):
    help = (
        "Import resource listings from an Open Referral HSDS 3.0 package: a directory holding "
        "datapackage.json and CSV files (like resources/demo_data), or a .json file holding a list "
        "of HSDS services. Every row is checked first; if any is wrong, each problem is listed and "
        "nothing is imported. Rows are matched by their HSDS id: new ones are added, changed ones "
        "updated, unchanged ones left alone. For each service, location and organisation in the "
        "package, rows it no longer lists (phones, opening hours, areas, ...) are deleted. Services "
        "that are not in the package are kept. Each service belongs to the member society serving "
        "its country, unless --organisation names one."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A data package directory, or an HSDS .json file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the package and say what would change, without saving anything.",
        )
        parser.add_argument(
            "--organisation",
            metavar="ID_OR_NAME",
            help="Give every service in the package to this member society (its id, name or short name).",
        )

    def handle(self, *args, **options):
        organisation = find_organisation(options["organisation"]) if options["organisation"] else None
        started = time.monotonic()
        try:
            result = hsds_import(path=options["path"], dry_run=options["dry_run"], organisation=organisation)
        except HSDSError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                f"{len(error.errors)} problem(s) found in {options['path']}. Nothing was imported."
            ) from None
        self.stdout.write(summary(result, time.monotonic() - started))


def find_organisation(value: str) -> Organisation:
    condition = Q(name__iexact=value) | Q(short_name__iexact=value)
    with contextlib.suppress(ValueError):
        condition |= Q(pk=uuid.UUID(value))
    matches = list(Organisation.objects.filter(condition))
    if len(matches) != 1:
        found = "no member society" if not matches else f"{len(matches)} member societies"
        raise CommandError(f"--organisation {value!r}: {found} has this id, name or short name.")
    return matches[0]


def summary(result: ImportResult, seconds: float) -> str:
    lines = []
    for warning in result.warnings:
        lines.append(f"Note: {warning}")
    if result.dry_run:
        lines.append(f"Dry run of {result.source}: nothing was saved. An import would do this:")
    else:
        lines.append(f"Imported {result.source} in {seconds:.1f} s.")
    lines.append(f"  {'table':<22}{'created':>9}{'updated':>9}{'unchanged':>11}{'deleted':>9}")
    for name, counts in result.tables.items():
        if name not in result.present:
            lines.append(f"  {name:<22}   not in the package: left as it is")
            continue
        lines.append(f"  {name:<22}{counts.created:>9}{counts.updated:>9}{counts.unchanged:>11}{counts.deleted:>9}")
    if any(counts.deleted for counts in result.tables.values()):
        lines.append(
            "Deleted rows belonged to a service, location or organisation in the package that no longer lists them."
        )
    if not result.dry_run:
        if result.changed:
            lines.append(f"Search data recomputed for {result.refreshed} service(s).")
        else:
            lines.append("Nothing changed: the directory already matched the package.")
    return "\n".join(lines)
