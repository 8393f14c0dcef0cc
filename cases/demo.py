"""Demo requests for the demo clients, so that "My requests" shows what it is for.

Called by ``accounts.demo.seed`` after the societies, the people and the directory exist.
Idempotent: does nothing once the demo clients have requests.

The requests are written as the services would have left them over the past weeks (the
services themselves always act "now"): each case with its intake, contact preferences, needs,
and an event for every step, along the lifecycle.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Organisation, User
from accounts.working_days import first_contact_due
from resources.models import Service

from .choices import CaseStatus, EventKind, InteractionChannel, InteractionOutcome, Visibility
from .consent import CURRENT_CONSENT_VERSION
from .models import (
    Case,
    FollowUp,
    Interaction,
    Message,
    Referral,
)
from .services import case_record_submission
from .services.events import event_append


def _case(*, applicant, organisation, reference, received, **answers) -> Case:
    defaults = {
        "country": "GB",
        "contact_methods": ["phone", "email"],
        "phone": "01632 960 100",
        "contact_email": applicant.email,
        "best_days": [0, 1, 2],
        "best_times": ["morning"],
        "language": "en",
        "is_urgent": False,
        "consent_version": CURRENT_CONSENT_VERSION,
        "consent_given_at": received,
    }
    answers = {**defaults, **answers}
    case = Case.objects.create(
        applicant=applicant,
        organisation=organisation,
        reference=reference,
        status=CaseStatus.NEW,
        country=answers["country"],
        region=answers["region"],
        is_urgent=answers["is_urgent"],
        submitted_at=received,
        first_contact_due=first_contact_due(
            organisation=organisation, country=answers["country"], region=answers["region"], submitted_at=received
        ),
    )
    case_record_submission(case=case, answers=answers)
    return case


def _steps(case: Case, advocate: User, steps: list[tuple[datetime.datetime, str, str]]) -> None:
    """Move the case through ``steps`` (when, event kind, status after), as the advocate."""
    for at, kind, status in steps:
        event_append(
            case=case,
            kind=kind,
            actor=advocate,
            at=at,
            from_status=case.status,
            to_status=status,
            advocate=advocate if kind == EventKind.ASSIGNED else None,
        )
        Case.objects.filter(pk=case.pk).update(
            status=status, assigned_to=advocate, closed_at=at if status == CaseStatus.RESOLVED else None
        )
        case.status = status


def seed_cases() -> int:
    """Create the demo requests; returns how many were created."""
    client = User.objects.filter(email="client@example.org").first()
    carer = User.objects.filter(email="carer@example.org").first()
    advocate = User.objects.filter(email="advocate@example.org").first()
    uk = Organisation.objects.filter(name="MS Society UK").first()
    if None in (client, carer, advocate, uk) or Case.objects.filter(applicant__in=[client, carer]).exists():
        return 0
    now = timezone.now()

    # Alex: a request being worked on, with a first call, messages, a suggested service and a planned call.
    received = now - datetime.timedelta(days=12)
    alex = _case(
        applicant=client,
        organisation=uk,
        reference="MS-DEMO-0001",
        received=received,
        for_self=True,
        region="GB-ENG",
        categories=["home_vehicle_modification", "financial_assistance"],
        description="The stairs at home are getting too hard and I cannot afford a stairlift on my own.",
    )
    first_call = received + datetime.timedelta(days=1)
    _steps(
        alex,
        advocate,
        [
            (received + datetime.timedelta(hours=20), EventKind.ASSIGNED, CaseStatus.ASSIGNED),
            (first_call, EventKind.STATUS_CHANGED, CaseStatus.IN_PROGRESS),
        ],
    )
    call = Interaction.objects.create(
        case=alex,
        logged_by=advocate,
        channel=InteractionChannel.CALL,
        occurred_at=first_call,
        duration_minutes=25,
        with_whom="Alex",
        outcome=InteractionOutcome.REACHED,
        summary="First call. Stairs are the main problem; talked through grants for a stairlift.",
    )
    Case.objects.filter(pk=alex.pk).update(first_contact_at=first_call)
    event_append(
        case=alex,
        kind=EventKind.CONTACT_LOGGED,
        actor=advocate,
        at=first_call,
        payload={"interaction": call.pk, "channel": call.channel, "outcome": call.outcome, "first_contact": True},
    )
    for sender, body, at in (
        (
            advocate,
            "Hello Alex, it was good to talk today. I have found a grant that can pay towards a stairlift.",
            first_call + datetime.timedelta(hours=2),
        ),
        (client, "Thank you, Priya. Can you send me the form?", first_call + datetime.timedelta(days=1)),
    ):
        message = Message.objects.create(case=alex, sender=sender, body=body)
        Message.objects.filter(pk=message.pk).update(created_at=at)
        event_append(case=alex, kind=EventKind.MESSAGE_SENT, actor=sender, at=at, payload={"message": str(message.pk)})
    service = (
        Service.objects.filter(country="GB", categories__contains=["home_vehicle_modification"], status="active")
        .order_by("name")
        .first()
    )
    if service is not None:
        need = alex.needs.get(category="home_vehicle_modification")
        referral = Referral.objects.create(case=alex, service=service, referred_by=advocate, need=need)
        event_append(
            case=alex,
            kind=EventKind.REFERRAL_MADE,
            actor=advocate,
            at=first_call + datetime.timedelta(hours=2),
            payload={"referral": str(referral.pk), "service": str(service.pk), "need": need.pk},
        )
    due = now + datetime.timedelta(days=3)
    follow_up = FollowUp.objects.create(
        case=alex, owner=advocate, due_at=due, summary="Call Alex about the grant form", is_client_contact=True
    )
    event_append(
        case=alex,
        kind=EventKind.FOLLOW_UP_SCHEDULED,
        actor=advocate,
        at=first_call + datetime.timedelta(days=1),
        payload={"follow_up": follow_up.pk, "due_at": due, "client_contact": True},
        visibility=Visibility.CLIENT,
    )

    # Sam cares for two people: one request waiting in the queue, one resolved.
    _case(
        applicant=carer,
        organisation=uk,
        reference="MS-DEMO-0002",
        received=now - datetime.timedelta(days=1),
        for_self=False,
        person_name="Ruth Okafor",
        relationship="parent",
        person_agreed="yes",
        region="GB-WLS",
        categories=["caregiving_respite"],
        description="I look after my mother and I need a short break next month.",
    )
    resolved = _case(
        applicant=carer,
        organisation=uk,
        reference="MS-DEMO-0003",
        received=now - datetime.timedelta(days=60),
        for_self=False,
        person_name="Ben Okafor",
        relationship="other_family",
        person_agreed="yes",
        region="GB-WLS",
        categories=["transport"],
        description="My brother needs a way to get to his physiotherapy.",
    )
    _steps(
        resolved,
        advocate,
        [
            (now - datetime.timedelta(days=59), EventKind.ASSIGNED, CaseStatus.ASSIGNED),
            (now - datetime.timedelta(days=58), EventKind.STATUS_CHANGED, CaseStatus.IN_PROGRESS),
            (now - datetime.timedelta(days=30), EventKind.STATUS_CHANGED, CaseStatus.RESOLVED),
        ],
    )
    Case.objects.filter(pk=resolved.pk).update(first_contact_at=now - datetime.timedelta(days=58))
    return 3
