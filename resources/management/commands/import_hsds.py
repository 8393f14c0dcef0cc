from __future__ import annotations

import contextlib
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from resources.hsds import HSDSError, ImportResult, hsds_import


class Command(BaseCommand):
    help = (
        "Import resource listings from an Open Referral HSDS 3.0 package: a directory of CSV files "
        "(services.csv, organizations.csv, ..., listed in a datapackage.json or found by those names; "
        "like resources/demo_data), or a .json file holding one HSDS service or a list of them. Every "
        "row is checked first. What HSDS allows imports; values and rows we cannot use are left out, "
        "each with a warning. If the package cannot be imported (a required value missing, an id used "
        "twice, ...), each problem is listed and nothing is imported. Rows are matched by their HSDS "
        "id: new ones are added, changed ones updated, unchanged ones left alone. For each service, "
        "location and organisation in the package, rows it no longer lists (phones, opening hours, "
        "areas, ...) are deleted. Services that are not in the package are kept. Each service belongs "
        "to the member society serving the country of its iso3166: service areas, unless "
        "--organisation names one."
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
            help=(
                "Give every service in the package to this member society (its id, name or short name), "
                "whatever its service areas say."
            ),
        )

    def handle(self, *args, **options):
        organisation = find_organisation(options["organisation"]) if options["organisation"] else None
        started = time.monotonic()
        try:
            result = hsds_import(path=options["path"], dry_run=options["dry_run"], organisation=organisation)
        except HSDSError as error:
            for warning in error.warnings:
                self.stderr.write(_("Warning: %(message)s") % {"message": warning})
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                ngettext(
                    "%(count)s problem found in %(path)s. Nothing was imported.",
                    "%(count)s problems found in %(path)s. Nothing was imported.",
                    len(error.errors),
                )
                % {"count": len(error.errors), "path": options["path"]}
            ) from None
        self.stdout.write(summary(result, time.monotonic() - started))


def find_organisation(value: str) -> Organisation:
    condition = Q(name__iexact=value) | Q(short_name__iexact=value)
    with contextlib.suppress(ValueError):
        condition |= Q(pk=uuid.UUID(value))
    matches = list(Organisation.objects.filter(condition))
    if len(matches) != 1:
        if not matches:
            found = _("no member society has this id, name or short name")
        else:
            found = _("%(count)s member societies have this id, name or short name") % {"count": len(matches)}
        raise CommandError(_("--organisation %(value)s: %(found)s.") % {"value": repr(value), "found": found})
    return matches[0]


def summary(result: ImportResult, seconds: float) -> str:
    lines = [_("Warning: %(message)s") % {"message": warning} for warning in result.warnings]
    if result.warnings:
        lines.append(
            ngettext(
                "%(count)s warning: what it names was left out, the rest imported.",
                "%(count)s warnings: what they name was left out, the rest imported.",
                len(result.warnings),
            )
            % {"count": len(result.warnings)}
        )
    if result.dry_run:
        lines.append(
            _("Dry run of %(source)s: nothing was saved. An import would do this:") % {"source": result.source}
        )
    else:
        lines.append(_("Imported %(source)s in %(seconds).1f s.") % {"source": result.source, "seconds": seconds})
    # Each column as wide as its heading in the language of the output (at least 9 characters).
    headings = [_("created"), _("updated"), _("unchanged"), _("deleted")]
    widths = [max(9, len(heading) + 2) for heading in headings]
    table = _("table")
    lines.append("  " + table.ljust(22) + _columns(headings, widths))
    for name, counts in result.tables.items():
        if name not in result.present:
            lines.append(f"  {name:<22}   " + _("not in the package: left as it is"))
            continue
        numbers = [counts.created, counts.updated, counts.unchanged, counts.deleted]
        lines.append(f"  {name:<22}" + _columns(numbers, widths))
    if any(counts.deleted for counts in result.tables.values()):
        lines.append(
            _("Deleted rows belonged to a service, location or organisation in the package that no longer lists them.")
        )
    if not result.dry_run:
        if result.changed:
            lines.append(
                ngettext(
                    "Search data recomputed for %(count)s service.",
                    "Search data recomputed for %(count)s services.",
                    result.refreshed,
                )
                % {"count": result.refreshed}
            )
        else:
            lines.append(_("Nothing changed: the directory already matched the package."))
    return "\n".join(lines)


def _columns(values: list, widths: list[int]) -> str:
    """Values right-aligned in columns of these widths."""
    return "".join(str(value).rjust(width) for value, width in zip(values, widths, strict=True))
