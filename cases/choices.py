"""Every enumeration of the cases app, in one place that imports no model.

Services, selectors, policies, templates (through the models' ``get_..._display``) and the
lifecycle all use these names; no status or kind is written as a bare string anywhere else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


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
    FOLLOW_UP_COMPLETED = "follow_up_completed", _("Follow-up done")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("The person's details were erased at their request")


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
    time. Worked out from the follow-up for now (``of``); a ``kind`` field on ``FollowUp`` would
    take these choices (and more) and replace ``of``."""

    CLIENT_CONTACT = "client_contact", _("Planned contact with the client")
    FOLLOW_UP = "follow_up", _("Follow-up")

    @classmethod
    def of(cls, follow_up: Any) -> FollowUpKind:
        return cls.CLIENT_CONTACT if follow_up.is_client_contact else cls.FOLLOW_UP
