"""What accounts holds about a person (see ``patientportal.personal_data``): the account itself,
allauth's e-mail addresses and second factors, an advocate's calendar links, the sessions they
are signed in with, and what the Django admin's log says about them. Organisations and their
closures are about member societies, not people.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patientportal.personal_data import ERASED, Erasure, Holding, PersonalData, iso, register

from .models import User


def _anonymise_accounts(rows: QuerySet[User]) -> None:
    """The account stays (cases point at it) without a name, an address or a way to sign in."""
    rows.update(
        email=Concat(Value("erased-"), Cast("id", output_field=CharField()), Value("@erased.invalid")),
        first_name="",
        last_name="",
        languages=[],
        regions=[],
        is_active=False,
        password=make_password(None),
    )


def _the_account(person: User) -> QuerySet[User]:
    return User.objects.filter(pk=person.pk)


def _sessions_of(person: User) -> QuerySet[Session]:
    """The sessions the person is signed in with (read from each unexpired session: a session
    row names its user only inside its encoded data). Erasure deletes them; changing the
    password to an unusable one would end them at the next request anyway."""
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(person.pk)
    ]
    return Session.objects.filter(session_key__in=keys)


def _admin_log_about(person: User) -> QuerySet[LogEntry]:
    """The Django admin's log entries about the person's account (they repeat its name)."""
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk))


def _account_read(rows: QuerySet[User], person: User) -> User:
    """The account with its e-mail addresses and second factors: 3 queries."""
    return rows.prefetch_related("emailaddress_set", "authenticator_set").get()


def _account_data(account: User, person: User) -> dict[str, Any]:
    return {
        "email": account.email,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "is_carer": account.is_carer,
        "languages": list(account.languages),
        "joined": iso(account.date_joined),
        "last_signed_in": iso(account.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in sorted(account.emailaddress_set.all(), key=lambda a: (not a.primary, a.email))
        ],
        "second_factors": [
            {"type": factor.type, "added": iso(factor.created_at), "last_used": iso(factor.last_used_at)}
            for factor in sorted(account.authenticator_set.all(), key=lambda f: f.created_at)
        ],
    }


register(
    PersonalData(
        key="account",
        holdings=(
            Holding(
                "accounts.User",
                person=_the_account,
                erasure=Erasure.ANONYMISE,
                label=_("Account (its name and e-mail address are erased and it can no longer sign in)"),
                anonymise=_anonymise_accounts,
            ),
            Holding("account.EmailAddress", person="user", erasure=Erasure.DELETE, label=_("E-mail addresses")),
            Holding(
                "account.EmailConfirmation",
                person="email_address__user",
                erasure=Erasure.DELETE,
                label=_("E-mail address confirmations"),
                counted=False,
            ),
            Holding(
                "mfa.Authenticator",
                person="user",
                erasure=Erasure.DELETE,
                label=_("Second factors (authenticator app, recovery codes, passkeys)"),
            ),
            Holding(
                "accounts.Absence",
                person="advocate",
                erasure=Erasure.KEEP,
                reason=_(
                    "Staff absences and who covered them: kept so that who could open which clients' "
                    "cases, and when, can still be explained. They are about staff, never about a client."
                ),
                others={"covered_by": "the colleague who covered"},
            ),
            Holding(
                "accounts.CalendarFeed",
                person="user",
                erasure=Erasure.DELETE,
                label=_("Calendar links (advocates' follow-ups in their calendar app)"),
                counted=False,  # staff only: a client, whose data is erased, never has one
            ),
            Holding(
                "sessions.Session",
                person=_sessions_of,
                erasure=Erasure.DELETE,
                label=_("Signed-in sessions"),
                counted=False,
            ),
            Holding(
                "admin.LogEntry",
                person=_admin_log_about,
                erasure=Erasure.ANONYMISE,
                label=_("Entries about the account in the site admin's log"),
                blank={"object_repr": ERASED},
                others={"user": "the site admin who made the change: erasing a client leaves the admin's own log"},
            ),
        ),
        read=_account_read,
        data=_account_data,
        template="accounts/my_data.html#account",
        keys={
            # Translators: what a key of the My data download (a JSON file) holds. Codes in it stay as they
            # are: the file holds them so (in_progress, ISO 8601, null, true...).
            "account": _("your account"),
            "account.email": _("the e-mail address you sign in with"),
            "account.first_name": _("your first name"),
            "account.last_name": _("your last name"),
            "account.is_carer": _("true if you told us you care for someone with MS"),
            "account.languages": _("the languages you speak (codes such as en, fr)"),
            "account.joined": _("when you created your account (ISO 8601)"),
            "account.last_signed_in": _("when you last signed in (ISO 8601), or null"),
            "account.email_addresses": _("the e-mail addresses on your account"),
            "account.email_addresses[].email": _("an e-mail address"),
            "account.email_addresses[].verified": _("true once you confirmed it is yours"),
            "account.email_addresses[].primary": _("true for the address we write to"),
            "account.second_factors": _("the second ways of proving it is you when you sign in (never their secrets)"),
            "account.second_factors[].type": _("totp (an authenticator app), recovery_codes or webauthn (a passkey)"),
            "account.second_factors[].added": _("when you added it (ISO 8601)"),
            "account.second_factors[].last_used": _("when you last used it (ISO 8601), or null"),
        },
    )
)

register(
    PersonalData(
        key="member_societies",
        holdings=(
            Holding(
                "accounts.Organisation",
                person=None,
                erasure=Erasure.KEEP,
                reason="about a member society (its name, countries, time zone), not a person",
            ),
            Holding(
                "accounts.Holiday",
                person=None,
                erasure=Erasure.KEEP,
                reason="a member society's own closure days, not about a person",
            ),
        ),
    )
)
