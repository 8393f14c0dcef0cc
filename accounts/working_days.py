"""Working days and deadlines: the one module that knows which days count.

For an organisation and a person in ``country`` (and ``region``), a day is a *working day*
unless it is

- a Saturday or a Sunday (the weekend in every country the alliance serves);
- a public holiday of the country or, where the maintained ``holidays`` package lists the
  region as one of the country's subdivisions, of the region: our ISO 3166-2 region codes
  (``GB-SCT``, ``DE-BY``, ``CA-ON``, ``AU-NSW``, ``ES-CT``) map to the package's codes
  (``SCT``, ``BY``, ...). A region the package does not list (``BE-VLG``, ``IT-25``,
  ``DK-84``), or no region at all, gets the country's national public holidays;
- one of the organisation's own closures (``accounts.models.Holiday`` rows).

Deadlines are whole working days in the organisation's time zone: a request submitted at
23:30 UTC on a Thursday is a Friday request for a society in Sydney.

Everything is bounded: a calendar covers at most ``MAX_SPAN`` of dates (and refuses dates
outside the range it was built for, whose closures it did not load), and it adds at most
``MAX_WORKING_DAYS`` working days.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from dataclasses import dataclass

import holidays
from django.utils import timezone
from django.utils.translation import get_language

from patientportal.reference import COUNTRY_CHOICES
from patientportal.regions import REGION_CHOICES

from .models import Holiday, Organisation

#: Saturday and Sunday (``date.weekday()``), the weekend of every country the alliance serves.
WEEKEND = frozenset({5, 6})
#: The most working days a calendar adds in one go: about a year.
MAX_WORKING_DAYS = 260
#: The most dates one calendar covers.
MAX_SPAN = datetime.timedelta(days=3660)
#: Without ``since``, a calendar starts this long before the organisation's today...
DEFAULT_PAST = datetime.timedelta(days=366)
#: ...and, without ``until``, covers this long from ``since`` (so about two years ahead).
DEFAULT_SPAN = datetime.timedelta(days=3 * 366)

_ONE_DAY = datetime.timedelta(days=1)


class CalendarRangeError(ValueError):
    """A date outside the range the calendar was built for (it did not load closures there)."""


# Public holidays (the holidays package: no I/O, its data ships in the wheel) -------------------


@functools.cache
def _subdivisions(country: str) -> frozenset[str]:
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(f"The holidays package has no public holidays for country {country!r}.")
    return frozenset(supported[country])


@functools.cache
def _languages(country: str) -> tuple[str, tuple[str, ...]]:
    """The country's own language for holiday names, and every language the package has them in."""
    entity = holidays.country_holidays(country)
    return entity.default_language, tuple(entity.supported_languages)


@functools.lru_cache(maxsize=4096)
def _public_holidays(
    country: str, subdivision: str | None, year: int, language: str
) -> tuple[tuple[datetime.date, str], ...]:
    """One year's public holidays as (date, name) pairs, one pair per name (a date may have two).

    ``language`` is always explicit: without it the package guesses from the process's locale.
    """
    days = holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)
    return tuple((day, name) for day in sorted(days) for name in days.get_list(day))


def holiday_subdivision(*, country: str, region: str) -> str | None:
    """The ``holidays`` package's subdivision code for one of our ISO 3166-2 region codes
    (``GB-SCT`` → ``SCT``), or ``None`` when the region is blank or the package does not list it
    as a subdivision of the country (then the country's national public holidays apply).

    Raises ``ValueError`` for a country the package does not know, or a region of another country.
    """
    subdivisions = _subdivisions(country)
    if not region:
        return None
    prefix, _, code = region.partition("-")
    if prefix != country or not code:
        raise ValueError(f"Region {region!r} is not a region of country {country!r}.")
    return code if code in subdivisions else None


def _public_holiday_pairs(
    *, country: str, subdivision: str | None, since: datetime.date, until: datetime.date, language: str
) -> list[tuple[datetime.date, str]]:
    return [
        (day, name)
        for year in range(since.year, until.year + 1)
        for day, name in _public_holidays(country, subdivision, year, language)
        if since <= day <= until
    ]


def _local_date(instant: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.date:
    if timezone.is_naive(instant):
        raise ValueError("An instant needs a time zone (an aware datetime) to have a local date.")
    return instant.astimezone(zone).date()


# The calendar ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count, for one organisation and one country/region, from ``since`` to ``until``.

    Build it with ``organisation_calendar``; after that nothing here touches the database.
    """

    country: str
    region: str
    #: The ``holidays`` subdivision whose public holidays apply, or None for the national ones.
    subdivision: str | None
    zone: zoneinfo.ZoneInfo
    since: datetime.date
    until: datetime.date
    closures: frozenset[datetime.date]
    public_holidays: frozenset[datetime.date]

    def _check(self, day: datetime.date) -> None:
        if not self.since <= day <= self.until:
            raise CalendarRangeError(
                f"{day.isoformat()} is outside this calendar ({self.since.isoformat()} to {self.until.isoformat()}); "
                "build it with a wider since/until."
            )

    def local_date(self, instant: datetime.datetime) -> datetime.date:
        """The date an aware ``instant`` falls on in the organisation's time zone."""
        return _local_date(instant, self.zone)

    def _is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() not in WEEKEND and day not in self.public_holidays and day not in self.closures

    def is_working_day(self, day: datetime.date) -> bool:
        """False on weekends, public holidays and the organisation's closures."""
        self._check(day)
        return self._is_working_day(day)

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The ``days``-th working day after ``start`` (``start`` itself is day 0, and is returned
        for ``days=0`` whether or not it is a working day)."""
        if not 0 <= days <= MAX_WORKING_DAYS:
            raise ValueError(f"Working days to add must be from 0 to {MAX_WORKING_DAYS}, not {days}.")
        self._check(start)
        day = start
        remaining = days
        while remaining:  # bounded: ``day`` may not pass ``until``
            day += _ONE_DAY
            if day > self.until:
                raise CalendarRangeError(
                    f"{days} working days after {start.isoformat()} fall after {self.until.isoformat()}, "
                    "the end of this calendar."
                )
            if self._is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days come after ``start``, up to and including ``end``; negative when
        ``end`` is before ``start`` (a deadline already passed). So
        ``working_days_between(s, add_working_days(s, n)) == n``, and with ``start`` today and ``end``
        a deadline it says how much of the deadline is left."""
        if end < start:
            return -self.working_days_between(end, start)
        self._check(start)
        self._check(end)
        return self._weekdays_after(start, end) - sum(
            1 for day in self.public_holidays | self.closures if start < day <= end and day.weekday() not in WEEKEND
        )

    @staticmethod
    def _weekdays_after(start: datetime.date, end: datetime.date) -> int:
        """Days after ``start`` up to and including ``end`` that are not weekend days, counted by
        arithmetic (whole weeks, then the days left), so that a deadline years away costs no more
        than one tomorrow."""
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday()
        return weeks * (7 - len(WEEKEND)) + sum(
            1 for offset in range(1, rest + 1) if (first + offset) % 7 not in WEEKEND
        )


def organisation_calendar(
    *,
    organisation: Organisation,
    country: str,
    region: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> WorkingCalendar:
    """The working-day calendar of ``organisation`` for a person in ``country`` (and ``region``,
    an ISO 3166-2 code such as ``GB-SCT``), covering ``since`` to ``until`` inclusive.

    Without ``since``: a year before the organisation's today; without ``until``: three years
    after ``since``. At most ``MAX_SPAN``.

    Queries: exactly one (the organisation's closures between ``since`` and ``until``). The
    public holidays come from the ``holidays`` package, cached per process.
    """
    calendars = organisation_calendars(organisation=organisation, places={(country, region)}, since=since, until=until)
    return calendars[(country, region)]


def organisation_calendars(
    *,
    organisation: Organisation,
    places: set[tuple[str, str]],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[tuple[str, str], WorkingCalendar]:
    """A calendar for each (country, region) in ``places``, for pages that show deadlines of
    cases from several regions at once. Queries: exactly one, whatever the number of places (the
    organisation's closures are the same for all of them)."""
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    since = since if since is not None else _local_date(timezone.now(), zone) - DEFAULT_PAST
    until = until if until is not None else since + DEFAULT_SPAN
    if until < since or until - since > MAX_SPAN:
        raise ValueError(f"A calendar covers from 0 to {MAX_SPAN.days} days, not {since} to {until}.")
    closures = frozenset(
        Holiday.objects.filter(organisation_id=organisation.pk, date__range=(since, until)).values_list(
            "date", flat=True
        )
    )
    return {(country, region): _calendar(country, region, zone, since, until, closures) for country, region in places}


def _calendar(
    country: str,
    region: str,
    zone: zoneinfo.ZoneInfo,
    since: datetime.date,
    until: datetime.date,
    closures: frozenset[datetime.date],
) -> WorkingCalendar:
    subdivision = holiday_subdivision(country=country, region=region)
    default_language, _supported = _languages(country)
    public = _public_holiday_pairs(
        country=country, subdivision=subdivision, since=since, until=until, language=default_language
    )
    return WorkingCalendar(
        country=country,
        region=region,
        subdivision=subdivision,
        zone=zone,
        since=since,
        until=until,
        closures=closures,
        public_holidays=frozenset(day for day, _name in public),
    )


def first_contact_due(
    *, organisation: Organisation, country: str, region: str, submitted_at: datetime.datetime
) -> datetime.date:
    """The date a request submitted at ``submitted_at`` must first be contacted by: its date in
    the organisation's time zone plus the organisation's first-contact target in working days.

    Queries: one (the organisation's closures, through ``organisation_calendar``).
    """
    submitted_on = _local_date(submitted_at, zoneinfo.ZoneInfo(organisation.timezone))
    calendar = organisation_calendar(organisation=organisation, country=country, region=region, since=submitted_on)
    return calendar.add_working_days(submitted_on, organisation.first_contact_target_days)


# What the organisation admin sees -------------------------------------------------------------


@dataclass(frozen=True)
class PublicHoliday:
    """One public holiday and where it applies: the whole country, every region but a few
    (``except_regions``), or only some (``regions``). Region names are the ones people use."""

    date: datetime.date
    name: str
    regions: tuple[str, ...] = ()
    except_regions: tuple[str, ...] = ()

    @property
    def whole_country(self) -> bool:
        return not self.regions and not self.except_regions


@dataclass(frozen=True)
class CountryPublicHolidays:
    country: str
    country_name: str
    since: datetime.date
    until: datetime.date
    holidays: tuple[PublicHoliday, ...]


def _name_language(country: str) -> str:
    """The language to name a country's holidays in: the page's language when the package has
    the names in it (preferring the country's own variant, ``en_GB`` for GB), else the country's own."""
    default, supported = _languages(country)
    wanted = (get_language() or "en").replace("-", "_").lower()
    base = wanted.split("_")[0]
    for language in (default, *sorted(supported)):
        if language.lower() == wanted:
            return language
    for language in (default, *sorted(supported)):
        if language.split("_")[0].lower() == base:
            return language
    return default


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def public_holiday_list(*, country: str, since: datetime.date, until: datetime.date) -> CountryPublicHolidays:
    """The public holidays of ``country`` from ``since`` to ``until``, each with where it applies,
    from the same rule the calendars use: a region listed by the ``holidays`` package has its
    own, every other region has the national ones. Names are in the page's language where the
    package has them. No queries."""
    if until - since > MAX_SPAN:
        raise ValueError(f"A list of public holidays covers at most {MAX_SPAN.days} days.")
    language = _name_language(country)
    regions = REGION_CHOICES.get(country, [])
    per_subdivision: dict[str | None, set[tuple[datetime.date, str]]] = {}
    region_sets: list[tuple[str, set[tuple[datetime.date, str]]]] = []
    for code, region_name in regions or [("", "")]:
        subdivision = holiday_subdivision(country=country, region=code)
        if subdivision not in per_subdivision:
            per_subdivision[subdivision] = set(
                _public_holiday_pairs(
                    country=country, subdivision=subdivision, since=since, until=until, language=language
                )
            )
        region_sets.append((region_name, per_subdivision[subdivision]))

    rows = []
    for day, name in sorted(set().union(*per_subdivision.values())):
        applies = [region_name for region_name, pairs in region_sets if (day, name) in pairs]
        if len(applies) == len(region_sets):
            rows.append(PublicHoliday(date=day, name=name))
        elif len(applies) * 2 > len(region_sets):
            others = tuple(region_name for region_name, _pairs in region_sets if region_name not in applies)
            rows.append(PublicHoliday(date=day, name=name, except_regions=others))
        else:
            rows.append(PublicHoliday(date=day, name=name, regions=tuple(applies)))
    return CountryPublicHolidays(
        country=country,
        country_name=str(dict(COUNTRY_CHOICES).get(country, country)),
        since=since,
        until=until,
        holidays=tuple(rows),
    )


def public_holiday_list_for_organisation(*, organisation: Organisation) -> list[CountryPublicHolidays]:
    """The next 12 months of public holidays (from the organisation's today) in each country it
    serves, and in each region where they differ. No queries."""
    today = _local_date(timezone.now(), zoneinfo.ZoneInfo(organisation.timezone))
    until = _one_year_after(today) - _ONE_DAY
    return [public_holiday_list(country=country, since=today, until=until) for country in organisation.countries]
