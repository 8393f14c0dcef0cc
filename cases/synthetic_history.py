"""Past cases written in bulk, each as the services would have left it: the demo's year of history
(``cases.demo_history``) and the benchmark's data set (``bench.data``) are made here.

Telling hundreds of thousands of cases through the services, travelling in time for every step,
would take hours; these are written straight into the tables instead, with the same rows and
events the services write. A case is planned first (:func:`draw_fate`: when it is assigned,
first contacted, resolved, closed or withdrawn, or where it stands today), then told as a list
of :class:`Step` s, each of which is exactly one event of its timeline (:func:`plan_case`; more
work, :func:`add_work`), then turned into rows (:func:`plan_rows`) in the state its last step
left them: the case's status, advocate, ``first_contact_at``, ``closed_at`` and ``outcome``;
the intake and first contact preferences; needs (from the request, then from the needs
assessment, their status updates); contacts (the first one in which someone spoke with the
person sets the first contact and plans the reassessment six weeks later, at 10:00 on a working
day); assessments with a rating for each area asked about (a reassessment completes the planned
one and mostly shows improvement); referrals to listed services of the country for a need, with
what came of them and sometimes the client's word; messages both ways; notes; follow-ups, done
or still planned (some overdue today). Status moves follow ``cases.lifecycle.TRANSITIONS``.

What the database keeps by itself (``Case.need_categories``, ``next_follow_up_at``... through
the activity triggers; the audit history through pghistory's) it keeps here too: the rows are
inserted with their triggers on. Dates and times fall on the organisation's working days and
hours (its calendar: weekends, public holidays, closures) where staff act, any time where the
client does.
"""

from __future__ import annotations

import datetime
import heapq
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection
from django.db.models import Model
from psycopg import sql

from accounts.working_days import WorkingCalendar, organisation_calendars

from .choices import (
    DOMAIN_NEED_CATEGORY,
    AssessmentDomain,
    CaseOutcome,
    CaseStatus,
    EventKind,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    ReferralFeedback,
    ReferralOutcome,
    Visibility,
)
from .consent import CURRENT_CONSENT_VERSION
from .models import (
    Assessment,
    AssessmentRating,
    Case,
    CaseEvent,
    CaseIntake,
    ContactPreferences,
    FollowUp,
    Interaction,
    Message,
    Need,
    Note,
    Referral,
)
from .models.activity_triggers import REFRESH_FUNCTION
from .services.events import DEFAULT_VISIBILITY

S = CaseStatus
#: Models in the order their rows are inserted (each refers only to those before it).
MODELS: tuple[type[Model], ...] = (
    Case,
    CaseIntake,
    ContactPreferences,
    Need,
    Interaction,
    FollowUp,
    Referral,
    Assessment,
    AssessmentRating,
    Message,
    Note,
    CaseEvent,
)
#: Models whose integer keys the plans refer to (in event payloads): taken from their sequences.
SEQUENCED: tuple[type[Model], ...] = (Need, Interaction, FollowUp, Assessment, AssessmentRating, Note)

_DAY = datetime.timedelta(days=1)
_HOUR = datetime.timedelta(hours=1)
_MINUTE = datetime.timedelta(minutes=1)
#: Staff work from 09:00 to 17:30, local time.
_OPENS, _CLOSES = 9 * 60, 17 * 60 + 30
#: Requests arrive more on Mondays than at weekends.
WEEKDAY_WEIGHTS = (1.25, 1.2, 1.1, 1.05, 0.95, 0.5, 0.45)
#: ...and less in August and around Christmas.
MONTH_WEIGHTS = {8: 0.85, 12: 0.8}
#: The hour (local) a request is sent: mostly daytime and evening.
HOUR_WEIGHTS = [1, 0, 0, 0, 0, 0, 1, 2, 4, 6, 7, 7, 6, 6, 6, 6, 5, 5, 6, 7, 7, 5, 3, 2]

#: How often people ask for help with each need (``resources.taxonomy.CATEGORIES``).
REQUEST_WEIGHTS = {
    "financial_assistance": 14,
    "equipment_mobility": 14,
    "home_vehicle_modification": 10,
    "caregiving_respite": 10,
    "emotional_support": 9,
    "healthcare_rehabilitation": 8,
    "employment_benefits": 8,
    "transport": 7,
    "housing": 6,
    "insurance_legal": 5,
    "information_education": 4,
    "wellness_exercise": 3,
    "clinical_trials": 2,
}
CLOSE_OUTCOMES = {
    CaseOutcome.NEEDS_MET: 45,
    CaseOutcome.STABILISED: 27,
    CaseOutcome.REFERRED_ON: 18,
    CaseOutcome.CLIENT_WITHDREW: 10,
}
REFERRAL_OUTCOMES = {
    ReferralOutcome.RECEIVED_HELP: 50,
    ReferralOutcome.WAITING_LIST: 15,
    ReferralOutcome.NOT_ELIGIBLE: 12,
    ReferralOutcome.NO_RESPONSE: 13,
    ReferralOutcome.DECLINED: 10,
}
#: The first rating of an area: (no need, some, urgent), for an area the person asked about or not.
FIRST_LEVELS = {True: (10, 60, 30), False: (68, 27, 5)}
#: At reassessment, from each first level: (no need, some, urgent). Mostly better.
LATER_LEVELS = {
    NeedLevel.NO_NEED: (90, 9, 1),
    NeedLevel.SOME: (48, 47, 5),
    NeedLevel.URGENT: (18, 55, 27),
}
LEVELS = (NeedLevel.NO_NEED, NeedLevel.SOME, NeedLevel.URGENT)

#: A few words for each kind of thing written, in the advocate's voice (fictional, no person).
SUMMARIES = {
    "first": "First call: went through what is needed and agreed the next steps.",
    "reached": "Spoke with them about progress.",
    "left_message": "Left a message asking them to call back.",
    "not_reached": "No answer.",
}
ADVOCATE_MESSAGES = (
    "Thank you for talking with me today. I will be in touch as agreed.",
    "I have sent the form we talked about. Let me know if anything is unclear.",
    "The service has replied; I will call you tomorrow to explain.",
    "Just checking in: how are things this week?",
)
CLIENT_MESSAGES = (
    "Thank you, that is helpful.",
    "I have sent the form back today.",
    "Could you call me after 2pm please?",
    "Things are a bit better this week.",
)
NOTES = (
    "Agreed plan with the client; next contact in two weeks.",
    "Chased the service for an answer.",
    "Client finds mornings hard because of fatigue: call after lunch.",
    "Checked eligibility criteria before suggesting the service.",
)
FOLLOW_UPS = ("Call back", "Check on the application", "Chase the service", "Review progress")


# --- who and where ------------------------------------------------------------------------------


@dataclass
class Society:
    """What planning needs of an organisation: its calendar, staff and the directory's services."""

    id: uuid.UUID
    country: str
    zone: ZoneInfo
    target_days: int
    languages: list[str]
    calendars: dict[str, WorkingCalendar]
    supervisors: list[uuid.UUID]
    #: need category -> listed services of the country that offer it
    services: dict[str, list[uuid.UUID]]

    def calendar(self, region: str) -> WorkingCalendar:
        return self.calendars.get(region) or self.calendars[""]

    def is_working_day(self, region: str, day: datetime.date) -> bool:
        calendar = self.calendar(region)
        if calendar.since <= day <= calendar.until:
            return calendar.is_working_day(day)
        return day.weekday() < 5

    def working_time(self, region: str, after: datetime.datetime, rng: random.Random) -> datetime.datetime:
        """``after`` if it is in working hours, else a moment in the first hour and a half of the
        next working day."""
        local = after.astimezone(self.zone)
        minutes = local.hour * 60 + local.minute
        day = local.date()
        if self.is_working_day(region, day) and _OPENS <= minutes < _CLOSES:
            return after
        if not (self.is_working_day(region, day) and minutes < _OPENS):
            day += _DAY
            while not self.is_working_day(region, day):
                day += _DAY
        start = datetime.datetime.combine(day, datetime.time(9), tzinfo=self.zone)
        return start + datetime.timedelta(minutes=rng.randrange(90))

    def working_day_at(self, region: str, day: datetime.date, rng: random.Random) -> datetime.datetime:
        """A moment in the working hours of ``day`` (local)."""
        minutes = _OPENS + rng.randrange(_CLOSES - _OPENS - 30)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=self.zone)

    def add_working_days(self, region: str, day: datetime.date, days: int) -> datetime.date:
        for _ in range(days):
            day += _DAY
            while not self.is_working_day(region, day):
                day += _DAY
        return day


def societies(
    organisations: Iterable, *, since: datetime.date, until: datetime.date, staff: dict, services: dict
) -> dict[uuid.UUID, Society]:
    """A :class:`Society` for each organisation: calendars for every region of its country (one
    query each), its supervisors (``staff[org_id]``) and ``services[country][category]``."""
    from patientportal.regions import REGIONS

    made = {}
    for org in organisations:
        country = org.countries[0]
        places = {(country, "")} | {(country, code) for code, _name in REGIONS.get(country, [])}
        calendars = organisation_calendars(organisation=org, places=places, since=since, until=until)
        made[org.pk] = Society(
            id=org.pk,
            country=country,
            zone=ZoneInfo(org.timezone),
            target_days=org.first_contact_target_days,
            languages=list(org.languages),
            calendars={region: calendar for (_country, region), calendar in calendars.items()},
            supervisors=list(staff.get(org.pk, [])),
            services=services.get(country, {}),
        )
    return made


def submission_days(*, now: datetime.datetime, days: int, growth: float) -> tuple[list[datetime.date], list[float]]:
    """The days of the last ``days`` and how many requests each gets, relatively: more on weekdays,
    fewer in August and at Christmas, and rising over the period (``growth``: the last day gets
    that many times the first day's)."""
    today = now.date()
    dates = [today - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    weights = []
    for index, day in enumerate(dates):
        trend = 1 + (growth - 1) * index / max(1, days - 1)
        weights.append(trend * WEEKDAY_WEIGHTS[day.weekday()] * MONTH_WEIGHTS.get(day.month, 1.0))
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return dates, cumulative


def submitted_moment(
    rng: random.Random, day: datetime.date, zone: ZoneInfo, now: datetime.datetime
) -> datetime.datetime:
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    moment = datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=zone)
    if moment >= now:
        moment = now - datetime.timedelta(minutes=rng.randint(5, 600))
    return moment


# --- planning one case ----------------------------------------------------------------------------


@dataclass
class Request:
    """What the person sent."""

    reference: str
    society: Society
    applicant_id: uuid.UUID
    region: str
    language: str
    categories: list[str]
    submitted_at: datetime.datetime
    is_urgent: bool = False
    for_self: bool = True
    person_name: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""


@dataclass
class Fate:
    """What happens to a request, decided before its steps are told."""

    #: None: still waiting in the queue (or withdrawn from it).
    assigned_at: datetime.datetime | None = None
    #: Tries before someone is reached (left a message, not reached).
    attempts: list[tuple[datetime.datetime, str]] = field(default_factory=list)
    first_contact_at: datetime.datetime | None = None
    #: When it stopped being open (resolved, closed straight away, withdrawn); None: open today.
    ended_at: datetime.datetime | None = None
    #: "resolved" (then maybe closed at ``closed_at``), "closed" (from in progress), "withdrawn",
    #: "unable" (closed, unable to contact); None: open.
    ending: str | None = None
    closed_at: datetime.datetime | None = None
    outcome: str = ""
    #: A spell of waiting on the client: (from, until); until may be after now.
    waiting: tuple[datetime.datetime, datetime.datetime] | None = None
    #: The case at the head of a long story (``bench.data``): its work is told elsewhere.
    bare: bool = False

    def open_until(self, now: datetime.datetime) -> datetime.datetime | None:
        """When it leaves the advocate's caseload (None: not before now)."""
        return self.ended_at if self.ended_at is not None and self.ended_at < now else None


@dataclass
class Shape:
    """How much happens in a case, as shares and spans: the demo tells more, the benchmark keeps
    its event budget for volume."""

    assign_hours: float = 5.0  # median delay before a supervisor assigns a request
    late_first_contact: float = 0.15  # share first contacted after the target
    unable_to_contact: float = 0.04
    withdrawn: float = 0.03
    resolve_days: float = 45.0  # median days from first contact to resolution
    resolve_spread: float = 0.85  # lognormal sigma
    close_directly: float = 0.35  # closed from in progress without being resolved first
    stays_resolved: float = 0.1
    waiting_spell: float = 0.2
    assessed: float = 0.75  # share of first contacts with a needs assessment
    reassessed: float = 0.6  # of those still open six weeks on
    all_areas: float = 0.6  # an assessment rates every area (else 5 to 9 of them)
    #: the first rating (no need, some, urgent) of an area the person did not ask about
    other_areas: tuple[int, int, int] = FIRST_LEVELS[False]
    attempts: tuple[int, ...] = (65, 25, 10)  # weights of 0, 1, 2 tries before someone is reached
    referrals: tuple[int, ...] = (35, 40, 20, 5)  # weights of 0, 1, 2, 3 referrals
    referral_outcome: float = 0.8
    referral_feedback: float = 0.25
    need_update: float = 0.5  # each open need's status set when the case is resolved
    work_per_week: float = 1.0  # more work (messages, contacts, notes, follow-ups) per active week


def draw_fate(
    rng: random.Random,
    request: Request,
    now: datetime.datetime,
    shape: Shape,
    *,
    waiting: bool = False,
    open_status: str | None = None,
    must_assign: bool = False,
) -> Fate:
    """When the request is assigned, contacted, resolved... ``waiting``: it is still in the queue
    today. ``open_status``: it is open today in that status (assigned, in progress, waiting on the
    client), however long ago it came. ``must_assign``: not left in the queue (assigned before
    now even if it came a moment ago)."""
    society, region, sent = request.society, request.region, request.submitted_at
    fate = Fate()
    if waiting:
        return fate
    if open_status is None and rng.random() < shape.withdrawn * 0.4:  # withdrawn from the queue
        fate.ended_at, fate.ending = sent + datetime.timedelta(hours=rng.uniform(2, 40)), "withdrawn"
        return fate if fate.ended_at < now else Fate()
    hours = rng.lognormvariate(math.log(shape.assign_hours / (3 if request.is_urgent else 1)), 1.0)
    assigned = society.working_time(region, sent + datetime.timedelta(hours=min(hours, 24 * 6)), rng)
    if assigned >= now and must_assign:
        assigned = sent + (now - sent) * rng.uniform(0.3, 0.9)
    if assigned >= now:
        return fate  # still waiting
    fate.assigned_at = assigned

    # The first contact: by the target (in working days from the request's date) or late.
    target = 1 if request.is_urgent else society.target_days
    on_time = rng.random() >= shape.late_first_contact or open_status == S.ASSIGNED
    days = rng.randint(0, target) if on_time else target + rng.choice((1, 1, 2, 2, 3, 5, 8))
    day = society.add_working_days(region, sent.astimezone(society.zone).date(), days)
    contact = society.working_day_at(region, day, rng)
    if contact <= assigned:
        contact = society.working_time(region, assigned + datetime.timedelta(minutes=rng.randint(20, 240)), rng)
    unable = open_status is None and rng.random() < shape.unable_to_contact
    tries = 3 if unable else rng.choices(range(len(shape.attempts)), weights=shape.attempts)[0]
    moment = assigned
    for _ in range(tries):
        moment = society.working_time(region, moment + datetime.timedelta(hours=rng.uniform(1, 30)), rng)
        if moment >= min(contact, now) and not unable:
            break
        fate.attempts.append((moment, rng.choice((InteractionOutcome.LEFT_MESSAGE, InteractionOutcome.NOT_REACHED))))
    if fate.attempts and not unable:
        contact = max(contact, society.working_time(region, fate.attempts[-1][0] + _HOUR * rng.uniform(2, 48), rng))
    if open_status == S.ASSIGNED:
        fate.attempts = [a for a in fate.attempts if a[0] < now]
        return fate  # not reached yet
    if unable:
        if fate.attempts and fate.attempts[-1][0] < now:
            ended = society.working_time(region, fate.attempts[-1][0] + _DAY * rng.uniform(5, 15), rng)
            if ended < now:
                fate.ended_at, fate.ending, fate.outcome = ended, "unable", CaseOutcome.UNABLE_TO_CONTACT
                fate.closed_at = ended
        fate.attempts = [a for a in fate.attempts if a[0] < now]
        return fate
    if contact >= now:
        fate.attempts = [a for a in fate.attempts if a[0] < now]
        return fate  # assigned, not reached yet
    fate.first_contact_at = contact

    days = max(3.0, rng.lognormvariate(math.log(shape.resolve_days), shape.resolve_spread))
    ended = society.working_time(region, contact + _DAY * days, rng)
    if open_status is not None:
        ended = now + _DAY * 365  # open today, however long it takes
    if open_status == S.WAITING_ON_CLIENT:
        start = society.working_time(region, now - _DAY * rng.uniform(1, 20), rng)
        if start <= contact or start >= now:
            start = contact + (now - contact) / 2
        fate.waiting = (start, now + _DAY * 30)
    elif rng.random() < shape.waiting_spell:
        start = society.working_time(region, contact + (ended - contact) * rng.uniform(0.2, 0.7), rng)
        back = society.working_time(region, start + _DAY * rng.uniform(4, 30), rng)
        if back >= ended - _HOUR:
            back = start + (ended - start) / 2
        if contact < start < back < ended and start < now:
            fate.waiting = (start, back)
    if open_status is not None or ended >= now:
        return fate
    fate.ended_at = ended
    draw = rng.random()
    if draw < shape.withdrawn:
        fate.ending = "withdrawn"
    elif draw < shape.withdrawn + shape.close_directly:
        fate.ending, fate.closed_at = "closed", ended
        fate.outcome = rng.choices(list(CLOSE_OUTCOMES), weights=list(CLOSE_OUTCOMES.values()))[0]
    else:
        fate.ending = "resolved"
        closed = society.working_time(region, ended + _DAY * rng.uniform(2, 21), rng)
        if closed < now and rng.random() >= shape.stays_resolved:
            fate.closed_at = closed
            fate.outcome = rng.choices(list(CLOSE_OUTCOMES), weights=list(CLOSE_OUTCOMES.values()))[0]
    return fate


@dataclass(slots=True)
class Step:
    """One thing that happened: exactly one event, and the rows it writes or changes."""

    at: datetime.datetime
    kind: str
    actor: str = "advocate"  # "advocate", "client", "supervisor" or "system"
    data: dict = field(default_factory=dict)


@dataclass
class CasePlan:
    request: Request
    fate: Fate
    advocate_id: uuid.UUID | None
    supervisor_id: uuid.UUID | None
    steps: list[Step] = field(default_factory=list)
    #: Between these, more work may be told (:func:`add_work`); None: no work to tell.
    active: tuple[datetime.datetime, datetime.datetime] | None = None
    status: str = S.NEW
    #: Follow-ups still open, for the case's last word (key -> due).
    weight: float = 0.0


def plan_case(
    rng: random.Random,
    request: Request,
    fate: Fate,
    *,
    advocate_id: uuid.UUID | None,
    now: datetime.datetime,
    shape: Shape,
) -> CasePlan:
    """Tell the case's timeline from its fate, step by step, in the order the services allow."""
    society, region = request.society, request.region
    supervisor = rng.choice(society.supervisors) if society.supervisors else None
    plan = CasePlan(request, fate, advocate_id if fate.assigned_at else None, supervisor)
    steps = plan.steps
    steps.append(Step(request.submitted_at, EventKind.SUBMITTED, "client"))
    status = S.NEW
    if fate.assigned_at is None:
        if fate.ending == "withdrawn":
            steps.append(Step(fate.ended_at, EventKind.WITHDRAWN, "client", {"from": S.NEW}))
            status = S.WITHDRAWN
        plan.status = status
        return plan
    steps.append(Step(fate.assigned_at, EventKind.ASSIGNED, "supervisor"))
    status = S.ASSIGNED
    for at, outcome in fate.attempts:
        steps.append(Step(at, EventKind.CONTACT_LOGGED, data={"outcome": outcome, "channel": InteractionChannel.CALL}))
    keys = _Keys()
    open_follow_ups: dict[str, datetime.datetime] = {}
    contact = fate.first_contact_at
    end = fate.ended_at if fate.ended_at is not None and fate.ended_at < now else None
    if contact is None:
        if fate.ending == "unable":
            at = fate.ended_at - 10 * _MINUTE
            steps.append(Step(at, EventKind.STATUS_CHANGED, data={"from": S.ASSIGNED, "to": S.IN_PROGRESS}))
            steps.append(Step(fate.ended_at, EventKind.CLOSED, data={"from": S.IN_PROGRESS, "outcome": fate.outcome}))
            status = S.CLOSED
        elif fate.ending == "withdrawn":
            steps.append(Step(fate.ended_at, EventKind.WITHDRAWN, "client", {"from": status}))
            status = S.WITHDRAWN
        else:
            plan.active = (fate.assigned_at, now)
        plan.status = status
        if status == S.ASSIGNED:
            _plan_next_contact(rng, plan, now, open_follow_ups, keys, after=steps[-1].at)
        return plan

    # The first contact: the person is reached; the reassessment is planned six weeks on.
    channel = rng.choices((InteractionChannel.CALL, InteractionChannel.VISIT), weights=(85, 15))[0]
    steps.append(
        Step(contact, EventKind.CONTACT_LOGGED, data={"outcome": InteractionOutcome.REACHED, "channel": channel})
    )
    reassessment_due = _reassessment_due(society, region, contact)
    reassessment_key = key = keys.next("f")
    steps.append(
        Step(
            contact,
            EventKind.FOLLOW_UP_SCHEDULED,
            "system",
            {"key": key, "due": reassessment_due, "reassessment": True, "client_contact": False},
        )
    )
    open_follow_ups[key] = reassessment_due
    steps.append(Step(contact + 3 * _MINUTE, EventKind.STATUS_CHANGED, data={"from": S.ASSIGNED, "to": S.IN_PROGRESS}))
    status = S.IN_PROGRESS
    horizon = end - _HOUR if end else now  # the end itself is told after everything else
    needs = set(request.categories)
    if fate.bare:
        plan.status = status
        return plan

    # The needs assessment at first contact; the areas with a need become needs.
    first_levels: dict[str, str] | None = None
    if rng.random() < shape.assessed:
        at = contact + 8 * _MINUTE
        first_levels = _first_levels(rng, request.categories, shape)
        steps += _assessment_steps(
            rng, at, first_levels, needs, later=False, completes="", open_follow_ups=open_follow_ups
        )

    # Services suggested for needs, and what came of them.
    needs_now = sorted(needs)
    referrals = rng.choices(range(len(shape.referrals)), weights=shape.referrals)[0]
    for category in rng.sample(needs_now, min(referrals, len(needs_now))):
        services = society.services.get(category)
        if not services:
            continue
        made = society.working_time(region, contact + _DAY * rng.uniform(0.01, 10), rng)
        if made >= horizon:
            continue
        key = keys.next("r")
        steps.append(
            Step(made, EventKind.REFERRAL_MADE, data={"key": key, "need": category, "service": rng.choice(services)})
        )
        outcome_at = society.working_time(region, made + _DAY * rng.uniform(5, 45), rng)
        if outcome_at < horizon and rng.random() < shape.referral_outcome:
            outcome = rng.choices(list(REFERRAL_OUTCOMES), weights=list(REFERRAL_OUTCOMES.values()))[0]
            steps.append(Step(outcome_at, EventKind.REFERRAL_OUTCOME, data={"key": key, "outcome": outcome}))
            feedback_at = outcome_at + _HOUR * rng.uniform(2, 96)
            if feedback_at < horizon and rng.random() < shape.referral_feedback:
                helped = ReferralFeedback.HELPED if outcome == ReferralOutcome.RECEIVED_HELP else None
                feedback = helped or rng.choice((ReferralFeedback.DID_NOT_HELP, ReferralFeedback.NOT_TRIED))
                steps.append(
                    Step(feedback_at, EventKind.REFERRAL_FEEDBACK, "client", {"key": key, "feedback": feedback})
                )

    # The reassessment, when the case is still open then.
    due = reassessment_due
    if first_levels is not None and rng.random() < shape.reassessed:
        at = society.working_time(region, due + _DAY * rng.choice((0, 0, 1, 2, 5, 9)), rng)
        if at < horizon and (fate.waiting is None or not fate.waiting[0] <= at <= fate.waiting[1]):
            later = {domain: _later_level(rng, level) for domain, level in first_levels.items()}
            steps += _assessment_steps(
                rng, at, later, needs, later=True, completes=reassessment_key, open_follow_ups=open_follow_ups
            )

    # No reassessment: the advocate marks the planned one done, most often, once it is due.
    if reassessment_key in open_follow_ups and rng.random() < 0.8:
        done = society.working_time(region, due + _DAY * rng.uniform(0, 10), rng)
        if done < horizon:
            steps.append(Step(done, EventKind.FOLLOW_UP_COMPLETED, data={"key": reassessment_key}))
            del open_follow_ups[reassessment_key]

    # Waiting on the client for a while.
    if fate.waiting is not None:
        start, back = fate.waiting
        steps.append(Step(start, EventKind.STATUS_CHANGED, data={"from": S.IN_PROGRESS, "to": S.WAITING_ON_CLIENT}))
        status = S.WAITING_ON_CLIENT
        if back < horizon:
            steps.append(Step(back, EventKind.STATUS_CHANGED, data={"from": S.WAITING_ON_CLIENT, "to": S.IN_PROGRESS}))
            status = S.IN_PROGRESS

    plan.active = (contact + 15 * _MINUTE, horizon)
    if end is None:
        plan.status = status
        _plan_next_contact(rng, plan, now, open_follow_ups, keys, after=max(step.at for step in steps))
        return plan

    # The end: needs' outcomes, follow-ups done, then resolved, closed or withdrawn.
    wrap = end - 40 * _MINUTE
    if fate.ending in ("resolved", "closed"):
        for index, category in enumerate(sorted(needs)):
            if rng.random() < shape.need_update:
                to = NeedStatus.MET if rng.random() < 0.72 else NeedStatus.NOT_MET
                steps.append(
                    Step(
                        wrap + index * _MINUTE,
                        EventKind.NEED_UPDATED,
                        data={"need": category, "from": NeedStatus.OPEN, "to": to},
                    )
                )
    for index, key in enumerate(sorted(open_follow_ups)):  # the advocate tidies up
        steps.append(Step(wrap + (20 + index) * _MINUTE, EventKind.FOLLOW_UP_COMPLETED, data={"key": key}))
    open_follow_ups.clear()
    if fate.ending == "withdrawn":
        steps.append(Step(end, EventKind.WITHDRAWN, "client", {"from": status}))
        status = S.WITHDRAWN
    elif fate.ending == "closed":
        steps.append(Step(end, EventKind.CLOSED, data={"from": status, "outcome": fate.outcome}))
        status = S.CLOSED
    else:
        steps.append(Step(end, EventKind.STATUS_CHANGED, data={"from": status, "to": S.RESOLVED}))
        status = S.RESOLVED
        if fate.closed_at is not None:
            steps.append(Step(fate.closed_at, EventKind.CLOSED, data={"from": S.RESOLVED, "outcome": fate.outcome}))
            status = S.CLOSED
    plan.active = (contact + 15 * _MINUTE, wrap - 5 * _MINUTE)
    plan.status = status
    return plan


class _Keys:
    def __init__(self) -> None:
        self.count = 0

    def next(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def _plan_next_contact(rng, plan: CasePlan, now, open_follow_ups, keys: _Keys, *, after) -> None:
    """An open case's next planned contact with the client: due soon, or overdue."""
    society, region = plan.request.society, plan.request.region
    at = society.working_time(region, after + _HOUR * rng.uniform(0.2, 72), rng)
    if at >= now:
        at = after + (now - after) / 2
    due = society.working_day_at(region, (now + _DAY * rng.uniform(-10, 21)).astimezone(society.zone).date(), rng)
    if due <= at:
        due = at + _DAY * rng.uniform(1, 7)
    key = keys.next("f")
    plan.steps.append(
        Step(
            at,
            EventKind.FOLLOW_UP_SCHEDULED,
            data={"key": key, "due": due, "reassessment": False, "client_contact": True, "summary": "Call the client"},
        )
    )
    open_follow_ups[key] = due


def _reassessment_due(society: Society, region: str, contact: datetime.datetime) -> datetime.datetime:
    """As ``cases.services.assessment.reassessment_due_at``: six weeks on, 10:00, a working day."""
    day = contact.astimezone(society.zone).date() + datetime.timedelta(days=42)
    if not society.is_working_day(region, day):
        day = society.add_working_days(region, day, 1)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=society.zone)


def _first_levels(rng: random.Random, categories: Sequence[str], shape: Shape) -> dict[str, str]:
    domains = list(AssessmentDomain)
    if rng.random() >= shape.all_areas:
        domains = sorted(rng.sample(domains, rng.randint(5, 9)), key=domains.index)
    weights = {True: FIRST_LEVELS[True], False: shape.other_areas}
    return {
        domain: rng.choices(LEVELS, weights=weights[DOMAIN_NEED_CATEGORY[domain] in categories])[0]
        for domain in domains
    }


def _later_level(rng: random.Random, level: str) -> str:
    return rng.choices(LEVELS, weights=LATER_LEVELS[level])[0]


def _assessment_steps(
    rng: random.Random,
    at: datetime.datetime,
    levels: dict[str, str],
    needs: set[str],
    *,
    later: bool,
    completes: str,
    open_follow_ups: dict[str, datetime.datetime],
) -> list[Step]:
    """As ``assessment_record``: the needs it adds, the planned reassessment it completes (the
    follow-up ``completes``, if still open), its event."""
    steps, added = [], []
    for domain, level in levels.items():
        category = DOMAIN_NEED_CATEGORY[domain]
        if level != NeedLevel.NO_NEED and category not in needs:
            needs.add(category)
            added.append(category)
            steps.append(Step(at, EventKind.NEED_ADDED, data={"need": category}))
    if completes in open_follow_ups:
        steps.append(Step(at, EventKind.FOLLOW_UP_COMPLETED, data={"key": completes, "reassessment": True}))
        del open_follow_ups[completes]
    phq2 = (rng.choice((0, 0, 1, 1, 2, 3)), rng.choice((0, 0, 1, 1, 2, 3))) if rng.random() < 0.7 else (None, None)
    steps.append(
        Step(
            at,
            EventKind.ASSESSMENT_RECORDED,
            data={"levels": levels, "phq2": phq2, "reassessment": later, "added": added},
        )
    )
    return steps


def add_work(rng: random.Random, plan: CasePlan, events: int) -> None:
    """``events`` more steps of ordinary work between the case's first contact and its end:
    messages both ways, contacts, notes, follow-ups planned and done (two events)."""
    if events <= 0 or plan.active is None:
        return
    start, end = plan.active
    if end <= start:
        end = start + _MINUTE * events
    request = plan.request
    society, region = request.society, request.region
    keys = _Keys()
    keys.count = 100  # after the plan's own keys
    left = events
    while left > 0:
        at = start + (end - start) * rng.random()
        kind = rng.choices(
            ("advocate_message", "client_message", "contact", "note", "follow_up"), weights=(26, 20, 20, 14, 20)
        )[0]
        if kind == "follow_up" and left >= 2:
            at = society.working_time(region, at, rng)
            done = at + _DAY * rng.uniform(1, 14)
            if done >= end:
                continue
            key = keys.next("w")
            plan.steps.append(
                Step(
                    at,
                    EventKind.FOLLOW_UP_SCHEDULED,
                    data={
                        "key": key,
                        "due": done - _HOUR,
                        "reassessment": False,
                        "client_contact": rng.random() < 0.5,
                        "summary": rng.choice(FOLLOW_UPS),
                    },
                )
            )
            plan.steps.append(Step(done, EventKind.FOLLOW_UP_COMPLETED, data={"key": key}))
            left -= 2
            continue
        if kind == "client_message":
            plan.steps.append(Step(at, EventKind.MESSAGE_SENT, "client", {"body": rng.choice(CLIENT_MESSAGES)}))
        elif kind == "contact":
            reached = 70 if plan.fate.first_contact_at is not None else 0  # no one reached yet: no first contact
            outcome = rng.choices(list(InteractionOutcome), weights=(reached, 20, 10))[0]
            channel = rng.choices(
                (
                    InteractionChannel.CALL,
                    InteractionChannel.EMAIL,
                    InteractionChannel.VISIT,
                    InteractionChannel.LETTER,
                ),
                weights=(60, 25, 10, 5),
            )[0]
            plan.steps.append(
                Step(
                    society.working_time(region, at, rng),
                    EventKind.CONTACT_LOGGED,
                    data={"outcome": outcome, "channel": channel},
                )
            )
        elif kind == "note":
            plan.steps.append(
                Step(
                    society.working_time(region, at, rng),
                    EventKind.NOTE_ADDED,
                    data={"body": rng.choice(NOTES), "shared": rng.random() < 0.2},
                )
            )
        else:
            plan.steps.append(
                Step(
                    society.working_time(region, at, rng),
                    EventKind.MESSAGE_SENT,
                    data={"body": rng.choice(ADVOCATE_MESSAGES)},
                )
            )
        left -= 1
    plan.steps = _in_bounds(plan)


def _in_bounds(plan: CasePlan) -> list[Step]:
    """Work moved into working hours may land after the case's end: keep it inside its window."""
    if plan.active is None:
        return plan.steps
    start, end = plan.active
    for step in plan.steps:
        if step.at > end and step.kind in (EventKind.MESSAGE_SENT, EventKind.CONTACT_LOGGED, EventKind.NOTE_ADDED):
            step.at = start + (end - start) * 0.99
    return plan.steps


# --- assignment with capacity -----------------------------------------------------------------------


class Team:
    """An organisation's advocates and what each holds open, over time: a request goes to the
    less loaded (open cases against capacity) of two drawn at random, or now and then to anyone
    (a language, a region, who was free), so caseloads spread as in life, some over capacity."""

    def __init__(self, advocates: Sequence[tuple[uuid.UUID, int]]):
        self.ids = [pk for pk, _capacity in advocates]
        self.capacity = dict(advocates)
        self.ends: dict[uuid.UUID, list[float]] = {pk: [] for pk in self.ids}

    def load(self, advocate: uuid.UUID, at: float) -> int:
        ends = self.ends[advocate]
        while ends and ends[0] <= at:
            heapq.heappop(ends)
        return len(ends)

    def choose(self, rng: random.Random, at: datetime.datetime) -> uuid.UUID:
        moment = at.timestamp()
        if rng.random() < 0.3 or len(self.ids) == 1:
            return rng.choice(self.ids)
        first, second = rng.sample(self.ids, 2)
        return min(
            (first, second), key=lambda pk: (self.load(pk, moment) + 0.5) / self.capacity[pk] + rng.random() * 0.05
        )

    def take(self, advocate: uuid.UUID, until: datetime.datetime | None) -> None:
        if advocate in self.ends:
            heapq.heappush(self.ends[advocate], until.timestamp() if until else math.inf)


# --- rows ---------------------------------------------------------------------------------------


class Keys:
    """Integer keys taken from the tables' own sequences, a block at a time."""

    def __init__(self) -> None:
        self.free: dict[type[Model], list[int]] = defaultdict(list)

    def reserve(self, model: type[Model], count: int) -> None:
        if count <= 0:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT nextval(pg_get_serial_sequence({}, 'id')) FROM generate_series(1, %s)").format(
                    sql.Literal(model._meta.db_table)
                ),
                [count],
            )
            self.free[model].extend(row[0] for row in reversed(cursor.fetchall()))

    def take(self, model: type[Model]) -> int:
        return self.free[model].pop()


def keys_needed(plans: Iterable[CasePlan]) -> dict[type[Model], int]:
    """How many keys of each sequenced model the plans' rows take."""
    counts: dict[type[Model], int] = defaultdict(int)
    for plan in plans:
        counts[Need] += len(plan.request.categories)
        for step in plan.steps:
            kind = step.kind
            if kind == EventKind.NEED_ADDED:
                counts[Need] += 1
            elif kind == EventKind.CONTACT_LOGGED:
                counts[Interaction] += 1
            elif kind == EventKind.FOLLOW_UP_SCHEDULED:
                counts[FollowUp] += 1
            elif kind == EventKind.ASSESSMENT_RECORDED:
                counts[Assessment] += 1
                counts[AssessmentRating] += len(step.data["levels"])
            elif kind == EventKind.NOTE_ADDED:
                counts[Note] += 1
    return counts


def plan_rows(rng: random.Random, plan: CasePlan, keys: Keys, now: datetime.datetime) -> dict[type[Model], list[Model]]:
    """The rows of the case as its steps left them, and one event per step, in time order."""
    request, fate = plan.request, plan.fate
    society = request.society
    advocate, applicant, supervisor = plan.advocate_id, request.applicant_id, plan.supervisor_id
    actors = {"advocate": advocate, "client": applicant, "supervisor": supervisor, "system": None}
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    steps = sorted(plan.steps, key=lambda step: step.at)
    sent = request.submitted_at
    case = Case(
        id=_uuid(rng),
        reference=request.reference,
        organisation_id=society.id,
        applicant_id=applicant,
        status=plan.status,
        assigned_to_id=advocate,
        country=society.country,
        region=request.region,
        is_urgent=request.is_urgent,
        submitted_at=sent,
        first_contact_due=society.add_working_days(
            request.region, sent.astimezone(society.zone).date(), society.target_days
        ),
        first_contact_at=fate.first_contact_at,
        updated_at=steps[-1].at,
    )
    rows[Case].append(case)
    contact = {
        "contact_methods": ["phone", "email"] if request.email else ["phone"],
        "phone": request.phone,
        "contact_email": request.email,
        "best_days": [0, 1, 2, 3, 4],
        "best_times": ["morning"] if rng.random() < 0.5 else ["afternoon"],
        "language": request.language,
    }
    rows[CaseIntake].append(
        CaseIntake(
            case_id=case.pk,
            for_self=request.for_self,
            person_name=request.person_name,
            relationship="" if request.for_self else "partner",
            person_agreed="" if request.for_self else "yes",
            country=society.country,
            region=request.region,
            categories=list(request.categories),
            description=request.description,
            is_urgent=request.is_urgent,
            consent_version=CURRENT_CONSENT_VERSION,
            consent_given_at=sent,
            **contact,
        )
    )
    rows[ContactPreferences].append(
        ContactPreferences(case_id=case.pk, changed_by_id=applicant, created_at=sent, **contact)
    )
    needs: dict[str, Need] = {}
    for category in request.categories:
        needs[category] = Need(id=keys.take(Need), case_id=case.pk, category=category, created_at=sent)
    follow_ups: dict[str, FollowUp] = {}
    referrals: dict[str, Referral] = {}
    messages: list[Message] = []
    version = 1
    first_contact_done = False

    def event(step: Step, kind: str, **fields) -> None:
        visibility = fields.pop("visibility", None) or DEFAULT_VISIBILITY[kind]
        rows[CaseEvent].append(
            CaseEvent(
                case_id=case.pk, kind=kind, at=step.at, actor_id=actors[step.actor], visibility=visibility, **fields
            )
        )

    def read_up_to(at: datetime.datetime, reader_is_client: bool) -> None:
        for message in messages:
            if (
                message.read_at is None
                and (message.sender_id == applicant) != reader_is_client
                and message.created_at < at
            ):
                message.read_at = min(at, message.created_at + _HOUR * 20)

    for step in steps:
        kind, data = step.kind, step.data
        if kind == EventKind.SUBMITTED:
            event(step, kind, to_status=S.NEW, payload={"needs": list(request.categories)})
        elif kind == EventKind.ASSIGNED:
            version += 1
            event(step, kind, from_status=S.NEW, to_status=S.ASSIGNED, advocate_id=advocate)
        elif kind == EventKind.CONTACT_LOGGED:
            interaction = Interaction(
                id=keys.take(Interaction),
                case_id=case.pk,
                logged_by_id=advocate,
                channel=data["channel"],
                occurred_at=step.at - datetime.timedelta(minutes=10),
                duration_minutes=rng.choice((5, 10, 15, 20, 30, 45)) if data["channel"] != "email" else None,
                outcome=data["outcome"],
                summary=""
                if rng.random() < 0.3
                else SUMMARIES["reached" if data["outcome"] == "reached" else data["outcome"]],
                created_at=step.at,
            )
            first = data["outcome"] == InteractionOutcome.REACHED and not first_contact_done
            if first:
                first_contact_done = True
                version += 1
                interaction.summary = SUMMARIES["first"]
                interaction.occurred_at = fate.first_contact_at
                read_up_to(step.at, reader_is_client=False)
            rows[Interaction].append(interaction)
            event(
                step,
                kind,
                payload={
                    "interaction": interaction.pk,
                    "channel": data["channel"],
                    "outcome": data["outcome"],
                    "first_contact": first,
                },
            )
        elif kind == EventKind.FOLLOW_UP_SCHEDULED:
            follow_up = FollowUp(
                id=keys.take(FollowUp),
                case_id=case.pk,
                owner_id=advocate,
                due_at=data["due"],
                summary="Needs reassessment" if data["reassessment"] else data.get("summary", "Call back"),
                is_client_contact=data["client_contact"],
                is_reassessment=data["reassessment"],
                created_at=step.at,
            )
            follow_ups[data["key"]] = follow_up
            rows[FollowUp].append(follow_up)
            payload = {"follow_up": follow_up.pk, "due_at": follow_up.due_at, "client_contact": data["client_contact"]}
            if data["reassessment"]:
                payload["reassessment"] = True
            event(
                step,
                kind,
                payload=payload,
                visibility=Visibility.CLIENT if data["client_contact"] else Visibility.STAFF,
            )
        elif kind == EventKind.FOLLOW_UP_COMPLETED:
            follow_up = follow_ups[data["key"]]
            follow_up.completed_at = step.at
            follow_up.version += 1
            payload = {"follow_up": follow_up.pk}
            if data.get("reassessment"):
                payload["reassessment"] = True
            event(
                step,
                kind,
                payload=payload,
                visibility=Visibility.CLIENT if follow_up.is_client_contact else Visibility.STAFF,
            )
        elif kind == EventKind.STATUS_CHANGED:
            version += 1
            event(step, kind, from_status=data["from"], to_status=data["to"])
            if data["to"] == S.RESOLVED:
                case.closed_at = step.at
        elif kind == EventKind.CLOSED:
            version += 1
            if case.closed_at is None:
                case.closed_at = step.at
            case.outcome = data["outcome"]
            event(step, kind, from_status=data["from"], to_status=S.CLOSED, payload={"outcome": data["outcome"]})
        elif kind == EventKind.WITHDRAWN:
            version += 1
            case.closed_at = step.at
            for need in needs.values():
                if need.status in (NeedStatus.OPEN, NeedStatus.IN_PROGRESS):
                    need.status = NeedStatus.WITHDRAWN
            event(
                step,
                kind,
                from_status=data["from"],
                to_status=S.WITHDRAWN,
                payload={"reason": "I have the help I need for now."},
            )
        elif kind == EventKind.NEED_ADDED:
            need = Need(id=keys.take(Need), case_id=case.pk, category=data["need"], created_at=step.at)
            needs[data["need"]] = need
            event(step, kind, payload={"need": need.pk, "category": need.category})
        elif kind == EventKind.NEED_UPDATED:
            need = needs[data["need"]]
            need.status, need.version = data["to"], need.version + 1
            need.outcome = "Help in place." if data["to"] == NeedStatus.MET else "No service could help in time."
            event(
                step, kind, payload={"need": need.pk, "category": need.category, "from": data["from"], "to": data["to"]}
            )
        elif kind == EventKind.ASSESSMENT_RECORDED:
            interest, mood = data["phq2"]
            assessment = Assessment(
                id=keys.take(Assessment),
                case_id=case.pk,
                assessed_by_id=advocate,
                assessed_at=step.at,
                phq2_interest=interest,
                phq2_mood=mood,
                created_at=step.at,
            )
            rows[Assessment].append(assessment)
            rows[AssessmentRating] += [
                AssessmentRating(
                    id=keys.take(AssessmentRating), assessment_id=assessment.pk, domain=domain, level=level
                )
                for domain, level in data["levels"].items()
            ]
            event(
                step,
                kind,
                payload={
                    "assessment": assessment.pk,
                    "reassessment": data["reassessment"],
                    "rated": len(data["levels"]),
                    "needs_added": data["added"],
                    "needs_reopened": [],
                },
            )
        elif kind == EventKind.REFERRAL_MADE:
            need = needs[data["need"]]
            referral = Referral(
                id=_uuid(rng),
                case_id=case.pk,
                need_id=need.pk,
                service_id=data["service"],
                referred_by_id=advocate,
                created_at=step.at,
            )
            referrals[data["key"]] = referral
            rows[Referral].append(referral)
            event(
                step, kind, payload={"referral": str(referral.pk), "service": str(referral.service_id), "need": need.pk}
            )
        elif kind == EventKind.REFERRAL_OUTCOME:
            referral = referrals[data["key"]]
            referral.outcome, referral.outcome_at, referral.version = data["outcome"], step.at, referral.version + 1
            event(step, kind, payload={"referral": str(referral.pk), "outcome": data["outcome"]})
        elif kind == EventKind.REFERRAL_FEEDBACK:
            referral = referrals[data["key"]]
            referral.client_feedback, referral.client_feedback_at = data["feedback"], step.at
            event(step, kind, payload={"referral": str(referral.pk), "feedback": data["feedback"]})
        elif kind == EventKind.MESSAGE_SENT:
            from_client = step.actor == "client"
            read_up_to(step.at, reader_is_client=from_client)
            message = Message(
                id=_uuid(rng), case_id=case.pk, sender_id=actors[step.actor], body=data["body"], created_at=step.at
            )
            messages.append(message)
            event(step, kind, payload={"message": str(message.pk)})
        elif kind == EventKind.NOTE_ADDED:
            note = Note(
                id=keys.take(Note),
                case_id=case.pk,
                author_id=advocate,
                body=data["body"],
                shared_with_client=data["shared"],
                created_at=step.at,
                updated_at=step.at,
            )
            rows[Note].append(note)
            event(
                step,
                kind,
                payload={"note": note.pk, "shared": data["shared"]},
                visibility=Visibility.CLIENT if data["shared"] else Visibility.STAFF,
            )
        else:
            raise ValueError(f"{request.reference}: no rows for a {kind} step")
    # Messages are read by the other side before the case ends; on an open case, the client's of
    # the last few days may not be yet (My cases flags them).
    is_open = plan.status in (S.ASSIGNED, S.IN_PROGRESS, S.WAITING_ON_CLIENT)
    read_up_to(now - _DAY * rng.uniform(0, 6) if is_open else now, reader_is_client=False)
    read_up_to(now, reader_is_client=True)
    case.version = version
    rows[Need] = list(needs.values())
    rows[Message] = messages
    return rows


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def copy_insert(objs: Sequence[Model], *, keys: bool = False) -> int:
    """Insert unsaved instances of one model with COPY: several times faster than bulk_create.

    Values go through each field's ``get_db_prep_save`` as in ``save()``, and ``pre_save``
    except for the dates a row already holds (``auto_now_add``/``auto_now`` would otherwise date
    a row of the past today). Auto-increment keys come from the sequence unless ``keys`` (the
    caller set them, from the sequence or moving it past them). Database triggers (the audit
    history, the case's activity) still fire. Nothing is returned from the database, so set UUID
    keys before inserting.
    """
    if not objs:
        return 0
    opts = objs[0]._meta
    fields = [f for f in opts.concrete_fields if not f.generated and (not f.db_returning or (keys and f.primary_key))]
    dated = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(opts.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row(
                [
                    f.get_db_prep_save(
                        getattr(obj, f.attname)
                        if f.attname in dated and getattr(obj, f.attname) is not None
                        else f.pre_save(obj, True),
                        connection,
                    )
                    for f in fields
                ]
            )
    return len(objs)


def _history_models() -> dict[type[Model], type[Model]]:
    """Each model of ``MODELS`` whose history pghistory keeps -> its event model."""
    tracked = {m.pgh_tracked_model: m for m in apps.get_models() if hasattr(m, "pgh_tracked_model")}
    return {model: tracked[model] for model in MODELS if model in tracked}


def _history_insert(model: type[Model], events: type[Model], keys: list) -> None:
    """The rows pghistory's insert trigger writes for each new row: a copy of its tracked
    columns, labelled "insert", dated now, with no context (as outside a request)."""
    columns = [f.column for f in events._meta.concrete_fields if not f.name.startswith("pgh_")]
    statement = sql.SQL(
        "INSERT INTO {history} ({columns}, pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id)"
        " SELECT {columns}, now(), 'insert', {key}, NULL FROM {table} WHERE {key} = ANY(%s)"
    ).format(
        history=sql.Identifier(events._meta.db_table),
        columns=sql.SQL(", ").join(sql.Identifier(column) for column in columns),
        key=sql.Identifier(model._meta.pk.column),
        table=sql.Identifier(model._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [keys])


def insert_plans(rng: random.Random, plans: Sequence[CasePlan], now: datetime.datetime) -> dict[str, int]:
    """Write the plans' rows (keys from the sequences), in dependency order; returns rows per table.

    Call it inside a transaction. Row by row, the audit-history and activity triggers would open a
    subtransaction for each row (their functions catch exceptions) and recompute a case's activity
    for each of its rows, which slows a big load down more with every row; so for the time of the
    load the tables' own triggers are off (``DISABLE TRIGGER USER``: foreign keys are still
    checked, as each table is loaded; in the same transaction, so nobody else ever sees them off),
    and their work is done
    once per table afterwards: the history rows pghistory would have written, and each case's
    activity by the database's own function (``activity_triggers.REFRESH_FUNCTION``)."""
    keys = Keys()
    for model, count in keys_needed(plans).items():
        keys.reserve(model, count)
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    for plan in plans:
        for model, objs in plan_rows(rng, plan, keys, now).items():
            rows[model] += objs
    made = {}
    with connection.cursor() as cursor:
        # Foreign keys are checked as each COPY ends, not at commit: a table's triggers cannot be
        # switched while checks on it are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in MODELS:
            cursor.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(sql.Identifier(model._meta.db_table)))
        for model in MODELS:
            made[model._meta.db_table] = copy_insert(rows[model], keys=model in SEQUENCED)
        for model, events in _history_models().items():
            if rows[model]:
                _history_insert(model, events, [obj.pk for obj in rows[model]])
        cursor.execute(
            sql.SQL("SELECT {}(id) FROM cases_case WHERE id = ANY(%s)").format(sql.Identifier(REFRESH_FUNCTION)),
            [[case.pk for case in rows[Case]]],
        )
        for model in MODELS:
            cursor.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(sql.Identifier(model._meta.db_table)))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares its foreign keys
    return made
