"""The case, the request it started from, how to contact the person, and what they need."""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patientportal.encryption import EncryptedTextField
from patientportal.reference import COUNTRY_CHOICES

from .. import lifecycle
from ..choices import CATEGORY_CHOICES, OPEN_STATUSES, CaseOutcome, CaseStatus, NeedStatus
from .activity_triggers import refresh_trigger
from .answers import DESCRIPTION_MAX, ContactAnswers, RequestAnswers

#: Statuses in which a case has an advocate.
_WITH_ADVOCATE = [
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.WAITING_ON_CLIENT,
    CaseStatus.RESOLVED,
    CaseStatus.CLOSED,
]


#: Kept by the database from the case's follow-ups, contacts, events, messages and needs
#: (``activity_triggers.py``); not history: the rows they come from have their own.
DERIVED_FIELDS = [
    "next_follow_up_at",
    "last_contact_at",
    "waiting_since",
    "has_unread",
    "need_categories",
    "assigned_at",
    "resolved_at",
    "assessment_times",
    "assessment_ratings",
]


@pghistory.track(
    model_name="CaseHistory", obj_field=pghistory.ObjForeignKey(related_name="history"), exclude=DERIVED_FIELDS
)
class Case(models.Model):
    """One episode of help, from the submitted request to its close.

    What the person asked for, in their words, is the ``intake`` (kept as it was submitted);
    how to contact them now is the latest ``contact_preferences`` row; what they need is the
    ``needs``; everything that happened is the ``events``. The case itself holds where it is
    (``status``, only ever changed by ``cases.services.case_transition`` along
    ``cases.lifecycle``), who has it, and where it is routed.
    """

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
    #: Where the case is routed now (from the request; a transfer may change them later).
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    region = models.CharField(_("region"), max_length=8, blank=True)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    submitted_at = models.DateTimeField(_("received"))
    first_contact_due = models.DateField(_("first contact by"))
    #: Set by the first logged contact in which someone spoke with the person.
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: Bumped by every change through a service: a form that saw an older version is told.
    version = models.PositiveIntegerField(default=1)
    #: The case of the same person this one was joined into (status "merged"): that case goes
    #: on, and its timeline shows this one's events (``cases.services.case_merge``).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_cases", editable=False
    )
    # What My cases orders and flags it by, kept by database triggers (``DERIVED_FIELDS``).
    #: The due time of the earliest follow-up not done yet.
    next_follow_up_at = models.DateTimeField(null=True, editable=False)
    #: When the latest logged contact took place.
    last_contact_at = models.DateTimeField(null=True, editable=False)
    #: When the case last went to "waiting on the client".
    waiting_since = models.DateTimeField(null=True, editable=False)
    #: The client sent a message nobody has read yet.
    has_unread = models.BooleanField(default=False, editable=False)
    #: The categories of its needs.
    need_categories = ArrayField(models.CharField(max_length=40), default=list, editable=False)
    # Its milestones, for the metrics (kept the same way, from its events).
    #: When it was first given to an advocate.
    assigned_at = models.DateTimeField(null=True, editable=False)
    #: When the work on it first ended: resolved, or closed without being resolved first.
    resolved_at = models.DateTimeField(null=True, editable=False)
    #: Once it has been assessed twice or more (null before): when each needs assessment was made,
    #: in order (of time, then of recording), and how each area was rated in it (area -> rating),
    #: in the same order: the metrics compare the first with the latest.
    assessment_times = ArrayField(models.DateTimeField(), null=True, blank=True, editable=False)
    assessment_ratings = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"], name="case_applicant_recent"),
            models.Index(fields=["organisation", "status"], name="case_org_status"),
            models.Index(fields=["assigned_to", "status"], name="case_advocate_status"),
            # The queue: an organisation's waiting requests (new, or passed on by another
            # society, without an advocate), urgent first, then the longest waiting, read in
            # order; the columns its counts need are in the index too, so that a page is the
            # index's first rows and the counts an index-only scan.
            models.Index(
                fields=["organisation", "-is_urgent", "submitted_at", "id"],
                name="case_queue_waiting",
                include=["country", "region", "first_contact_due"],
                condition=Q(status__in=["new", "transferred"], assigned_to__isnull=True),
            ),
            # Each advocate's open cases and their needs: the assignment suggestions count them
            # from the index alone.
            models.Index(
                fields=["assigned_to"],
                name="case_advocate_open",
                include=["need_categories"],
                condition=Q(status__in=["assigned", "in_progress", "waiting_on_client"]),
            ),
            # The metrics: an organisation's cases with a moment (received, assigned, first
            # contact, resolved, closed) on or after the start of the dates counted, and those
            # still open from before, with every column the metrics count (an index-only scan);
            # and its cases' keys alone (their referrals made in the dates counted).
            models.Index(
                F("organisation"),
                Greatest("submitted_at", "assigned_at", "first_contact_at", "resolved_at", "closed_at"),
                name="case_org_latest_moment",
                include=[
                    "id",
                    "status",
                    "submitted_at",
                    "assigned_at",
                    "first_contact_at",
                    "first_contact_due",
                    "resolved_at",
                    "closed_at",
                    "outcome",
                    "need_categories",
                ],
            ),
            # The metrics: an organisation's cases assessed twice or more (the needs assessment's
            # change from the first rating to the latest).
            models.Index(
                fields=["organisation"],
                name="case_org_reassessed",
                condition=Q(assessment_times__isnull=False),
            ),
            # "Overdue follow-ups in the team": a supervisor's count.
            models.Index(
                fields=["organisation", "next_follow_up_at"],
                name="case_org_next_follow_up",
                condition=Q(
                    next_follow_up_at__isnull=False, status__in=["assigned", "in_progress", "waiting_on_client"]
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.NEW) | Q(assigned_to__isnull=True),
                name="case_new_has_no_advocate",
                violation_error_message=_("A new case has no advocate yet."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_WITH_ADVOCATE) | Q(assigned_to__isnull=False),
                name="case_worked_has_advocate",
                violation_error_message=_("A case being worked on has an advocate."),
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED) | ~Q(outcome=""),
                name="case_closed_has_outcome",
                violation_error_message=_("A closed case has an outcome."),
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | (Q(status=CaseStatus.MERGED) & ~Q(merged_into=F("pk"))),
                name="case_merged_into_another",
                violation_error_message=_("Only a joined case points to the case it was joined into."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="status_follows_lifecycle",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(old__status__df=pgtrigger.F("new__status")),
                func=lifecycle.trigger_sql(),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs) -> None:
        """Never write the fields the database keeps (``DERIVED_FIELDS``): a case read before a
        follow-up was added would otherwise put back what it read."""
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None:
                update_fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [name for name in update_fields if name not in DERIVED_FIELDS]
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_merged(self) -> bool:
        """Joined into another case of the same person (``merged_into``), which goes on."""
        return self.status == CaseStatus.MERGED


class PhoneKey(Func):
    """A phone number as the duplicate check compares it: its last nine digits, whatever the
    spaces, dashes or international prefix ("01632 960 105" and "+44 1632 960105" agree)."""

    template = "right(regexp_replace(%(expressions)s, '[^0-9]', '', 'g'), 9)"
    output_field = models.CharField()


#: Fewer digits than this is not a phone number to match people by.
PHONE_KEY_MIN = 6


class CaseIntake(RequestAnswers):
    """The request exactly as the person submitted it. Never changed afterwards (a database
    trigger refuses updates), except when the person's data is erased."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="intake")

    class Meta:
        triggers = [pgtrigger.Protect(name="kept_as_submitted", operation=pgtrigger.Update)]
        indexes = [
            # Possible duplicates (``cases.selectors.duplicates``): requests with the same phone
            # number or e-mail address, found by index whatever the number of cases.
            models.Index(PhoneKey("phone"), name="intake_phone_key"),
            models.Index(Lower("contact_email"), name="intake_email_lower"),
        ]

    def __str__(self) -> str:
        return f"Intake of {self.case_id}"

    def clean(self) -> None:
        # A rule on the description cannot be a CheckConstraint: the column holds ciphertext.
        if not self.categories and not self.description:
            raise ValidationError(_("A request says what help is needed."), code="no_need")


class ContactPreferences(ContactAnswers):
    """How and when to contact the person. Each change is a new row (append-only): the latest
    is what applies now, the earlier ones are its history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_preferences")
    created_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at", "-id"], name="contact_prefs_current")]
        verbose_name_plural = "contact preferences"
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Contact preferences {self.pk}"


@pghistory.track()
class Need(models.Model):
    """One thing the client needs help with, with its own status and outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    category = models.CharField(_("category"), max_length=40, choices=CATEGORY_CHOICES)
    description = EncryptedTextField(blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    status = models.CharField(max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    outcome = EncryptedTextField(blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "category"], name="need_one_per_category")]
        triggers = [refresh_trigger()]

    def __str__(self) -> str:
        return self.get_category_display()
