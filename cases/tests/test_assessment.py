"""The needs assessment: areas of life rated, rated areas become needs in one step, the PHQ-2
screen and what the organisation says to do after a positive one, the reassessment six weeks
after first contact, and the first and latest ratings side by side on the case page."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, HolidayFactory
from cases import services
from cases.choices import (
    AssessmentDomain,
    EventKind,
    FollowUpKind,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    Visibility,
)
from cases.models import Assessment, AssessmentRating, CaseEvent, FollowUp, Need
from cases.services import Rating
from patientportal.errors import InvalidInput, NotAllowed, NotFound
from resources.tests.factories import ServiceFactory

from .factories import AssignedCaseFactory

pytestmark = pytest.mark.django_db

D = AssessmentDomain


def mine(advocate, **kwargs):
    return AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation, **kwargs)


def record(case, actor, ratings=None, **kwargs):
    ratings = ratings or {D.TRANSPORT: Rating(NeedLevel.SOME, "Cannot drive any more")}
    return services.assessment_record(case=case, actor=actor, ratings=ratings, **kwargs)


def first_contact(case, actor, when=None):
    return services.interaction_log(
        case=case,
        actor=actor,
        channel=InteractionChannel.CALL,
        occurred_at=when or timezone.now(),
        outcome=InteractionOutcome.REACHED,
    )


# --- recording --------------------------------------------------------------------------------


def test_rated_areas_become_needs_in_the_same_step(advocate):
    case = mine(advocate, categories=["transport"])  # transport is already a need
    done = Need.objects.create(case=case, category="caregiving_respite", status=NeedStatus.MET)
    recorded = record(
        case,
        advocate,
        {
            D.TRANSPORT: Rating(NeedLevel.URGENT, "Misses appointments"),
            D.HOME_ACCESS: Rating(NeedLevel.SOME, "Steps at the front door"),
            D.EMOTIONAL_WELLBEING: Rating(NeedLevel.SOME, "Low since the diagnosis"),
            D.ISOLATION: Rating(NeedLevel.URGENT, "Sees nobody most weeks"),
            D.CARE_RESPITE: Rating(NeedLevel.SOME),
            D.WORK: Rating(NeedLevel.NO_NEED, "Retired"),
        },
    )
    assessment = recorded.assessment
    assert {(r.domain, r.level) for r in assessment.ratings.all()} == {
        (D.TRANSPORT, NeedLevel.URGENT),
        (D.HOME_ACCESS, NeedLevel.SOME),
        (D.EMOTIONAL_WELLBEING, NeedLevel.SOME),
        (D.ISOLATION, NeedLevel.URGENT),
        (D.CARE_RESPITE, NeedLevel.SOME),
        (D.WORK, NeedLevel.NO_NEED),
    }
    # A new need per category (wellbeing and isolation share one); the open one is not added
    # twice; the met one is reopened; "no need" adds nothing.
    assert sorted(n.category for n in recorded.needs_added) == ["emotional_support", "home_vehicle_modification"]
    assert [n.category for n in recorded.needs_reopened] == ["caregiving_respite"]
    assert Need.objects.get(pk=done.pk).status == NeedStatus.OPEN
    emotional = Need.objects.get(case=case, category="emotional_support")
    assert emotional.description == "Low since the diagnosis\nSees nobody most weeks"
    assert not Need.objects.filter(case=case, category="employment_benefits").exists()

    recorded_event = CaseEvent.objects.get(case=case, kind=EventKind.ASSESSMENT_RECORDED)
    assert recorded_event.visibility == Visibility.STAFF
    assert recorded_event.payload["assessment"] == assessment.pk and recorded_event.payload["reassessment"] is False
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NEED_ADDED).count() == 2
    assert not recorded.is_reassessment


def test_without_add_needs_the_ratings_are_kept_and_no_need_is_added(advocate):
    case = mine(advocate, categories=["transport"])
    record(case, advocate, {D.HOME_ACCESS: Rating(NeedLevel.URGENT)}, add_needs=False)
    assert list(case.needs.values_list("category", flat=True)) == ["transport"]
    assert AssessmentRating.objects.filter(assessment__case=case).count() == 1


@pytest.mark.parametrize(
    ("ratings", "phq2", "code"),
    [
        ({}, {}, "no_ratings"),
        ({"astrology": Rating(NeedLevel.SOME)}, {}, "domain"),
        ({D.WORK: Rating("enormous")}, {}, "level"),
        ({D.WORK: Rating(NeedLevel.SOME)}, {"phq2_interest": 2}, "phq2_both"),
        ({D.WORK: Rating(NeedLevel.SOME)}, {"phq2_interest": 2, "phq2_mood": 7}, "phq2_answer"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(advocate, ratings, phq2, code):
    case = mine(advocate)
    needs = set(case.needs.values_list("pk", flat=True))
    with pytest.raises(InvalidInput) as refused:
        services.assessment_record(case=case, actor=advocate, ratings=ratings, **phq2)
    assert refused.value.code == code
    assert not Assessment.objects.filter(case=case).exists()
    assert set(case.needs.values_list("pk", flat=True)) == needs
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.ASSESSMENT_RECORDED).exists()


def test_only_who_may_work_on_the_case_records_an_assessment(advocate, supervisor, other_org_advocate):
    case = mine(advocate)
    with pytest.raises(NotFound):
        record(case, AdvocateFactory(organisation=advocate.organisation))
    with pytest.raises(NotFound):
        record(case, other_org_advocate)
    with pytest.raises(NotAllowed):
        record(case, case.applicant)
    record(case, supervisor)  # supervisors may work on their organisation's cases
    assert Assessment.objects.filter(case=case).count() == 1


def test_the_phq2_screen_is_positive_from_3():
    assert Assessment(phq2_interest=1, phq2_mood=1).phq2_positive is False
    assert Assessment(phq2_interest=2, phq2_mood=1).phq2_positive is True
    assert Assessment(phq2_interest=0, phq2_mood=3).phq2_score == 3
    assert Assessment().phq2_score is None and Assessment().phq2_positive is False


# --- the reassessment -------------------------------------------------------------------------


def test_the_first_contact_plans_the_reassessment_six_weeks_later_on_a_working_day(advocate):
    case = mine(advocate)
    london = zoneinfo.ZoneInfo("Europe/London")
    called = datetime.datetime(2026, 11, 2, 15, 0, tzinfo=london)  # a Monday
    # Six weeks later is Monday 14 December: make it a closure, so it moves to the Tuesday.
    HolidayFactory(organisation=case.organisation, date=datetime.date(2026, 12, 14), name="Training day")
    first_contact(case, advocate, when=called)
    reassessment = FollowUp.objects.get(case=case, is_reassessment=True)
    assert reassessment.due_at == datetime.datetime(2026, 12, 15, 10, 0, tzinfo=london)
    assert reassessment.owner == advocate and reassessment.completed_at is None
    assert FollowUpKind.of(reassessment) == FollowUpKind.REASSESSMENT
    planned = CaseEvent.objects.get(case=case, kind=EventKind.FOLLOW_UP_SCHEDULED)
    assert planned.actor is None and planned.visibility == Visibility.STAFF and planned.payload["reassessment"]

    first_contact(case, advocate)  # later contacts plan nothing more
    assert FollowUp.objects.filter(case=case, is_reassessment=True).count() == 1


def test_a_contact_that_did_not_reach_the_person_plans_no_reassessment(advocate):
    case = mine(advocate)
    services.interaction_log(
        case=case,
        actor=advocate,
        channel=InteractionChannel.CALL,
        occurred_at=timezone.now(),
        outcome=InteractionOutcome.NOT_REACHED,
    )
    assert not FollowUp.objects.filter(case=case, is_reassessment=True).exists()


def test_the_reassessment_completes_the_follow_up_that_was_due(advocate):
    case = mine(advocate)
    first_contact(case, advocate)
    first = record(case, advocate)
    due = FollowUp.objects.get(case=case, is_reassessment=True)
    assert due.completed_at is None  # the first assessment is not the reassessment
    second = record(case, advocate, {D.TRANSPORT: Rating(NeedLevel.NO_NEED, "A volunteer driver now")})
    assert second.is_reassessment and not first.is_reassessment
    due.refresh_from_db()
    assert due.completed_at is not None and due.version == 2
    done = CaseEvent.objects.get(case=case, kind=EventKind.FOLLOW_UP_COMPLETED)
    assert done.payload == {"follow_up": due.pk, "reassessment": True} and done.actor == advocate


# --- the pages --------------------------------------------------------------------------------


def case_url(case, suffix=""):
    return reverse("case_detail", kwargs={"case_id": case.pk}) + suffix


def assessment_url(case):
    return reverse("case_assessment_new", kwargs={"case_id": case.pk})


def form_data(**overrides):
    data = {f"level_{domain.value}": "" for domain in AssessmentDomain}
    data.update({f"note_{domain.value}": "" for domain in AssessmentDomain})
    data.update({"phq2_interest": "", "phq2_mood": "", "add_needs": "on"})
    data.update(overrides)
    return data


def test_the_form_records_an_assessment_and_says_what_it_did(client, advocate):
    case = mine(advocate, categories=["transport"])
    client.force_login(advocate)
    page = client.get(assessment_url(case)).content.decode()
    assert "Record the needs assessment" in page and "Depression screen (PHQ-2)" in page
    for domain in AssessmentDomain:
        assert str(domain.label) in page
    response = client.post(
        assessment_url(case),
        form_data(
            level_home_access="urgent",
            note_home_access="Two steps at the front door",
            level_transport="some",
            phq2_interest="1",
            phq2_mood="0",
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("#assessment")
    body = response.content.decode()
    assert "The assessment is saved. 1 need is added to the case." in body
    assert "Two steps at the front door" in body and "Negative" in body
    assert case.needs.filter(category="home_vehicle_modification").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Rate at least one area"),
        ({"note_work": "Retired"}, "Rate work, or remove its note"),
        ({"level_work": "some", "phq2_mood": "2"}, "Answer both screening questions, or neither"),
        ({"level_work": "dreadful"}, "Select a valid choice"),
    ],
)
def test_the_form_explains_what_is_wrong_and_saves_nothing(client, advocate, data, message):
    case = mine(advocate)
    client.force_login(advocate)
    response = client.post(assessment_url(case), form_data(**data))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert not Assessment.objects.filter(case=case).exists()


def test_a_positive_screen_shows_what_the_organisation_says_to_do(client, advocate):
    case = mine(advocate)
    organisation = case.organisation
    client.force_login(advocate)
    response = client.post(
        assessment_url(case), form_data(level_emotional_wellbeing="some", phq2_interest="2", phq2_mood="2"), follow=True
    )
    body = response.content.decode()
    assert "The depression screen is positive" in body and "score 4 of 6" in body
    assert "A positive screen is not a diagnosis." in body  # the site's words until the organisation has its own

    service = ServiceFactory(name="Talking Therapies North")
    organisation.wellbeing_guidance = "Call the duty psychologist on extension 214 the same day."
    organisation.wellbeing_service = service
    organisation.save()
    body = client.get(case_url(case)).content.decode()
    assert "Call the duty psychologist on extension 214 the same day." in body
    assert "A positive screen is not a diagnosis." not in body
    assert "Talking Therapies North" in body
    refer = reverse("case_referral_new", kwargs={"case_id": case.pk}) + f"?service={service.pk}"
    assert refer in body
    # The link offers that service, chosen, ready to suggest.
    offered = client.get(refer).content.decode()
    assert "Talking Therapies North" in offered and "checked" in offered


def test_the_case_page_shows_the_first_and_latest_rating_side_by_side(client, advocate):
    case = mine(advocate)
    record(case, advocate, {D.TRANSPORT: Rating(NeedLevel.URGENT, "Missed two clinic visits")})
    record(case, advocate, {D.TRANSPORT: Rating(NeedLevel.SOME, "Has a volunteer driver")})
    third = record(
        case, advocate, {D.TRANSPORT: Rating(NeedLevel.NO_NEED, "Blue badge arrived")}, phq2_interest=0, phq2_mood=1
    )
    Assessment.objects.filter(pk=third.assessment.pk).update(assessed_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(advocate)
    body = client.get(case_url(case)).content.decode()
    section = body[body.index('id="assessment"') :]
    assert "3 assessments: the first on" in section
    row = section[section.index("Transport") :]
    row = row[: row.index("</tr>")]
    assert "Urgent need" in row and "Missed two clinic visits" in row
    assert "No need" in row and "Blue badge arrived" in row
    assert "Has a volunteer driver" not in section  # only the first and the latest
    assert row.index("Urgent need") < row.index("No need")
    assert "Not talked about" in section and "Record a reassessment" in section


def test_the_page_is_for_those_who_may_work_on_the_case(client, advocate):
    case = mine(advocate)
    for user, status in {AdvocateFactory(organisation=advocate.organisation): 404, case.applicant: 403}.items():
        client.force_login(user)
        assert client.get(assessment_url(case)).status_code == status
