"""The metrics page's tables and charts, built from the figures ``cases.selectors.metrics`` counts.

One definition per table: the page prints it, draws its chart from the same rows, and exports it
as CSV (``table_csv``) with the raw numbers (durations in hours, shares in per cent), so what a
board member downloads is exactly what the page shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format, get_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from patientportal.charts import BarChart, LineChart, bar_chart, line_chart
from patientportal.templatetags.dates import date
from resources.taxonomy import category_name

from .choices import AssessmentDomain, CaseOutcome, ReferralOutcome
from .selectors.metrics import Duration, Metrics, OrganisationFigures


@dataclass
class Cell:
    #: What the CSV holds: a number, or text.
    value: Any
    #: What the page prints.
    text: str


@dataclass
class Column:
    label: str
    numeric: bool = True


@dataclass
class Table:
    slug: str
    title: str
    #: One sentence saying what is counted.
    description: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: BarChart | LineChart | None = None
    #: Many columns: printed smaller.
    wide: bool = False
    #: Many rows (a year of weeks): the numbers fold away under the chart until opened.
    folded: bool = False

    def body_html(self) -> SafeString:
        """The table's rows: the first cell of each is its header; every cell carries its column's
        name for narrow screens (``data-label``). Made here rather than in the template: a year
        of weeks or a large team is hundreds of cells, each costing a template tens of
        microseconds."""
        labels = [escape(column.label) for column in self.columns]
        classes = [
            "govuk-table__cell govuk-table__cell--numeric" if column.numeric else "govuk-table__cell"
            for column in self.columns
        ]
        rows = []
        for row in self.rows:
            cells = [f'<th scope="row" class="govuk-table__header" data-label="{labels[0]}">{escape(row[0].text)}</th>']
            cells += [
                f'<td class="{classes[i]}" data-label="{labels[i]}">{escape(cell.text)}</td>'
                for i, cell in enumerate(row[1:], start=1)
            ]
            rows.append('<tr class="govuk-table__row">' + "".join(cells) + "</tr>")
        return mark_safe("\n".join(rows))  # every text above is escaped


#: Every table's slug, in the order of the page (the CSV links and the URL accept these).
TABLE_SLUGS = (
    "organisations",
    "summary",
    "timings",
    "weekly",
    "caseloads",
    "needs",
    "referrals",
    "closures",
    "assessment",
)


def _int(value: int) -> Cell:
    """A count, grouped in thousands the language's way (Django's ``number_format`` costs tens
    of microseconds a call, and a table holds hundreds)."""
    return Cell(value, f"{value:,}".replace(",", _thousands()))


def _thousands() -> str:
    language = get_language()
    if language not in _SEPARATORS:
        _SEPARATORS[language] = str(get_format("THOUSAND_SEPARATOR"))
    return _SEPARATORS[language]


_SEPARATORS: dict[str, str] = {}


def _text(value: str) -> Cell:
    return Cell(value, value)


def _share(part: int, whole: int) -> Cell:
    if not whole:
        return Cell("", "—")
    percent = round(100 * part / whole, 1)
    return Cell(percent, f"{number_format(percent, 0)}%")


def _days(seconds: float | None) -> Cell:
    """A duration in days with one decimal (hours in the CSV)."""
    if seconds is None:
        return Cell("", "—")
    hours = round(seconds / 3600, 1)
    days = seconds / 86400
    if days < 1:
        return Cell(hours, ngettext("%(n)s hour", "%(n)s hours", round(hours)) % {"n": number_format(hours, 1)})
    return Cell(hours, ngettext("%(n)s day", "%(n)s days", round(days)) % {"n": number_format(days, 1)})


def build_tables(metrics: Metrics) -> list[Table]:
    """The tables of the page, with their charts (one organisation) or an organisation column
    (every organisation side by side, which also opens with a comparison table)."""
    return [_BUILDERS[slug](metrics) for slug in _slugs(metrics)]


def table_for_slug(metrics: Metrics, slug: str) -> Table | None:
    """One table of the page (a CSV download): only that one is built."""
    return _BUILDERS[slug](metrics) if slug in _slugs(metrics) else None


def _slugs(metrics: Metrics) -> list[str]:
    first = "organisations" if len(metrics.organisations) > 1 else "summary"
    return [first, *(slug for slug in TABLE_SLUGS if slug not in ("organisations", "summary"))]


def _per_organisation(
    metrics: Metrics, many: bool, rows: Callable[[OrganisationFigures], list[list[Cell]]]
) -> list[list[Cell]]:
    out = []
    for figures in metrics.organisations:
        for row in rows(figures):
            out.append([_text(figures.organisation.display_name), *row] if many else row)
    return out


def _columns(many: bool, columns: list[Column]) -> list[Column]:
    return [Column(_("Organisation"), numeric=False), *columns] if many else columns


def _organisations(metrics: Metrics) -> Table:
    table = Table(
        slug="organisations",
        wide=True,
        title=_("Every organisation side by side"),
        description=_("Requests received and first contacts in these dates, and the caseloads today."),
        columns=[
            Column(_("Organisation"), numeric=False),
            Column(_("Requests received")),
            Column(_("Open now")),
            Column(_("Median time to assignment")),
            Column(_("Median time to first contact")),
            Column(_("Median time to resolution")),
            Column(_("Contacted within the target")),
            Column(_("Overdue follow-ups now")),
            Column(_("Open cases against capacity")),
        ],
    )
    for f in metrics.organisations:
        table.rows.append(
            [
                _text(f.organisation.display_name),
                _int(f.received),
                _int(f.open_now),
                _days(f.to_assignment.median),
                _days(f.to_first_contact.median),
                _days(f.to_resolution.median),
                _share(f.contacted_on_time, f.contact_due),
                _int(f.overdue_follow_ups),
                _share(f.open_cases, f.capacity),
            ]
        )
    table.chart = bar_chart(
        id="chart-organisations",
        title=_("Requests contacted within the first-contact target, by organisation"),
        description=_("One bar per organisation: the share of its requests contacted in time, out of 100%."),
        items=[(row[0].text, row[6].value or 0, row[6].text) for row in table.rows],
        maximum=100,
    )
    return table


def _summary(metrics: Metrics) -> Table:
    f = metrics.organisations[0] if metrics.organisations else None
    table = Table(
        slug="summary",
        title=_("Requests and contact"),
        description=_(
            "Requests received in these dates; of them, those whose first-contact deadline has passed or "
            "who were contacted, and how many were contacted within the target. Open cases and overdue "
            "follow-ups are today's."
        ),
        columns=[Column(_("Measure"), numeric=False), Column(_("Number"))],
    )
    if f is not None:
        on_time = _share(f.contacted_on_time, f.contact_due)
        table.rows = [
            [_text(_("Requests received")), _int(f.received)],
            [_text(_("Cases open now")), _int(f.open_now)],
            [_text(_("Requests whose first contact was due")), _int(f.contact_due)],
            [_text(_("Of them, contacted within the target")), _int(f.contacted_on_time)],
            [_text(_("Share contacted within the target")), on_time],
            [_text(_("Overdue follow-ups now")), _int(f.overdue_follow_ups)],
        ]
    return table


def _timings(metrics: Metrics, many: bool) -> Table:
    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        def row(label: str, d: Duration) -> list[Cell]:
            return [_text(label), _int(d.count), _days(d.median), _days(d.p90)]

        return [
            row(_("From request to assignment"), f.to_assignment),
            row(_("From request to first contact"), f.to_first_contact),
            row(_("From request to resolution"), f.to_resolution),
        ]

    return Table(
        slug="timings",
        title=_("How long people wait"),
        description=_(
            "For the cases assigned, first contacted or resolved in these dates: half waited less than "
            "the median, nine in ten less than the 90th percentile. The CSV gives hours."
        ),
        columns=_columns(
            many,
            [
                Column(_("Step"), numeric=False),
                Column(_("Cases")),
                Column(_("Median")),
                Column(_("90th percentile")),
            ],
        ),
        rows=_per_organisation(metrics, many, rows),
    )


def _weekly(metrics: Metrics, many: bool) -> Table:
    weeks = metrics.range.weeks()
    series = (("received", _("Requests received")), ("contacted", _("First contacts")), ("resolved", _("Resolved")))

    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        return [
            [_text(date(week, "SHORT_DATE_FORMAT")), *(_int(f.weekly[key].get(week, 0)) for key, _label in series)]
            for week in weeks
        ]

    table = Table(
        slug="weekly",
        title=_("Week by week"),
        description=_("Each week from Monday: requests received, first contacts made and cases resolved."),
        columns=_columns(many, [Column(_("Week starting"), numeric=False), *(Column(label) for _k, label in series)]),
        rows=_per_organisation(metrics, many, rows),
        folded=len(weeks) > 8,
    )
    if not many and metrics.organisations:
        f = metrics.organisations[0]
        table.chart = line_chart(
            id="chart-weekly",
            title=_("Week by week"),
            description=_(
                "Lines for requests received, first contacts and cases resolved, one point per week from %(start)s "
                "to %(end)s."
            )
            % {"start": date_format(weeks[0], "DATE_FORMAT"), "end": date_format(weeks[-1], "DATE_FORMAT")},
            x_labels=[date(week, "j M") for week in weeks],
            series=[(label, [f.weekly[key].get(week, 0) for week in weeks]) for key, label in series],
        )
    return table


def _caseloads(metrics: Metrics, many: bool) -> Table:
    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        return [
            [
                _text(a.get_full_name()),
                _int(a.open_cases),
                _int(a.capacity),
                _share(a.open_cases, a.capacity),
                _int(a.overdue),
            ]
            for a in f.advocates
        ]

    table = Table(
        slug="caseloads",
        title=_("Caseload per advocate"),
        description=_(
            "Each advocate's open cases today against the number they can carry, and their overdue follow-ups."
        ),
        columns=_columns(
            many,
            [
                Column(_("Advocate"), numeric=False),
                Column(_("Open cases")),
                Column(_("Capacity")),
                Column(_("Share of capacity")),
                Column(_("Overdue follow-ups")),
            ],
        ),
        rows=_per_organisation(metrics, many, rows),
    )
    if not many and table.rows:
        table.chart = bar_chart(
            id="chart-caseloads",
            title=_("Caseload per advocate"),
            description=_(
                "One bar per advocate: their open cases. The line across each bar is their capacity; "
                "a bar that goes past it is marked “over”."
            ),
            items=[(row[0].text, row[1].value, row[1].text) for row in table.rows],
            markers=[row[2].value for row in table.rows],
            marker_label=_("capacity"),
        )
    return table


def _needs(metrics: Metrics, many: bool) -> Table:
    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        ordered = sorted(f.needs.items(), key=lambda item: (-item[1], category_name(item[0])))
        return [[_text(category_name(code)), _int(count)] for code, count in ordered]

    table = Table(
        slug="needs",
        title=_("Cases by need"),
        description=_("The needs of the requests received in these dates. A request with two needs counts under both."),
        columns=_columns(many, [Column(_("Need"), numeric=False), Column(_("Cases"))]),
        rows=_per_organisation(metrics, many, rows),
    )
    if not many and table.rows:
        table.chart = bar_chart(
            id="chart-needs",
            title=_("Cases by need"),
            description=_("One bar per need: how many requests received in these dates named it, most first."),
            items=[(row[0].text, row[1].value, row[1].text) for row in table.rows],
        )
    return table


_OUTCOMES = [choice.value for choice in ReferralOutcome]


def _referrals(metrics: Metrics, many: bool) -> Table:
    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        out = []
        for category in sorted(f.referrals, key=lambda c: (c == "", category_name(c))):
            counts = f.referrals[category]
            total = sum(counts.values())
            recorded = total - counts.get("", 0)
            label = category_name(category) if category else _("No need named")
            out.append(
                [
                    _text(label),
                    _int(total),
                    *(_int(counts.get(outcome, 0)) for outcome in _OUTCOMES),
                    _int(counts.get("", 0)),
                    _share(counts.get(ReferralOutcome.RECEIVED_HELP.value, 0), recorded),
                ]
            )
        return out

    table = Table(
        slug="referrals",
        title=_("Referral outcomes by need"),
        description=_(
            "The services suggested in these dates, by the need they were for, and what came of them. "
            "“Received help” is the share of those whose outcome is known."
        ),
        columns=_columns(
            many,
            [
                Column(_("Need"), numeric=False),
                Column(_("Referrals")),
                *(Column(str(ReferralOutcome(o).label)) for o in _OUTCOMES),
                Column(_("No outcome yet")),
                Column(_("Share that received help")),
            ],
        ),
        rows=_per_organisation(metrics, many, rows),
        wide=True,
    )
    if not many and table.rows:
        table.chart = bar_chart(
            id="chart-referrals",
            title=_("Referrals that led to help, by need"),
            description=_(
                "One bar per need: the share of its referrals with a known outcome where the person received help."
            ),
            items=[(row[0].text, row[-1].value or 0, row[-1].text) for row in table.rows],
            maximum=100,
        )
    return table


def _closures(metrics: Metrics, many: bool) -> Table:
    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        return [[_text(str(outcome.label)), _int(f.closures.get(outcome.value, 0))] for outcome in CaseOutcome]

    table = Table(
        slug="closures",
        title=_("How cases closed"),
        description=_("The outcome recorded for each case closed in these dates."),
        columns=_columns(many, [Column(_("Outcome"), numeric=False), Column(_("Cases"))]),
        rows=_per_organisation(metrics, many, rows),
    )
    if not many and any(row[1].value for row in table.rows):
        table.chart = bar_chart(
            id="chart-closures",
            title=_("How cases closed"),
            description=_("One bar per outcome: how many cases closed in these dates with it."),
            items=[(row[0].text, row[1].value, row[1].text) for row in table.rows],
        )
    return table


def _assessment(metrics: Metrics, many: bool) -> Table:
    def rows(f: OrganisationFigures) -> list[list[Cell]]:
        out = []
        for domain in AssessmentDomain:
            change = f.assessment_change.get(domain.value)
            if not change:
                continue
            total = change["better"] + change["same"] + change["worse"]
            out.append(
                [
                    _text(str(domain.label)),
                    _int(total),
                    _int(change["better"]),
                    _int(change["same"]),
                    _int(change["worse"]),
                    _share(change["better"], total),
                ]
            )
        return out

    table = Table(
        slug="assessment",
        title=_("Needs assessment: first rating against the latest"),
        description=_(
            "For the cases reassessed in these dates, each area's latest rating against the first: better "
            "means less need (from urgent to some, or to none)."
        ),
        columns=_columns(
            many,
            [
                Column(_("Area"), numeric=False),
                Column(_("Cases reassessed")),
                Column(_("Better")),
                Column(_("The same")),
                Column(_("Worse")),
                Column(_("Share better")),
            ],
        ),
        rows=_per_organisation(metrics, many, rows),
    )
    if not many and table.rows:
        table.chart = bar_chart(
            id="chart-assessment",
            title=_("Areas of life that got better between the first and the latest assessment"),
            description=_("One bar per area: the share of reassessed cases whose need in that area went down."),
            items=[(row[0].text, row[-1].value or 0, row[-1].text) for row in table.rows],
            maximum=100,
        )
    return table


def _many(metrics: Metrics) -> bool:
    return len(metrics.organisations) > 1


_BUILDERS: dict[str, Callable[[Metrics], Table]] = {
    "organisations": _organisations,
    "summary": _summary,
    "timings": lambda m: _timings(m, _many(m)),
    "weekly": lambda m: _weekly(m, _many(m)),
    "caseloads": lambda m: _caseloads(m, _many(m)),
    "needs": lambda m: _needs(m, _many(m)),
    "referrals": lambda m: _referrals(m, _many(m)),
    "closures": lambda m: _closures(m, _many(m)),
    "assessment": lambda m: _assessment(m, _many(m)),
}


def table_csv(table: Table) -> str:
    """The table as CSV: a header row, then the raw values (numbers unformatted)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_safe(cell.value) for cell in row])
    return out.getvalue()


def _csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
