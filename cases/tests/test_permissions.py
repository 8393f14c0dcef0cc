"""One policy: the queryset filter, the check and the people to tell agree, for every action,
every kind of user and cases in every status; and the rules themselves say what PRODUCT.md says."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Absence, Role, User
from accounts.tests.factories import (
    AdvocateFactory,
    ClientFactory,
    OrgAdminFactory,
    OrganisationFactory,
    SiteAdminFactory,
    SupervisorFactory,
)
from cases.choices import OPEN_STATUSES, CaseAction, CaseOutcome, CaseStatus
from cases.models import Case
from cases.permissions import CASES, DELETION_REQUESTS, case_staff, client_of, supervisors_of

from .factories import AssignedCaseFactory, CaseFactory, DeletionRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two societies, their staff, two clients, and cases of both in every status."""
    home, away = OrganisationFactory(countries=["GB"]), OrganisationFactory(countries=["CA"])
    people = {
        "client": ClientFactory(),
        "other_client": ClientFactory(),
        "advocate": AdvocateFactory(organisation=home),
        "colleague": AdvocateFactory(organisation=home),
        "supervisor": SupervisorFactory(organisation=home),
        "away_supervisor": SupervisorFactory(organisation=away),
        "org_admin": OrgAdminFactory(organisation=home),
        "site_admin": SiteAdminFactory(),
        "inactive_supervisor": SupervisorFactory(organisation=home, is_active=False),
        "cover": AdvocateFactory(organisation=home),
        "past_cover": AdvocateFactory(organisation=home),
    }
    today = timezone.localdate()
    # "cover" covers the advocate's absence today; "past_cover" covered one that has ended.
    Absence.objects.create(
        advocate=people["advocate"],
        covered_by=people["cover"],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    Absence.objects.create(
        advocate=people["advocate"],
        covered_by=people["past_cover"],
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=1),
    )
    cases = []
    for status in CaseStatus.values:
        for applicant in (people["client"], people["other_client"]):
            if status in (CaseStatus.NEW, CaseStatus.TRANSFERRED):
                cases.append(CaseFactory(status=status, applicant=applicant, organisation=home))
            else:
                outcome = CaseOutcome.NEEDS_MET if status == CaseStatus.CLOSED else ""
                cases.append(
                    AssignedCaseFactory(
                        status=status,
                        applicant=applicant,
                        organisation=home,
                        assigned_to=people["advocate"],
                        outcome=outcome,
                    )
                )
    cases.append(AssignedCaseFactory(organisation=away))
    return people, cases


@pytest.mark.parametrize("action", CaseAction.values)
def test_the_filter_the_check_and_the_people_to_tell_agree(world, action):
    people, cases = world
    for name, user in people.items():
        visible = set(CASES.filter(user, action).values_list("pk", flat=True))
        allowed = {case.pk for case in cases if CASES.allows(user, action, case)}
        assert visible == allowed, (name, action)
    everyone = list(User.objects.all())
    for case in cases:
        told = set(CASES.users(action, case))
        may = {user for user in everyone if CASES.allows(user, action, case)}
        assert told == may, (case.status, action)


def test_who_sees_a_case(world):
    people, cases = world
    mine = {c.pk for c in cases if c.applicant == people["client"]}
    assert set(CASES.filter(people["client"], CaseAction.VIEW).values_list("pk", flat=True)) == mine
    theirs = {c.pk for c in cases if c.assigned_to == people["advocate"]}
    assert set(CASES.filter(people["advocate"], CaseAction.VIEW).values_list("pk", flat=True)) == theirs
    assert not CASES.filter(people["colleague"], CaseAction.VIEW).exists()
    home = {c.pk for c in cases if c.organisation == people["supervisor"].organisation}
    assert set(CASES.filter(people["supervisor"], CaseAction.VIEW).values_list("pk", flat=True)) == home
    assert set(CASES.filter(people["org_admin"], CaseAction.VIEW).values_list("pk", flat=True)) == home
    for nobody in ("site_admin", "inactive_supervisor"):
        assert not CASES.filter(people[nobody], CaseAction.VIEW).exists()
    # An organisation admin reads, but does not work on, assign or answer for a case.
    for action in (CaseAction.WORK, CaseAction.ASSIGN, CaseAction.CLIENT_CHANGE, CaseAction.RESPONSIBLE):
        assert not CASES.filter(people["org_admin"], action).exists()


def test_a_colleague_covering_an_absence_sees_and_acts_on_the_cases_while_it_lasts(world):
    people, cases = world
    theirs = {c.pk for c in cases if c.assigned_to == people["advocate"]}
    for action in (CaseAction.VIEW, CaseAction.RESPONSIBLE):
        assert set(CASES.filter(people["cover"], action).values_list("pk", flat=True)) == theirs
        assert not CASES.filter(people["past_cover"], action).exists()
    worked = next(c for c in cases if c.status == CaseStatus.IN_PROGRESS and c.assigned_to == people["advocate"])
    assert CASES.allows(people["cover"], CaseAction.WORK, worked)
    assert people["cover"] in CASES.users(CaseAction.WORK, worked)
    assert not CASES.allows(people["past_cover"], CaseAction.VIEW, worked)
    assert not CASES.allows(people["cover"], CaseAction.ASSIGN, worked)  # covering is not supervising


def test_covering_ends_with_the_absence(world):
    people, _cases = world
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Absence.objects.filter(covered_by=people["cover"]).update(starts_on=yesterday, ends_on=yesterday)
    assert not CASES.filter(people["cover"], CaseAction.VIEW).exists()


def test_a_client_changes_only_open_requests(world):
    people, cases = world
    changeable = {case.status for case in cases if CASES.allows(people["client"], CaseAction.CLIENT_CHANGE, case)}
    assert changeable == set(OPEN_STATUSES)


def test_who_is_told(world):
    people, cases = world
    new = next(c for c in cases if c.status == CaseStatus.NEW and c.applicant == people["client"])
    worked = next(c for c in cases if c.status == CaseStatus.IN_PROGRESS and c.applicant == people["client"])
    assert list(client_of(new)) == [people["client"]]
    assert list(supervisors_of(new)) == [people["supervisor"]]  # not the inactive one, not the other society's
    assert list(case_staff(new)) == [people["supervisor"]]  # no advocate yet: the supervisors
    # The advocate, and the colleague covering their absence today.
    assert set(case_staff(worked)) == {people["advocate"], people["cover"]}
    people["advocate"].is_active = False
    people["advocate"].save()
    assert list(case_staff(worked)) == [people["cover"]]  # their advocate left: the colleague covering
    Absence.objects.filter(covered_by=people["cover"]).delete()
    assert list(case_staff(worked)) == [people["supervisor"]]  # and with no cover: the supervisors


def test_an_erased_client_is_told_nothing(world):
    people, cases = world
    case = next(c for c in cases if c.applicant == people["client"])
    people["client"].is_active = False
    people["client"].save()
    assert not client_of(case).exists()


def test_deletion_requests_go_to_their_society_or_to_the_site_admins(world):
    people, _cases = world
    home = DeletionRequestFactory(organisation=people["org_admin"].organisation)
    nowhere = DeletionRequestFactory(organisation=None)
    assert list(DELETION_REQUESTS.users(CaseAction.VIEW, home)) == [people["org_admin"]]
    assert list(DELETION_REQUESTS.users(CaseAction.VIEW, nowhere)) == [people["site_admin"]]
    assert list(DELETION_REQUESTS.filter(people["org_admin"], CaseAction.VIEW)) == [home]
    assert list(DELETION_REQUESTS.filter(people["site_admin"], CaseAction.VIEW)) == [nowhere]
    assert not DELETION_REQUESTS.filter(people["supervisor"], CaseAction.VIEW).exists()


def test_every_role_of_the_product_is_in_the_table():
    roles = {grant.role for grants in CASES.grants.values() for grant in grants}
    assert roles == {Role.CLIENT, Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN}
    assert set(CASES.grants) == set(CaseAction.values)
    assert Case.objects.none().model is CASES.model
