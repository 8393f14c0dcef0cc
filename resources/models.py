"""The resource directory, shaped after Open Referral HSDS 3.0.

Each model is one HSDS table (named in its docstring) keyed by the HSDS id, so that a data
package imports and exports without translation. Text columns are as long as the hard bounds
of ``resources/hsds/schema.py``, well past what a page shows (list pages shorten them). What
HSDS has no column for is carried the HSDS way: categories, delivery methods and the language
a listing is written in are ``attribute`` rows pointing at taxonomy terms; the country and
regions a service covers are ``service_area`` rows whose ``uri`` is an ISO 3166 code. The
owning member society follows from the country, as requests do.

``Service`` also keeps a few derived columns (country, regions, categories, …, and the search
vector) so that the search page filters with indexes and a fixed number of queries; only
``resources.services`` writes them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from patientportal.encryption import EncryptedTextField

from .hsds import schema as s


class Taxonomy(models.Model):
    """HSDS ``taxonomy``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=s.KEY_LENGTH)
    description = models.TextField()
    uri = models.URLField(max_length=s.URL_LENGTH, blank=True)
    version = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        constraints = [models.UniqueConstraint(fields=["name"], name="taxonomy_unique_name")]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """HSDS ``taxonomy_term``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    #: Optional in HSDS 3.0; unique within its taxonomy when given.
    code = models.CharField(max_length=s.KEY_LENGTH, blank=True)
    name = models.CharField(max_length=s.NAME_LENGTH)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    language = models.CharField(max_length=35, blank=True)
    term_uri = models.URLField(max_length=s.URL_LENGTH, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"], condition=~models.Q(code=""), name="taxonomy_term_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """HSDS ``organization``: whoever delivers services (a charity, a council, a society)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(_("name"), max_length=s.NAME_LENGTH)
    alternate_name = models.CharField(_("other name"), max_length=s.NAME_LENGTH, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), max_length=s.URL_LENGTH, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """HSDS ``service``: one listing in the directory."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Retired")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        ONLINE = "online", _("Online")
        HOME_VISIT = "home_visit", _("Home visit")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("member society")
    )
    name = models.CharField(_("name"), max_length=s.NAME_LENGTH)
    alternate_name = models.CharField(_("other name"), max_length=s.NAME_LENGTH, blank=True)
    description = models.TextField(_("what it is"), blank=True)
    url = models.URLField(_("website"), max_length=s.URL_LENGTH, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(_("interpreting"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("cost"), blank=True)
    eligibility_description = models.TextField(_("who can get it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    assured_date = models.DateField(_("last checked on"), null=True, blank=True)
    assurer_email = models.EmailField(_("checked by (e-mail)"), blank=True)
    last_modified = models.DateTimeField(auto_now=True)

    # Derived from the HSDS rows above and below; written only by resources.services.
    country = models.CharField(max_length=2, db_index=True)
    regions = ArrayField(models.CharField(max_length=8), default=list, blank=True)
    categories = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    delivery_methods = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=35), default=list, blank=True)
    text_language = models.CharField(max_length=8, default="en")
    is_free = models.BooleanField(default=False)
    search_document = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="service_search_vector"),
            GinIndex(fields=["categories"], name="service_categories"),
            GinIndex(fields=["regions"], name="service_regions"),
            GinIndex(fields=["languages"], name="service_languages"),
            GinIndex(fields=["delivery_methods"], name="service_delivery"),
            models.Index(fields=["owner", "assured_date"], name="service_owner_assured"),
            models.Index(fields=["status", "country"], name="service_status_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range",
                violation_error_message=_("The minimum age must not be more than the maximum age."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """HSDS ``location``, with its one ``address`` folded in (``address_*`` columns)."""

    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="locations", null=True)
    location_type = models.CharField(max_length=10, choices=Type.choices, default=Type.PHYSICAL)
    name = models.CharField(_("name"), max_length=s.NAME_LENGTH, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    url = models.URLField(max_length=s.URL_LENGTH, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address_id = models.UUIDField(null=True, blank=True, help_text="HSDS address.id")
    address_1 = models.CharField(_("address"), max_length=s.NAME_LENGTH, blank=True)
    address_2 = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    city = models.CharField(_("town or city"), max_length=s.NAME_LENGTH, blank=True)
    region = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    state_province = models.CharField(_("state, province or region"), max_length=s.NAME_LENGTH, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=s.NAME_LENGTH, blank=True)
    address_country = models.CharField(max_length=2, blank=True)

    def __str__(self) -> str:
        return self.name or self.address_1 or str(self.id)


class ServiceAtLocation(models.Model):
    """HSDS ``service_at_location``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique")]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class Phone(models.Model):
    """HSDS ``phone``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=s.NAME_LENGTH)
    extension = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """HSDS ``schedule``: a weekly opening rule (RFC 5545 ``byday``) with times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, default="WEEKLY")
    byday = models.CharField(max_length=s.NAME_LENGTH, blank=True, help_text="e.g. MO,TU,WE")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at}-{self.closes_at}"


class Language(models.Model):
    """HSDS ``language``: a language spoken by a service or at a location."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="language_rows")
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="language_rows"
    )
    code = models.CharField(max_length=35, blank=True)
    name = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    note = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    def __str__(self) -> str:
        return self.code


class ServiceArea(models.Model):
    """HSDS ``service_area``. ``uri`` says the country and region when it is an ISO 3166 code:
    ``iso3166:GB`` or ``iso3166:GB-SCT``; other uris (from other tools) are kept as written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """HSDS ``attribute``: links a service to a taxonomy term (category, delivery, text language)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes")
    link_type = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    value = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "taxonomy_term"], name="attribute_unique_term")]

    def __str__(self) -> str:
        return f"{self.link_type}: {self.taxonomy_term_id}"


class CostOption(models.Model):
    """HSDS ``cost_option``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount_description = models.CharField(max_length=s.NAME_LENGTH, blank=True)

    def __str__(self) -> str:
        return self.option or str(self.amount)


class RequiredDocument(models.Model):
    """HSDS ``required_document``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    uri = models.URLField(max_length=s.URL_LENGTH, blank=True)

    def __str__(self) -> str:
        return self.document


class Accessibility(models.Model):
    """HSDS ``accessibility``: arrangements at a location for disabled people."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.CharField(max_length=s.NAME_LENGTH, blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=s.URL_LENGTH, blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description


class ProblemReport(models.Model):
    """Someone told us a listing is wrong. Lands in the owning organisation's curation queue."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FIXED = "fixed", _("Fixed")
        DISMISSED = "dismissed", _("No change needed")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Encrypted at rest: the sender's own words.
    message = EncryptedTextField(_("what is wrong"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="problem_report_queue")]

    def __str__(self) -> str:
        return f"Report on {self.service_id} ({self.status})"


class SavedService(models.Model):
    """A service on a client's "My list"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_services")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="saved_by")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["user", "service"], name="saved_service_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.service_id}"


class SearchWord(models.Model):
    """Every word of every listing and of the concept vocabulary (``resources.concepts``, added
    after every ``migrate``), lower case, as written: the dictionary a misspelt search word is
    corrected against (pg_trgm similarity on short words, with its own index), so that typo
    tolerance never has to compare the search with whole listings."""

    word = models.CharField(max_length=200, primary_key=True)

    class Meta:
        indexes = [GinIndex(name="search_word_trgm", fields=["word"], opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.word
