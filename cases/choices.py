"""Every enumeration of the cases app, in one place that imports no model.

Services, selectors, policies, templates (through the models' ``get_..._display``) and the
lifecycle all use these names; no status or kind is written as a bare string anywhere else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resources.taxonomy import CATEGORIES

CATEGORY_CHOICES = [(code, name) for code, (name, _description) in CATEGORIES.items()]


# --- the request's answers ----------------------------------------------------------------


class Relationship(models.TextChoices):
    PARTNER = "partner", _("Husband, wife or partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Son or daughter")
    OTHER_FAMILY = "other_family", _("Another family member")
    FRIEND = "friend", _("Friend or neighbour")
    OTHER = "other", _("Something else")


class Agreement(models.TextChoices):
    YES = "yes", _("Yes, they agreed")
    NOT_YET = "not_yet", _("Not yet")
    UNABLE = "unable", _("They are not able to decide this themselves")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")
    POST = "post", _("Letter by post")


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("a day of the week, on its own", "Monday")
    TUESDAY = 1, pgettext_lazy("a day of the week, on its own", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("a day of the week, on its own", "Wednesday")
    THURSDAY = 3, pgettext_lazy("a day of the week, on its own", "Thursday")
    FRIDAY = 4, pgettext_lazy("a day of the week, on its own", "Friday")
    SATURDAY = 5, pgettext_lazy("a day of the week, on its own", "Saturday")
    SUNDAY = 6, pgettext_lazy("a day of the week, on its own", "Sunday")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning (9am to 12 noon)")
    AFTERNOON = "afternoon", _("Afternoon (12 noon to 5pm)")
    EVENING = "evening", _("Early evening (5pm to 7pm)")


class AccessNeed(models.TextChoices):
    LARGE_PRINT = "large_print", _("Large print")
    RELAY = "relay", _("Relay service or textphone (TTY)")
    INTERPRETER = "interpreter", _("An interpreter, including sign language")
    SOMEONE_ELSE = "someone_else", _("Speak to someone else for me")


# --- the case -----------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    """Where a case is in its life. The moves between them are ``cases.lifecycle.TRANSITIONS``."""

    NEW = "new", _("Received")
    ASSIGNED = "assigned", _("Advocate assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_ON_CLIENT = "waiting_on_client", _("Waiting for you")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED = "transferred", _("Passed to another MS society")
    #: Joined into another case of the same person (``Case.merged_into``), which goes on.
    MERGED = "merged", _("Joined with another request")


#: Statuses in which the case is still being worked on (or waits to be).
OPEN_STATUSES = frozenset(
    {
        CaseStatus.NEW,
        CaseStatus.ASSIGNED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.WAITING_ON_CLIENT,
        CaseStatus.TRANSFERRED,
    }
)
#: Finished, but staff may reopen it.
FINISHED_STATUSES = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})


class CaseOutcome(models.TextChoices):
    """How a case ended, recorded when it is closed."""

    NEEDS_MET = "needs_met", _("Needs met")
    STABILISED = "stabilised", _("Stabilised")
    REFERRED_ON = "referred_on", _("Referred on")
    CLIENT_WITHDREW = "client_withdrew", _("Client withdrew")
    UNABLE_TO_CONTACT = "unable_to_contact", _("Unable to contact")


class DuplicateReason(models.TextChoices):
    """Why a request looks like the same person as another case (``cases.selectors.duplicates``).
    The queue and the joining page word them with the other case's reference
    (``templates/cases/supervisor/duplicate_reason.html``)."""

    SAME_ACCOUNT = "same_account", _("Same account")
    SAME_NAME_AND_PHONE = "same_name_and_phone", _("Same name and phone number")
    SAME_NAME_AND_EMAIL = "same_name_and_email", _("Same name and e-mail address")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: A need still being worked on.
OPEN_NEED_STATUSES = frozenset({NeedStatus.OPEN, NeedStatus.IN_PROGRESS})


class CaseAction(models.TextChoices):
    """What someone may do to a case; ``cases.permissions.CASES`` says who, in which states."""

    VIEW = "view", _("See the case")
    CLIENT_CHANGE = "client_change", _("Add to it, change contact preferences, send a message (the client)")
    WITHDRAW = "withdraw", _("Withdraw it (the client)")
    GIVE_FEEDBACK = "give_feedback", _("Say whether a suggested service helped (the client)")
    WORK = "work", _("Work on it: contacts, needs, referrals, follow-ups, messages, status")
    REOPEN = "reopen", _("Reopen a finished case")
    ASSIGN = "assign", _("Assign, reassign or transfer it")
    SUPERVISE = "supervise", _("Oversee it (its organisation's supervisors)")
    RESPONSIBLE = "responsible", _("Be the advocate responsible for it")


# --- what happened ------------------------------------------------------------------------


class EventKind(models.TextChoices):
    """One thing that happened to a case. The words people read are in templates
    (``templates/cases/events/``), one partial per kind and audience."""

    SUBMITTED = "submitted", _("Request received")
    ADDED_TO = "added_to", _("Added to by the client")
    ASSIGNED = "assigned", _("Advocate assigned")
    REASSIGNED = "reassigned", _("Advocate changed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("Withdrawn by the client")
    TRANSFERRED = "transferred", _("Transferred to another MS society")
    CONTACT_PREFERENCES_CHANGED = "contact_preferences_changed", _("Contact preferences changed")
    MESSAGE_SENT = "message_sent", _("Message")
    NEED_ADDED = "need_added", _("Need added")
    NEED_UPDATED = "need_updated", _("Need updated")
    REFERRAL_MADE = "referral_made", _("Service suggested")
    REFERRAL_FEEDBACK = "referral_feedback", _("Client said whether a service helped")
    CONTACT_LOGGED = "contact_logged", _("Contact logged")
    FOLLOW_UP_SCHEDULED = "follow_up_scheduled", _("Follow-up scheduled")
    FOLLOW_UP_RESCHEDULED = "follow_up_rescheduled", _("Follow-up moved")
    NOTE_ADDED = "note_added", _("Note added")
    NOTE_EDITED = "note_edited", _("Note changed")
    REFERRAL_OUTCOME = "referral_outcome", _("Referral outcome recorded")
    FOLLOW_UP_COMPLETED = "follow_up_completed", _("Follow-up done")
    ASSESSMENT_RECORDED = "assessment_recorded", _("Needs assessment recorded")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("The person's details were erased at their request")
    MERGED = "merged", _("Two requests of the same person joined")
    #: An escalation to the supervisors began (``cases.reminders``): one event per chain of
    #: repeated reminders, however many were sent.
    ESCALATED = "escalated", _("Escalated to the supervisors")


class Visibility(models.TextChoices):
    """Who may see an event: staff only, or the client too."""

    STAFF = "staff", _("Staff only")
    CLIENT = "client", _("Staff and the client")


class InteractionChannel(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("E-mail")
    MESSAGE = "message", _("Message")
    LETTER = "letter", _("Letter")


class InteractionOutcome(models.TextChoices):
    REACHED = "reached", _("Spoke with them")
    LEFT_MESSAGE = "left_message", _("Left a message")
    NOT_REACHED = "not_reached", _("Could not reach them")


class ReferralOutcome(models.TextChoices):
    """What came of a referral, as the advocate found out: the loop closes here."""

    RECEIVED_HELP = "received_help", _("Received help")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    WAITING_LIST = "waiting_list", _("On a waiting list")
    NO_RESPONSE = "no_response", _("No response from the service")
    DECLINED = "declined", _("The client declined")


class ReferralFeedback(models.TextChoices):
    HELPED = "helped", _("Yes, it helped")
    DID_NOT_HELP = "did_not_help", _("No, it did not help")
    NOT_TRIED = "not_tried", _("I have not tried it yet")


class DeletionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the organisation")
    COMPLETED = "completed", _("Done")


class FollowUpKind(models.TextChoices):
    """What kind of thing a follow-up is, in words that say nothing about the person: all that
    the calendar feed (``cases.calendar``) tells of a follow-up besides its case's reference and
    time."""

    CLIENT_CONTACT = "client_contact", _("Planned contact with the client")
    FOLLOW_UP = "follow_up", _("Follow-up")
    REASSESSMENT = "reassessment", _("Needs reassessment")

    @classmethod
    def of(cls, follow_up: Any) -> FollowUpKind:
        if follow_up.is_reassessment:
            return cls.REASSESSMENT
        return cls.CLIENT_CONTACT if follow_up.is_client_contact else cls.FOLLOW_UP


# --- the needs assessment -------------------------------------------------------------------


class AssessmentDomain(models.TextChoices):
    """The areas of life a needs assessment goes through with a person living with progressive
    MS, in the order advocates ask about them. Each maps to the need category it becomes
    (``DOMAIN_NEED_CATEGORY``)."""

    SYMPTOMS_HEALTH = "symptoms_health", _("Symptoms and health care")
    DAILY_LIVING = "daily_living", _("Daily living and equipment")
    HOME_ACCESS = "home_access", _("Home access and changes to the home")
    CARE_RESPITE = "care_respite", _("Care, and respite for carers")
    MONEY_BENEFITS = "money_benefits", _("Money and benefits")
    WORK = "work", _("Work")
    INSURANCE = "insurance", _("Insurance")
    TRANSPORT = "transport", _("Transport")
    EMOTIONAL_WELLBEING = "emotional_wellbeing", _("Emotional wellbeing")
    ISOLATION = "isolation", _("Loneliness and isolation")


#: The need category a rated domain becomes. Two domains may share one (a need per category).
DOMAIN_NEED_CATEGORY: dict[str, str] = {
    AssessmentDomain.SYMPTOMS_HEALTH: "healthcare_rehabilitation",
    AssessmentDomain.DAILY_LIVING: "equipment_mobility",
    AssessmentDomain.HOME_ACCESS: "home_vehicle_modification",
    AssessmentDomain.CARE_RESPITE: "caregiving_respite",
    AssessmentDomain.MONEY_BENEFITS: "financial_assistance",
    AssessmentDomain.WORK: "employment_benefits",
    AssessmentDomain.INSURANCE: "insurance_legal",
    AssessmentDomain.TRANSPORT: "transport",
    AssessmentDomain.EMOTIONAL_WELLBEING: "emotional_support",
    AssessmentDomain.ISOLATION: "emotional_support",
}


class NeedLevel(models.TextChoices):
    """How much help a domain needs, as the advocate and the person rated it."""

    NO_NEED = "no_need", _("No need")
    SOME = "some", _("Some need")
    URGENT = "urgent", _("Urgent need")


class Phq2Answer(models.IntegerChoices):
    """The answers to each of the two questions of the PHQ-2 depression screen ("over the last
    two weeks, how often have you been bothered by ..."), scored 0 to 3."""

    NOT_AT_ALL = 0, _("Not at all")
    SEVERAL_DAYS = 1, _("Several days")
    MORE_THAN_HALF = 2, _("More than half the days")
    NEARLY_EVERY_DAY = 3, _("Nearly every day")


#: A PHQ-2 total (0 to 6) at or above this is a positive screen: the person should be offered
#: a fuller assessment of their mood (the usual cut-off in the published validation).
PHQ2_POSITIVE_FROM = 3

#: The reassessment is due this long after the first contact.
REASSESSMENT_AFTER_DAYS = 42


#: Stored code -> label, per kind, for pages that show many codes. Faster than a model's
#: ``get_FOO_display()`` in a loop, which builds a dictionary of every choice (hashing each
#: lazily translated label) at each call. Read through ``choice_label``.
_LABELS = {
    "case_status": dict(CaseStatus.choices),
    "need_level": dict(NeedLevel.choices),
    "need_status": dict(NeedStatus.choices),
    "channel": dict(InteractionChannel.choices),
    "contact_outcome": dict(InteractionOutcome.choices),
    "case_outcome": dict(CaseOutcome.choices),
    "feedback": dict(ReferralFeedback.choices),
    "referral_outcome": dict(ReferralOutcome.choices),
}


def choice_label(code: str, kind: str) -> str:
    """The translated label of a stored code of one kind (``_LABELS``); the code if unknown."""
    return str(_LABELS[kind].get(code, code))
