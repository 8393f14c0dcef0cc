"""Demo requests: the demo clients' "My requests", and a realistic caseload for the demo advocate.

Called by ``accounts.demo.seed`` after the societies, the people and the directory exist. Each
story is one request of a demo client, told through the services (``cases.services``) as it
happened over the past weeks: the client sends it, the supervisor assigns it to Priya Shah
(``advocate@example.org``), she logs contacts, records needs assessments, suggests services,
messages, plans follow-ups, changes the status... Every step travels back in time to when it
happened (PyPI ``time-machine``), so each row and event carries its own date and every rule the
services keep holds. Dates are counted in working days back from today, so "overdue", "at risk"
and "upcoming" are true whenever the demo is loaded.

The e-mails those steps owed (the notification outbox) are delivered when they were owed, to a
mailer that sends nothing: loading the demo leaves no backlog of weeks-old e-mails for the
worker to print at ``make run``.

Idempotent: a story whose request exists is not told again, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from accounts.demo import DemoUser, demo_users_ensure
from accounts.models import Organisation, Role, User
from notifications.models import Notification, NotificationState
from notifications.services import notification_deliver
from resources.models import Service
from resources.selectors import LISTED_STATUSES

from .choices import (
    OPEN_STATUSES,
    AssessmentDomain,
    CaseOutcome,
    CaseStatus,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
    ReferralFeedback,
    ReferralOutcome,
)
from .consent import CURRENT_CONSENT_VERSION
from .models import Case, FollowUp, Message, Referral
from .services import (
    Rating,
    assessment_record,
    case_assign,
    case_submit,
    case_transition,
    case_withdraw,
    draft_get_or_create,
    draft_save_answers,
    followup_complete,
    followup_reschedule,
    followup_schedule,
    interaction_log,
    message_send,
    messages_mark_read,
    need_add,
    need_update,
    note_add,
    referral_create,
    referral_record_feedback,
    referral_record_outcome,
)
from .services import requests as request_services

D, L, S = AssessmentDomain, NeedLevel, CaseStatus
CALL, VISIT, EMAIL, LETTER = (
    InteractionChannel.CALL,
    InteractionChannel.VISIT,
    InteractionChannel.EMAIL,
    InteractionChannel.LETTER,
)
REACHED, LEFT_MESSAGE, NOT_REACHED = (
    InteractionOutcome.REACHED,
    InteractionOutcome.LEFT_MESSAGE,
    InteractionOutcome.NOT_REACHED,
)

ADVOCATE = "advocate@example.org"
SUPERVISOR = "supervisor@example.org"
ORGANISATION = "MS Society UK"
#: The demo caseload is told in the society's time zone (working hours, working days).
ZONE = ZoneInfo("Europe/London")
#: Sends nothing: the e-mails the stories owed are delivered (marked sent) when they were owed.
_SILENT_MAILER = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


def _client(number: int, first_name: str, last_name: str, *, is_carer: bool = False) -> DemoUser:
    return DemoUser(f"demo.client.{number:02d}@example.org", first_name, last_name, Role.CLIENT, is_carer=is_carer)


#: The people behind Priya's other cases (fictional). They can sign in with the demo password,
#: but are not among the documented sign-ins.
CLIENTS = [
    _client(1, "Joanne", "Clarke"),
    _client(2, "Patrick", "Quinn"),
    _client(3, "Aisha", "Rahman"),
    _client(4, "Ravi", "Sharma", is_carer=True),
    _client(5, "Margaret", "Hughes"),
    _client(6, "David", "Campbell"),
    _client(7, "Sunita", "Patel"),
    _client(8, "Gareth", "Price"),
    _client(9, "Fatima", "Hussain"),
    _client(10, "Claire", "Whitfield", is_carer=True),
    _client(11, "Nia", "Roberts"),
    _client(12, "Siobhan", "Doherty"),
    _client(13, "Helen", "Fraser"),
    _client(14, "Tunde", "Adeyemi"),
    _client(15, "Owen", "Davies"),
    _client(16, "Beverley", "Hart"),
    _client(17, "George", "Baxter"),
    _client(18, "Rachel", "Kerr", is_carer=True),
    _client(19, "Declan", "McCann"),
    _client(20, "Lowri", "Pugh"),
    _client(21, "Karen", "Lloyd"),
    _client(22, "Iain", "Stewart"),
    _client(23, "Hannah", "Fielding"),
    _client(24, "Michael", "Brennan"),
    _client(25, "Morag", "Sinclair"),
    # Waiting in the supervisor's queue.
    _client(26, "Eleri", "Morgan"),
    _client(27, "Graham", "Reid", is_carer=True),
]


@dataclass(frozen=True)
class SeededCases:
    cases: int = 0
    clients: int = 0


# --- telling a story through the services ------------------------------------------------------


@dataclass
class _World:
    """Who and what the stories need, and the moment they are told from."""

    now: datetime.datetime
    advocate: User
    supervisor: User
    services: list[Service]

    def day(self, working_days_ago: int, at: str) -> datetime.datetime:
        """``at`` (HH:MM, London time) that many working days (Monday to Friday) before today;
        a negative number counts forward."""
        date = timezone.localtime(self.now, ZONE).date()
        step = -1 if working_days_ago > 0 else 1
        for _ in range(abs(working_days_ago)):
            date += datetime.timedelta(days=step)
            while date.weekday() >= 5:
                date += datetime.timedelta(days=step)
        hour, minute = (int(part) for part in at.split(":"))
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=ZONE)

    def service(self, category: str, region: str) -> Service | None:
        """The directory's listed service that fits ``category`` best, in the region (else
        nationwide): one for that category first, before those doing it among other things."""
        fitting = [s for s in self.services if category in s.categories and (region in s.regions or not s.regions)]
        return min(
            fitting,
            key=lambda s: (region not in s.regions, s.categories.index(category), len(s.categories), s.name),
            default=None,
        )


class _Story:
    """One request, step by step. Each step calls a service at the time it happened (travelling
    there), after the one before: a step out of order, or not yet in the past, is a mistake in
    the story and stops the seeding."""

    def __init__(self, world: _World, reference: str, client: User):
        self.world = world
        self.reference = reference
        self.client = client
        self.advocate = world.advocate
        self.case: Case | None = None
        self._last: datetime.datetime | None = None
        self._about: set[tuple[str, str]] = set()

    def day(self, working_days_ago: int, at: str) -> datetime.datetime:
        return self.world.day(working_days_ago, at)

    @contextmanager
    def _then(self, when: datetime.datetime) -> Iterator[None]:
        if when >= self.world.now or (self._last is not None and when <= self._last):
            raise ValueError(f"{self.reference}: a step at {when:%Y-%m-%d %H:%M} is out of order")
        self._last = when
        with time_machine.travel(when, tick=False):
            yield
            self._deliver()

    def _deliver(self) -> None:
        """Deliver what this step owed, at its time, as the worker would have (to the silent mailer)."""
        about = Q(pk__in=[])
        for about_type, about_id in self._about:
            about |= Q(about_type=about_type, about_id=about_id)
        owed = Notification.objects.filter(
            about, state=NotificationState.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)
        for notification_id in owed:
            notification_deliver(notification_id=notification_id)

    # The client's steps.

    def submit(self, when: datetime.datetime, **answers: Any) -> None:
        """The client answers the request's questions and sends it."""
        answers = {
            "for_self": True,
            "country": "GB",
            "is_urgent": False,
            "contact_methods": ["phone", "email"],
            "phone": f"01632 960 {100 + int(self.reference[-2:]):03d}",  # Ofcom's numbers for drama
            "contact_email": self.client.email,
            "best_days": [0, 1, 2, 3, 4],
            "best_times": ["morning"],
            "language": "en",
            "consent_version": CURRENT_CONSENT_VERSION,
            "consent_given_at": when,
            **answers,
        }
        with self._then(when):
            draft = draft_get_or_create(applicant=self.client)
            draft_save_answers(draft=draft, answers=answers, step="check")
            # The demo's requests have references people can find again (README names some).
            with mock.patch.object(request_services, "_new_reference", return_value=self.reference):
                self.case = case_submit(draft_id=draft.pk, applicant=self.client)
            self._about.add(("cases.case", str(self.case.pk)))

    def client_writes(self, when: datetime.datetime, body: str) -> None:
        """The client opens the conversation (reading what came) and writes."""
        with self._then(when):
            messages_mark_read(case=self.case, reader=self.client)
            self._sent(message_send(case=self.case, sender=self.client, body=body))

    def feedback(self, when: datetime.datetime, referral: Referral | None, feedback: str) -> None:
        """The client says whether a suggested service helped."""
        if referral is not None:
            with self._then(when):
                referral_record_feedback(referral=referral, acting_user=self.client, feedback=feedback)

    def withdraw(self, when: datetime.datetime, reason: str) -> None:
        with self._then(when):
            self.case = case_withdraw(case=self.case, acting_user=self.client, reason=reason)

    # The supervisor's.

    def assign(self, when: datetime.datetime) -> None:
        with self._then(when):
            self.case = case_assign(case=self.case, advocate=self.advocate, actor=self.world.supervisor)

    # The advocate's.

    def contact(
        self,
        when: datetime.datetime,
        channel: str,
        outcome: str,
        summary: str,
        *,
        minutes: int | None = None,
        with_whom: str = "",
    ) -> None:
        """A contact that ended at ``when``, logged straight after."""
        with self._then(when):
            interaction_log(
                case=self.case,
                actor=self.advocate,
                channel=channel,
                occurred_at=when - datetime.timedelta(minutes=minutes or 0),
                outcome=outcome,
                duration_minutes=minutes,
                with_whom=with_whom,
                summary=summary,
            )
            self.case.refresh_from_db()

    def move(self, when: datetime.datetime, to: str, *, outcome: str = "", reason: str = "") -> None:
        with self._then(when):
            self.case = case_transition(case=self.case, to=to, actor=self.advocate, outcome=outcome, reason=reason)

    def assess(
        self, when: datetime.datetime, ratings: dict[str, tuple[str, str]], phq2: tuple[int, int] | None = None
    ) -> None:
        """A needs assessment: each area's rating and note; the areas with a need become needs."""
        interest, mood = phq2 if phq2 is not None else (None, None)
        with self._then(when):
            assessment_record(
                case=self.case,
                actor=self.advocate,
                ratings={domain: Rating(level, note) for domain, (level, note) in ratings.items()},
                phq2_interest=interest,
                phq2_mood=mood,
            )

    def need(self, when: datetime.datetime, category: str, description: str) -> None:
        with self._then(when):
            need_add(case=self.case, actor=self.advocate, category=category, description=description)

    def need_status(self, when: datetime.datetime, category: str, status: str, outcome: str = "") -> None:
        with self._then(when):
            need_update(
                need=self.case.needs.get(category=category), actor=self.advocate, status=status, outcome=outcome
            )

    def refer(self, when: datetime.datetime, category: str, *, need: str = "") -> Referral | None:
        """Suggest a directory service of ``category`` for the case's need of that category (or
        of ``need``); none if the directory has no such service in the client's region or
        nationwide."""
        service = self.world.service(category, self.case.region)
        if service is None:
            return None
        with self._then(when):
            return referral_create(
                case=self.case,
                actor=self.advocate,
                service=service,
                need=self.case.needs.get(category=need or category),
            )

    def referral_outcome(self, when: datetime.datetime, referral: Referral | None, outcome: str) -> None:
        if referral is not None:
            with self._then(when):
                referral_record_outcome(referral=referral, actor=self.advocate, outcome=outcome)

    def read(self, when: datetime.datetime) -> None:
        """The advocate opens the case, reading the client's messages."""
        with self._then(when):
            messages_mark_read(case=self.case, reader=self.advocate)

    def writes(self, when: datetime.datetime, body: str) -> None:
        """The advocate reads the conversation and writes to the client."""
        with self._then(when):
            messages_mark_read(case=self.case, reader=self.advocate)
            self._sent(message_send(case=self.case, sender=self.advocate, body=body))

    def note(self, when: datetime.datetime, body: str, *, shared: bool = False) -> None:
        with self._then(when):
            note_add(case=self.case, actor=self.advocate, body=body, shared_with_client=shared)

    def plan(
        self, when: datetime.datetime, due: datetime.datetime, summary: str, *, client_contact: bool = False
    ) -> FollowUp:
        with self._then(when):
            follow_up = followup_schedule(
                case=self.case,
                actor=self.advocate,
                owner=self.advocate,
                due_at=due,
                summary=summary,
                is_client_contact=client_contact,
            )
            self._about.add(("cases.followup", str(follow_up.pk)))  # its reminders, when they fall due
        return follow_up

    def done(self, when: datetime.datetime, follow_up: FollowUp) -> None:
        with self._then(when):
            followup_complete(follow_up=follow_up, actor=self.advocate)

    def postpone(self, when: datetime.datetime, follow_up: FollowUp, due: datetime.datetime) -> None:
        with self._then(when):
            followup_reschedule(follow_up=follow_up, actor=self.advocate, due_at=due)

    def _sent(self, message: Message) -> None:
        self._about.add(("cases.message", str(message.pk)))


#: reference -> (the client's e-mail, the story); in the order they are told.
STORIES: dict[str, tuple[str, Callable[[_Story], None]]] = {}


def _story(reference: str, client: str) -> Callable[[Callable[[_Story], None]], Callable[[_Story], None]]:
    def register(tell: Callable[[_Story], None]) -> Callable[[_Story], None]:
        STORIES[reference] = (client, tell)
        return tell

    return register


def _email(number: int) -> str:
    return CLIENTS[number - 1].email


# --- the documented demo requests (README) -----------------------------------------------------


@_story("MS-DEMO-0001", "client@example.org")
def _alex_stairs(s: _Story) -> None:
    """Alex: being worked on, with a first call, messages, a suggested service and a planned call."""
    s.submit(
        s.day(9, "19:40"),
        region="GB-ENG",
        categories=["home_vehicle_modification", "financial_assistance"],
        description="The stairs at home are getting too hard and I cannot afford a stairlift on my own.",
    )
    s.assign(s.day(8, "09:30"))
    s.contact(
        s.day(8, "14:00"),
        CALL,
        REACHED,
        "First call. Stairs are the main problem; talked through grants for a stairlift.",
        minutes=25,
        with_whom="Alex",
    )
    s.move(s.day(8, "14:05"), S.IN_PROGRESS)
    s.assess(
        s.day(8, "14:10"),
        {
            D.HOME_ACCESS: (L.URGENT, "Bedroom and bathroom are upstairs; Alex sits on the stairs to rest halfway."),
            D.MONEY_BENEFITS: (L.SOME, "Cannot pay for a stairlift from savings."),
            D.DAILY_LIVING: (L.NO_NEED, ""),
        },
        phq2=(1, 0),
    )
    s.writes(
        s.day(8, "16:30"),
        "Hello Alex, it was good to talk today. I have found a grant that can pay towards a stairlift.",
    )
    s.refer(s.day(8, "16:35"), "home_vehicle_modification")
    s.client_writes(s.day(7, "18:05"), "Thank you, Priya. Can you send me the form?")
    s.read(s.day(6, "09:10"))
    s.plan(s.day(6, "09:15"), s.day(-3, "11:00"), "Call Alex about the grant form", client_contact=True)


@_story("MS-DEMO-0002", "carer@example.org")
def _ruth_short_break(s: _Story) -> None:
    """Sam's mother Ruth: a new request, waiting in the queue for a supervisor."""
    s.submit(
        s.day(1, "20:30"),
        for_self=False,
        person_name="Ruth Okafor",
        relationship="parent",
        person_agreed="yes",
        region="GB-WLS",
        categories=["caregiving_respite"],
        description="I look after my mother and I need a short break next month.",
    )


@_story("MS-DEMO-0003", "carer@example.org")
def _ben_physio(s: _Story) -> None:
    """Sam's brother Ben: resolved, once a way to his physiotherapy was found."""
    s.submit(
        s.day(43, "11:20"),
        for_self=False,
        person_name="Ben Okafor",
        relationship="other_family",
        person_agreed="yes",
        region="GB-WLS",
        categories=["transport"],
        description="My brother needs a way to get to his physiotherapy.",
    )
    s.assign(s.day(42, "10:00"))
    s.contact(
        s.day(41, "15:00"),
        CALL,
        REACHED,
        "Spoke with Sam and Ben. Ben has missed three physiotherapy sessions: the bus journey takes two changes.",
        minutes=30,
        with_whom="Sam and Ben",
    )
    s.move(s.day(41, "15:10"), S.IN_PROGRESS)
    s.assess(
        s.day(41, "15:20"),
        {
            D.TRANSPORT: (L.URGENT, "No way to get to physiotherapy twice a week."),
            D.CARE_RESPITE: (L.NO_NEED, "Sam helps Ben at home and is managing."),
        },
    )
    s.note(
        s.day(38, "12:00"),
        "The directory has no transport service in their area. The council runs a community transport "
        "scheme for hospital and clinic trips: Sam will ring them.",
    )
    s.assess(s.day(22, "10:30"), {D.TRANSPORT: (L.NO_NEED, "Community transport takes Ben to physio every Tuesday.")})
    s.need_status(s.day(22, "10:35"), "transport", NeedStatus.MET, "Community transport every Tuesday.")
    s.move(s.day(21, "16:00"), S.RESOLVED)


# --- Priya's other cases: first contact still to make --------------------------------------------


@_story("MS-DEMO-0004", _email(1))
def _walking_frame(s: _Story) -> None:
    s.submit(
        s.day(1, "08:40"),
        region="GB-ENG",
        categories=["equipment_mobility"],
        description="My legs have got weaker this winter and I keep losing my balance in the kitchen. "
        "I think I need a walking frame or a perching stool, but I do not know where to start.",
    )
    s.assign(s.day(1, "11:05"))


@_story("MS-DEMO-0005", _email(2))
def _job_at_risk(s: _Story) -> None:
    s.submit(
        s.day(3, "13:20"),
        region="GB-NIR",
        categories=["employment_benefits", "financial_assistance"],
        description="My employer has started a capability process because of my fatigue and I am frightened "
        "I will lose my job. I also want to know if I can get PIP.",
        best_times=["morning", "evening"],
    )
    s.assign(s.day(3, "15:45"))
    s.contact(s.day(2, "10:30"), CALL, NOT_REACHED, "No answer, no voicemail.")
    s.contact(s.day(1, "16:00"), CALL, LEFT_MESSAGE, "Left a voicemail with my name and our number.")
    s.plan(s.day(1, "16:05"), s.day(-1, "09:30"), "Try Patrick again before work", client_contact=True)


@_story("MS-DEMO-0006", _email(3))
def _first_floor_flat(s: _Story) -> None:
    s.submit(
        s.day(8, "09:50"),
        region="GB-ENG",
        categories=["housing", "home_vehicle_modification"],
        description="We live in a first-floor flat with no lift. Since my last relapse I can only manage the "
        "stairs once a day, and some days not at all. The housing association says I need an assessment first.",
    )
    s.assign(s.day(8, "14:00"))
    s.contact(s.day(7, "11:00"), CALL, NOT_REACHED, "No answer.")
    s.contact(s.day(6, "09:30"), EMAIL, LEFT_MESSAGE, "E-mailed to ask for a good time to call.")
    s.contact(s.day(4, "17:30"), CALL, LEFT_MESSAGE, "Left a voicemail.")
    s.client_writes(
        s.day(1, "19:10"),
        "Sorry I have missed your calls. I was in hospital for a few days with an infection. "
        "I am home now and any morning is fine.",
    )


@_story("MS-DEMO-0007", _email(4))
def _father_personal_care(s: _Story) -> None:
    s.submit(
        s.day(2, "21:30"),
        for_self=False,
        person_name="Harjit Sharma",
        relationship="parent",
        person_agreed="yes",
        region="GB-ENG",
        categories=["caregiving_respite", "equipment_mobility"],
        description="My father has had MS for twenty years and now needs help to get out of bed and to wash. "
        "I do it before work, but I cannot keep it up. He prefers to speak Punjabi.",
        language="pa",
        best_times=["evening"],
    )
    s.assign(s.day(1, "09:15"))
    s.note(s.day(1, "09:40"), "Tom asked me to take this one: Mr Sharma prefers Punjabi. Call Ravi after 5pm.")


# --- being worked on -------------------------------------------------------------------------------


@_story("MS-DEMO-0008", _email(5))
def _pip_refused(s: _Story) -> None:
    s.submit(
        s.day(38, "10:05"),
        region="GB-WLS",
        categories=["employment_benefits", "financial_assistance"],
        description="I had to give up work last year. My PIP was turned down and I do not understand the letter. "
        "I have secondary progressive MS and my hands are too shaky to fill in long forms.",
        access_needs=["large_print"],
    )
    s.assign(s.day(38, "13:30"))
    s.contact(
        s.day(37, "11:40"),
        CALL,
        REACHED,
        "Talked through the PIP decision. Margaret wants to ask for a mandatory reconsideration; "
        "the deadline is in three weeks.",
        minutes=40,
        with_whom="Margaret",
    )
    s.move(s.day(37, "11:45"), S.IN_PROGRESS)
    s.assess(
        s.day(37, "11:50"),
        {
            D.MONEY_BENEFITS: (L.URGENT, "PIP refused; living on savings."),
            D.WORK: (L.NO_NEED, "Retired on ill-health grounds last year."),
            D.DAILY_LIVING: (L.SOME, "Tremor: cannot write for long, afraid of hot pans."),
            D.EMOTIONAL_WELLBEING: (L.NO_NEED, ""),
        },
        phq2=(1, 1),
    )
    appeal = s.refer(s.day(37, "12:00"), "employment_benefits")
    visit = s.plan(s.day(37, "12:05"), s.day(35, "14:00"), "Home visit: reconsideration form", client_contact=True)
    s.contact(
        s.day(35, "15:30"),
        VISIT,
        REACHED,
        "Home visit. Filled in the reconsideration form together; Margaret signed it and I posted it.",
        minutes=90,
        with_whom="Margaret and her neighbour",
    )
    s.done(s.day(35, "15:35"), visit)
    s.referral_outcome(s.day(20, "10:15"), appeal, ReferralOutcome.RECEIVED_HELP)
    s.note(
        s.day(20, "10:20"),
        "Good news: the appeals service has taken on your PIP reconsideration. They will write to you "
        "within four weeks. Call me if anything arrives that you are not sure about.",
        shared=True,
    )
    s.feedback(s.day(19, "18:30"), appeal, ReferralFeedback.HELPED)
    s.need_status(s.day(18, "09:00"), "financial_assistance", NeedStatus.IN_PROGRESS)
    s.plan(s.day(18, "09:10"), s.day(-6, "10:00"), "Ask Margaret whether the reconsideration decision has come")


@_story("MS-DEMO-0009", _email(6))
def _cannot_drive(s: _Story) -> None:
    s.submit(
        s.day(36, "16:40"),
        region="GB-SCT",
        categories=["transport", "emotional_support"],
        description="I cannot drive any more and the bus stop is half a mile away. I have stopped going to my "
        "clinic appointments and I hardly leave the house. I live on my own.",
    )
    s.assign(s.day(35, "09:20"))
    s.contact(
        s.day(35, "11:30"),
        CALL,
        REACHED,
        "Long first call. David has missed two clinic appointments. He sounded low.",
        minutes=35,
        with_whom="David",
    )
    s.move(s.day(35, "11:35"), S.IN_PROGRESS)
    s.assess(
        s.day(35, "11:45"),
        {
            D.TRANSPORT: (L.URGENT, "Missed two clinic appointments: no way to get there."),
            D.ISOLATION: (L.SOME, "Lives alone; his daughter visits at weekends."),
            D.EMOTIONAL_WELLBEING: (L.SOME, "Feels low most days since giving up driving."),
            D.SYMPTOMS_HEALTH: (L.SOME, "Bladder problems; has not seen his MS nurse for a year."),
        },
        phq2=(2, 2),
    )
    s.note(
        s.day(35, "11:55"),
        "Positive depression screen. David agreed that I tell his MS nurse how low he feels, and he will "
        "see his GP this week. He said he is safe.",
    )
    transport = s.refer(s.day(35, "12:00"), "transport")
    helpline = s.refer(s.day(35, "12:05"), "emotional_support")
    s.writes(
        s.day(35, "12:15"),
        "Hello David, as promised here are the two services we talked about: the transport service for your "
        "clinic appointments, and the MS Helpline if you would like to talk to someone any evening.",
    )
    s.feedback(s.day(28, "20:10"), helpline, ReferralFeedback.NOT_TRIED)
    s.referral_outcome(s.day(20, "14:00"), transport, ReferralOutcome.WAITING_LIST)
    s.plan(
        s.day(20, "14:05"),
        s.day(-2, "11:00"),
        "Call David: has the transport service given him a start date?",
        client_contact=True,
    )


@_story("MS-DEMO-0010", _email(7))
def _school_office(s: _Story) -> None:
    s.submit(
        s.day(50, "12:10"),
        region="GB-ENG",
        categories=["employment_benefits", "equipment_mobility"],
        description="I work in a school office. The walk from the car park and the stairs to the staff room wear "
        "me out by lunchtime. I want to keep working but I need some changes.",
        best_times=["evening"],
    )
    s.assign(s.day(49, "09:30"))
    s.contact(
        s.day(49, "17:40"),
        CALL,
        REACHED,
        "Sunita wants to stay in work. Talked about reasonable adjustments and Access to Work.",
        minutes=30,
        with_whom="Sunita",
    )
    s.move(s.day(49, "17:45"), S.IN_PROGRESS)
    s.assess(
        s.day(49, "17:50"),
        {
            D.WORK: (L.URGENT, "Exhausted by midday; worried about a formal review."),
            D.DAILY_LIVING: (L.SOME, "Needs a wheeled walker for longer distances."),
            D.TRANSPORT: (L.NO_NEED, "Still drives; has a blue badge."),
        },
        phq2=(0, 1),
    )
    rights = s.refer(s.day(48, "10:00"), "employment_benefits")
    loan = s.refer(s.day(48, "10:05"), "equipment_mobility")
    s.contact(
        s.day(44, "12:30"),
        EMAIL,
        REACHED,
        "Sent the Access to Work leaflet and a list of adjustments to ask her employer for.",
    )
    s.referral_outcome(s.day(40, "11:00"), loan, ReferralOutcome.NOT_ELIGIBLE)
    s.note(s.day(40, "11:05"), "The loan service only lends for up to six weeks. Trying a grant instead.")
    s.need_status(s.day(40, "11:10"), "equipment_mobility", NeedStatus.IN_PROGRESS)
    grant = s.refer(s.day(40, "11:15"), "financial_assistance", need="equipment_mobility")
    s.referral_outcome(s.day(30, "16:00"), rights, ReferralOutcome.RECEIVED_HELP)
    s.feedback(s.day(29, "19:45"), rights, ReferralFeedback.HELPED)
    s.referral_outcome(s.day(25, "10:00"), grant, ReferralOutcome.RECEIVED_HELP)
    s.contact(s.day(19, "17:30"), CALL, REACHED, "Reassessment call.", minutes=25, with_whom="Sunita")
    s.assess(
        s.day(19, "17:35"),
        {
            D.WORK: (L.SOME, "Employer agreed a parking space by the door and a later start."),
            D.DAILY_LIVING: (L.NO_NEED, "The wheeled walker came through the grant."),
            D.TRANSPORT: (L.NO_NEED, ""),
        },
        phq2=(0, 0),
    )
    s.need_status(s.day(19, "17:40"), "equipment_mobility", NeedStatus.MET, "Wheeled walker bought with a grant.")
    s.plan(s.day(19, "17:45"), s.day(-4, "17:30"), "Check the date of Sunita's Access to Work assessment")


@_story("MS-DEMO-0011", _email(8))
def _ramp(s: _Story) -> None:
    s.submit(
        s.day(16, "10:20"),
        region="GB-WLS",
        categories=["home_vehicle_modification", "housing"],
        description="I need a ramp at the front door. I use a wheelchair outside now and my wife has to bump me "
        "down the step.",
    )
    s.assign(s.day(15, "09:10"))
    s.contact(s.day(15, "14:20"), CALL, REACHED, "Talked about a ramp and who can pay for it.", minutes=20)
    s.move(s.day(15, "14:25"), S.IN_PROGRESS)
    s.assess(
        s.day(15, "14:30"),
        {
            D.HOME_ACCESS: (L.URGENT, "One step at the front and the back; uses a wheelchair outdoors."),
            D.CARE_RESPITE: (L.SOME, "His wife Carys does all the lifting."),
        },
    )
    s.refer(s.day(15, "14:40"), "home_vehicle_modification")
    s.contact(
        s.day(12, "10:00"),
        CALL,
        REACHED,
        "Council occupational therapy team: Gareth is on the list for a home visit.",
        with_whom="Council duty occupational therapist",
    )
    s.plan(s.day(12, "10:05"), s.day(3, "10:00"), "Chase the council occupational therapist about the ramp")
    s.client_writes(
        s.day(1, "20:30"),
        "The council occupational therapist came today and measured up. She says the ramp could take three "
        "months. Is there anything faster?",
    )


@_story("MS-DEMO-0012", _email(9))
def _fatigue_course(s: _Story) -> None:
    s.submit(
        s.day(14, "08:15"),
        region="GB-ENG",
        categories=["healthcare_rehabilitation", "wellness_exercise"],
        description="My fatigue is so bad that I sleep every afternoon, and I have given up my swimming. My "
        "neurologist said a fatigue course might help but I do not know how to get on one.",
    )
    s.assign(s.day(14, "10:30"))
    s.contact(s.day(13, "13:00"), CALL, LEFT_MESSAGE, "Left a voicemail.")
    s.contact(s.day(12, "10:10"), CALL, REACHED, "Talked about fatigue and pacing.", minutes=30, with_whom="Fatima")
    s.move(s.day(12, "10:15"), S.IN_PROGRESS)
    s.assess(
        s.day(12, "10:20"),
        {
            D.SYMPTOMS_HEALTH: (L.SOME, "Fatigue: sleeps two to three hours every afternoon."),
            D.ISOLATION: (L.SOME, "Misses her friends from the swimming club."),
            D.EMOTIONAL_WELLBEING: (L.NO_NEED, ""),
        },
        phq2=(1, 1),
    )
    course = s.refer(s.day(12, "10:30"), "healthcare_rehabilitation")
    s.writes(
        s.day(12, "10:40"),
        "Hello Fatima, here is the fatigue management course we talked about. You can book it yourself "
        "by phone; the next one starts in a few weeks.",
    )
    s.feedback(s.day(6, "21:00"), course, ReferralFeedback.NOT_TRIED)
    s.plan(s.day(5, "09:00"), s.day(2, "14:00"), "Ask Fatima whether she has booked the fatigue course")


@_story("MS-DEMO-0013", _email(10))
def _no_night_off(s: _Story) -> None:
    s.submit(
        s.day(7, "22:10"),
        for_self=False,
        person_name="Mark Whitfield",
        relationship="partner",
        person_agreed="yes",
        region="GB-ENG",
        categories=["caregiving_respite", "emotional_support"],
        description="I care for my husband Mark, who has primary progressive MS. I have not had a night off in "
        "two years and I am exhausted. Mark agrees I should ask for help.",
    )
    s.assign(s.day(6, "09:05"))
    s.contact(
        s.day(6, "11:45"),
        CALL,
        REACHED,
        "Spoke with Claire, then with Mark. Claire is worn out; Mark wants her to have a break.",
        minutes=45,
        with_whom="Claire and Mark",
    )
    s.move(s.day(6, "11:50"), S.IN_PROGRESS)
    s.assess(
        s.day(6, "12:00"),
        {
            D.CARE_RESPITE: (L.URGENT, "Claire does all of Mark's personal care, day and night."),
            D.EMOTIONAL_WELLBEING: (L.SOME, "Claire was tearful; says she is exhausted."),
            D.ISOLATION: (L.SOME, "They rarely go out together now."),
        },
    )
    s.refer(s.day(6, "12:10"), "emotional_support")
    s.note(
        s.day(6, "12:20"),
        "No respite service near them in the directory. Asked the council for a carer's assessment for Claire.",
    )
    s.note(
        s.day(6, "12:25"),
        "Claire, here is what we agreed: I have asked the council for a carer's assessment, and you will try the "
        "counselling service. I will call you next week.",
        shared=True,
    )
    s.plan(s.day(6, "12:30"), s.day(-3, "11:00"), "Call Claire about the carer's assessment", client_contact=True)


@_story("MS-DEMO-0014", _email(11))
def _wheelchair_reopened(s: _Story) -> None:
    s.submit(
        s.day(60, "10:00"),
        region="GB-WLS",
        categories=["equipment_mobility"],
        description="My wheelchair is ten years old and the wheelchair service says I have to wait a year for a "
        "new one. It keeps breaking down.",
    )
    s.assign(s.day(60, "12:00"))
    s.contact(s.day(59, "10:30"), CALL, REACHED, "Talked about grants for a powered wheelchair.", minutes=25)
    s.move(s.day(59, "10:35"), S.IN_PROGRESS)
    s.assess(
        s.day(59, "10:40"),
        {
            D.DAILY_LIVING: (L.URGENT, "Wheelchair breaks down every week; stuck indoors when it does."),
            D.TRANSPORT: (L.SOME, "Taxis will not take her chair."),
        },
    )
    grant = s.refer(s.day(59, "10:50"), "equipment_mobility")
    s.referral_outcome(s.day(45, "15:00"), grant, ReferralOutcome.RECEIVED_HELP)
    s.feedback(s.day(44, "19:00"), grant, ReferralFeedback.HELPED)
    s.contact(s.day(31, "10:00"), CALL, REACHED, "Reassessment call: the new chair has come.", minutes=20)
    s.assess(
        s.day(31, "10:05"),
        {
            D.DAILY_LIVING: (L.NO_NEED, "New powered wheelchair delivered."),
            D.TRANSPORT: (L.NO_NEED, "The new chair fits the accessible taxis."),
        },
    )
    s.need_status(s.day(31, "10:10"), "equipment_mobility", NeedStatus.MET, "New powered wheelchair, paid by a grant.")
    s.need_status(s.day(31, "10:15"), "transport", NeedStatus.MET, "Accessible taxis take the new chair.")
    s.move(s.day(30, "16:00"), S.RESOLVED)
    s.move(s.day(25, "09:30"), S.CLOSED, outcome=CaseOutcome.NEEDS_MET)
    s.move(
        s.day(5, "11:00"),
        S.IN_PROGRESS,
        reason="Nia called: the new wheelchair's battery runs out after an hour and the supplier does not answer.",
    )
    s.need_status(s.day(5, "11:05"), "equipment_mobility", NeedStatus.IN_PROGRESS)
    s.writes(
        s.day(5, "11:20"),
        "Hello Nia, I have opened your request again. I will ring the supplier about the battery under the "
        "warranty and let you know what they say.",
    )
    s.plan(s.day(5, "11:25"), s.day(-2, "10:00"), "Call the supplier about the battery warranty")


@_story("MS-DEMO-0015", _email(12))
def _bathroom_falls(s: _Story) -> None:
    s.submit(
        s.day(6, "07:30"),
        region="GB-NIR",
        categories=["home_vehicle_modification", "caregiving_respite"],
        description="I have fallen twice in the bathroom. I cannot get in and out of the bath and I am scared to "
        "be on my own in the house during the day.",
    )
    s.assign(s.day(6, "09:00"))
    s.contact(s.day(5, "10:00"), CALL, REACHED, "Short call to book a home visit.", minutes=10, with_whom="Siobhan")
    s.move(s.day(5, "10:05"), S.IN_PROGRESS)
    s.contact(
        s.day(3, "15:15"),
        VISIT,
        REACHED,
        "Home visit. The bath is the main risk: she needs a level-access shower and grab rails now. "
        "Talked about a personal alarm.",
        minutes=75,
        with_whom="Siobhan and her son Conor",
    )
    s.assess(
        s.day(3, "15:30"),
        {
            D.HOME_ACCESS: (L.URGENT, "Cannot use the bath; two falls this month."),
            D.CARE_RESPITE: (L.SOME, "On her own from 8am to 6pm on weekdays."),
            D.EMOTIONAL_WELLBEING: (L.SOME, "Frightened of falling again."),
        },
        phq2=(1, 1),
    )
    s.refer(s.day(3, "15:40"), "home_vehicle_modification")
    s.plan(s.day(3, "15:45"), s.day(-5, "10:00"), "Check the grab rails have been fitted")
    s.client_writes(
        s.day(1, "10:45"),
        "Thank you for coming on Tuesday. The occupational therapist rang and is coming next week.",
    )


@_story("MS-DEMO-0016", _email(13))
def _carer_in_hospital(s: _Story) -> None:
    """The urgent one."""
    s.submit(
        s.day(2, "07:55"),
        region="GB-SCT",
        categories=["caregiving_respite", "equipment_mobility"],
        description="My husband looks after me and he was taken into hospital last night. I cannot get out of bed "
        "or make food on my own. Please call me today.",
        is_urgent=True,
        best_days=[],
        best_times=[],
    )
    s.assign(s.day(2, "08:40"))
    s.contact(
        s.day(2, "09:10"),
        CALL,
        REACHED,
        "Helen is safe for now: a neighbour is with her. Rang the council's emergency social work team.",
        minutes=30,
        with_whom="Helen",
    )
    s.move(s.day(2, "09:15"), S.IN_PROGRESS)
    s.assess(
        s.day(2, "09:20"),
        {
            D.CARE_RESPITE: (L.URGENT, "No care at home while her husband is in hospital."),
            D.DAILY_LIVING: (L.URGENT, "Cannot get out of bed alone."),
        },
    )
    s.contact(
        s.day(2, "11:30"),
        CALL,
        REACHED,
        "Emergency social work team: carers will visit four times a day from this evening.",
        minutes=15,
        with_whom="Duty social worker",
    )
    started = s.plan(s.day(2, "11:35"), s.day(1, "10:00"), "Check the emergency care visits have started")
    s.contact(
        s.day(1, "10:15"),
        CALL,
        REACHED,
        "Carers came last night and this morning. Her husband should be home on Monday.",
        minutes=10,
        with_whom="Helen",
    )
    s.done(s.day(1, "10:20"), started)
    s.plan(
        s.day(1, "10:25"), s.day(-2, "10:00"), "Call Helen the day after her husband comes home", client_contact=True
    )


@_story("MS-DEMO-0017", _email(14))
def _income_protection(s: _Story) -> None:
    s.submit(
        s.day(25, "12:45"),
        region="GB-ENG",
        categories=["insurance_legal", "employment_benefits"],
        description="My income protection insurer has stopped my payments and says my MS is not bad enough. "
        "I have been off work for eight months.",
    )
    s.assign(s.day(24, "09:40"))
    s.contact(s.day(23, "14:50"), CALL, REACHED, "Went through the insurer's letter.", minutes=50, with_whom="Tunde")
    s.move(s.day(23, "14:55"), S.IN_PROGRESS)
    s.assess(
        s.day(23, "15:00"),
        {
            D.INSURANCE: (L.URGENT, "Income protection payments stopped in the spring."),
            D.MONEY_BENEFITS: (L.SOME, "Using savings to pay the mortgage."),
            D.WORK: (L.SOME, "Off sick; his employer is holding his job open."),
        },
        phq2=(1, 1),
    )
    advice = s.refer(s.day(23, "15:10"), "insurance_legal")
    s.feedback(s.day(10, "19:20"), advice, ReferralFeedback.HELPED)
    s.client_writes(s.day(10, "19:25"), "The adviser has written to the insurer for me. Thank you!")
    s.read(s.day(9, "09:05"))
    s.plan(s.day(9, "09:10"), s.day(-6, "10:00"), "Ask Tunde what the insurer said", client_contact=True)


@_story("MS-DEMO-0018", _email(15))
def _physio_stopped(s: _Story) -> None:
    s.submit(
        s.day(20, "11:00"),
        region="GB-WLS",
        categories=["healthcare_rehabilitation", "equipment_mobility"],
        description="My physio appointments stopped when my physiotherapist left. My walking is getting worse and "
        "I have started using a stick indoors.",
    )
    s.assign(s.day(20, "14:30"))
    s.contact(s.day(19, "10:40"), CALL, REACHED, "Talked about physiotherapy and the house.", minutes=25)
    s.move(s.day(19, "10:45"), S.IN_PROGRESS)
    s.assess(
        s.day(19, "10:50"),
        {
            D.SYMPTOMS_HEALTH: (L.URGENT, "No physiotherapy for five months; walking worse."),
            D.DAILY_LIVING: (L.SOME, "Uses a stick indoors; needs a second banister."),
        },
        phq2=(0, 1),
    )
    clinic = s.refer(s.day(19, "11:00"), "healthcare_rehabilitation")
    s.referral_outcome(s.day(8, "16:20"), clinic, ReferralOutcome.RECEIVED_HELP)
    check = s.plan(s.day(8, "16:25"), s.day(4, "15:00"), "Check Owen's first physiotherapy appointment went ahead")
    s.postpone(s.day(4, "14:00"), check, s.day(1, "15:00"))


@_story("MS-DEMO-0019", _email(16))
def _meet_people(s: _Story) -> None:
    s.submit(
        s.day(30, "20:00"),
        region="GB-ENG",
        categories=["wellness_exercise", "emotional_support"],
        description="I was diagnosed last year and I feel very alone. I would like to meet other people with MS "
        "and do some gentle exercise.",
        contact_methods=["email", "post"],
        postal_address="12 Example Road, Sheffield S1 0XX",
    )
    s.assign(s.day(29, "09:30"))
    s.contact(s.day(29, "11:00"), EMAIL, LEFT_MESSAGE, "E-mailed to ask when to call.")
    s.contact(s.day(28, "16:30"), CALL, REACHED, "Beverley would like a class and a group.", minutes=35)
    s.move(s.day(28, "16:35"), S.IN_PROGRESS)
    s.assess(
        s.day(28, "16:40"),
        {
            D.ISOLATION: (L.URGENT, "No contact with anyone outside work."),
            D.EMOTIONAL_WELLBEING: (L.SOME, "Worried about the future since the diagnosis."),
        },
        phq2=(1, 1),
    )
    yoga = s.refer(s.day(28, "16:50"), "wellness_exercise")
    s.contact(s.day(27, "10:00"), LETTER, LEFT_MESSAGE, "Posted the list of local groups, as Beverley asked.")
    s.referral_outcome(s.day(15, "12:00"), yoga, ReferralOutcome.RECEIVED_HELP)
    s.feedback(s.day(14, "20:15"), yoga, ReferralFeedback.HELPED)


# --- waiting on the client ---------------------------------------------------------------------


@_story("MS-DEMO-0020", _email(17))
def _rent_going_up(s: _Story) -> None:
    s.submit(
        s.day(24, "15:30"),
        region="GB-ENG",
        categories=["financial_assistance"],
        description="My landlord is putting the rent up and I cannot work any more. I need help with money, and "
        "maybe somewhere cheaper to live that I can get around in.",
    )
    s.assign(s.day(23, "10:00"))
    s.contact(s.day(22, "11:15"), CALL, REACHED, "Went through George's money and his flat.", minutes=40)
    s.move(s.day(22, "11:20"), S.IN_PROGRESS)
    s.assess(
        s.day(22, "11:25"),
        {
            D.MONEY_BENEFITS: (L.URGENT, "Rent going up by £120 a month from next month."),
            D.HOME_ACCESS: (L.SOME, "Steps at the entrance to the flats."),
        },
        phq2=(0, 0),
    )
    s.need(s.day(22, "11:30"), "housing", "Looking for an accessible flat with a lower rent.")
    s.refer(s.day(22, "11:35"), "housing")
    s.writes(
        s.day(12, "15:50"),
        "Hello George, to apply for the grant I need a copy of your latest bank statement and your benefit "
        "award letter. You can post them to me or send a photo here.",
    )
    s.move(s.day(12, "16:00"), S.WAITING_ON_CLIENT)
    s.plan(s.day(12, "16:05"), s.day(4, "10:00"), "Ring George if his documents have not come")


@_story("MS-DEMO-0021", _email(18))
def _mum_needs_company(s: _Story) -> None:
    s.submit(
        s.day(18, "21:40"),
        for_self=False,
        person_name="Anne Kerr",
        relationship="parent",
        person_agreed="yes",
        region="GB-NIR",
        categories=["caregiving_respite", "financial_assistance"],
        description="Mum has lived with MS for thirty years and now needs someone with her most of the day. "
        "I am her only family nearby and I work full time.",
        best_times=["evening"],
    )
    s.assign(s.day(17, "09:20"))
    s.contact(s.day(17, "17:45"), CALL, REACHED, "Spoke with Rachel about her mum's days.", minutes=30)
    s.move(s.day(17, "17:50"), S.IN_PROGRESS)
    s.assess(
        s.day(17, "17:55"),
        {
            D.CARE_RESPITE: (L.URGENT, "Anne is alone from 8am to 6pm; Rachel works full time."),
            D.MONEY_BENEFITS: (L.SOME, "Rachel has not claimed Carer's Allowance."),
        },
    )
    s.refer(s.day(17, "18:00"), "caregiving_respite")
    s.contact(
        s.day(3, "17:30"),
        CALL,
        REACHED,
        "Rachel will talk to her mum at the weekend about a day centre and let me know.",
        minutes=15,
    )
    s.move(s.day(3, "17:35"), S.WAITING_ON_CLIENT)
    s.plan(s.day(3, "17:40"), s.day(-3, "17:30"), "Call Rachel about her mum's decision", client_contact=True)


@_story("MS-DEMO-0022", _email(19))
def _giving_up_the_car(s: _Story) -> None:
    s.submit(
        s.day(21, "08:05"),
        region="GB-NIR",
        categories=["transport", "employment_benefits"],
        description="I need to give up my car because of my eyesight. I work in Belfast and I do not know how I "
        "will get to work.",
        access_needs=["large_print"],
    )
    s.assign(s.day(20, "10:10"))
    s.contact(s.day(19, "12:30"), CALL, REACHED, "Talked about getting to work.", minutes=20, with_whom="Declan")
    s.move(s.day(19, "12:35"), S.IN_PROGRESS)
    s.assess(
        s.day(19, "12:40"),
        {
            D.TRANSPORT: (L.URGENT, "Optic neuritis: told not to drive."),
            D.WORK: (L.SOME, "Full-time job in Belfast, forty minutes by car."),
        },
        phq2=(1, 0),
    )
    s.note(s.day(19, "12:50"), "Access to Work can pay for taxis to work. Declan has to apply himself, online.")
    s.writes(
        s.day(2, "11:00"),
        "Hello Declan, here is how to apply for Access to Work. Let me know once you have your reference number.",
    )
    s.move(s.day(2, "11:05"), S.WAITING_ON_CLIENT)
    s.plan(s.day(2, "11:10"), s.day(-4, "12:00"), "Check Declan has his Access to Work reference")
    s.client_writes(s.day(1, "21:10"), "I have applied. The reference is on the letter, I will find it tomorrow.")


@_story("MS-DEMO-0023", _email(20))
def _hand_controls(s: _Story) -> None:
    s.submit(
        s.day(26, "13:00"),
        region="GB-WLS",
        categories=["home_vehicle_modification", "financial_assistance"],
        description="I need my car adapted with hand controls so I can keep driving to see my grandchildren.",
    )
    s.assign(s.day(25, "09:00"))
    s.contact(s.day(25, "14:10"), CALL, REACHED, "Talked about a driving assessment first.", minutes=20)
    s.move(s.day(25, "14:15"), S.IN_PROGRESS)
    s.assess(
        s.day(25, "14:20"),
        {
            D.TRANSPORT: (L.SOME, "Right leg too weak and slow for the pedals."),
            D.MONEY_BENEFITS: (L.SOME, "Hand controls cost more than she can spare."),
        },
    )
    grant = s.refer(s.day(25, "14:30"), "financial_assistance")
    s.referral_outcome(s.day(8, "10:45"), grant, ReferralOutcome.NOT_ELIGIBLE)
    s.writes(
        s.day(4, "10:00"),
        "Hello Lowri, the grant cannot help this time. Could you get two quotes from driving adaptation centres? "
        "Then we can look at other ways to pay.",
    )
    s.move(s.day(4, "10:05"), S.WAITING_ON_CLIENT)
    s.plan(s.day(4, "10:10"), s.day(-2, "10:00"), "Ask Lowri whether the quotes have come")


# --- finished ---------------------------------------------------------------------------------------


@_story("MS-DEMO-0024", _email(21))
def _part_time(s: _Story) -> None:
    """Resolved last week."""
    s.submit(
        s.day(33, "12:00"),
        region="GB-WLS",
        categories=["employment_benefits"],
        description="I want to go part-time at work because of my MS, but I am worried about my rights and my pension.",
    )
    s.assign(s.day(33, "15:00"))
    s.contact(s.day(32, "17:20"), CALL, REACHED, "Talked about flexible working requests.", minutes=30)
    s.move(s.day(32, "17:25"), S.IN_PROGRESS)
    s.assess(
        s.day(32, "17:30"),
        {
            D.WORK: (L.URGENT, "Wants fewer hours; afraid of losing the job."),
            D.MONEY_BENEFITS: (L.SOME, "Not sure what part-time pay does to her pension."),
        },
        phq2=(0, 0),
    )
    advice = s.refer(s.day(32, "17:40"), "employment_benefits")
    s.referral_outcome(s.day(15, "11:30"), advice, ReferralOutcome.RECEIVED_HELP)
    s.feedback(s.day(14, "20:00"), advice, ReferralFeedback.HELPED)
    s.contact(s.day(5, "17:15"), CALL, REACHED, "Reassessment call.", minutes=15, with_whom="Karen")
    s.assess(
        s.day(5, "17:20"),
        {
            D.WORK: (L.NO_NEED, "New contract: four days a week from next month."),
            D.MONEY_BENEFITS: (L.NO_NEED, "The pension adviser explained what changes."),
        },
    )
    s.need_status(s.day(5, "17:25"), "employment_benefits", NeedStatus.MET, "Four-day week agreed.")
    s.need_status(s.day(5, "17:30"), "financial_assistance", NeedStatus.MET)
    s.writes(
        s.day(4, "09:30"),
        "Hello Karen, I am so glad the new hours are agreed. I have marked your request as resolved. If anything "
        "changes, call us and we will pick it up again.",
    )
    s.move(s.day(4, "09:35"), S.RESOLVED)


@_story("MS-DEMO-0025", _email(22))
def _riser_chair(s: _Story) -> None:
    """Closed: needs met."""
    s.submit(
        s.day(55, "10:30"),
        region="GB-SCT",
        categories=["equipment_mobility"],
        description="I need a riser-recliner chair and a perching stool. Standing up from my sofa takes me ten "
        "minutes.",
    )
    s.assign(s.day(54, "09:45"))
    s.contact(s.day(54, "14:00"), CALL, REACHED, "Talked about equipment and grants.", minutes=20)
    s.move(s.day(54, "14:05"), S.IN_PROGRESS)
    s.assess(s.day(54, "14:10"), {D.DAILY_LIVING: (L.URGENT, "Cannot stand up from the sofa without help.")})
    grant = s.refer(s.day(54, "14:20"), "equipment_mobility")
    s.referral_outcome(s.day(40, "13:00"), grant, ReferralOutcome.RECEIVED_HELP)
    s.feedback(s.day(39, "18:00"), grant, ReferralFeedback.HELPED)
    s.assess(s.day(26, "11:00"), {D.DAILY_LIVING: (L.NO_NEED, "Riser chair and perching stool delivered.")})
    s.need_status(s.day(26, "11:05"), "equipment_mobility", NeedStatus.MET, "Riser chair and stool from a grant.")
    s.move(s.day(25, "15:00"), S.RESOLVED)
    s.move(s.day(15, "10:00"), S.CLOSED, outcome=CaseOutcome.NEEDS_MET)


@_story("MS-DEMO-0026", _email(23))
def _someone_to_talk_to(s: _Story) -> None:
    """Closed: stabilised."""
    s.submit(
        s.day(48, "22:30"),
        region="GB-ENG",
        categories=["emotional_support"],
        description="Since my MS was said to be secondary progressive I cannot stop worrying. I would like to talk "
        "to someone.",
    )
    s.assign(s.day(47, "09:10"))
    s.contact(s.day(47, "13:30"), CALL, REACHED, "Listened; talked about counselling.", minutes=40)
    s.move(s.day(47, "13:35"), S.IN_PROGRESS)
    s.assess(
        s.day(47, "13:40"),
        {D.EMOTIONAL_WELLBEING: (L.URGENT, "Anxious most days; sleeping badly.")},
        phq2=(2, 1),
    )
    counselling = s.refer(s.day(47, "13:50"), "emotional_support")
    s.referral_outcome(s.day(35, "10:30"), counselling, ReferralOutcome.RECEIVED_HELP)
    s.contact(s.day(18, "13:00"), CALL, REACHED, "Reassessment call.", minutes=20, with_whom="Hannah")
    s.assess(
        s.day(18, "13:05"),
        {D.EMOTIONAL_WELLBEING: (L.SOME, "Six counselling sessions done; sleeping better.")},
        phq2=(1, 0),
    )
    s.move(s.day(17, "09:30"), S.CLOSED, outcome=CaseOutcome.STABILISED)


@_story("MS-DEMO-0027", _email(24))
def _heating_bills(s: _Story) -> None:
    """Closed: never reached."""
    s.submit(
        s.day(28, "18:20"),
        region="GB-NIR",
        categories=["financial_assistance"],
        description="I need help paying my heating bills this winter.",
    )
    s.assign(s.day(27, "09:30"))
    s.contact(s.day(27, "11:00"), CALL, NOT_REACHED, "No answer.")
    s.move(s.day(27, "11:05"), S.IN_PROGRESS)
    s.contact(s.day(25, "15:00"), CALL, LEFT_MESSAGE, "Left a voicemail.")
    s.contact(s.day(22, "10:00"), LETTER, LEFT_MESSAGE, "Wrote to ask Michael to call us.")
    s.contact(s.day(17, "12:00"), EMAIL, LEFT_MESSAGE, "E-mailed with the number to call.")
    s.move(s.day(12, "16:00"), S.CLOSED, outcome=CaseOutcome.UNABLE_TO_CONTACT)


@_story("MS-DEMO-0028", _email(25))
def _cleaner(s: _Story) -> None:
    """Withdrawn by the client."""
    s.submit(
        s.day(10, "14:00"),
        region="GB-SCT",
        categories=["caregiving_respite"],
        description="I would like help finding a cleaner and someone to help me with the shopping.",
    )
    s.assign(s.day(10, "16:30"))
    s.contact(s.day(9, "10:15"), CALL, LEFT_MESSAGE, "Left a voicemail.")
    s.withdraw(s.day(8, "19:00"), "My sister has moved in with me, so I have the help I need now.")


@_story("MS-DEMO-0029", _email(26))
def _carer_collapsed(s: _Story) -> None:
    """Waiting in the queue, urgent, in Welsh: the advocate who speaks Welsh is away this week."""
    s.submit(
        s.day(1, "08:10"),
        region="GB-WLS",
        is_urgent=True,
        language="cy",
        categories=["caregiving_respite", "emotional_support"],
        description="My husband who looks after me is in hospital since Sunday and I am on my own.",
    )


@_story("MS-DEMO-0030", _email(27))
def _job_hours(s: _Story) -> None:
    """Waiting in the queue since yesterday evening: Patrick's partner Graham asks for him, not
    knowing Priya already has his request (MS-DEMO-0005): a likely duplicate (same name and phone
    number, written another way) for the supervisor to join."""
    s.submit(
        s.day(1, "17:45"),
        for_self=False,
        person_name="Patrick Quinn",
        relationship="partner",
        person_agreed="yes",
        region="GB-NIR",
        phone="01632960105",
        categories=["employment_benefits"],
        description="His employer wants to cut his hours because of his fatigue. What are his rights?",
    )


# --- seeding ------------------------------------------------------------------------------------


def seed_cases() -> SeededCases:
    """Seed the society's year of past requests (``cases.demo_history``, written in bulk) unless it
    is there, and tell the stories not told yet; returns how many requests and demo clients were
    created."""
    from .demo_history import seed_history

    history, stories = seed_history(), _tell_stories()
    return SeededCases(cases=history.cases + stories.cases, clients=history.clients + stories.clients)


def _tell_stories() -> SeededCases:
    """Tell the stories not told yet; returns how many requests and demo clients were created."""
    staff = {user.email: user for user in User.objects.filter(email__in=[ADVOCATE, SUPERVISOR])}
    done = set(Case.objects.filter(reference__in=STORIES).values_list("reference", flat=True))
    todo = [reference for reference in STORIES if reference not in done]
    if len(staff) < 2 or not todo or not Organisation.objects.filter(name=ORGANISATION).exists():
        return SeededCases()

    needed = {STORIES[reference][0] for reference in todo}
    clients, created = demo_users_ensure([client for client in CLIENTS if client.email in needed])
    clients.update({user.email: user for user in User.objects.filter(email__in=needed - set(clients))})
    world = _World(
        now=timezone.now(),
        advocate=staff[ADVOCATE],
        supervisor=staff[SUPERVISOR],
        services=list(
            Service.objects.filter(country="GB", status__in=LISTED_STATUSES)
            .order_by("name", "pk")
            .only("pk", "name", "categories", "regions", "status")
        ),
    )
    told = 0
    with override_settings(MAILERS=_SILENT_MAILER):
        for reference in todo:
            email, tell = STORIES[reference]
            if email in clients:
                tell(_Story(world, reference, clients[email]))
                told += 1
        # What fell due after a story's last step (a follow-up now overdue, say), delivered as the
        # worker would have: `make run` starts with nothing due, and reminders still to come.
        due = Notification.objects.filter(state=NotificationState.PENDING, next_attempt_at__lte=timezone.now())
        for notification_id in due.values_list("pk", flat=True):
            notification_deliver(notification_id=notification_id)
    return SeededCases(cases=told, clients=created)


#: The follow-up ``make run`` plans on the demo advocate's caseload, due a few minutes later, so
#: that its reminder is seen arriving (README, "Reminders").
SOON_SUMMARY = (
    "Ring Alex back about the stairlift quote (a demo follow-up: its reminder arrives a few minutes after make run)"
)


def follow_up_soon(*, minutes: int | None = None) -> FollowUp | None:
    """Plan (or move, when an earlier run left it open) the demo follow-up due ``minutes`` from
    now on the demo advocate's first open case, through the services: its reminder is queued in
    the outbox like any other. None when the demo data is not there."""
    advocate = User.objects.filter(email=ADVOCATE).first()
    case = (
        Case.objects.filter(assigned_to=advocate, status__in=OPEN_STATUSES).order_by("reference").first()
        if advocate
        else None
    )
    if case is None:
        return None
    minutes = settings.DEMO_FOLLOW_UP_MINUTES if minutes is None else minutes
    due = timezone.now() + datetime.timedelta(minutes=minutes)
    # The summary is encrypted at rest: compared once read, not in SQL.
    for follow_up in FollowUp.objects.filter(owner=advocate, completed_at__isnull=True):
        if follow_up.summary == SOON_SUMMARY:
            return followup_reschedule(follow_up=follow_up, actor=advocate, due_at=due)
    return followup_schedule(case=case, actor=advocate, owner=advocate, due_at=due, summary=SOON_SUMMARY)
