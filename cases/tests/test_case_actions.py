"""The case record's actions, as an advocate uses them: each through its service, each leaving
its event; bad input is refused with a message and saves nothing."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, OrgAdminFactory
from cases.choices import CaseStatus, EventKind, NeedStatus
from cases.models import Case, CaseEvent, FollowUp, Interaction, Referral
from notifications.models import Notification
from resources.tests.factories import ServiceFactory

from .factories import AssignedCaseFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(advocate):
    return AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation, categories=["transport"])


def url(name: str, case: Case, **kwargs) -> str:
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


def last_kind(case: Case) -> str:
    return case.events.order_by("-at", "-id").first().kind


def test_logging_the_first_call_sets_first_contact(client, advocate, case):
    client.force_login(advocate)
    when = timezone.localtime(timezone.now() - datetime.timedelta(hours=1), zoneinfo.ZoneInfo("Europe/London"))
    response = client.post(
        url("case_contact_log", case),
        {
            "channel": "call",
            "outcome": "reached",
            "date_day": when.day,
            "date_month": when.month,
            "date_year": when.year,
            "time": when.strftime("%H:%M"),
            "duration_minutes": "20",
            "with_whom": "Alex",
            "summary": "Talked about a grant.",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#assessment")
    interaction = Interaction.objects.get(case=case)
    assert interaction.duration_minutes == 20 and interaction.summary == "Talked about a grant."
    case.refresh_from_db()
    assert case.first_contact_at == interaction.occurred_at
    assert interaction.occurred_at.replace(second=0, microsecond=0) == when.replace(second=0, microsecond=0)
    kinds = list(CaseEvent.objects.filter(case=case).order_by("-at", "-id").values_list("kind", flat=True)[:2])
    # The first contact plans the needs reassessment, six weeks later.
    assert kinds == [EventKind.FOLLOW_UP_SCHEDULED, EventKind.CONTACT_LOGGED]
    assert case.follow_ups.get().is_reassessment
    page = client.get(response["Location"]).content.decode()
    assert "This was the first contact: record the needs assessment now" in page


def test_a_contact_in_the_future_or_without_a_time_is_refused(client, advocate, case):
    client.force_login(advocate)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        url("case_contact_log", case),
        {
            "channel": "call",
            "outcome": "reached",
            "date_day": tomorrow.day,
            "date_month": tomorrow.month,
            "date_year": tomorrow.year,
            "time": "10:00",
        },
    )
    assert response.status_code == 200 and "A contact cannot be in the future" in response.content.decode()
    no_time = client.post(url("case_contact_log", case), {"channel": "call", "outcome": "reached", "time": "25:99"})
    page = no_time.content.decode()
    assert "Enter a time like 14:30" in page and "There is a problem" in page
    assert not Interaction.objects.exists()


def test_a_follow_up_is_due_in_the_organisations_time_zone(client, advocate, case):
    advocate.organisation.timezone = "America/Toronto"
    advocate.organisation.save()
    client.force_login(advocate)
    response = client.post(
        url("case_follow_up_new", case),
        {
            "summary": "Call about the form",
            "date_day": "15",
            "date_month": "1",
            "date_year": "2027",
            "time": "09:30",
            "owner": str(advocate.pk),
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.due_at == datetime.datetime(2027, 1, 15, 14, 30, tzinfo=datetime.UTC)  # 09:30 in Toronto
    assert last_kind(case) == EventKind.FOLLOW_UP_SCHEDULED


def test_a_follow_up_goes_only_to_an_advocate_of_the_organisation(client, advocate, case, other_org_advocate):
    client.force_login(advocate)
    response = client.post(
        url("case_follow_up_new", case),
        {"summary": "x", "date_day": "1", "date_month": "2", "date_year": "2027", "time": "10:00",
         "owner": str(other_org_advocate.pk)},
    )  # fmt: skip
    assert "Select a valid choice" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_follow_up_is_moved_and_marked_done(client, advocate, case):
    follow_up = FollowUpFactory(case=case, owner=advocate, summary="Send the form")
    client.force_login(advocate)
    moved = client.post(
        url("case_follow_up_reschedule", case, follow_up_id=follow_up.pk),
        {"date_day": "3", "date_month": "3", "date_year": "2027", "time": "11:00"},
    )
    assert moved.status_code == 302 and last_kind(case) == EventKind.FOLLOW_UP_RESCHEDULED
    follow_up.refresh_from_db()
    assert timezone.localtime(follow_up.due_at, zoneinfo.ZoneInfo("Europe/London")).hour == 11
    done = client.post(url("case_follow_up_done", case, follow_up_id=follow_up.pk))
    assert done.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.completed_at is not None and last_kind(case) == EventKind.FOLLOW_UP_COMPLETED
    again = client.post(url("case_follow_up_done", case, follow_up_id=follow_up.pk))
    assert again.status_code == 409 and "already done" in again.content.decode()


def test_the_status_moves_offered_are_the_lifecycles(client, advocate, case):
    client.force_login(advocate)
    page = client.get(url("case_status", case)).content.decode()
    assert 'value="in_progress"' in page and 'value="closed"' not in page and 'value="new"' not in page
    client.post(url("case_status", case), {"to": "in_progress"})
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    refused = client.post(url("case_status", case), {"to": "closed"})
    assert "Select how the case ended" in refused.content.decode()
    client.post(url("case_status", case), {"to": "closed", "outcome": "stabilised"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "stabilised")
    no_reason = client.post(url("case_status", case), {"to": "in_progress"})
    assert "Say why" in no_reason.content.decode()
    client.post(url("case_status", case), {"to": "in_progress", "reason": "A new need came up"})
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and last_kind(case) == EventKind.REOPENED


def test_needs_are_added_and_updated(client, advocate, case):
    client.force_login(advocate)
    client.post(url("case_need_new", case), {"category": "housing", "description": "Needs a ramp"})
    duplicate = client.post(url("case_need_new", case), {"category": "housing"})
    assert "already on the case" in duplicate.content.decode()
    need = case.needs.get(category="housing")
    client.post(url("case_need_edit", case, need_id=need.pk), {"status": "met", "outcome": "Ramp fitted"})
    need.refresh_from_db()
    assert (need.status, need.outcome) == (NeedStatus.MET, "Ramp fitted")
    assert last_kind(case) == EventKind.NEED_UPDATED


def test_a_reply_reaches_the_client_as_a_notice(client, advocate, case):
    client.force_login(advocate)
    response = client.post(url("case_message", case), {"body": "I have found a grant."})
    assert response.status_code == 302
    assert case.messages.get().body == "I have found a grant."
    assert Notification.objects.get(kind="new_message").recipient == case.applicant
    empty = client.post(url("case_message", case), {"body": "  "})
    assert empty.status_code == 400 and "Write your message" in empty.content.decode()


def test_a_service_is_found_and_referred_for_a_need(client, advocate, case):
    wanted = ServiceFactory(name="Stairlift grants for everyone", country="GB")
    ServiceFactory(name="Stairlift grants abroad", country="CA")
    client.force_login(advocate)
    page = client.get(url("case_referral_new", case) + "?q=stairlift").content.decode()
    assert "Stairlift grants for everyone" in page and "Stairlift grants abroad" not in page
    need = case.needs.get()
    response = client.post(
        url("case_referral_new", case) + "?q=stairlift", {"service": str(wanted.pk), "need": str(need.pk)}
    )
    assert response.status_code == 302
    referral = Referral.objects.get(case=case)
    assert (referral.service, referral.need) == (wanted, need)
    assert last_kind(case) == EventKind.REFERRAL_MADE
    client.force_login(case.applicant)
    assert "Stairlift grants for everyone" in client.get(reverse("my_request_detail", args=[case.pk])).content.decode()


def test_choosing_no_service_is_refused_and_a_retired_one_is_not_found(client, advocate, case):
    retired = ServiceFactory(status="defunct")
    client.force_login(advocate)
    refused = client.post(url("case_referral_new", case) + "?q=anything", {"need": ""})
    assert refused.status_code == 400 and "Choose a service" in refused.content.decode()
    assert client.post(url("case_referral_new", case), {"service": str(retired.pk)}).status_code == 404
    assert not Referral.objects.exists()


def test_an_organisation_admin_reads_but_does_not_act_and_a_colleague_cannot_see(client, advocate, case):
    client.force_login(OrgAdminFactory(organisation=advocate.organisation))
    assert client.get(url("case_contact_log", case)).status_code == 403
    client.force_login(AdvocateFactory(organisation=advocate.organisation))
    assert client.get(url("case_contact_log", case)).status_code == 404


def test_a_withdrawn_case_cannot_be_worked_on(client, advocate, case):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.WITHDRAWN)
    client.force_login(advocate)
    response = client.get(url("case_contact_log", case))
    assert response.status_code == 409 and "closed" in response.content.decode()
