"""Requests for a personal advocate and the cases they become.

A client (or a carer acting for someone) answers the request questions one page at a time;
each answer is saved on a ``RequestDraft`` so nothing is lost. Submitting turns the draft into
a ``Case`` in the queue of the organisation serving the country, with one ``Need`` per chosen
category. ``TimelineEntry`` rows are the plain-language timeline the client sees.
"""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES
from resources.taxonomy import CATEGORIES

CATEGORY_CHOICES = [(code, name) for code, (name, _description) in CATEGORIES.items()]

#: Limits stated to the person typing, and enforced by forms, models and the database.
NAME_MAX = 100
DESCRIPTION_MAX = 2000
MESSAGE_MAX = 5000
ADDRESS_MAX = 500
REASON_MAX = 1000


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


class RequestAnswers(models.Model):
    """The answers to the request questions: shared by the draft and the case it becomes."""

    for_self = models.BooleanField(_("who needs help"), null=True, blank=True)
    person_name = models.CharField(_("their name"), max_length=NAME_MAX, blank=True)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices, blank=True)
    person_agreed = models.CharField(_("they agreed"), max_length=10, choices=Agreement.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    region = models.CharField(_("region"), max_length=8, blank=True)
    categories = ArrayField(
        models.CharField(max_length=40, choices=CATEGORY_CHOICES), default=list, blank=True, verbose_name=_("needs")
    )
    description = models.TextField(
        _("in their own words"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)]
    )
    is_urgent = models.BooleanField(_("urgent"), null=True, blank=True)
    contact_methods = ArrayField(
        models.CharField(max_length=10, choices=ContactMethod.choices), default=list, blank=True
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True, validators=[MaxLengthValidator(ADDRESS_MAX)])
    best_days = ArrayField(models.PositiveSmallIntegerField(choices=Weekday.choices), default=list, blank=True)
    best_times = ArrayField(models.CharField(max_length=10, choices=TimeOfDay.choices), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True)
    access_needs = ArrayField(models.CharField(max_length=20, choices=AccessNeed.choices), default=list, blank=True)
    other_contact_name = models.CharField(_("name of the person to speak to"), max_length=NAME_MAX, blank=True)
    other_contact_phone = models.CharField(_("their phone number"), max_length=30, blank=True)
    access_other = models.TextField(_("anything else"), blank=True, validators=[MaxLengthValidator(ADDRESS_MAX)])
    consent_version = models.CharField(_("consent wording version"), max_length=20, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    class Meta:
        abstract = True


#: The answer fields, copied from a draft to the case it becomes.
ANSWER_FIELDS = [f.name for f in RequestAnswers._meta.local_fields]


@pghistory.track()
class RequestDraft(RequestAnswers):
    """A request being written: every answered question is saved here straight away."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="request_drafts")
    #: The furthest question reached, so that "continue" goes back there.
    step = models.CharField(max_length=20, default="who")
    #: Once submitted, the case it became (and a second submit finds it instead of creating another).
    case = models.OneToOneField("Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"], condition=models.Q(case__isnull=True), name="one_open_draft_per_applicant"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), DESCRIPTION_MAX), name="draft_description_length"
            ),
        ]

    def __str__(self) -> str:
        return f"Draft {self.pk}"


class CaseStatus(models.TextChoices):
    NEW = "new", _("Received")
    ASSIGNED = "assigned", _("Advocate assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_ON_CLIENT = "waiting_on_client", _("Waiting for you")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CLIENT)


@pghistory.track()
class Case(RequestAnswers):
    """One episode of help, from the submitted request to its close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    submitted_at = models.DateTimeField(_("received"))
    first_contact_due = models.DateField(_("first contact by"))
    first_contact_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True, validators=[MaxLengthValidator(REASON_MAX)])
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"], name="case_applicant_recent"),
            models.Index(fields=["organisation", "status"], name="case_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(categories=[]) | ~models.Q(description=""), name="case_has_need"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), DESCRIPTION_MAX), name="case_description_length"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    WITHDRAWN = "withdrawn", _("Withdrawn")


@pghistory.track()
class Need(models.Model):
    """One thing the client needs help with."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    category = models.CharField(_("category"), max_length=40, choices=CATEGORY_CHOICES)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    status = models.CharField(max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "category"], name="need_one_per_category")]

    def __str__(self) -> str:
        return self.get_category_display()


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    ADDED_TO = "added_to", _("You added to your request")
    ASSIGNED = "assigned", _("Advocate assigned")
    IN_PROGRESS = "in_progress", _("Your advocate is working on it")
    WAITING_ON_CLIENT = "waiting_on_client", _("Your advocate is waiting to hear from you")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("You withdrew the request")
    CONTACT_UPDATED = "contact_updated", _("You changed how we contact you")


class TimelineEntry(models.Model):
    """A step in the case's life, written by the service that made it happen (append-only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    #: For "assigned": the advocate (the client sees their first name only).
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update)]

    def __str__(self) -> str:
        return self.get_kind_display()


@pghistory.track()
class FollowUp(models.Model):
    """A dated thing to do on a case, owned by an advocate. Planned contacts are shown to the client."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups")
    due_at = models.DateTimeField()
    summary = models.CharField(max_length=200)
    is_client_contact = models.BooleanField(default=False, help_text=_("A planned contact with the client."))
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["case", "due_at"], name="followup_case_due")]

    def __str__(self) -> str:
        return f"{self.due_at:%Y-%m-%d} {self.summary}"


class ReferralFeedback(models.TextChoices):
    HELPED = "helped", _("Yes, it helped")
    DID_NOT_HELP = "did_not_help", _("No, it did not help")
    NOT_TRIED = "not_tried", _("I have not tried it yet")


@pghistory.track()
class Referral(models.Model):
    """A service offered for a need, and whether it helped (the closed loop)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals")
    service = models.ForeignKey("resources.Service", on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    client_feedback = models.CharField(max_length=20, choices=ReferralFeedback.choices, blank=True)
    client_feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Referral {self.pk}"


@pghistory.track()
class Message(models.Model):
    """A secure message in a case's conversation between the client and their advocate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(validators=[MaxLengthValidator(MESSAGE_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the other side first opened the conversation after this message.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(GreaterThanOrEqual(Length("body"), 1), LessThanOrEqual(Length("body"), MESSAGE_MAX)),
                name="message_body_length",
            )
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class DeletionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the organisation")
    COMPLETED = "completed", _("Done")


@pghistory.track()
class DeletionRequest(models.Model):
    """A client's request to erase what we hold about them; carried out by an organisation admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deletion_requests")
    #: Who carries it out: the organisation holding the person's most recent case (None: the site admins).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="deletion_requests"
    )
    reason = models.TextField(blank=True, validators=[MaxLengthValidator(REASON_MAX)])
    status = models.CharField(max_length=20, choices=DeletionStatus.choices, default=DeletionStatus.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_deletion_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Deletion request {self.pk}"
