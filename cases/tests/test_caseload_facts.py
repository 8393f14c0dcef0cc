"""What My cases orders and flags a case by is kept on the case by the database
(``cases/models/activity_triggers.py``): every write path keeps it true, and the site never
writes it back from a stale copy."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.choices import CaseStatus, InteractionChannel, InteractionOutcome
from cases.models import Case, CaseEvent, FollowUp, Message, Need
from cases.models.activity_triggers import WAITING

from .factories import AssignedCaseFactory, FollowUpFactory, MessageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


def facts(case: Case) -> tuple:
    row = Case.objects.values_list(
        "next_follow_up_at", "last_contact_at", "waiting_since", "has_unread", "need_categories"
    ).get(pk=case.pk)
    return row


def test_a_new_case_has_its_needs_and_nothing_else():
    case = AssignedCaseFactory(categories=["transport", "housing"])
    assert facts(case) == (None, None, None, False, ["transport", "housing"])


def test_follow_ups_set_the_next_one_and_done_ones_drop_out():
    case = AssignedCaseFactory()
    later = FollowUpFactory(case=case, due_at=NOW() + datetime.timedelta(days=5))
    sooner = FollowUpFactory(case=case, due_at=NOW() + datetime.timedelta(days=1))
    assert facts(case)[0] == sooner.due_at
    services.followup_complete(follow_up=sooner, actor=case.assigned_to)
    assert facts(case)[0] == later.due_at
    moved = NOW() + datetime.timedelta(hours=3)
    services.followup_reschedule(follow_up=later, actor=case.assigned_to, due_at=moved)
    assert facts(case)[0] == moved
    FollowUp.objects.filter(pk=later.pk).delete()
    assert facts(case)[0] is None


def test_contacts_messages_waiting_and_needs_are_followed():
    case = AssignedCaseFactory(categories=["transport"])
    advocate = case.assigned_to
    called = NOW() - datetime.timedelta(hours=2)
    services.interaction_log(
        case=case,
        actor=advocate,
        channel=InteractionChannel.CALL,
        occurred_at=called,
        outcome=InteractionOutcome.REACHED,
    )
    assert facts(case)[1] == called
    MessageFactory(case=case, sender=advocate)  # the advocate's own message is not "unread from the client"
    assert facts(case)[3] is False
    MessageFactory(case=case, sender=case.applicant)
    assert facts(case)[3] is True
    services.messages_mark_read(case=case, reader=advocate)
    assert facts(case)[3] is False
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=advocate)
    services.case_transition(case=Case.objects.get(pk=case.pk), to=CaseStatus.WAITING_ON_CLIENT, actor=advocate)
    waiting = CaseEvent.objects.filter(case=case, to_status=WAITING).latest("at").at
    assert facts(case)[2] == waiting
    services.need_add(case=case, actor=advocate, category="housing")
    assert facts(case)[4] == ["transport", "housing"]
    Need.objects.filter(case=case, category="transport").delete()
    assert facts(case)[4] == ["housing"]
    assert CaseStatus.WAITING_ON_CLIENT.value == WAITING  # the SQL names the status by this value


def test_a_stale_copy_of_the_case_never_writes_the_facts_back():
    case = AssignedCaseFactory()
    stale = Case.objects.get(pk=case.pk)
    due = NOW() + datetime.timedelta(days=2)
    FollowUpFactory(case=case, due_at=due)
    Message.objects.create(case=case, sender=case.applicant, body="Hello?")
    stale.is_urgent = True
    stale.save()  # everything but the facts
    stale.save(update_fields=["is_urgent", "next_follow_up_at", "has_unread"])
    assert facts(case)[0] == due and facts(case)[3] is True
    assert Case.objects.get(pk=case.pk).is_urgent is True


def test_the_database_runs_the_function_this_code_describes():
    """``REFRESH_SQL`` is what migration 0011 created: a change to one without the other (a new
    migration) fails here."""
    from django.db import connection

    from cases.models.activity_triggers import REFRESH_FUNCTION, REFRESH_SQL

    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [REFRESH_FUNCTION])
        [(source,)] = cursor.fetchall()
    described = REFRESH_SQL.split("$$")[1]
    assert " ".join(source.split()) == " ".join(described.split())
