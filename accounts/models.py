"""Users, roles, the member societies (organisations) staff belong to, and the private links
to advocates' calendar feeds."""

from __future__ import annotations

import hashlib
import re
import uuid
import zoneinfo

import pghistory
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES


def site_languages() -> list[tuple[str, str]]:
    """The languages the site is written in (``settings.LANGUAGES``), as a field's choices."""
    return list(settings.LANGUAGES)


def is_site_language(code: str | None) -> bool:
    """Whether the site is written in ``code`` (one of ``settings.LANGUAGES``)."""
    return any(code == language for language, _name in settings.LANGUAGES)


class Role(models.TextChoices):
    CLIENT = "client", _("Client")
    ADVOCATE = "advocate", _("Advocate")
    SUPERVISOR = "supervisor", _("Supervisor")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    SITE_ADMIN = "site_admin", _("Site admin")


#: Roles that work on cases or organisations: they must use MFA and have an idle timeout.
STAFF_ROLES = (Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN, Role.SITE_ADMIN)
#: Staff roles that belong to exactly one organisation. (Tuples, not sets: the order must be
#: stable, or the database constraint built from it would change between runs.)
ORGANISATION_ROLES = (Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN)

#: An advocate's capacity (open cases) until a supervisor sets it, and the most it can be.
DEFAULT_CAPACITY = 40
MAX_CAPACITY = 200


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Enter a time zone such as Europe/London."), code="invalid_timezone")


@pghistory.track()
class Organisation(models.Model):
    """A member society of the alliance."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    countries = ArrayField(
        models.CharField(max_length=2, choices=COUNTRY_CHOICES),
        verbose_name=_("countries served"),
        help_text=_("Requests from these countries come to this organisation."),
    )
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    languages = ArrayField(models.CharField(max_length=8, choices=LANGUAGE_CHOICES), verbose_name=_("languages"))
    first_contact_target_days = models.PositiveSmallIntegerField(
        _("first-contact target (working days)"),
        default=2,
        help_text=_("How many working days a new request may wait for its first contact."),
    )
    #: What advocates should do after a positive depression screen (PHQ-2) in a needs
    #: assessment; empty: the site's general guidance (``templates/cases/staff/phq2_guidance.html``).
    wellbeing_guidance = models.TextField(_("what to do after a positive depression screen"), blank=True)
    #: A directory service the organisation points people to after a positive screen.
    wellbeing_service = models.ForeignKey(
        "resources.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service to suggest after a positive depression screen"),
    )
    #: Give each new request straight to the best available advocate (``cases.services.assignment``).
    auto_assign = models.BooleanField(
        _("assign new requests automatically"),
        default=False,
        help_text=_(
            "Each new request goes to the advocate best placed to take it who has room, the least loaded first. "
            "When nobody has room, it waits in the queue and supervisors are told."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_contact_target_days__gte=1) & models.Q(first_contact_target_days__lte=30),
                name="organisation_first_contact_target_range",
            ),
            models.CheckConstraint(condition=~models.Q(countries=[]), name="organisation_has_countries"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def country_names(self) -> str:
        names = dict(COUNTRY_CHOICES)
        return ", ".join(str(names.get(code, code)) for code in self.countries)


@pghistory.track()
class Holiday(models.Model):
    """One of the organisation's own closures: a day it does not work, on top of weekends and
    public holidays (``accounts.working_days``); not counted towards its first-contact target."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="holiday_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("role", Role.SITE_ADMIN)
        extra.setdefault("first_name", "Admin")
        return self.create_user(email, password, **extra)


@pghistory.track(exclude=["password", "last_login", "unread_notifications"])
class User(AbstractBaseUser):
    """Everyone who signs in. E-mail is the login; there are no usernames."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CLIENT)
    is_carer = models.BooleanField(_("carer"), default=False, help_text=_("Files requests for someone they care for."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES), default=list, blank=True, verbose_name=_("languages")
    )
    regions = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("regions"))
    #: How many open cases an advocate can carry (advocates carry 30 to 80).
    capacity = models.PositiveSmallIntegerField(
        _("capacity (open cases)"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("How many open cases this advocate can carry."),
    )
    #: The needs this advocate knows best (``cases.choices.CATEGORY_CHOICES`` codes).
    expertise = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("expertise"))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    #: How many of their notifications on the site they have not read: the header's count, kept by
    #: ``notifications.services`` with every change, so that no page asks for it.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    #: The language of the site they chose (the switcher, while signed in; or the one they signed
    #: up in): their pages, e-mails and reminders are in it. Empty: their browser's, until they choose.
    language = models.CharField(_("language of the site"), max_length=8, blank=True, choices=site_languages)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    class Meta:
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=~models.Q(role__in=[r.value for r in ORGANISATION_ROLES])
                | models.Q(organisation__isnull=False),
                name="user_staff_has_organisation",
                violation_error_message=_("Advocates, supervisors and organisation admins belong to an organisation."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.CLIENT) | models.Q(organisation__isnull=True),
                name="user_client_has_no_organisation",
                violation_error_message=_("Clients do not belong to an organisation."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1) & models.Q(capacity__lte=MAX_CAPACITY), name="user_capacity_range"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def writing_language(self) -> str:
        """The language to write to them in away from a page, where no browser says which (their
        e-mails, reminders, calendar feed): the site's language they chose, else the first of
        their languages the site is written in, else the site's own."""
        if is_site_language(self.language):
            return self.language
        return next((code for code in self.languages if is_site_language(code)), settings.LANGUAGE_CODE)

    # Roles -------------------------------------------------------------------------------
    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_site_admin(self) -> bool:
        return self.role == Role.SITE_ADMIN

    # Django admin: only active site admins, and they may do everything there.
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.is_site_admin

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj: object | None = None) -> bool:
        return self.is_staff

    def has_perms(self, perm_list, obj: object | None = None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff


@pghistory.track()
class CalendarFeed(models.Model):
    """A private link to the user's follow-ups as an iCalendar feed (``cases.calendar``).

    The link holds a random token (``secrets.token_urlsafe``); only its SHA-256 is stored, so
    reading this table (or its history) gives no working link. A user has at most one active
    link; creating a new one or stopping the feed sets ``revoked_at``, and a revoked link
    answers 404. Revoked rows stay, so the history says when each link was made and stopped.
    """

    #: Random bytes in a token; ``secrets.token_urlsafe`` writes them as TOKEN_LENGTH characters.
    TOKEN_BYTES = 32
    TOKEN_LENGTH = 43
    TOKEN_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            ),
            # A hex SHA-256, never a token itself (a token is 43 characters of another alphabet).
            models.CheckConstraint(
                condition=models.Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106 - a pattern, not a secret
                name="calendar_feed_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"

    @classmethod
    def digest(cls, token: str) -> str:
        """What is stored for ``token`` (and looked up when a link is opened)."""
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def is_well_formed(cls, token: str) -> bool:
        """Could this be a token we made? (Anything else is not looked up at all.)"""
        return len(token) == cls.TOKEN_LENGTH and cls.TOKEN_ALPHABET.fullmatch(token) is not None


@pghistory.track()
class Absence(models.Model):
    """An advocate away (leave, sickness) from ``starts_on`` to ``ends_on``, both included, and
    the colleague covering them: while it lasts, the covering advocate sees and acts on the absent
    advocate's cases (``cases.permissions``), and loses that access when it ends. Supervisors
    record absences (the team pages of the supervisor issue)."""

    advocate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="absences")
    covered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="covering")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["advocate", "starts_on", "ends_on"], name="absence_advocate_dates")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_dates"),
            models.CheckConstraint(
                condition=~models.Q(covered_by=models.F("advocate")), name="absence_covered_by_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"Absence {self.pk}"
