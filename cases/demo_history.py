"""Demo data: a year of past requests for MS Society UK, so that the metrics have real shapes.

``cases.demo`` tells Priya's caseload and the supervisor's queue of today through the services.
Behind them, this seeds the society's last twelve months: ``HISTORY_CASES`` requests from
fictional demo clients (``history.client.NNN@example.org``, one request each, names that are
plainly made up), more on weekdays than at weekends, fewer in August and at Christmas, a little
rising over the year. Tom (``supervisor@example.org``) assigned each within hours to Rhys
(``advocate2@``) or Fiona (``advocate3@``), whoever had more room (Rhys's absence this week is
covered by Fiona, so nothing new went to him); they were contacted first mostly within the
society's target, some late; most had a needs assessment (areas rated, the areas with a need
became needs) and many a reassessment six weeks on that mostly shows improvement; services
suggested with what came of them; messages, notes and follow-ups; then resolved and closed with
every outcome, or withdrawn; about one in five is still open today, some with an overdue
follow-up.

A year through the services (time travel for every step) would take minutes; the rows are
written in bulk instead, as the services write them (``cases.synthetic_history``), from a
generator seeded with ``SEED``. Idempotent: once a history request exists, nothing is added.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, DemoUser
from accounts.models import Organisation, Role, User
from resources.models import Service
from resources.selectors import LISTED_STATUSES

from .models import Case
from .synthetic_history import (
    REQUEST_WEIGHTS,
    Request,
    Shape,
    Team,
    add_work,
    draw_fate,
    insert_plans,
    plan_case,
    societies,
    submission_days,
    submitted_moment,
)

SEED = "demo-history-2026"
#: How many past requests the society had in the last year.
HISTORY_CASES = 300
DAYS = 365
REFERENCE_PREFIX = "MS-HIST-"
ORGANISATION = "MS Society UK"
SUPERVISOR = "supervisor@example.org"
#: Who worked them: Rhys and Fiona (Priya's caseload is told in ``cases.demo``).
ADVOCATES = ("advocate2@example.org", "advocate3@example.org")
#: Rhys is away this week (``accounts.demo``): nothing new went to him in these last days.
AWAY = "advocate2@example.org"
AWAY_DAYS = 2
REGION_WEIGHTS = {"GB-ENG": 70, "GB-SCT": 12, "GB-WLS": 12, "GB-NIR": 6}
SHAPE = Shape(resolve_days=40, reassessed=0.85, work_per_week=1.2)

# fmt: off
FIRST_NAMES = [
    "Ada", "Bryn", "Cora", "Dai", "Elin", "Fen", "Gwen", "Hal", "Ivo", "Jem", "Kit", "Lark", "Mags", "Nell",
    "Orla", "Pip", "Quin", "Ros", "Sol", "Tam", "Una", "Vic", "Wyn", "Zia",
]
SURNAMES = [
    "Exampleton", "Sampleford", "Placeholder", "Fictitious", "Testwood", "Demoby", "Madeupson", "Notreal",
    "Mockridge", "Pretendle", "Imaginary", "Storyfield", "Inventis",
]
# fmt: on


@dataclass(frozen=True)
class SeededHistory:
    cases: int = 0
    clients: int = 0


def history_client(number: int) -> DemoUser:
    """The person behind history request ``number``: fictional, one request each."""
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = SURNAMES[(number // len(FIRST_NAMES)) % len(SURNAMES)]
    return DemoUser(f"history.client.{number:03d}@example.org", first, last, Role.CLIENT)


def _clients_ensure(people: list[DemoUser]) -> tuple[dict[str, User], int]:
    """The history's clients, created at once if missing (``demo_users_ensure`` makes the demo's
    few accounts one by one, with their checks; three hundred clients that way cost seconds): the
    demo password, a verified e-mail address, no second factor (clients have none)."""
    accounts = {user.email: user for user in User.objects.filter(email__in=[person.email for person in people])}
    missing = [person for person in people if person.email not in accounts]
    if missing:
        password = make_password(DEMO_PASSWORD)
        made = User.objects.bulk_create(
            User(email=p.email, password=password, first_name=p.first_name, last_name=p.last_name, role=p.role)
            for p in missing
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in made
        )
        accounts.update({user.email: user for user in made})
    return accounts, len(missing)


@transaction.atomic
def seed_history(now: datetime.datetime | None = None) -> SeededHistory:
    """Seed the year of history unless it is there (or the society and its team are not)."""
    if Case.objects.filter(reference__startswith=REFERENCE_PREFIX).exists():
        return SeededHistory()
    now = now or timezone.now()
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    staff = {u.email: u for u in User.objects.filter(email__in=[SUPERVISOR, *ADVOCATES], is_active=True)}
    if organisation is None or len(staff) < 1 + len(ADVOCATES):
        return SeededHistory()
    rng = random.Random(SEED)  # noqa: S311 - reproducible fictional data, not secrets
    country = organisation.countries[0]
    services: dict[str, list] = {}
    listed = Service.objects.filter(country=country, status__in=LISTED_STATUSES).order_by("name", "pk")
    for pk, categories in listed.values_list("pk", "categories"):
        for category in categories:
            services.setdefault(category, []).append(pk)
    society = societies(
        [organisation],
        since=now.date() - datetime.timedelta(days=DAYS + 30),
        until=now.date() + datetime.timedelta(days=400),
        staff={organisation.pk: [staff[SUPERVISOR].pk]},
        services={country: services},
    )[organisation.pk]

    clients, created = _clients_ensure([history_client(number) for number in range(1, HISTORY_CASES + 1)])
    dates, cumulative = submission_days(now=now, days=DAYS, growth=1.3)
    moments = sorted(
        submitted_moment(rng, day, society.zone, now)
        for day in rng.choices(dates, cum_weights=cumulative, k=HISTORY_CASES)
    )
    team = Team([(staff[email].pk, staff[email].capacity) for email in ADVOCATES])
    cover = Team([(staff[email].pk, staff[email].capacity) for email in ADVOCATES if email != AWAY])
    away_from = now - datetime.timedelta(days=AWAY_DAYS)
    categories, weights = list(REQUEST_WEIGHTS), list(REQUEST_WEIGHTS.values())
    plans = []
    for number, submitted_at in enumerate(moments, start=1):
        client = clients[history_client(number).email]
        for_self = rng.random() < 0.85
        request = Request(
            reference=f"{REFERENCE_PREFIX}{number:04d}",
            society=society,
            applicant_id=client.pk,
            region=rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()))[0],
            language="en",
            categories=sorted(set(rng.choices(categories, weights=weights, k=rng.choice((1, 1, 2, 2, 3))))),
            submitted_at=submitted_at,
            is_urgent=rng.random() < 0.05,
            for_self=for_self,
            person_name="" if for_self else f"{rng.choice(FIRST_NAMES)} {client.last_name}",
            phone=f"07700 900{number:03d}",  # Ofcom's range for drama: never a real number
            email=client.email,
            description="Past request (demo history).",
        )
        fate = draw_fate(rng, request, now, SHAPE, must_assign=True)
        advocate = None
        if fate.assigned_at is not None:
            chosen = cover if fate.assigned_at >= away_from else team
            advocate = chosen.choose(rng, fate.assigned_at)
            team.take(advocate, fate.open_until(now))
            cover.take(advocate, fate.open_until(now))
        plan = plan_case(rng, request, fate, advocate_id=advocate, now=now, shape=SHAPE)
        if plan.active is not None:
            weeks = (plan.active[1] - plan.active[0]).total_seconds() / (7 * 24 * 3600)
            add_work(rng, plan, min(14, round(weeks * SHAPE.work_per_week * rng.uniform(0.5, 1.5))))
        plans.append(plan)
    insert_plans(rng, plans, now)
    return SeededHistory(cases=len(plans), clients=created)
