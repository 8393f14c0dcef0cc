"""Working days: weekends, public holidays of the country and region, the organisation's closures,
counted in the organisation's time zone (accounts/working_days.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from accounts import working_days
from accounts.working_days import (
    MAX_WORKING_DAYS,
    CalendarRangeError,
    first_contact_due,
    holiday_subdivision,
    organisation_calendar,
)

from .factories import HolidayFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def utc(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@dataclass(frozen=True)
class Due:
    id: str
    country: str
    region: str
    zone: str
    target: int
    submitted_at: datetime.datetime
    expected: datetime.date
    closures: list[datetime.date] = field(default_factory=list)


D = datetime.date

FIRST_CONTACT = [
    # Friday 13 March 2026: the weekend does not count.
    Due("friday-submission", "GB", "GB-ENG", "Europe/London", 2, utc(2026, 3, 13, 10), D(2026, 3, 17)),
    # England's late May bank holiday, Monday 25 May 2026.
    Due("england-late-may-bank-holiday", "GB", "GB-ENG", "Europe/London", 2, utc(2026, 5, 22, 10), D(2026, 5, 27)),
    # The summer bank holiday is 31 August in England but 3 August in Scotland.
    Due("england-august-bank-holiday", "GB", "GB-ENG", "Europe/London", 2, utc(2026, 8, 28, 10), D(2026, 9, 2)),
    Due("scotland-works-31-august", "GB", "GB-SCT", "Europe/London", 2, utc(2026, 8, 28, 10), D(2026, 9, 1)),
    # St Andrew's Day, Monday 30 November 2026: Scotland only.
    Due("scotland-st-andrews-day", "GB", "GB-SCT", "Europe/London", 2, utc(2026, 11, 27, 10), D(2026, 12, 2)),
    Due("england-works-st-andrews-day", "GB", "GB-ENG", "Europe/London", 2, utc(2026, 11, 27, 10), D(2026, 12, 1)),
    # St Patrick's Day, Tuesday 17 March 2026: Northern Ireland only.
    Due("northern-ireland-st-patricks-day", "GB", "GB-NIR", "Europe/London", 2, utc(2026, 3, 13, 10), D(2026, 3, 18)),
    # Epiphany, Wednesday 6 January 2027: a holiday in Bavaria, not in Berlin.
    Due("bavaria-epiphany", "DE", "DE-BY", "Europe/Berlin", 1, utc(2027, 1, 5, 10), D(2027, 1, 7)),
    Due("berlin-works-on-epiphany", "DE", "DE-BE", "Europe/Berlin", 1, utc(2027, 1, 5, 10), D(2027, 1, 6)),
    # National Day of Catalonia, Friday 11 September 2026.
    Due("catalonia-national-day", "ES", "ES-CT", "Europe/Madrid", 1, utc(2026, 9, 10, 10), D(2026, 9, 14)),
    Due("madrid-works-11-september", "ES", "ES-MD", "Europe/Madrid", 1, utc(2026, 9, 10, 10), D(2026, 9, 11)),
    # A region the holidays package does not list gets the national holidays (Belgian National Day, 21 July).
    Due("flanders-national-holidays", "BE", "BE-VLG", "Europe/Brussels", 1, utc(2026, 7, 20, 10), D(2026, 7, 22)),
    # No region: the country's national holidays (Christmas Day, and Boxing Day observed on Monday 28th).
    Due("no-region-christmas", "GB", "", "Europe/London", 2, utc(2026, 12, 24, 10), D(2026, 12, 30)),
    # The organisation's own closure on Monday 16 March 2026.
    Due(
        "organisation-closure",
        "GB",
        "GB-ENG",
        "Europe/London",
        2,
        utc(2026, 3, 13, 10),
        D(2026, 3, 18),
        closures=[D(2026, 3, 16)],
    ),
    # 23:30 UTC on Thursday 12 March is 10:30 on Friday in Sydney (in UTC it would be due Monday 16th).
    Due("sydney-is-already-friday", "AU", "AU-NSW", "Australia/Sydney", 2, utc(2026, 3, 12, 23, 30), D(2026, 3, 17)),
    # 02:00 UTC on Friday 13 March is 22:00 on Thursday in Toronto (in UTC it would be due Monday 16th).
    Due("toronto-is-still-thursday", "CA", "CA-ON", "America/Toronto", 1, utc(2026, 3, 13, 2), D(2026, 3, 13)),
    # 23:30 UTC on Thursday 11 June is 00:30 on Friday in London's summer time.
    Due("london-summer-time", "GB", "GB-ENG", "Europe/London", 1, utc(2026, 6, 11, 23, 30), D(2026, 6, 15)),
]


@pytest.mark.parametrize("case", FIRST_CONTACT, ids=[case.id for case in FIRST_CONTACT])
def test_first_contact_due(case: Due):
    organisation = OrganisationFactory(
        countries=[case.country], timezone=case.zone, first_contact_target_days=case.target
    )
    for day in case.closures:
        HolidayFactory(organisation=organisation, date=day)
    due = first_contact_due(
        organisation=organisation, country=case.country, region=case.region, submitted_at=case.submitted_at
    )
    assert due == case.expected


def test_another_organisations_closure_does_not_count():
    organisation = OrganisationFactory(countries=["GB"])
    HolidayFactory(organisation=OrganisationFactory(countries=["IT"]), date=D(2026, 3, 16))
    due = first_contact_due(organisation=organisation, country="GB", region="GB-ENG", submitted_at=utc(2026, 3, 13, 10))
    assert due == D(2026, 3, 17)


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        pytest.param(
            "Australia/Sydney", utc(2026, 3, 12, 23, 30), D(2026, 3, 13), id="thursday-utc-is-friday-in-sydney"
        ),
        pytest.param("America/Toronto", utc(2026, 3, 14, 2), D(2026, 3, 13), id="saturday-utc-is-friday-in-toronto"),
        pytest.param("Europe/London", utc(2026, 1, 15, 23, 30), D(2026, 1, 15), id="london-in-winter-is-utc"),
        pytest.param("Europe/London", utc(2026, 7, 15, 23, 30), D(2026, 7, 16), id="london-summer-time"),
    ],
)
def test_local_date_is_the_date_in_the_organisations_time_zone(zone, instant, expected):
    calendar = organisation_calendar(organisation=OrganisationFactory(timezone=zone), country="GB")
    assert calendar.local_date(instant) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2026, 3, 13), D(2026, 3, 17), 2, id="friday-to-tuesday"),
        pytest.param(D(2026, 3, 13), D(2026, 3, 13), 0, id="same-day"),
        pytest.param(D(2026, 3, 13), D(2026, 3, 15), 0, id="weekend"),
        pytest.param(D(2026, 3, 17), D(2026, 3, 13), -2, id="deadline-two-working-days-ago"),
        pytest.param(D(2026, 5, 22), D(2026, 5, 29), 4, id="late-may-bank-holiday"),
        pytest.param(D(2026, 12, 24), D(2026, 12, 31), 3, id="christmas-and-boxing-day-observed"),
        pytest.param(D(2026, 3, 16), D(2026, 3, 20), 3, id="week-with-a-closure-on-wednesday"),
    ],
)
def test_working_days_between(start, end, expected):
    organisation = OrganisationFactory(countries=["GB"])
    HolidayFactory(organisation=organisation, date=D(2026, 3, 18))
    calendar = organisation_calendar(organisation=organisation, country="GB", region="GB-ENG", since=D(2026, 1, 1))
    assert calendar.working_days_between(start, end) == expected


def test_working_days_between_is_the_count_of_working_days_day_by_day():
    """The arithmetic (whole weeks, less the holidays and closures in between) agrees with
    walking the days, for ranges from a day to years, from every weekday, over holidays."""
    import random

    organisation = OrganisationFactory(countries=["GB"])
    for day in (D(2025, 3, 18), D(2026, 8, 1), D(2026, 12, 29), D(2027, 4, 6)):  # a Saturday among them
        HolidayFactory(organisation=organisation, date=day)
    calendar = organisation_calendar(
        organisation=organisation, country="GB", region="GB-SCT", since=D(2024, 1, 1), until=D(2028, 12, 31)
    )
    rng = random.Random(7)
    for _ in range(300):
        start = D(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1700))
        end = min(
            start + datetime.timedelta(days=rng.choice([0, 1, 2, 6, 7, 8, 13, 40, 365, rng.randrange(0, 120)])),
            calendar.until,
        )
        walked = sum(
            1
            for offset in range(1, (end - start).days + 1)
            if calendar.is_working_day(start + datetime.timedelta(offset))
        )
        assert calendar.working_days_between(start, end) == walked, (start, end)
        assert calendar.working_days_between(end, start) == -walked


@pytest.mark.parametrize("days", [0, 1, 2, 5, 17, 30, MAX_WORKING_DAYS])
def test_counting_back_the_working_days_added_gives_the_same_number(days):
    calendar = organisation_calendar(
        organisation=OrganisationFactory(countries=["DE"], timezone="Europe/Berlin"),
        country="DE",
        region="DE-BY",
        since=D(2026, 12, 18),
    )
    due = calendar.add_working_days(D(2026, 12, 18), days)
    assert calendar.working_days_between(D(2026, 12, 18), due) == days
    assert days == 0 or calendar.is_working_day(due)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 3, 16), True, id="monday"),
        pytest.param(D(2026, 3, 14), False, id="saturday"),
        pytest.param(D(2026, 4, 6), False, id="easter-monday-in-england"),
        pytest.param(D(2026, 11, 30), True, id="st-andrews-day-is-scotlands-not-englands"),
        pytest.param(D(2026, 3, 18), False, id="organisation-closure"),
    ],
)
def test_is_working_day(day, working):
    organisation = OrganisationFactory(countries=["GB"])
    HolidayFactory(organisation=organisation, date=D(2026, 3, 18))
    calendar = organisation_calendar(organisation=organisation, country="GB", region="GB-ENG", since=D(2026, 1, 1))
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    ("country", "region", "subdivision"),
    [
        ("GB", "GB-SCT", "SCT"),
        ("DE", "DE-BY", "BY"),
        ("CA", "CA-ON", "ON"),
        ("AU", "AU-NSW", "NSW"),
        ("ES", "ES-CT", "CT"),
        ("US", "US-CA", "CA"),
        ("BE", "BE-VLG", None),  # the package's Belgian subdivisions are communities, not our regions
        ("IT", "IT-25", None),  # the package's Italian subdivisions are provinces
        ("NL", "NL-NH", None),
        ("DK", "DK-84", None),  # no subdivisions at all
        ("GB", "", None),
    ],
)
def test_regions_map_to_the_holidays_packages_subdivisions_only_where_it_lists_them(country, region, subdivision):
    assert holiday_subdivision(country=country, region=region) == subdivision


@pytest.mark.parametrize(
    ("country", "region"),
    [("GB", "DE-BY"), ("GB", "SCT"), ("XX", "")],
)
def test_a_region_of_another_country_or_an_unknown_country_is_refused(country, region):
    with pytest.raises(ValueError):
        organisation_calendar(organisation=OrganisationFactory(), country=country, region=region)


def test_loops_are_bounded():
    calendar = organisation_calendar(organisation=OrganisationFactory(), country="GB", since=D(2026, 1, 1))
    with pytest.raises(ValueError, match="from 0 to"):
        calendar.add_working_days(D(2026, 1, 5), MAX_WORKING_DAYS + 1)
    with pytest.raises(ValueError, match="from 0 to"):
        calendar.add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(CalendarRangeError):
        calendar.is_working_day(D(2025, 12, 31))  # before the closures it loaded
    with pytest.raises(CalendarRangeError):
        calendar.working_days_between(D(2026, 1, 5), calendar.until + datetime.timedelta(days=1))
    short = organisation_calendar(
        organisation=OrganisationFactory(), country="GB", since=D(2026, 1, 1), until=D(2026, 1, 31)
    )
    with pytest.raises(CalendarRangeError, match="after 2026-01-31"):
        short.add_working_days(D(2026, 1, 5), 30)
    with pytest.raises(ValueError):
        organisation_calendar(
            organisation=OrganisationFactory(), country="GB", since=D(2000, 1, 1), until=D(2030, 1, 1)
        )


def test_a_naive_submission_time_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        first_contact_due(
            organisation=OrganisationFactory(),
            country="GB",
            region="GB-ENG",
            submitted_at=datetime.datetime(2026, 3, 13, 10),  # no time zone: the point of the test
        )


@pytest.mark.parametrize("closures", [1, 40])
def test_building_a_calendar_takes_one_query_whatever_the_closures(closures, django_assert_num_queries):
    organisation = OrganisationFactory(countries=["GB"])
    days = [D(2026, 1, 5) + datetime.timedelta(days=7 * n) for n in range(closures)]  # Mondays
    for day in days:
        HolidayFactory(organisation=organisation, date=day)
    with django_assert_num_queries(1):
        calendar = organisation_calendar(organisation=organisation, country="GB", region="GB-SCT", since=D(2026, 1, 1))
    with django_assert_num_queries(0):
        assert not any(calendar.is_working_day(day) for day in days)
        calendar.add_working_days(D(2026, 1, 2), 200)
        calendar.working_days_between(D(2026, 1, 1), D(2027, 12, 31))
    assert calendar.closures == frozenset(days)


def test_first_contact_due_takes_one_query(django_assert_num_queries):
    organisation = OrganisationFactory(countries=["GB"])
    with django_assert_num_queries(1):
        first_contact_due(organisation=organisation, country="GB", region="GB-ENG", submitted_at=utc(2026, 3, 13, 10))


def test_public_holiday_list_says_where_each_holiday_applies():
    listing = working_days.public_holiday_list(country="GB", since=D(2026, 11, 1), until=D(2027, 4, 30))
    where = {holiday.name: holiday for holiday in listing.holidays}
    assert where["Christmas Day"].whole_country
    assert where["Saint Andrew's Day"].regions == ("Scotland",)
    assert where["Easter Monday"].except_regions == ("Scotland",)
    assert "Late Summer Bank Holiday" not in where  # 31 August 2026 is before the range
