"""What requests and cases hold about a person (see ``patientportal.personal_data``).

Erasure keeps each case's anonymous record for ``CASE_RETENTION_YEARS`` (its organisation,
country, dates, categories, status and outcome: the organisation's statistics) and erases
everything that identifies the person or that they or their advocate wrote about them: the
answers and contact details, the words of needs, logged contacts, follow-ups and assessment notes,
the answers to the depression screen, the reasons
given in the event log, the messages, the unsent requests, the reasons for deletion requests.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from patientportal.personal_data import ERASED, Erasure, Holding, PersonalData, iso, register

from .choices import OPEN_STATUSES, Visibility
from .models import (
    ANSWER_FIELDS,
    CONTACT_FIELDS,
    Case,
    CaseEvent,
    ContactPreferences,
    DeletionRequest,
    FollowUp,
    Interaction,
    Message,
    Referral,
    RequestAnswers,
    RequestDraft,
)

#: What erasure writes over a case's intake: everything but the country, the categories,
#: "for themselves or someone else", urgency, language and the consent given (statistics).
ANSWER_BLANKS: dict[str, Any] = {
    "person_name": "",
    "relationship": "",
    "person_agreed": "",
    "region": "",
    "description": "",
    "contact_methods": [],
    "phone": "",
    "contact_email": "",
    "postal_address": "",
    "best_days": [],
    "best_times": [],
    "access_needs": [],
    "other_contact_name": "",
    "other_contact_phone": "",
    "access_other": "",
}
#: ... and over every version of the case's contact preferences.
CONTACT_BLANKS = {name: value for name, value in ANSWER_BLANKS.items() if name in CONTACT_FIELDS}

#: The answers in the download (``requests[].answers``, ``request_not_sent_yet``), one per field
#: of the request; a test checks this covers ``ANSWER_FIELDS``.
ANSWER_KEYS: dict[str, str] = {
    # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they are: the
    # file holds them so (in_progress, ISO 8601, null, true...).
    "for_self": _("true if the request is for you, false if for someone you care for"),
    "person_name": _("the name of the person you care for"),
    "relationship": _("how you are related: partner, parent, child, other_family, friend or other"),
    "person_agreed": _("whether they agreed to the request: yes, not_yet or unable"),
    "country": _("the country, as an ISO 3166 code (GB)"),
    "region": _("the region, as an ISO 3166-2 code (GB-ENG)"),
    "categories": _("what help is needed, as category codes"),
    "description": _("what you wrote in your own words"),
    "is_urgent": _("true if you said it is urgent"),
    "contact_methods": _("how to contact you: phone, email, text, post"),
    "phone": _("the phone number to use"),
    "contact_email": _("the e-mail address to use"),
    "postal_address": _("the postal address to use"),
    "best_days": _("the best days, 0 (Monday) to 6 (Sunday)"),
    "best_times": _("the best times: morning, afternoon, evening"),
    "language": _("the language to use, as a code (en)"),
    "access_needs": _("help to talk with us: large_print, relay, interpreter, someone_else"),
    "other_contact_name": _("someone to speak to instead of you"),
    "other_contact_phone": _("their phone number"),
    "access_other": _("anything else you told us about how to talk with you"),
    "consent_version": _("the version of the wording you agreed to"),
    "consent_given_at": _("when you agreed (ISO 8601)"),
}


def _answers(answers: RequestAnswers, names: list[str]) -> dict[str, Any]:
    data = {}
    for name in names:
        value = getattr(answers, name)
        data[name] = iso(value) if hasattr(value, "isoformat") else value
    return data


def _intake(case: Case) -> Any:
    try:
        return case.intake
    except Case.intake.RelatedObjectDoesNotExist:
        return None


def _blank_reasons(rows: QuerySet[CaseEvent]) -> None:
    """The reasons people gave (to withdraw, to reassign) are the only words events hold."""
    for event in rows.filter(payload__has_key="reason").only("pk", "payload"):
        CaseEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "reason": ""})


# --- requests ------------------------------------------------------------------------------------


def _requests_read(rows: QuerySet[Case], person: Any) -> list[Case]:
    """Every request of the person with all My data shows about it: 8 queries whatever the number
    (cases with organisation, advocate and intake; needs; contact preferences; the events the
    client may see with their people; referrals with their services; messages with their
    senders; planned contacts; logged contacts)."""
    return list(
        rows.select_related("organisation", "assigned_to", "intake")
        .prefetch_related(
            "needs",
            Prefetch("contact_preferences", queryset=ContactPreferences.objects.order_by("-created_at", "-id")),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(visibility=Visibility.CLIENT).select_related("advocate", "actor"),
                to_attr="client_events",
            ),
            Prefetch("referrals", queryset=Referral.objects.select_related("service", "need")),
            Prefetch("messages", queryset=Message.objects.select_related("sender")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.filter(is_client_contact=True).order_by("due_at", "id"),
                to_attr="planned_contacts",
            ),
            Prefetch("interactions", queryset=Interaction.objects.order_by("occurred_at", "id")),
        )
        .order_by("submitted_at", "id")
    )


def _request_data(case: Case, person: Any) -> dict[str, Any]:
    intake = _intake(case)
    return {
        "reference": case.reference,
        "organisation": case.organisation.name,
        "status": case.status,
        "outcome": case.outcome or None,
        "country": case.country,
        "region": case.region or None,
        "urgent": case.is_urgent,
        "received": iso(case.submitted_at),
        "first_contact_due": iso(case.first_contact_due),
        "first_contact": iso(case.first_contact_at),
        "closed": iso(case.closed_at),
        "advocate_first_name": case.assigned_to.first_name if case.assigned_to else None,
        "answers": _answers(intake, ANSWER_FIELDS) if intake else None,
        "needs": [{"category": need.category, "status": need.status} for need in case.needs.all()],
        "contact_preferences": [
            {
                "from": iso(version.created_at),
                "changed_by_you": version.changed_by_id == person.pk,
                **_answers(version, CONTACT_FIELDS),
            }
            for version in case.contact_preferences.all()
        ],
        "timeline": [
            {
                "what": event.kind,
                "when": iso(event.at),
                "status": event.to_status or None,
                "your_reason": event.payload.get("reason") if event.actor_id == person.pk else None,
            }
            for event in case.client_events
        ],
        "planned_contacts": [
            {"when": iso(follow_up.due_at), "done": iso(follow_up.completed_at)} for follow_up in case.planned_contacts
        ],
        "contacts": [
            {
                "when": iso(contact.occurred_at),
                "how": contact.channel,
                "outcome": contact.outcome,
                "minutes": contact.duration_minutes,
            }
            for contact in case.interactions.all()
        ],
        "referrals": [
            {
                "service": referral.service.name,
                "service_id": str(referral.service_id),
                "need": referral.need.category if referral.need else None,
                "offered": iso(referral.created_at),
                "your_feedback": referral.client_feedback or None,
                "feedback_given": iso(referral.client_feedback_at),
            }
            for referral in case.referrals.all()
        ],
        "messages": [
            {
                "from": "you" if message.sender_id == person.pk else message.sender.first_name,
                "sent": iso(message.created_at),
                "read": iso(message.read_at),
                "text": message.body,
            }
            for message in case.messages.all()
        ],
    }


def _requests_data(cases: list[Case], person: Any) -> list[dict[str, Any]]:
    return [_request_data(case, person) for case in cases]


_STAFF_TEXT = _(
    "Your advocate's working notes: what they wrote about calls and visits, about each thing you need "
    "help with, the assessments of your needs they went through with you, and their own reminders. "
    "Ask your MS society if you want a copy."
)

register(
    PersonalData(
        key="requests",
        holdings=(
            Holding(
                "cases.Case",
                person="applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Requests"),
                blank={"region": "", "updated_at": Now()},
                others={"assigned_to": "the advocate who has the case: a member of staff"},
                also_count=(_("open"), Q(status__in=OPEN_STATUSES)),
            ),
            Holding(
                "cases.CaseIntake",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Requests as they were sent (answers and contact details erased)"),
                blank=ANSWER_BLANKS,
                protected_by=("kept_as_submitted",),
                counted=False,
            ),
            Holding(
                "cases.ContactPreferences",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Versions of their contact preferences (contact details erased)"),
                blank=CONTACT_BLANKS,
                protected_by=("append_only",),
                others={"changed_by": "who made the change: the person, or staff for them (an id)"},
            ),
            Holding(
                "cases.Need",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Needs (the category and status stay; what was written is erased)"),
                blank={"description": "", "outcome": ""},
            ),
            Holding(
                "cases.CaseEvent",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Events in the requests' timelines (reasons people gave are erased)"),
                anonymise=_blank_reasons,
                protected_by=("append_only",),
                others={
                    "actor": "who did it: the person, staff or nobody (an id)",
                    "advocate": "the advocate the event is about: a member of staff",
                },
            ),
            Holding(
                "cases.Interaction",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Logged contacts (who was spoken with, and the summary, are erased)"),
                blank={"summary": "", "with_whom": ""},
                others={"logged_by": "the member of staff who logged it"},
            ),
            Holding(
                "cases.FollowUp",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Follow-ups (what they say is erased)"),
                blank={"summary": ERASED},
                others={"owner": "the advocate who owns it"},
            ),
            Holding(
                "cases.Note",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Notes (what they say is erased)"),
                blank={"body": ERASED},
                others={"author": "the member of staff who wrote it"},
            ),
            Holding(
                "cases.Assessment",
                person="case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Needs assessments (the answers to the depression screen are erased)"),
                blank={"phq2_interest": None, "phq2_mood": None},
                others={"assessed_by": "the member of staff who did the assessment"},
            ),
            Holding(
                "cases.AssessmentRating",
                person="assessment__case__applicant",
                erasure=Erasure.ANONYMISE,
                label=_("Ratings of each area of life in the assessments (the ratings stay; the notes are erased)"),
                blank={"note": ""},
                counted=False,
            ),
            Holding(
                "cases.Referral",
                person="case__applicant",
                erasure=Erasure.KEEP,
                reason=_(
                    "Which services your advocate suggested and whether they helped, without your name: "
                    "your MS society uses this to know which services help people."
                ),
                others={"referred_by": "the advocate who suggested the service"},
            ),
            Holding(
                "cases.Message",
                person="case__applicant",
                erasure=Erasure.DELETE,
                label=_("Messages"),
                others={"sender": "the person or their advocate: every message of their cases is deleted"},
            ),
        ),
        read=_requests_read,
        data=_requests_data,
        template="cases/my_data/sections.html#requests",
        not_shown=_STAFF_TEXT,
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "requests": _("every request you sent, oldest first"),
            "requests[].reference": _("the request's reference number"),
            "requests[].organisation": _("the MS society looking after it"),
            "requests[].status": _(
                "where it is: new, assigned, in_progress, waiting_on_client, resolved, closed, withdrawn, transferred"
            ),
            "requests[].outcome": (
                _("how it ended: needs_met, stabilised, referred_on, client_withdrew, unable_to_contact; or null")
            ),
            "requests[].country": _("the country it is routed by (ISO 3166)"),
            "requests[].region": _("the region it is routed by (ISO 3166-2), or null"),
            "requests[].urgent": _("true if it was urgent"),
            "requests[].received": _("when we received it (ISO 8601)"),
            "requests[].first_contact_due": _("the date by which someone should contact you (ISO 8601)"),
            "requests[].first_contact": _("when someone first spoke with you (ISO 8601), or null"),
            "requests[].closed": _("when it was closed (ISO 8601), or null"),
            "requests[].advocate_first_name": _("your advocate's first name, or null"),
            "requests[].answers": _("your answers to the request questions, as you sent them"),
            **{f"requests[].answers.{name}": meaning for name, meaning in ANSWER_KEYS.items()},
            "requests[].needs": _("what you need help with"),
            "requests[].needs[].category": _("the kind of help, as a category code"),
            "requests[].needs[].status": _("open, in_progress, met, not_met or withdrawn"),
            "requests[].contact_preferences": _(
                "how to contact you: the one that applies now first, then earlier ones"
            ),
            "requests[].contact_preferences[].from": _("when this version was made (ISO 8601)"),
            "requests[].contact_preferences[].changed_by_you": _("true if you made it, false if staff did for you"),
            **{
                f"requests[].contact_preferences[].{name}": ANSWER_KEYS[name]
                for name in ANSWER_KEYS
                if name in CONTACT_FIELDS
            },
            "requests[].timeline": _("what happened, as you see it on the request's page"),
            "requests[].timeline[].what": _("what happened, as a code (submitted, assigned, message_sent, ...)"),
            "requests[].timeline[].when": _("when (ISO 8601)"),
            "requests[].timeline[].status": _("the status it moved to, or null"),
            "requests[].timeline[].your_reason": _("the reason you gave (to withdraw), or null"),
            "requests[].planned_contacts": _("the contacts your advocate planned with you"),
            "requests[].planned_contacts[].when": _("when (ISO 8601)"),
            "requests[].planned_contacts[].done": _("when it took place (ISO 8601), or null"),
            "requests[].contacts": _("the contacts your advocate logged with you"),
            "requests[].contacts[].when": _("when (ISO 8601)"),
            "requests[].contacts[].how": _("call, visit, email, message or letter"),
            "requests[].contacts[].outcome": _("reached, left_message or not_reached"),
            "requests[].contacts[].minutes": _("how long it took, in minutes, or null"),
            "requests[].referrals": _("the services your advocate suggested"),
            "requests[].referrals[].service": _("the service's name"),
            "requests[].referrals[].service_id": _("the service's id in the directory"),
            "requests[].referrals[].need": _("the category of the need it was for, or null"),
            "requests[].referrals[].offered": _("when it was suggested (ISO 8601)"),
            "requests[].referrals[].your_feedback": _("whether it helped: helped, did_not_help, not_tried; or null"),
            "requests[].referrals[].feedback_given": _("when you told us (ISO 8601), or null"),
            "requests[].messages": _("the messages between you and your advocate, oldest first"),
            "requests[].messages[].from": _("you, or your advocate's first name"),
            "requests[].messages[].sent": _("when it was sent (ISO 8601)"),
            "requests[].messages[].read": _("when the other side read it (ISO 8601), or null"),
            "requests[].messages[].text": _("the message"),
        },
    )
)


# --- a request not sent yet ------------------------------------------------------------------


def _draft_read(rows: QuerySet[RequestDraft], person: Any) -> RequestDraft | None:
    """One query: the request being written (those sent became cases above)."""
    return rows.filter(case__isnull=True).first()


def _draft_data(draft: RequestDraft | None, person: Any) -> dict[str, Any] | None:
    return _answers(draft, ANSWER_FIELDS) if draft else None


register(
    PersonalData(
        key="request_not_sent_yet",
        holdings=(
            Holding(
                "cases.RequestDraft",
                person="applicant",
                erasure=Erasure.DELETE,
                label=_("Requests being written (not sent)"),
            ),
        ),
        read=_draft_read,
        data=_draft_data,
        template="cases/my_data/sections.html#request_not_sent_yet",
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "request_not_sent_yet": _("the answers of a request you started and have not sent, or null"),
            **{f"request_not_sent_yet.{name}": meaning for name, meaning in ANSWER_KEYS.items()},
        },
    )
)


# --- deletion requests ---------------------------------------------------------------------------


def _deletion_read(rows: QuerySet[DeletionRequest], person: Any) -> list[DeletionRequest]:
    """One query."""
    return list(rows.order_by("requested_at", "id"))


def _deletion_data(requests: list[DeletionRequest], person: Any) -> list[dict[str, Any]]:
    return [
        {
            "requested": iso(request.requested_at),
            "reason": request.reason,
            "status": request.status,
            "done": iso(request.completed_at),
        }
        for request in requests
    ]


register(
    PersonalData(
        key="deletion_requests",
        holdings=(
            Holding(
                "cases.DeletionRequest",
                person="user",
                erasure=Erasure.ANONYMISE,
                label=_("Requests to delete their information (what they wrote is erased)"),
                blank={"reason": ""},
                others={"completed_by": "the organisation admin who carried it out"},
            ),
        ),
        read=_deletion_read,
        data=_deletion_data,
        template="cases/my_data/sections.html#deletion_requests",
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "deletion_requests": _("your requests to delete your information"),
            "deletion_requests[].requested": _("when you asked (ISO 8601)"),
            "deletion_requests[].reason": _("what you told us, if anything"),
            "deletion_requests[].status": _("pending or completed"),
            "deletion_requests[].done": _("when it was carried out (ISO 8601), or null"),
        },
    )
)
