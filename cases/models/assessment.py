"""The needs assessment: the areas of life that matter with progressive MS, each rated, and the
two-question depression screen (PHQ-2). Recorded at first contact and again later; the case page
puts each domain's first and latest rating side by side, so the outcome of the work shows."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patientportal.encryption import EncryptedTextField

from ..choices import PHQ2_POSITIVE_FROM, AssessmentDomain, NeedLevel, Phq2Answer
from .activity_triggers import assessment_refresh_trigger, rating_refresh_triggers
from .answers import DESCRIPTION_MAX
from .case import Case


@pghistory.track()
class Assessment(models.Model):
    """One sitting of the needs assessment: who did it, when, and the PHQ-2 answers if asked.
    Its ratings are ``AssessmentRating`` rows; a new assessment is a new row (never edited), so the
    first and the latest can be compared."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("when"), default=timezone.now)
    #: "Little interest or pleasure in doing things", 0 to 3; empty when not asked.
    phq2_interest = models.PositiveSmallIntegerField(choices=Phq2Answer.choices, null=True, blank=True)
    #: "Feeling down, depressed or hopeless", 0 to 3; empty when not asked.
    phq2_mood = models.PositiveSmallIntegerField(choices=Phq2Answer.choices, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_at", "id"]
        indexes = [
            models.Index(fields=["case", "assessed_at"], name="assessment_case_when"),
            # The metrics: the assessments recorded in a range of dates.
            models.Index(fields=["assessed_at"], name="assessment_when"),
        ]
        # The case keeps when its assessments were made and their ratings (``activity_triggers``).
        triggers = [assessment_refresh_trigger()]
        constraints = [
            models.CheckConstraint(
                condition=Q(phq2_interest__isnull=True, phq2_mood__isnull=True)
                | Q(phq2_interest__isnull=False, phq2_mood__isnull=False),
                name="assessment_phq2_both_or_neither",
                violation_error_message=_("Answer both screening questions, or neither."),
            )
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"

    @property
    def phq2_score(self) -> int | None:
        if self.phq2_interest is None or self.phq2_mood is None:
            return None
        return self.phq2_interest + self.phq2_mood

    @property
    def phq2_positive(self) -> bool:
        score = self.phq2_score
        return score is not None and score >= PHQ2_POSITIVE_FROM


@pghistory.track()
class AssessmentRating(models.Model):
    """One domain of an assessment, rated (no need, some, urgent), with the advocate's note
    (encrypted at rest)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    domain = models.CharField(_("area"), max_length=30, choices=AssessmentDomain.choices)
    level = models.CharField(_("rating"), max_length=10, choices=NeedLevel.choices)
    note = EncryptedTextField(_("note"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)])

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="assessment_rating_one_per_domain"),
        ]
        triggers = rating_refresh_triggers()

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_level_display()}"

    @property
    def is_need(self) -> bool:
        return self.level != NeedLevel.NO_NEED
