"""Requests for a personal advocate and the cases they become.

A client (or a carer acting for someone) answers the request questions one page at a time;
each answer is saved on a ``RequestDraft`` so nothing is lost. Submitting turns the draft into
a ``Case`` in the queue of the organisation serving the country, with its ``CaseIntake`` (the
answers as given), its first ``ContactPreferences`` and one ``Need`` per chosen category.
Every change to a case appends a ``CaseEvent``; the timelines are made of them.
"""

from ..choices import (
    CATEGORY_CHOICES,
    FINISHED_STATUSES,
    OPEN_NEED_STATUSES,
    OPEN_STATUSES,
    AccessNeed,
    Agreement,
    AssessmentDomain,
    CaseAction,
    CaseOutcome,
    CaseStatus,
    ContactMethod,
    DeletionStatus,
    EventKind,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    Phq2Answer,
    ReferralFeedback,
    ReferralOutcome,
    Relationship,
    TimeOfDay,
    Visibility,
    Weekday,
)
from .answers import (
    ADDRESS_MAX,
    ANSWER_FIELDS,
    CONTACT_FIELDS,
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    REASON_MAX,
    ContactAnswers,
    RequestAnswers,
)
from .assessment import Assessment, AssessmentRating
from .case import PHONE_KEY_MIN, Case, CaseIntake, ContactPreferences, Need, PhoneKey
from .drafts import RequestDraft
from .events import CaseEvent
from .privacy import DeletionRequest
from .work import FollowUp, Interaction, Message, Note, Referral

__all__ = [
    "ADDRESS_MAX",
    "ANSWER_FIELDS",
    "CATEGORY_CHOICES",
    "CONTACT_FIELDS",
    "DESCRIPTION_MAX",
    "FINISHED_STATUSES",
    "MESSAGE_MAX",
    "NAME_MAX",
    "OPEN_NEED_STATUSES",
    "OPEN_STATUSES",
    "PHONE_KEY_MIN",
    "REASON_MAX",
    "AccessNeed",
    "Agreement",
    "Assessment",
    "AssessmentDomain",
    "AssessmentRating",
    "Case",
    "CaseAction",
    "CaseEvent",
    "CaseIntake",
    "CaseOutcome",
    "CaseStatus",
    "ContactAnswers",
    "ContactMethod",
    "ContactPreferences",
    "DeletionRequest",
    "DeletionStatus",
    "EventKind",
    "FollowUp",
    "Interaction",
    "InteractionChannel",
    "InteractionOutcome",
    "Message",
    "Need",
    "NeedLevel",
    "NeedStatus",
    "Note",
    "PhoneKey",
    "Phq2Answer",
    "Referral",
    "ReferralFeedback",
    "ReferralOutcome",
    "Relationship",
    "RequestAnswers",
    "RequestDraft",
    "TimeOfDay",
    "Visibility",
    "Weekday",
]
