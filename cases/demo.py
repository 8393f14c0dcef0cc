"""Demo requests for the demo clients, so that "My requests" shows what it is for.

Called by ``accounts.demo.seed`` after the societies, the people and the directory exist.
Idempotent: does nothing once the demo clients have requests.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Organisation, User
from resources.models import Service

from .consent import CURRENT_CONSENT_VERSION
from .models import Case, CaseStatus, EventKind, FollowUp, Message, Need, Referral, TimelineEntry


def _case(*, applicant, organisation, reference, received, status, advocate=None, **answers) -> Case:
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
    case = Case.objects.create(
        **{**defaults, **answers},
        applicant=applicant,
        organisation=organisation,
        reference=reference,
        status=status,
        assigned_to=advocate,
        submitted_at=received,
        first_contact_due=(received + datetime.timedelta(days=3)).date(),
    )
    Need.objects.bulk_create([Need(case=case, category=code) for code in case.categories])
    TimelineEntry.objects.create(case=case, kind=EventKind.RECEIVED, at=received, actor=applicant)
    return case


def seed_cases() -> int:
    """Create the demo requests; returns how many were created."""
    client = User.objects.filter(email="client@example.org").first()
    carer = User.objects.filter(email="carer@example.org").first()
    advocate = User.objects.filter(email="advocate@example.org").first()
    uk = Organisation.objects.filter(name="MS Society UK").first()
    if None in (client, carer, advocate, uk) or Case.objects.filter(applicant__in=[client, carer]).exists():
        return 0
    now = timezone.now()

    # Alex: a request being worked on, with messages, a suggested service and a planned call.
    received = now - datetime.timedelta(days=12)
    alex = _case(
        applicant=client,
        organisation=uk,
        reference="MS-DEMO-0001",
        received=received,
        status=CaseStatus.IN_PROGRESS,
        advocate=advocate,
        for_self=True,
        region="GB-ENG",
        categories=["home_vehicle_modification", "financial_assistance"],
        description="The stairs at home are getting too hard and I cannot afford a stairlift on my own.",
    )
    alex.first_contact_at = received + datetime.timedelta(days=1)
    alex.save(update_fields=["first_contact_at"])
    TimelineEntry.objects.create(
        case=alex,
        kind=EventKind.ASSIGNED,
        at=received + datetime.timedelta(hours=20),
        actor=advocate,
        advocate=advocate,
    )
    TimelineEntry.objects.create(
        case=alex, kind=EventKind.IN_PROGRESS, at=received + datetime.timedelta(days=1), actor=advocate
    )
    Message.objects.create(
        case=alex,
        sender=advocate,
        body="Hello Alex, it was good to talk today. I have found a grant that can pay towards a stairlift.",
    )
    Message.objects.create(case=alex, sender=client, body="Thank you, Priya. Can you send me the form?")
    service = (
        Service.objects.filter(country="GB", categories__contains=["home_vehicle_modification"], status="active")
        .order_by("name")
        .first()
    )
    if service is not None:
        Referral.objects.create(
            case=alex, service=service, referred_by=advocate, need=alex.needs.get(category="home_vehicle_modification")
        )
    FollowUp.objects.create(
        case=alex,
        owner=advocate,
        due_at=now + datetime.timedelta(days=3),
        summary="Call Alex about the grant form",
        is_client_contact=True,
    )

    # Sam cares for two people: one request waiting in the queue, one resolved.
    _case(
        applicant=carer,
        organisation=uk,
        reference="MS-DEMO-0002",
        received=now - datetime.timedelta(days=1),
        status=CaseStatus.NEW,
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
        status=CaseStatus.RESOLVED,
        advocate=advocate,
        for_self=False,
        person_name="Ben Okafor",
        relationship="other_family",
        person_agreed="yes",
        region="GB-WLS",
        categories=["transport"],
        description="My brother needs a way to get to his physiotherapy.",
    )
    for days, kind in ((59, EventKind.ASSIGNED), (58, EventKind.IN_PROGRESS), (30, EventKind.RESOLVED)):
        TimelineEntry.objects.create(
            case=resolved,
            kind=kind,
            at=now - datetime.timedelta(days=days),
            actor=advocate,
            advocate=advocate if kind == EventKind.ASSIGNED else None,
        )
    return 3
