"""The needs assessment: recording one (its ratings become needs in the same step), and the
reassessment that falls due six weeks after the first contact."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.working_days import organisation_calendar
from patientportal.errors import InvalidInput

from ..choices import (
    DOMAIN_NEED_CATEGORY,
    OPEN_NEED_STATUSES,
    REASSESSMENT_AFTER_DAYS,
    AssessmentDomain,
    CaseAction,
    EventKind,
    NeedLevel,
    NeedStatus,
    Phq2Answer,
    Visibility,
)
from ..models import Assessment, AssessmentRating, Case, FollowUp, Need
from ..permissions import CASES
from .events import event_append

#: The reassessment is planned for this time of day, in the organisation's time zone.
REASSESSMENT_TIME = datetime.time(10, 0)


@dataclass(frozen=True)
class Rating:
    """One domain's rating as entered: ``level`` is a ``NeedLevel``."""

    level: str
    note: str = ""


@dataclass
class RecordedAssessment:
    assessment: Assessment
    needs_added: list[Need] = field(default_factory=list)
    needs_reopened: list[Need] = field(default_factory=list)
    is_reassessment: bool = False


def _validated(ratings: dict[str, Rating], phq2_interest: int | None, phq2_mood: int | None) -> None:
    if not ratings:
        raise InvalidInput(_("Rate at least one area of the assessment."), code="no_ratings")
    for domain, rating in ratings.items():
        if domain not in AssessmentDomain.values:
            raise InvalidInput(_("Choose areas of the assessment from the list."), code="domain")
        if rating.level not in NeedLevel.values:
            raise InvalidInput(_("Choose no need, some need or urgent need."), code="level")
    if (phq2_interest is None) != (phq2_mood is None):
        raise InvalidInput(_("Answer both screening questions, or neither."), code="phq2_both")
    for answer in (phq2_interest, phq2_mood):
        if answer is not None and answer not in Phq2Answer.values:
            raise InvalidInput(_("Choose an answer to each screening question."), code="phq2_answer")


@transaction.atomic
def assessment_record(
    *,
    case: Case,
    actor: User,
    ratings: dict[str, Rating],
    phq2_interest: int | None = None,
    phq2_mood: int | None = None,
    add_needs: bool = True,
) -> RecordedAssessment:
    """Record a needs assessment of ``case``. With ``add_needs``, every domain rated some or
    urgent need becomes a ``Need`` in the same transaction (a domain whose need is already open
    adds nothing; one met, not met or withdrawn is reopened). A reassessment (one after the first)
    completes the reassessment follow-up that was due."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    CASES.check(actor, CaseAction.WORK, case, visible_action=CaseAction.VIEW)
    _validated(ratings, phq2_interest, phq2_mood)
    is_reassessment = Assessment.objects.filter(case=case).exists()

    assessment = Assessment(case=case, assessed_by=actor, phq2_interest=phq2_interest, phq2_mood=phq2_mood)
    assessment.full_clean()
    assessment.save()
    rows = [
        AssessmentRating(assessment=assessment, domain=domain, level=rating.level, note=rating.note.strip())
        for domain, rating in sorted(ratings.items(), key=lambda item: AssessmentDomain.values.index(item[0]))
    ]
    for row in rows:
        row.full_clean(exclude=["assessment"])
    AssessmentRating.objects.bulk_create(rows)
    result = RecordedAssessment(assessment=assessment, is_reassessment=is_reassessment)

    if add_needs:
        _needs_from(case=case, actor=actor, rows=rows, result=result)
    if is_reassessment:
        _complete_reassessments(case=case, actor=actor)
    event_append(
        case=case,
        kind=EventKind.ASSESSMENT_RECORDED,
        actor=actor,
        payload={
            "assessment": assessment.pk,
            "reassessment": is_reassessment,
            "rated": len(rows),
            "needs_added": [need.category for need in result.needs_added],
            "needs_reopened": [need.category for need in result.needs_reopened],
        },
        visibility=Visibility.STAFF,
    )
    return result


def _needs_from(*, case: Case, actor: User, rows: list[AssessmentRating], result: RecordedAssessment) -> None:
    notes: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.is_need:
            notes[DOMAIN_NEED_CATEGORY[row.domain]].append(row.note)
    existing = {need.category: need for need in Need.objects.select_for_update().filter(case=case)}
    for category, words in notes.items():
        need = existing.get(category)
        description = "\n".join(note for note in words if note)
        if need is None:
            need = Need(case=case, category=category, description=description)
            need.full_clean()
            need.save()
            result.needs_added.append(need)
            event_append(
                case=case, kind=EventKind.NEED_ADDED, actor=actor, payload={"need": need.pk, "category": category}
            )
        elif need.status not in OPEN_NEED_STATUSES:
            previous = need.status
            need.status = NeedStatus.OPEN
            need.version += 1
            need.save(update_fields=["status", "version"])
            result.needs_reopened.append(need)
            event_append(
                case=case,
                kind=EventKind.NEED_UPDATED,
                actor=actor,
                payload={"need": need.pk, "category": category, "from": previous, "to": NeedStatus.OPEN},
            )


def _complete_reassessments(*, case: Case, actor: User) -> None:
    due = list(FollowUp.objects.select_for_update().filter(case=case, is_reassessment=True, completed_at__isnull=True))
    now = timezone.now()
    for follow_up in due:
        follow_up.completed_at = now
        follow_up.version += 1
        follow_up.save(update_fields=["completed_at", "version"])
        event_append(
            case=case,
            kind=EventKind.FOLLOW_UP_COMPLETED,
            actor=actor,
            payload={"follow_up": follow_up.pk, "reassessment": True},
            visibility=Visibility.STAFF,
        )


def reassessment_due_at(*, case: Case, first_contact_at: datetime.datetime) -> datetime.datetime:
    """Six weeks after the first contact, at 10:00 in the organisation's time zone, moved on to
    the next working day if that is a weekend, a public holiday or a closure."""
    organisation = case.organisation
    calendar_since = first_contact_at.date()
    calendar = organisation_calendar(
        organisation=organisation,
        country=case.country,
        region=case.region,
        since=calendar_since,
        until=calendar_since + datetime.timedelta(days=REASSESSMENT_AFTER_DAYS + 60),
    )
    day = calendar.local_date(first_contact_at) + datetime.timedelta(days=REASSESSMENT_AFTER_DAYS)
    if not calendar.is_working_day(day):
        day = calendar.add_working_days(day, 1)
    return datetime.datetime.combine(day, REASSESSMENT_TIME, tzinfo=calendar.zone)


def reassessment_schedule(*, case: Case, first_contact_at: datetime.datetime) -> FollowUp | None:
    """Called (inside its transaction) when the case's first contact is logged: the reassessment
    follow-up, owned by the case's advocate. None if the case already has one or no advocate."""
    if case.assigned_to_id is None or FollowUp.objects.filter(case=case, is_reassessment=True).exists():
        return None
    follow_up = FollowUp(
        case=case,
        owner_id=case.assigned_to_id,
        due_at=reassessment_due_at(case=case, first_contact_at=first_contact_at),
        summary=_("Needs reassessment"),
        is_reassessment=True,
    )
    follow_up.full_clean()
    follow_up.save()
    event_append(
        case=case,
        kind=EventKind.FOLLOW_UP_SCHEDULED,
        actor=None,
        payload={"follow_up": follow_up.pk, "due_at": follow_up.due_at, "client_contact": False, "reassessment": True},
        visibility=Visibility.STAFF,
    )
    return follow_up
