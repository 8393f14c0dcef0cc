"""factory_boy factories for requests and cases."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, ClientFactory, OrganisationFactory
from cases.consent import CURRENT_CONSENT_VERSION
from cases.models import (
    ANSWER_FIELDS,
    Case,
    CaseEvent,
    CaseStatus,
    DeletionRequest,
    EventKind,
    FollowUp,
    Interaction,
    InteractionChannel,
    InteractionOutcome,
    Message,
    Referral,
    RequestDraft,
    Visibility,
)
from cases.services import case_record_submission


class CompleteAnswers(factory.django.DjangoModelFactory):
    """Every question answered, for someone asking for themselves in London."""

    class Meta:
        abstract = True

    for_self = True
    country = "GB"
    region = "GB-ENG"
    categories = factory.LazyFunction(lambda: ["transport", "financial_assistance"])
    description = "I cannot drive any more and the bus stop is too far."
    is_urgent = False
    contact_methods = factory.LazyFunction(lambda: ["phone"])
    phone = "01632 960 001"
    best_days = factory.LazyFunction(lambda: [0, 2])
    best_times = factory.LazyFunction(lambda: ["morning"])
    language = "en"
    consent_version = CURRENT_CONSENT_VERSION
    consent_given_at = factory.LazyFunction(timezone.now)


class RequestDraftFactory(CompleteAnswers):
    class Meta:
        model = RequestDraft

    applicant = factory.SubFactory(ClientFactory)
    step = "check"


class CaseFactory(CompleteAnswers):
    """A submitted case, as ``case_submit`` leaves it: the intake (the answers given, which the
    answer fields here set), the first contact preferences, one need per category and the
    "submitted" event."""

    class Meta:
        model = Case

    applicant = factory.SubFactory(ClientFactory)
    organisation = factory.LazyAttribute(lambda o: OrganisationFactory(countries=[o.country]))
    reference = factory.Sequence(lambda n: f"MS-T{n:03d}-{n:04d}"[:12])
    status = CaseStatus.NEW
    submitted_at = factory.LazyFunction(timezone.now)
    first_contact_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        answers = {name: kwargs.pop(name) for name in ANSWER_FIELDS if name in kwargs}
        kwargs.update(country=answers["country"], region=answers["region"], is_urgent=bool(answers["is_urgent"]))
        case = super()._create(model_class, *args, **kwargs)
        case_record_submission(case=case, answers=answers)
        return case


class AssignedCaseFactory(CaseFactory):
    status = CaseStatus.ASSIGNED
    assigned_to = factory.LazyAttribute(lambda o: AdvocateFactory(organisation=o.organisation, first_name="Sam"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case = super()._create(model_class, *args, **kwargs)
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.ASSIGNED,
            from_status=CaseStatus.NEW,
            to_status=CaseStatus.ASSIGNED,
            actor=case.assigned_to,
            advocate=case.assigned_to,
            visibility=Visibility.CLIENT,
        )
        return case


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    case = factory.SubFactory(AssignedCaseFactory)
    sender = factory.LazyAttribute(lambda o: o.case.assigned_to or o.case.applicant)
    body = "Hello, I have found a grant you can apply for."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(AssignedCaseFactory)
    owner = factory.LazyAttribute(lambda o: o.case.assigned_to)
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    summary = "Call about the transport grant"
    is_client_contact = True


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    case = factory.SubFactory(AssignedCaseFactory)
    logged_by = factory.LazyAttribute(lambda o: o.case.assigned_to)
    channel = InteractionChannel.CALL
    occurred_at = factory.LazyFunction(timezone.now)
    duration_minutes = 20
    with_whom = "Their daughter"
    outcome = InteractionOutcome.REACHED
    summary = "Talked through the grant form."


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(AssignedCaseFactory)
    service = factory.SubFactory("resources.tests.factories.ServiceFactory")
    referred_by = factory.LazyAttribute(lambda o: o.case.assigned_to)
    need = factory.LazyAttribute(lambda o: o.case.needs.first())


class DeletionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeletionRequest

    user = factory.SubFactory(ClientFactory)
    organisation = None


def everything_about(person, *, organisation=None, requests: int = 1, items: int = 1) -> list[Case]:
    """Something about ``person`` in every place the site holds personal data: ``requests`` cases
    (the first withdrawn with a reason, after a change of contact preferences), each with
    ``items`` messages both ways, referrals (the first one answered "it helped"), planned and
    staff-only follow-ups and logged contacts, and a needs assessment; an unsent request; ``items`` saved services,
    problem reports and notifications; a second factor (authenticator app); a deletion request."""
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import TEST_TOTP_SECRET
    from cases.choices import AssessmentDomain, NeedLevel
    from cases.services import Rating, assessment_record, case_withdraw, contact_preferences_update
    from notifications.models import Delivery, NotificationPreference
    from notifications.tests.factories import NotificationFactory
    from resources.tests.factories import ProblemReportFactory, SavedServiceFactory

    extra = {"organisation": organisation} if organisation is not None else {}
    cases = []
    for number in range(requests):
        case = AssignedCaseFactory(applicant=person, description=f"The stairs are hard ({number}).", **extra)
        for item in range(items):
            MessageFactory(case=case, body=f"Your grant was approved ({item}).")
            MessageFactory(case=case, sender=person, body=f"Thank you ({item})!")
            ReferralFactory(case=case, client_feedback="helped" if item == 0 else "")
            FollowUpFactory(case=case, summary=f"Planned call ({item})")
            FollowUpFactory(case=case, summary=f"Check the benefits claim ({item})", is_client_contact=False)
            InteractionFactory(case=case, summary=f"Talked through the grant form ({item}).")
        # Transport is already a need: the assessment adds none.
        assessment_record(
            case=case,
            actor=case.assigned_to,
            ratings={AssessmentDomain.TRANSPORT: Rating(NeedLevel.URGENT, f"Cannot get to the clinic ({number}).")},
            phq2_interest=2,
            phq2_mood=2,
        )
        cases.append(case)
    first = cases[0]
    contact_preferences_update(
        case=first,
        acting_user=person,
        preferences={"contact_methods": ["phone", "email"], "contact_email": "new@example.test", "best_times": []},
    )
    case_withdraw(case=first, acting_user=person, reason="My neighbour sorted it out.")
    RequestDraftFactory(applicant=person, description="A request I have not sent.")
    for item in range(items):
        SavedServiceFactory(user=person)
        ProblemReportFactory(reported_by=person, message=f"The phone number has changed ({item}).")
        NotificationFactory(recipient=person)
    NotificationPreference.objects.create(user=person, kind="new_message", delivery=Delivery.DIGEST)
    TOTP.activate(person, TEST_TOTP_SECRET)
    DeletionRequestFactory(user=person, organisation=first.organisation, reason="I am moving abroad.")
    return cases
