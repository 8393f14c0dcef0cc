"""Demo data: the alliance's member societies, one account per role, and the resource
directory of ``resources/demo_data`` (an HSDS package of 160 fictional services).

Dev-only: ``seed_demo`` refuses to run unless ``settings.DEMO_DATA_ALLOWED`` (never in
production). Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .models import DEFAULT_CAPACITY, Organisation, Role, User

DEMO_PASSWORD = "ms-demo-password-2026"
#: Base32 TOTP secret shared by every demo staff account (add it to an authenticator app).
DEMO_TOTP_SECRET = "PATIENTPORTALDEMO2345STAFFTOTP67"

ORGANISATIONS = [
    # name, short name, countries, timezone, languages, first-contact target (working days)
    ("National MS Society (United States)", "NMSS", ["US"], "America/New_York", ["en", "es"], 2),
    ("MS Canada", "MS Canada", ["CA"], "America/Toronto", ["en", "fr"], 2),
    ("MS Society UK", "MS Society UK", ["GB"], "Europe/London", ["en", "cy"], 3),
    ("MS Australia", "MS Australia", ["AU"], "Australia/Sydney", ["en"], 2),
    ("Associazione Italiana Sclerosi Multipla", "AISM", ["IT"], "Europe/Rome", ["it"], 3),
    ("Deutsche Multiple Sklerose Gesellschaft", "DMSG", ["DE"], "Europe/Berlin", ["de"], 3),
    ("Esclerosis Múltiple España", "EME", ["ES"], "Europe/Madrid", ["es"], 3),
    ("MS Vereniging Nederland", "MSVN", ["NL"], "Europe/Amsterdam", ["nl"], 3),
    ("Ligue belge de la sclérose en plaques", "Ligue SEP", ["BE"], "Europe/Brussels", ["fr", "nl", "de"], 3),
    ("Scleroseforeningen", "Scleroseforeningen", ["DK"], "Europe/Copenhagen", ["da"], 2),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None = None
    is_carer: bool = False
    languages: list[str] = field(default_factory=list)
    #: ISO 3166-2 codes, as cases hold them (``patientportal.regions``).
    regions: list[str] = field(default_factory=list)
    capacity: int = DEFAULT_CAPACITY
    #: Needs they know best (``cases.choices.CATEGORIES`` codes).
    expertise: list[str] = field(default_factory=list)


UK, CA = "MS Society UK", "MS Canada"

USERS = [
    # The documented demo sign-ins.
    DemoUser("client@example.org", "Alex", "Morgan", Role.CLIENT),
    DemoUser("carer@example.org", "Sam", "Okafor", Role.CLIENT, is_carer=True),
    DemoUser(
        "advocate@example.org",
        "Priya",
        "Shah",
        Role.ADVOCATE,
        UK,
        languages=["en", "pa"],
        regions=["GB-ENG"],
        expertise=["home_vehicle_modification", "financial_assistance"],
    ),
    DemoUser("supervisor@example.org", "Tom", "Evans", Role.SUPERVISOR, UK, languages=["en", "cy"], regions=["GB-WLS"]),
    DemoUser("orgadmin@example.org", "Grace", "Kelly", Role.ORG_ADMIN, UK, languages=["en"]),
    DemoUser("admin@example.org", "Ada", "Admin", Role.SITE_ADMIN),
    # More of the UK team.
    DemoUser(
        "advocate2@example.org",
        "Rhys",
        "Jones",
        Role.ADVOCATE,
        UK,
        languages=["en", "cy"],
        regions=["GB-WLS"],
        capacity=35,
        expertise=["caregiving_respite"],
    ),
    DemoUser(
        "advocate3@example.org",
        "Fiona",
        "MacLeod",
        Role.ADVOCATE,
        UK,
        languages=["en", "pl"],
        regions=["GB-SCT"],
        expertise=["employment_benefits"],
    ),
    # MS Canada's team.
    DemoUser("orgadmin.ca@example.org", "Marc", "Tremblay", Role.ORG_ADMIN, CA, languages=["en", "fr"]),
    DemoUser(
        "supervisor.ca@example.org",
        "Jennifer",
        "Wong",
        Role.SUPERVISOR,
        CA,
        languages=["en", "zh"],
        regions=["CA-BC"],
    ),
    DemoUser(
        "advocate.ca1@example.org", "Chloé", "Gagnon", Role.ADVOCATE, CA, languages=["fr", "en"], regions=["CA-QC"]
    ),
    DemoUser(
        "advocate.ca2@example.org", "David", "Singh", Role.ADVOCATE, CA, languages=["en", "pa"], regions=["CA-ON"]
    ),
    DemoUser(
        "advocate.ca3@example.org",
        "Emily",
        "Clarke",
        Role.ADVOCATE,
        CA,
        languages=["en"],
        regions=["CA-NS", "CA-NB"],
    ),
    # More clients.
    DemoUser("client2@example.org", "Jordan", "Lee", Role.CLIENT),
    DemoUser("client3@example.org", "Maria", "Rossi", Role.CLIENT),
]

DOCUMENTED_SIGN_INS = USERS[:6]


def current_demo_totp_code() -> str:
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))


def sign_ins_text() -> str:
    """The demo sign-ins, as ``seed_demo`` and ``demo_signins`` (so ``make run``) print them."""
    lines = ["", "Demo sign-ins (development only), password: " + DEMO_PASSWORD]
    for user in DOCUMENTED_SIGN_INS:
        lines.append(f"  {user.email:<26} {user.role}{' (carer)' if user.is_carer else ''}")
    lines += [
        "Staff accounts use two-factor authentication. Add this TOTP secret to an authenticator app:",
        f"  {DEMO_TOTP_SECRET}",
        f"  (code right now: {current_demo_totp_code()}; `make totp` prints the current code)",
        "",
    ]
    return "\n".join(lines)


def demo_directory() -> Path:
    """The demo resource directory: an HSDS tabular data package."""
    return Path(apps.get_app_config("resources").path) / "demo_data"


@transaction.atomic
def seed() -> dict[str, int]:
    """Create what is missing; leave what exists alone. Returns counts of rows created.

    The directory is imported with ``import_hsds``'s service: listings are owned by the society
    serving their country, and demo listings edited since the last run are put back as the
    package has them (listings that are not in the package are not touched).
    """
    from resources.hsds import hsds_import

    created = {"organisations": 0, "users": 0, "services": 0, "cases": 0, "absences": 0}
    organisations = {}
    for name, short, countries, tz, languages, target in ORGANISATIONS:
        org, was_created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "countries": countries,
                "timezone": tz,
                "languages": languages,
                "first_contact_target_days": target,
            },
        )
        created["organisations"] += was_created
        organisations[name] = org

    created["services"] = hsds_import(path=demo_directory()).tables["service"].created

    _users, created["users"] = demo_users_ensure(USERS, organisations)

    created["absences"] = _demo_absence()

    from cases.demo import seed_cases

    cases = seed_cases()
    created["cases"] = cases.cases
    created["users"] += cases.clients
    return created


def _demo_absence() -> int:
    """Rhys (``advocate2@``) away this week, Fiona (``advocate3@``) covering, recorded by Tom the
    supervisor: made when Rhys has no absence that is not over yet."""
    from .services import absence_add

    staff = {u.email: u for u in User.objects.filter(email__in=[SUPERVISOR_EMAIL, AWAY_EMAIL, COVER_EMAIL])}
    if len(staff) < 3 or staff[AWAY_EMAIL].absences.filter(ends_on__gte=timezone.localdate()).exists():
        return 0
    today = timezone.localdate()
    absence_add(
        advocate=staff[AWAY_EMAIL],
        acting_user=staff[SUPERVISOR_EMAIL],
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=4),
        covered_by=staff[COVER_EMAIL],
    )
    return 1


SUPERVISOR_EMAIL, AWAY_EMAIL, COVER_EMAIL = "supervisor@example.org", "advocate2@example.org", "advocate3@example.org"


def demo_users_ensure(
    users: list[DemoUser], organisations: dict[str, Organisation] | None = None
) -> tuple[dict[str, User], int]:
    """Create the demo accounts that are missing (a verified e-mail address; staff with the demo
    TOTP secret). Returns every one of ``users`` by e-mail, and how many were created.

    The demo password is hashed once for all of them: a hash takes about half a second on
    purpose, and every demo account has the same password anyway."""
    organisations = organisations or {}
    password_hash = ""
    accounts: dict[str, User] = {}
    created = 0
    for demo in users:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User(
                email=demo.email,
                password=password_hash,
                first_name=demo.first_name,
                last_name=demo.last_name,
                role=demo.role,
                is_carer=demo.is_carer,
                organisation=organisations.get(demo.organisation) if demo.organisation else None,
                languages=demo.languages,
                regions=demo.regions,
                capacity=demo.capacity,
                expertise=demo.expertise,
            )
            user.full_clean(exclude=["password"])
            user.save()
            created += 1
        EmailAddress.objects.get_or_create(user=user, email=demo.email, defaults={"verified": True, "primary": True})
        if user.is_staff_role and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        accounts[demo.email] = user
    return accounts, created
