"""The team, for supervisors and organisation admins: each advocate's load against capacity,
languages and regions by name, expertise, and absences with a colleague covering, whose access
to the absent advocate's cases lasts exactly as long as the absence."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Absence
from accounts.tests.factories import AdvocateFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_team_page_shows_load_languages_regions_and_who_is_away(client, supervisor):
    from cases.tests.factories import AssignedCaseFactory

    org = supervisor.organisation
    rhys = AdvocateFactory(
        organisation=org, first_name="Rhys", last_name="Jones", languages=["en", "cy"], regions=["GB-WLS"], capacity=30
    )
    AssignedCaseFactory.create_batch(2, organisation=org, assigned_to=rhys)
    fiona = AdvocateFactory(organisation=org, first_name="Fiona", last_name="MacLeod")
    Absence.objects.create(advocate=rhys, covered_by=fiona, starts_on=days(0), ends_on=days(4))
    client.force_login(supervisor)
    body = client.get(reverse("team_list")).content.decode()
    assert "2 of 30" in body
    assert "English, Welsh" in body and "Wales" in body
    assert "Away until" in body and "Fiona MacLeod covers" in body
    assert "Covering for Rhys Jones" in body


def test_the_team_page_reads_the_same_queries_whatever_the_team(client, supervisor, django_assert_num_queries):
    from cases.tests.factories import AssignedCaseFactory

    client.force_login(supervisor)
    AdvocateFactory(organisation=supervisor.organisation)
    client.get(reverse("team_list"))
    # session, user, the team (the organisation's name and the second factor come from the cache)
    with django_assert_num_queries(3):
        client.get(reverse("team_list"))
    for _ in range(5):
        advocate = AdvocateFactory(organisation=supervisor.organisation)
        AssignedCaseFactory(organisation=supervisor.organisation, assigned_to=advocate)
        Absence.objects.create(
            advocate=advocate,
            covered_by=AdvocateFactory(organisation=supervisor.organisation),
            starts_on=days(0),
            ends_on=days(1),
        )
    with django_assert_num_queries(3):
        client.get(reverse("team_list"))


def test_a_supervisor_changes_an_advocates_working_details(client, supervisor):
    advocate = AdvocateFactory(organisation=supervisor.organisation, capacity=40, languages=["en"])
    client.force_login(supervisor)
    url = reverse("team_member_work", args=[advocate.pk])
    assert "Capacity: how many open cases" in client.get(url).content.decode()
    response = client.post(
        url,
        {"capacity": "55", "languages": ["en", "pl"], "regions": ["GB-SCT"], "expertise": ["housing", "transport"]},
        follow=True,
    )
    assert "working details are saved" in response.content.decode()
    advocate.refresh_from_db()
    assert (advocate.capacity, advocate.languages, advocate.regions, advocate.expertise) == (
        55,
        ["en", "pl"],
        ["GB-SCT"],
        ["housing", "transport"],
    )
    assert "English, Polish" in response.content.decode()


@pytest.mark.parametrize(
    ("capacity", "message"),
    [("0", "at least 1 case"), ("201", "200 cases or fewer"), ("lots", "whole number"), ("", "Enter how many")],
)
def test_a_capacity_out_of_range_is_refused_and_nothing_changes(client, supervisor, capacity, message):
    advocate = AdvocateFactory(organisation=supervisor.organisation, capacity=40)
    client.force_login(supervisor)
    response = client.post(reverse("team_member_work", args=[advocate.pk]), {"capacity": capacity})
    assert response.status_code == 400 and message in response.content.decode()
    advocate.refresh_from_db()
    assert advocate.capacity == 40


def test_an_advocate_cannot_change_a_colleague(client, advocate):
    colleague = AdvocateFactory(organisation=advocate.organisation)
    client.force_login(advocate)
    assert client.post(reverse("team_member_work", args=[colleague.pk]), {"capacity": "5"}).status_code == 403


def test_the_cover_sees_the_absent_advocates_cases_only_while_the_absence_lasts(client, supervisor):
    from cases.tests.factories import AssignedCaseFactory

    org = supervisor.organisation
    away = AdvocateFactory(organisation=org, first_name="Priya", last_name="Shah")
    cover = AdvocateFactory(organisation=org, first_name="Rhys", last_name="Jones")
    case = AssignedCaseFactory(organisation=org, assigned_to=away)
    case_url = reverse("case_detail", args=[case.pk])
    client.force_login(cover)
    assert client.get(case_url).status_code == 404

    client.force_login(supervisor)
    response = client.post(
        reverse("team_member_absence_new", args=[away.pk]),
        _absence_form(days(-2), days(5), cover),  # away since the day before yesterday
        follow=True,
    )
    assert "Rhys Jones covers their cases while they are away" in response.content.decode()
    client.force_login(cover)
    assert client.get(case_url).status_code == 200
    assert case.reference in client.get(reverse("caseload")).content.decode()

    # Back early: the supervisor ends the absence; the cover loses access at once.
    absence = Absence.objects.get(advocate=away)
    client.force_login(supervisor)
    client.post(reverse("team_member_absence_end", args=[away.pk, absence.pk]))
    absence.refresh_from_db()
    assert absence.ends_on == days(-1)
    client.force_login(cover)
    assert client.get(case_url).status_code == 404


def test_an_absence_not_started_yet_is_removed_when_ended(client, supervisor):
    org = supervisor.organisation
    away = AdvocateFactory(organisation=org)
    absence = Absence.objects.create(
        advocate=away, covered_by=AdvocateFactory(organisation=org), starts_on=days(3), ends_on=days(9)
    )
    client.force_login(supervisor)
    response = client.post(reverse("team_member_absence_end", args=[away.pk, absence.pk]), follow=True)
    assert "The absence is removed" in response.content.decode()
    assert not Absence.objects.filter(pk=absence.pk).exists()


def _absence_form(start: datetime.date, end: datetime.date, cover) -> dict:
    return {
        "starts_on_day": start.day,
        "starts_on_month": start.month,
        "starts_on_year": start.year,
        "ends_on_day": end.day,
        "ends_on_month": end.month,
        "ends_on_year": end.year,
        "covered_by": str(cover.pk) if cover else "",
    }


def test_absences_that_make_no_sense_are_refused_with_the_reason(client, supervisor):
    org = supervisor.organisation
    away = AdvocateFactory(organisation=org, first_name="Priya", last_name="Shah")
    cover = AdvocateFactory(organisation=org, first_name="Rhys", last_name="Jones")
    Absence.objects.create(advocate=away, covered_by=cover, starts_on=days(10), ends_on=days(12))
    Absence.objects.create(
        advocate=cover, covered_by=AdvocateFactory(organisation=org), starts_on=days(20), ends_on=days(21)
    )
    client.force_login(supervisor)
    url = reverse("team_member_absence_new", args=[away.pk])
    cases = [
        (_absence_form(days(3), days(1), cover), "The last day must be the same as the first day or after it"),
        (_absence_form(days(-9), days(-2), cover), "must not be over already"),
        (_absence_form(days(11), days(14), cover), "Priya Shah is already recorded as away"),
        (_absence_form(days(19), days(22), cover), "Rhys Jones is away for some of those days too"),
        (_absence_form(days(1), days(2), None), "Choose the colleague who covers their cases"),
        (_absence_form(days(1), days(2), away), "Choose one of the advocates listed"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert Absence.objects.filter(advocate=away).count() == 1
