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
(``bench/database.py``), so the next run starts again. Changing a builder's code
changes the data-set fingerprint, so the next `make bench` rebuilds; bump ``DATA_VERSION``
when you change a helper instead.
"""

from __future__ import annotations

import hashlib
import inspect
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
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

from .sizes import SizeConfig

DATA_VERSION = 1
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


def copy_insert(objs: Sequence[Model]) -> int:
    """Insert unsaved instances of one model with COPY: several times faster than bulk_create.

    Values go through each field's ``pre_save``/``get_db_prep_save`` as in ``save()``;
    auto-increment keys come from the sequence. Database triggers (the audit history) still
    fire. Nothing is returned from the database, so set UUID keys before inserting.
    """
    if not objs:
        return 0
    opts = objs[0]._meta
    fields = [f for f in opts.concrete_fields if not f.generated and not f.db_returning]
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


#: Run in this order. Later issues append theirs (resources, cases, ...).
BUILDERS: list[Builder] = [organisations, staff, clients]


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
    return digest.hexdigest()[:16]
