"""The synthetic data set behind `make bench`: a registry of builders, run in order.

A builder is ``builder(size, rng) -> {"what": rows_created}``: ``size`` is a
:class:`~bench.sizes.SizeConfig`, ``rng`` a ``random.Random`` seeded from ``SEED`` and the
builder's name, so every data set is the same on every machine and adding a builder does
not change what the others make. Builders run in ``BUILDERS`` order; a later builder reads
what earlier ones made from the database.

Generate rows lazily and insert them in ``BATCH_SIZE`` batches with :func:`copy_insert`
(COPY; the large size has 100,000 clients, later 100,000 cases), one transaction per batch:
the audit-history triggers open a subtransaction per row, and in one huge transaction
PostgreSQL slows down with every batch. An interrupted build leaves no marker
(``bench/database.py``), so the next run starts again. Changing this module or the word
lists in ``bench/vocabulary.py`` changes the data-set fingerprint, so the next `make bench`
rebuilds; bump ``DATA_VERSION`` when what a builder makes changes through code elsewhere
(``accounts.demo``, ``resources.services``).
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import random
import re
import string
import sys
import time
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as daytime
from decimal import Decimal
from functools import cache
from itertools import batched

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg import sql

from accounts import demo
from accounts.models import Organisation, Role, User
from patientportal.regions import REGION_NAMES
from resources import taxonomy as tx
from resources.models import (
    Accessibility,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    Provider,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resources.services import service_refresh_derived

from . import vocabulary
from .sizes import SizeConfig

DATA_VERSION = 2  # 2: demo data with the directory and requests; the cases builder
SEED = 42
BATCH_SIZE = 2_000
#: Every synthetic account's password (one hash, computed once: hashing 100,000 is too slow).
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - synthetic accounts in a throwaway database

Builder = Callable[[SizeConfig, random.Random], dict[str, int]]

# fmt: off
FIRST_NAMES = [
    "Alex", "Sam", "Priya", "Tom", "Grace", "Rhys", "Fiona", "Marc", "Jennifer", "Chloé", "David", "Emily",
    "Jordan", "Maria", "Ahmed", "Sofia", "Lukas", "Emma", "Noah", "Giulia", "Lars", "Mette", "Pablo", "Lucía",
    "Daan", "Sanne", "Léa", "Hugo", "Aisha", "Wei", "Olivia", "Jack", "Amelia", "Liam", "Isla", "Mateo", "Freya",
]
LAST_NAMES = [
    "Morgan", "Okafor", "Shah", "Evans", "Kelly", "Jones", "MacLeod", "Tremblay", "Wong", "Gagnon", "Singh",
    "Clarke", "Lee", "Rossi", "Müller", "Schmidt", "García", "Martínez", "de Jong", "Jansen", "Peeters",
    "Dubois", "Nielsen", "Jensen", "Smith", "Brown", "Wilson", "Taylor", "Roy", "Bianchi", "Romano", "Khan",
]
# fmt: on
REGIONS = {
    "US": ["Northeast", "Midwest", "South", "West"],
    "CA": ["Ontario", "Quebec", "British Columbia", "Alberta", "Nova Scotia"],
    "GB": ["London", "Wales", "Scotland", "North West", "South West", "Northern Ireland"],
    "AU": ["New South Wales", "Victoria", "Queensland", "Western Australia"],
    "IT": ["Lombardia", "Lazio", "Campania", "Sicilia"],
    "DE": ["Bayern", "Berlin", "Hamburg", "Nordrhein-Westfalen"],
    "ES": ["Madrid", "Cataluña", "Andalucía", "Valencia"],
    "NL": ["Noord-Holland", "Zuid-Holland", "Utrecht", "Gelderland"],
    "BE": ["Bruxelles", "Vlaanderen", "Wallonie"],
    "DK": ["Hovedstaden", "Midtjylland", "Syddanmark"],
}


@cache
def password_hash() -> str:
    return make_password(BENCH_PASSWORD)


def uuid_from(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID from the seeded generator, so primary keys are reproducible too."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def copy_insert(objs: Sequence[Model], *, keys: bool = False) -> int:
    """Insert unsaved instances of one model with COPY: several times faster than bulk_create.

    Values go through each field's ``pre_save``/``get_db_prep_save`` as in ``save()``;
    auto-increment keys come from the sequence unless ``keys`` (the caller set them, and moves
    the sequence past them). Database triggers (the audit history) still fire. Nothing is
    returned from the database, so set UUID keys before inserting.
    """
    if not objs:
        return 0
    opts = objs[0]._meta
    fields = [f for f in opts.concrete_fields if not f.generated and (not f.db_returning or (keys and f.primary_key))]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(opts.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return len(objs)


def insert_users(users: Iterable[User], *, mfa: bool) -> int:
    """Insert users with a verified e-mail address and, for staff, a TOTP authenticator."""
    secret = encrypt(demo.DEMO_TOTP_SECRET)  # the demo secret: `make totp` prints its code
    total = 0
    for chunk in batched(users, BATCH_SIZE):
        with transaction.atomic():
            total += copy_insert(chunk)
            copy_insert([EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in chunk])
            if mfa:
                copy_insert(
                    [Authenticator(user_id=u.pk, type=Authenticator.Type.TOTP, data={"secret": secret}) for u in chunk]
                )
    return total


def _joined(rng: random.Random, now: datetime) -> datetime:
    return now - timedelta(seconds=rng.randrange(3 * 365 * 24 * 3600))


# --- builders -----------------------------------------------------------------------------


def organisations(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """The ten member societies and one demo account per role (the bench signs in as those)."""
    demo.seed()
    return {"organisations": Organisation.objects.count()}


def staff(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """Staff spread evenly over the organisations: per organisation one admin, a tenth supervisors."""
    orgs = list(Organisation.objects.order_by("name"))
    now = timezone.now()

    def generate() -> Iterator[User]:
        number = 0
        for index, org in enumerate(orgs):
            team = size.staff // len(orgs) + (index < size.staff % len(orgs))
            supervisors = max(1, team // 10)
            for position in range(team):
                number += 1
                if position == 0:
                    role = Role.ORG_ADMIN
                elif position <= supervisors:
                    role = Role.SUPERVISOR
                else:
                    role = Role.ADVOCATE
                yield User(
                    id=uuid_from(rng),
                    email=f"staff{number:06d}@bench.example.net",
                    password=password_hash(),
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    role=role,
                    organisation=org,
                    languages=rng.sample(org.languages, k=rng.randint(1, len(org.languages))),
                    regions=rng.sample(REGIONS[org.countries[0]], k=rng.randint(1, 2)),
                    date_joined=_joined(rng, now),
                )

    return {"staff": insert_users(generate(), mfa=True)}


def clients(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """Clients (about one in seven a carer), speaking their country's languages."""
    countries = [(org.countries[0], org.languages) for org in Organisation.objects.order_by("name")]
    now = timezone.now()

    def generate() -> Iterator[User]:
        for number in range(1, size.clients + 1):
            country, languages = rng.choice(countries)
            yield User(
                id=uuid_from(rng),
                email=f"client{number:06d}@bench.example.net",
                password=password_hash(),
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                role=Role.CLIENT,
                is_carer=rng.random() < 0.15,
                languages=[rng.choice(languages)],
                regions=[rng.choice(REGIONS[country])],
                date_joined=_joined(rng, now),
            )

    return {"clients": insert_users(generate(), mfa=False)}


# --- the resource directory ---------------------------------------------------------------

#: About this many listings per provider (a few big providers list many, most list a handful).
SERVICES_PER_PROVIDER = 8
LISTED_STATUS_WEIGHTS = {"active": 90, "temporarily closed": 4, "inactive": 3, "defunct": 3}
DELIVERY_WEIGHTS = {"in_person": 40, "phone": 30, "online": 20, "home_visit": 10}
WEEKDAYS = "MO,TU,WE,TH,FR"


@dataclass
class _Provider:
    """A provider with what its listings borrow: country, language, home town, places."""

    row: Provider
    country: str
    language: str
    city: str
    region: str
    slug: str
    locations: list[Location] = field(default_factory=list)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _weighted_sample(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    """``k`` distinct keys, each drawn with its weight among those left."""
    left, picked = dict(weights), []
    for _ in range(min(k, len(left))):
        picked.append(_weighted(rng, left))
        del left[picked[-1]]
    return picked


def _fill(rng: random.Random, template: str) -> str:
    """A postcode or phone number from its pattern: ``#`` a digit, ``L`` a capital letter."""
    return "".join(
        str(rng.randrange(10)) if c == "#" else rng.choice(string.ascii_uppercase) if c == "L" else c for c in template
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _opening_hours(rng: random.Random, **owner: uuid.UUID) -> list[Schedule]:
    opens, closes = rng.choice(
        [(daytime(9), daytime(17)), (daytime(8, 30), daytime(16, 30)), (daytime(10), daytime(16))]
    )
    hours = [Schedule(id=uuid_from(rng), byday=WEEKDAYS, opens_at=opens, closes_at=closes, **owner)]
    if rng.random() < 0.3:
        hours.append(Schedule(id=uuid_from(rng), byday="SA", opens_at=daytime(10), closes_at=daytime(13), **owner))
    return hours


def _providers(size: SizeConfig, rng: random.Random, countries: list[str]) -> dict[str, list[_Provider]]:
    """Providers per country, each with 0 to 6 places in its region (mostly) and their details."""
    total = max(len(countries), size.services // SERVICES_PER_PROVIDER)
    weight_sum = sum(vocabulary.COUNTRY_WEIGHTS[c] for c in countries)
    plans: dict[str, list[_Provider]] = {}
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    for country in countries:
        facts = vocabulary.COUNTRIES[country]
        for _ in range(max(1, round(total * vocabulary.COUNTRY_WEIGHTS[country] / weight_sum))):
            city, region = rng.choice(facts.cities)
            language = _weighted(rng, facts.region_languages.get(region, facts.languages))
            words = vocabulary.VOCABULARIES[language]
            name = rng.choice(words.providers).format(
                city=city, region=REGION_NAMES[region], surname=rng.choice(facts.surnames)
            )
            slug = f"{_slug(name)}-{len(rows[Provider]) + 1}"
            provider = Provider(
                id=uuid_from(rng),
                name=name,
                description=words.provider_description.format(region=REGION_NAMES[region]),
                email=f"info@{slug}.bench.example.net",
                website=f"https://{slug}.bench.example.net/",
            )
            rows[Provider].append(provider)
            plan = _Provider(provider, country, language, city, region, slug)
            plans.setdefault(country, []).append(plan)
            nearby = [c for c in facts.cities if c[1] == region]
            for number in range(rng.choices([0, 1, 2, 3, 4, 6], weights=[10, 35, 22, 15, 10, 8])[0]):
                place_city, place_region = (
                    (city, region) if number == 0 else rng.choice(nearby if rng.random() < 0.6 else facts.cities)
                )
                location = Location(
                    id=uuid_from(rng),
                    provider_id=provider.pk,
                    name=rng.choice(words.places).format(city=place_city),
                    transportation=rng.choice(words.transport) if rng.random() < 0.5 else "",
                    address_id=uuid_from(rng),
                    address_1=rng.choice(words.streets).format(n=rng.randint(1, 250)),
                    city=place_city,
                    state_province=REGION_NAMES[place_region],
                    postal_code=_fill(rng, facts.postcode),
                    address_country=country,
                )
                plan.locations.append(location)
                rows[Location].append(location)
                rows[Schedule] += _opening_hours(rng, location_id=location.pk)
                if rng.random() < 0.5:
                    rows[Phone].append(
                        Phone(id=uuid_from(rng), location_id=location.pk, number=_fill(rng, facts.phone), type="voice")
                    )
                rows[Accessibility] += [
                    Accessibility(id=uuid_from(rng), location_id=location.pk, description=text)
                    for text in rng.sample(words.accessibility, k=rng.randint(1, 4))
                ]
                if rng.random() < 0.25:
                    rows[Language].append(
                        Language(id=uuid_from(rng), location_id=location.pk, code=rng.choice(vocabulary.OTHER_SPOKEN))
                    )
    with transaction.atomic():
        for objs in rows.values():  # in dependency order: providers, then places, then their details
            for chunk in batched(objs, BATCH_SIZE):
                copy_insert(chunk)
    return plans


def _listing(rng: random.Random, plan: _Provider, owner: Organisation, number: int) -> dict[type[Model], list[Model]]:
    """One listing and all its HSDS rows, written in its provider's language."""
    facts, words = vocabulary.COUNTRIES[plan.country], vocabulary.VOCABULARIES[plan.language]
    categories = _weighted_sample(rng, vocabulary.CATEGORY_WEIGHTS, rng.choices([1, 2, 3], weights=[50, 35, 15])[0])
    delivery = _weighted_sample(rng, DELIVERY_WEIGHTS, rng.choices([1, 2], weights=[65, 35])[0])
    if not plan.locations and "in_person" in delivery:
        delivery = [method for method in delivery if method != "in_person"] or ["phone"]
    regions = []
    if rng.random() < 0.35:
        regions = sorted({plan.region, *([rng.choice(facts.cities)[1]] if rng.random() < 0.3 else [])})
    place = ", ".join(REGION_NAMES[code] for code in regions) or words.nationwide

    name, where = rng.choice(words.names[categories[0]]), rng.random()
    if where < 0.3:
        name = f"{name} \N{EN DASH} {plan.city}"
    elif where < 0.6 and regions:
        name = f"{name} ({place})"
    sentences = [
        rng.choice(words.openings).format(provider=plan.row.name, offer=rng.choice(words.offers[categories[0]]))
    ]
    if len(categories) > 1 and rng.random() < 0.6:
        sentences.append(words.openings[1].format(offer=rng.choice(words.offers[categories[1]])))
    sentences += [words.covers.format(place=place), *rng.sample(words.extras, k=rng.randint(0, 2))]

    cost, fees = rng.random(), ""
    amount = Decimal(rng.choice([5, 10, 15, 20, 25, 40, 60]))
    if 0.45 <= cost < 0.7:
        fees = rng.choice(words.fees).format(amount=f"{amount} {facts.currency}")
    minimum_age, maximum_age = rng.choices(
        [(None, None), (18, None), (0, 17), (65, None), (16, 25), (18, 64)], weights=[70, 10, 5, 5, 5, 5]
    )[0]
    service = Service(
        id=uuid_from(rng),
        provider_id=plan.row.pk,
        owner_id=owner.pk,
        name=name,
        description=" ".join(sentences),
        url=f"https://{plan.slug}.bench.example.net/services/{number}/",
        email=f"help{number}@{plan.slug}.bench.example.net" if rng.random() < 0.6 else "",
        status=_weighted(rng, LISTED_STATUS_WEIGHTS),
        interpretation_services=words.interpreting if rng.random() < 0.1 else "",
        application_process=rng.choice(words.application) if rng.random() < 0.8 else "",
        fees_description=fees,
        eligibility_description=rng.choice(words.eligibility) if rng.random() < 0.7 else "",
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        assured_date=timezone.localdate() - timedelta(days=rng.randrange(720)) if rng.random() < 0.8 else None,
        assurer_email=f"curator@{plan.slug}.bench.example.net",
        country=plan.country,
    )
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    rows[Service].append(service)
    rows[ServiceArea] = [
        ServiceArea(id=uuid_from(rng), service_id=service.pk, name=REGION_NAMES.get(code, code), uri=f"iso3166:{code}")
        for code in [plan.country, *regions]
    ]
    terms = [(tx.CATEGORIES_TAXONOMY, code, tx.LINK_CATEGORY) for code in categories]
    terms += [(tx.DELIVERY_TAXONOMY, code, tx.LINK_DELIVERY) for code in delivery]
    terms.append((tx.TEXT_LANGUAGE_TAXONOMY, plan.language, tx.LINK_TEXT_LANGUAGE))
    rows[Attribute] = [
        Attribute(id=uuid_from(rng), service_id=service.pk, taxonomy_term_id=tx.term_id(taxonomy, code), link_type=link)
        for taxonomy, code, link in terms
    ]
    spoken = {plan.language, *(code for code in owner.languages if rng.random() < 0.3)}
    if rng.random() < 0.15:
        spoken.add(rng.choice(vocabulary.OTHER_SPOKEN))
    rows[Language] = [Language(id=uuid_from(rng), service_id=service.pk, code=code) for code in sorted(spoken)]
    if cost < 0.45:
        rows[CostOption] = [CostOption(id=uuid_from(rng), service_id=service.pk, option=words.free, amount=Decimal(0))]
    elif cost < 0.7:
        rows[CostOption] = [
            CostOption(id=uuid_from(rng), service_id=service.pk, amount=amount, currency=facts.currency)
        ]
    rows[Phone] = [
        Phone(
            id=uuid_from(rng),
            service_id=service.pk,
            number=_fill(rng, facts.phone),
            type="voice",
            description=rng.choice(words.phone_descriptions),
        )
        for _ in range(rng.choices([0, 1, 2], weights=[10, 65, 25])[0])
    ]
    if "phone" in delivery and rng.random() < 0.5:
        rows[Schedule] = _opening_hours(rng, service_id=service.pk)
    if rng.random() < 0.35:
        rows[RequiredDocument] = [
            RequiredDocument(id=uuid_from(rng), service_id=service.pk, document=text)
            for text in rng.sample(words.documents, k=rng.randint(1, 2))
        ]
    places = []
    if plan.locations and ("in_person" in delivery or rng.random() < 0.2):
        places = rng.sample(plan.locations, k=rng.randint(1, len(plan.locations)))
    rows[ServiceAtLocation] = [
        ServiceAtLocation(id=uuid_from(rng), service_id=service.pk, location_id=location.pk) for location in places
    ]
    return rows


def services(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """The resource directory: providers and their places, then listings in the languages of
    their country (and region), owned by the society serving it, with every HSDS row. The
    derived search columns are filled by ``service_refresh_derived``, as for any listing."""
    owners = {}
    for org in Organisation.objects.order_by("name"):
        for country in org.countries:
            owners.setdefault(country, org)
    countries = [country for country in vocabulary.COUNTRY_WEIGHTS if country in owners]
    plans = _providers(size, rng, countries)
    country_weights = [vocabulary.COUNTRY_WEIGHTS[country] for country in countries]
    # Within a country a few providers list many services and most list a handful.
    provider_weights = {country: [(rank + 1) ** -0.5 for rank in range(len(plans[country]))] for country in countries}

    def flush(rows: dict[type[Model], list[Model]]) -> None:
        with transaction.atomic():
            for objs in rows.values():
                copy_insert(objs)
            service_refresh_derived(service_ids=[service.pk for service in rows[Service]])

    batch: dict[type[Model], list[Model]] = defaultdict(list)
    for number in range(1, size.services + 1):
        country = rng.choices(countries, weights=country_weights)[0]
        plan = rng.choices(plans[country], weights=provider_weights[country])[0]
        for model, objs in _listing(rng, plan, owners[country], number).items():
            batch[model] += objs
        if len(batch[Service]) == BATCH_SIZE:
            flush(batch)
            batch = defaultdict(list)
    if batch[Service]:
        flush(batch)
    return {
        "providers": sum(len(providers) for providers in plans.values()),
        "locations": sum(len(plan.locations) for providers in plans.values() for plan in providers),
        "services": size.services,
    }


# --- requests and cases ---------------------------------------------------------------------

#: The demo client ("My requests" is timed as them) has this many requests in every data set.
DEMO_CLIENT_CASES = 20
CASE_STATUS_WEIGHTS = {
    "new": 10,
    "assigned": 15,
    "in_progress": 35,
    "waiting_on_client": 10,
    "resolved": 15,
    "closed": 15,
}


def cases(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """Requests from the bench clients (and 20 from the demo client), as the services leave them:
    each with its intake, contact preferences, needs and events and, once assigned, an advocate,
    a first contact, a planned contact and a message."""
    from cases.choices import CaseOutcome, CaseStatus, EventKind, InteractionOutcome
    from cases.consent import CURRENT_CONSENT_VERSION
    from cases.models import (
        Case,
        CaseEvent,
        CaseIntake,
        ContactPreferences,
        FollowUp,
        Interaction,
        Message,
        Need,
    )
    from patientportal.regions import REGIONS

    # Every case is in the demo advocate's society (the caseload and case pages are timed as
    # them); the other societies' queues hold nothing but their own staff.
    demo_advocate = User.objects.get(email="advocate@example.org")
    home = Organisation.objects.get(pk=demo_advocate.organisation_id)
    colleagues = list(
        User.objects.filter(role=Role.ADVOCATE, organisation=home)
        .exclude(pk=demo_advocate.pk)
        .order_by("email")
        .values_list("id", flat=True)
    ) or [demo_advocate.pk]
    for_the_demo_advocate = size.advocate_cases
    client_ids = list(
        User.objects.filter(email__endswith="@bench.example.net", role=Role.CLIENT)
        .order_by("email")
        .values_list("id", flat=True)
    )
    demo_client = User.objects.get(email="client@example.org")
    owed = max(0, DEMO_CLIENT_CASES - Case.objects.filter(applicant=demo_client).count())
    categories = list(tx.CATEGORIES)
    now = timezone.now()
    worked = {CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CLIENT, CaseStatus.RESOLVED, CaseStatus.CLOSED}

    def event(case: Case, kind: str, at, actor, **fields) -> CaseEvent:
        return CaseEvent(case_id=case.pk, kind=kind, at=at, actor_id=actor, visibility="client", **fields)

    def one(number: int, applicant_id: uuid.UUID) -> dict[type[Model], list[Model]]:
        nonlocal for_the_demo_advocate
        org = home
        country = org.countries[0]
        status = _weighted(rng, CASE_STATUS_WEIGHTS)
        received = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
        advocate = rng.choice(colleagues) if status != "new" else None
        if for_the_demo_advocate and status in ("assigned", "in_progress", "waiting_on_client"):
            advocate, for_the_demo_advocate = demo_advocate.pk, for_the_demo_advocate - 1
        status = status if advocate else CaseStatus.NEW
        chosen = rng.sample(categories, rng.randint(1, 3))
        for_self = rng.random() < 0.8
        region = rng.choice(REGIONS[country])[0]
        is_urgent = rng.random() < 0.05
        assigned = received + timedelta(hours=rng.randint(1, 48))
        contacted = assigned + timedelta(hours=rng.randint(1, 72))
        finished = contacted + timedelta(days=rng.randint(5, 60))
        case = Case(
            id=uuid_from(rng),
            reference=f"BN-{number:09d}",
            organisation_id=org.pk,
            applicant_id=applicant_id,
            status=status,
            assigned_to_id=advocate,
            country=country,
            region=region,
            is_urgent=is_urgent,
            submitted_at=received,
            first_contact_due=(received + timedelta(days=3)).date(),
            first_contact_at=contacted if status in worked else None,
            outcome=rng.choice(CaseOutcome.values) if status == CaseStatus.CLOSED else "",
            closed_at=finished if status in (CaseStatus.RESOLVED, CaseStatus.CLOSED) else None,
        )
        contact = {
            "contact_methods": ["phone"],
            "phone": "01632 960 000",
            "language": org.languages[0],
        }
        rows: dict[type[Model], list[Model]] = defaultdict(list)
        rows[Case].append(case)
        rows[CaseIntake].append(
            CaseIntake(
                case_id=case.pk,
                for_self=for_self,
                person_name="" if for_self else rng.choice(FIRST_NAMES),
                country=country,
                region=region,
                categories=chosen,
                description="Synthetic request for the benchmark.",
                is_urgent=is_urgent,
                consent_version=CURRENT_CONSENT_VERSION,
                consent_given_at=received,
                **contact,
            )
        )
        rows[ContactPreferences].append(
            ContactPreferences(case_id=case.pk, changed_by_id=applicant_id, created_at=received, **contact)
        )
        rows[Need] += [Need(case_id=case.pk, category=code, created_at=received) for code in chosen]
        rows[CaseEvent].append(
            event(case, EventKind.SUBMITTED, received, applicant_id, to_status="new", payload={"needs": chosen})
        )
        if advocate:
            rows[CaseEvent].append(
                event(case, EventKind.ASSIGNED, assigned, advocate, from_status="new", to_status="assigned",
                      advocate_id=advocate)
            )  # fmt: skip
            if status in worked:
                interaction_id = next(interaction_ids)
                rows[Interaction].append(
                    Interaction(
                        id=interaction_id,
                        case_id=case.pk,
                        logged_by_id=advocate,
                        channel="call",
                        occurred_at=contacted,
                        outcome=InteractionOutcome.REACHED,
                        summary="First call.",
                        created_at=contacted,
                    )
                )
                rows[CaseEvent] += [
                    event(case, EventKind.STATUS_CHANGED, contacted, advocate, from_status="assigned",
                          to_status="in_progress"),
                    event(case, EventKind.CONTACT_LOGGED, contacted, advocate,
                          payload={"interaction": interaction_id, "channel": "call", "outcome": "reached",
                                   "first_contact": True}),
                ]  # fmt: skip
                if status != CaseStatus.IN_PROGRESS:
                    kind = EventKind.CLOSED if status == CaseStatus.CLOSED else EventKind.STATUS_CHANGED
                    rows[CaseEvent].append(
                        event(case, kind, finished, advocate, from_status="in_progress", to_status=status)
                    )
            rows[FollowUp].append(
                FollowUp(
                    case_id=case.pk,
                    owner_id=advocate,
                    due_at=now + timedelta(days=rng.randint(-10, 20)),
                    summary="Call back",
                    is_client_contact=True,
                    created_at=assigned,
                )
            )
            message = Message(
                id=uuid_from(rng),
                case_id=case.pk,
                sender_id=advocate,
                body="Hello, I am your advocate.",
                created_at=assigned,
            )
            rows[Message].append(message)
            rows[CaseEvent].append(
                event(case, EventKind.MESSAGE_SENT, assigned, advocate, payload={"message": str(message.pk)})
            )
        return rows

    def flush(rows: dict[type[Model], list[Model]]) -> None:
        with transaction.atomic():
            for model in (Case, CaseIntake, ContactPreferences, Need, Interaction, CaseEvent, FollowUp, Message):
                copy_insert(rows[model], keys=model is Interaction)

    first_id = (Interaction.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    interaction_ids = itertools.count(first_id)
    batch: dict[type[Model], list[Model]] = defaultdict(list)
    applicants = [demo_client.pk] * owed + [rng.choice(client_ids) for _ in range(size.cases)]
    for number, applicant_id in enumerate(applicants, start=1):
        for model, objs in one(number, applicant_id).items():
            batch[model] += objs
        if len(batch[Case]) == BATCH_SIZE:
            flush(batch)
            batch = defaultdict(list)
    if batch[Case]:
        flush(batch)
    with connection.cursor() as cursor:  # ids given above: move the sequence past them
        cursor.execute("SELECT setval(pg_get_serial_sequence('cases_interaction', 'id'), %s)", [next(interaction_ids)])
    if for_the_demo_advocate:
        raise RuntimeError(f"{for_the_demo_advocate} of the demo advocate's cases could not be made")
    return {"cases": len(applicants), "events on the longest case": _long_story(size, rng, demo_advocate)}


def _long_story(size: SizeConfig, rng: random.Random, advocate: User) -> int:
    """The demo advocate's case with the most to read: ``size.story_events`` more events
    (messages both ways, logged calls, follow-ups), notes and needs assessments (every area
    rated), as the services would have written them."""
    from cases.choices import AssessmentDomain, EventKind, NeedLevel
    from cases.models import Assessment, AssessmentRating, Case, CaseEvent, Message, Note

    case = Case.objects.filter(assigned_to=advocate, status="in_progress").order_by("reference").first()
    if case is None:
        raise RuntimeError("the demo advocate has no case in progress to give a long story")
    started = case.submitted_at
    messages, events = [], []
    for index in range(size.story_events):
        at = started + timedelta(hours=index + 1)
        sender = case.applicant_id if index % 2 else advocate.pk
        if index % 5 == 4:
            events.append(CaseEvent(case_id=case.pk, kind=EventKind.FOLLOW_UP_SCHEDULED, at=at, actor_id=advocate.pk,
                                    payload={"client_contact": False}, visibility="staff"))  # fmt: skip
            continue
        message = Message(id=uuid_from(rng), case_id=case.pk, sender_id=sender, body=f"Message {index}",
                          created_at=at, read_at=at)  # fmt: skip
        messages.append(message)
        events.append(CaseEvent(case_id=case.pk, kind=EventKind.MESSAGE_SENT, at=at, actor_id=sender,
                                payload={"message": str(message.pk)}, visibility="client"))  # fmt: skip
    notes, assessments, ratings = [], [], []
    for index in range(size.story_notes):
        at = started + timedelta(hours=index * 7 + 3)
        shared = index % 3 == 0
        notes.append(Note(case_id=case.pk, author_id=advocate.pk, body=f"Note {index}", shared_with_client=shared,
                          created_at=at, updated_at=at))  # fmt: skip
    domains, levels = list(AssessmentDomain), list(NeedLevel)
    for index in range(size.story_assessments):
        at = started + timedelta(days=index * 42 + 1)
        assessment = Assessment(case_id=case.pk, assessed_by_id=advocate.pk, assessed_at=at, created_at=at,
                                phq2_interest=rng.randint(0, 3), phq2_mood=rng.randint(0, 3))  # fmt: skip
        assessments.append(assessment)
    with transaction.atomic():
        copy_insert(messages)
        copy_insert(notes)
        copy_insert(assessments, keys=False)
        for assessment in Assessment.objects.filter(case_id=case.pk):
            ratings.extend(
                AssessmentRating(assessment_id=assessment.pk, domain=domain, level=rng.choice(levels), note="Told me")
                for domain in domains
            )
            payload = {"assessment": assessment.pk}
            events.append(CaseEvent(case_id=case.pk, kind=EventKind.ASSESSMENT_RECORDED, at=assessment.assessed_at,
                                    actor_id=advocate.pk, payload=payload, visibility="staff"))  # fmt: skip
        for note in Note.objects.filter(case_id=case.pk):
            events.append(CaseEvent(case_id=case.pk, kind=EventKind.NOTE_ADDED, at=note.created_at,
                                    actor_id=advocate.pk, payload={"note": note.pk}, visibility="staff"))  # fmt: skip
        copy_insert(ratings)
        copy_insert(events)
    return len(events)


#: Run in this order. Later issues append theirs.
BUILDERS: list[Builder] = [organisations, staff, clients, services, cases]


# --- running them -------------------------------------------------------------------------


def builder_rng(builder: Builder) -> random.Random:
    return random.Random(f"{SEED}:{builder.__name__}")  # noqa: S311 - reproducible synthetic data, not secrets


def build(size: SizeConfig, *, log: Callable[[str], object] = lambda message: None) -> dict[str, int]:
    """Run every builder into the current default database; return the rows each made."""
    counts: dict[str, int] = {}
    for builder in BUILDERS:
        started = time.perf_counter()
        made = builder(size, builder_rng(builder))
        counts.update(made)
        made_text = ", ".join(f"{n:,} {what}" for what, n in made.items())
        log(f"  {builder.__name__}: {made_text} in {time.perf_counter() - started:.1f} s")
    return counts


def fingerprint(size: SizeConfig) -> str:
    """What the data set is made of: a database built with another fingerprint is rebuilt."""
    digest = hashlib.sha256(f"{DATA_VERSION}|{size!r}".encode())
    for builder in BUILDERS:
        digest.update(f"{builder.__module__}.{builder.__qualname__}\n{inspect.getsource(builder)}".encode())
    # The helpers and word lists the builders use, so that changing them rebuilds too.
    for module in (sys.modules[__name__], vocabulary):
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()[:16]
