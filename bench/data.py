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

from accounts import demo
from accounts.models import Organisation, Role, User
from cases import synthetic_history as history
from cases.choices import CaseStatus
from cases.models import Case
from cases.synthetic_history import copy_insert
from patientportal.regions import REGION_NAMES, REGIONS
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

DATA_VERSION = 3  # 2: demo data with the directory and requests; the cases builder; 3: the demo's year of history
SEED = 42
BATCH_SIZE = 2_000
#: Every synthetic account's password (one hash, computed once: hashing 100,000 is too slow).
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - synthetic accounts in a throwaway database
#: Every synthetic account's e-mail address is at this domain (the demo accounts' are not).
BENCH_DOMAIN = "bench.example.net"

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


@cache
def password_hash() -> str:
    return make_password(BENCH_PASSWORD)


def uuid_from(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID from the seeded generator, so primary keys are reproducible too."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


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


def _shares(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders: the parts add up)."""
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    for index in sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _region_codes(country: str) -> list[str]:
    return [code for code, _name in REGIONS[country]]


#: Advocates' capacities (open cases) as supervisors set them: most at the default.
CAPACITIES = (25, 30, 35, 40, 40, 40, 40, 45)


def staff(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """Staff of each organisation in proportion to its size (``vocabulary.COUNTRY_WEIGHTS``, as its
    requests): one admin, a tenth supervisors, the rest advocates with their capacity, languages,
    regions (ISO 3166-2 codes, as cases hold them) and expertise."""
    orgs = list(Organisation.objects.order_by("name"))
    teams = _shares(size.staff, [vocabulary.COUNTRY_WEIGHTS[org.countries[0]] for org in orgs])
    categories = list(tx.CATEGORIES)
    now = timezone.now()

    def generate() -> Iterator[User]:
        number = 0
        for org, team in zip(orgs, teams, strict=True):
            supervisors = max(1, team // 10)
            codes = _region_codes(org.countries[0])
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
                    regions=rng.sample(codes, k=min(len(codes), rng.randint(1, 3))),
                    capacity=rng.choice(CAPACITIES),
                    expertise=rng.sample(categories, k=rng.choice((0, 1, 1, 2, 3))) if role == Role.ADVOCATE else [],
                    date_joined=_joined(rng, now),
                )

    return {"staff": insert_users(generate(), mfa=True)}


def clients(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """Clients of every member country in proportion to its size (about one in seven a carer),
    each in a region of it and speaking one of its languages."""
    countries = [(org.countries[0], org.languages) for org in Organisation.objects.order_by("name")]
    weights = [vocabulary.COUNTRY_WEIGHTS[country] for country, _languages in countries]
    now = timezone.now()

    def generate() -> Iterator[User]:
        for number in range(1, size.clients + 1):
            country, languages = rng.choices(countries, weights=weights)[0]
            yield User(
                id=uuid_from(rng),
                email=f"client{number:06d}@bench.example.net",
                password=password_hash(),
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                role=Role.CLIENT,
                is_carer=rng.random() < 0.15,
                languages=[rng.choice(languages)],
                regions=[rng.choice(_region_codes(country))],
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
#: Requests came in over this many days, more each month (the last day this many times the first).
HISTORY_DAYS, GROWTH = 730, 3.0
#: How the demo advocate's open cases stand (the caseload page shows them all).
DEMO_ADVOCATE_STATUSES = {"assigned": 10, "in_progress": 75, "waiting_on_client": 15}
#: Less told per case than the demo does: the data set's events are mostly volume.
SHAPE = history.Shape(
    resolve_days=70, assessed=0.5, reassessed=0.35, all_areas=0.3, other_areas=(85, 13, 2), attempts=(80, 15, 5),
    referrals=(60, 32, 7, 1), referral_feedback=0.15, need_update=0.15, waiting_spell=0.15,
)  # fmt: skip


def cases(size: SizeConfig, rng: random.Random) -> dict[str, int]:
    """Two years of requests over the member societies in proportion to their size (``cases``,
    more each month, fewer at weekends, and 20 from the demo client), from clients of their
    country, each told from its request to where it stands today (``cases.synthetic_history``):
    assigned within hours (by capacity: the less loaded of two advocates, now and then anyone),
    contacted mostly within the society's target, assessed, referred, resolved and closed with
    an outcome, or still open; ``size.events`` events in all, the demo data's included.

    The timed pages stand on a few planned cases: the demo advocate's ``advocate_cases`` open
    cases (in her society, MS Society UK), one of them with a long story (``_long_story``), and the
    ``waiting`` latest requests of that society still in its queue."""
    from cases.models import CaseEvent
    from resources.selectors import LISTED_STATUSES

    now = timezone.now()
    demo_advocate = User.objects.get(email="advocate@example.org")
    home = demo_advocate.organisation_id
    demo_client = User.objects.get(email="client@example.org")
    orgs = list(Organisation.objects.order_by("name"))
    advocates, supervisors = defaultdict(list), defaultdict(list)
    staff_rows = User.objects.filter(role__in=[Role.ADVOCATE, Role.SUPERVISOR], is_active=True).order_by("email")
    for pk, org, role, capacity, email in staff_rows.values_list("pk", "organisation", "role", "capacity", "email"):
        if role == Role.SUPERVISOR:
            supervisors[org].append(pk)
        elif email.endswith(f"@{BENCH_DOMAIN}"):
            advocates[org].append((pk, capacity))
    for pk, org, capacity in (
        staff_rows.filter(role=Role.ADVOCATE).exclude(pk=demo_advocate.pk).values_list("pk", "organisation", "capacity")
    ):
        if not advocates[org]:  # a society the bench gave no advocate (tiny): its demo ones
            advocates.setdefault(("demo", org), []).append((pk, capacity))
    teams = {org.pk: history.Team(advocates[org.pk] or advocates.get(("demo", org.pk), [])) for org in orgs}
    services: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    listed = Service.objects.filter(status__in=LISTED_STATUSES).order_by("pk")
    for pk, country, listed_categories in listed.values_list("pk", "country", "categories"):
        for category in listed_categories:
            services[country][category].append(pk)
    places = history.societies(
        orgs,
        since=now.date() - timedelta(days=HISTORY_DAYS + 30),
        until=now.date() + timedelta(days=400),
        staff=supervisors,
        services=services,
    )
    people: dict[str, list[tuple[uuid.UUID, str, str]]] = defaultdict(list)
    bench_clients = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}", role=Role.CLIENT).order_by("email")
    for pk, regions, languages in bench_clients.values_list("pk", "regions", "languages"):
        people[regions[0].split("-")[0]].append((pk, regions[0], languages[0]))
    everyone = [person for country in sorted(people) for person in people[country]]

    # When each request came, and from which society: then the planned ones.
    owed = max(0, DEMO_CLIENT_CASES - Case.objects.filter(applicant=demo_client).count())
    total = size.cases + owed
    weights = [vocabulary.COUNTRY_WEIGHTS[org.countries[0]] for org in orgs]
    chosen = rng.choices(range(len(orgs)), weights=weights, k=total)
    dates, cumulative = history.submission_days(now=now, days=HISTORY_DAYS, growth=GROWTH)
    days = rng.choices(dates, cum_weights=cumulative, k=total)
    slots = sorted(
        (history.submitted_moment(rng, day, places[orgs[org].pk].zone, now), orgs[org].pk)
        for org, day in zip(chosen, days, strict=True)
    )
    org_of = [org for _moment, org in slots]
    story_at = now - timedelta(days=42 * size.story_assessments + 30)
    story = min(range(total), key=lambda index: abs(slots[index][0] - story_at))
    recent = [
        i for i, (moment, _org) in enumerate(slots) if now - timedelta(days=180) < moment < now - timedelta(days=14)
    ]
    for_the_demo_advocate = set(rng.sample([i for i in recent if i != story], size.advocate_cases - 1)) | {story}
    for_the_demo_client = set(rng.sample([i for i in range(total) if i not in for_the_demo_advocate], owed))
    for index in for_the_demo_advocate | for_the_demo_client:
        org_of[index] = home
    waiting = set(
        [i for i in range(total - 1, -1, -1) if org_of[i] == home and i not in for_the_demo_advocate
         and i not in for_the_demo_client][: size.waiting]
    )  # fmt: skip

    plans = []
    phones = {demo_client.pk: "01632 960 101"}  # each person's number, the same on each of their requests
    for index, (submitted_at, _org) in enumerate(slots):
        society = places[org_of[index]]
        if index in for_the_demo_client:
            applicant, region, language = demo_client.pk, "GB-ENG", "en"
        else:
            applicant, region, language = rng.choice(people.get(society.country) or everyone)
            if not region.startswith(f"{society.country}-"):  # a data set too small to have their own
                region, language = rng.choice(_region_codes(society.country)), society.languages[0]
        request = history.Request(
            reference=f"BN-{index + 1:09d}",
            society=society,
            applicant_id=applicant,
            region=region,
            language=language,
            categories=sorted(set(rng.choices(list(history.REQUEST_WEIGHTS), weights=list(
                history.REQUEST_WEIGHTS.values()), k=rng.choice((1, 1, 2, 2, 3))))),
            submitted_at=submitted_at,
            is_urgent=rng.random() < 0.05,
            for_self=rng.random() < 0.85,
            phone=phones.setdefault(applicant, _fill(rng, vocabulary.COUNTRIES[society.country].phone)),
            description="Synthetic request for the benchmark.",
        )  # fmt: skip
        if not request.for_self:
            request.person_name = rng.choice(FIRST_NAMES)
        open_status = None
        if index == story:
            open_status = CaseStatus.IN_PROGRESS
        elif index in for_the_demo_advocate:
            open_status = _weighted(rng, DEMO_ADVOCATE_STATUSES)
        fate = history.draw_fate(rng, request, now, SHAPE, waiting=index in waiting, open_status=open_status)
        if index == story:
            fate.waiting, fate.bare = None, True
        team = teams[society.id]
        advocate = None
        if fate.assigned_at is not None:
            if open_status is not None:
                advocate = demo_advocate.pk
            elif team.ids:
                advocate = team.choose(rng, fate.assigned_at)
                team.take(advocate, fate.open_until(now))
            else:
                fate = history.Fate()  # nobody to give it to: still in the queue
        plans.append(history.plan_case(rng, request, fate, advocate_id=advocate, now=now, shape=SHAPE))
    if plans[story].status != CaseStatus.IN_PROGRESS:
        raise RuntimeError(f"the long story's case {plans[story].request.reference} is not in progress")

    # More work on each case, in proportion to how long it was worked on, up to the events wanted.
    story_events = size.story_events + size.story_notes + size.story_assessments
    told = sum(len(plan.steps) for plan in plans)
    budget = size.events - CaseEvent.objects.count() - story_events - told
    if budget < 0:
        raise RuntimeError(f"{size.name}: the cases' own events ({told:,}) are more than the {size.events:,} wanted")
    weights_left = [0.0] * len(plans)
    for index, plan in enumerate(plans):
        if plan.active is not None and index != story:
            weights_left[index] = min(200.0, max(0.5, (plan.active[1] - plan.active[0]).total_seconds() / 86400))
    remaining_weight = sum(weights_left)
    for index, plan in enumerate(plans):
        if not weights_left[index]:
            continue
        extra = round(budget * weights_left[index] / remaining_weight)
        history.add_work(rng, plan, extra)
        budget -= extra
        remaining_weight -= weights_left[index]

    for number, chunk in enumerate(batched(plans, BATCH_SIZE), start=1):
        with transaction.atomic():
            history.insert_plans(rng, chunk, now)
        if number & (number - 1) == 0:  # after batches 1, 2, 4, 8...: statistics that grow with the
            with connection.cursor() as cursor:  # tables, for the plans of the triggers' function
                cursor.execute(f"ANALYZE {', '.join(model._meta.db_table for model in history.MODELS)}")
    story_reference = plans[story].request.reference
    del plans
    made = _long_story(size, rng, demo_advocate, story_reference)
    return {"cases": total, "events": CaseEvent.objects.count(), "events on the longest case": made}


def _long_story(size: SizeConfig, rng: random.Random, advocate: User, reference: str) -> int:
    """The demo advocate's case with the most to read: ``size.story_events`` more events
    (messages both ways, logged calls), notes and needs assessments (every area rated, the first
    and every six weeks), from the day after its first contact, as the services would have
    written them."""
    from cases.choices import AssessmentDomain, EventKind, InteractionChannel, InteractionOutcome, NeedLevel
    from cases.models import Assessment, AssessmentRating, Case, CaseEvent, Interaction, Message, Note

    case = Case.objects.get(reference=reference)
    started = case.first_contact_at + timedelta(days=1)
    messages, calls, events = [], [], []
    for index in range(size.story_events):
        at = started + timedelta(hours=index + 1)
        sender = case.applicant_id if index % 2 else advocate.pk
        if index % 5 == 4:
            call = Interaction(case_id=case.pk, logged_by_id=advocate.pk, channel=InteractionChannel.CALL,
                               occurred_at=at - timedelta(minutes=15), duration_minutes=15,
                               outcome=InteractionOutcome.REACHED, summary="Talked it through.",
                               created_at=at)  # fmt: skip
            calls.append(call)
            continue
        message = Message(id=uuid_from(rng), case_id=case.pk, sender_id=sender, body=f"Message {index}",
                          created_at=at, read_at=at + timedelta(minutes=30))  # fmt: skip
        messages.append(message)
        events.append(CaseEvent(case_id=case.pk, kind=EventKind.MESSAGE_SENT, at=at, actor_id=sender,
                                payload={"message": str(message.pk)}, visibility="client"))  # fmt: skip
    notes, assessments, ratings = [], [], []
    for index in range(size.story_notes):
        at = started + timedelta(hours=index * 7 + 3, minutes=30)
        shared = index % 3 == 0
        notes.append(Note(case_id=case.pk, author_id=advocate.pk, body=f"Note {index}", shared_with_client=shared,
                          created_at=at, updated_at=at))  # fmt: skip
    domains, levels = list(AssessmentDomain), list(NeedLevel)
    for index in range(size.story_assessments):
        at = started + timedelta(days=index * 42, minutes=20)
        assessment = Assessment(case_id=case.pk, assessed_by_id=advocate.pk, assessed_at=at, created_at=at,
                                phq2_interest=rng.randint(0, 3), phq2_mood=rng.randint(0, 3))  # fmt: skip
        assessments.append(assessment)
    with transaction.atomic():
        copy_insert(messages)
        copy_insert(notes)
        copy_insert(calls)
        copy_insert(assessments)
        for number, assessment in enumerate(Assessment.objects.filter(case_id=case.pk).order_by("assessed_at")):
            ratings.extend(
                AssessmentRating(assessment_id=assessment.pk, domain=domain, level=rng.choice(levels), note="Told me")
                for domain in domains
            )
            payload = {"assessment": assessment.pk, "reassessment": number > 0, "rated": len(domains),
                       "needs_added": [], "needs_reopened": []}  # fmt: skip
            events.append(CaseEvent(case_id=case.pk, kind=EventKind.ASSESSMENT_RECORDED, at=assessment.assessed_at,
                                    actor_id=advocate.pk, payload=payload, visibility="staff"))  # fmt: skip
        for note in Note.objects.filter(case_id=case.pk):
            events.append(CaseEvent(case_id=case.pk, kind=EventKind.NOTE_ADDED, at=note.created_at,
                                    actor_id=advocate.pk, payload={"note": note.pk, "shared": note.shared_with_client},
                                    visibility="client" if note.shared_with_client else "staff"))  # fmt: skip
        for call in Interaction.objects.filter(case_id=case.pk, occurred_at__gte=started):
            events.append(CaseEvent(case_id=case.pk, kind=EventKind.CONTACT_LOGGED, at=call.created_at,
                                    actor_id=advocate.pk, visibility="client",
                                    payload={"interaction": call.pk, "channel": call.channel,
                                             "outcome": call.outcome, "first_contact": False}))  # fmt: skip
        copy_insert(ratings)
        copy_insert(sorted(events, key=lambda event: event.at))
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
    for module in (sys.modules[__name__], vocabulary, history):
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()[:16]
