"""Every write to the directory. Derived search columns are recomputed here, never in save()."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from patientportal.errors import InvalidInput
from patientportal.reference import COUNTRY_CHOICES
from patientportal.regions import REGION_NAMES

from . import concepts, notifications
from . import taxonomy as tx
from .models import ProblemReport, Service
from .permissions import LISTINGS, PROBLEM_REPORTS, Action

_COUNTRY_NAMES = dict(COUNTRY_CHOICES)
_CONFIG_CASE = (
    "CASE text_language "
    + " ".join(f"WHEN '{code}' THEN '{config}'::regconfig" for code, (_n, config) in tx.TEXT_LANGUAGES.items())
    + " ELSE 'simple'::regconfig END"
)


_AREA = re.compile(r"iso3166:\s*([A-Z]{2})(?:-([A-Z0-9]{1,3}))?", re.IGNORECASE)


def area_codes(uri: str) -> tuple[str, str]:
    """The member country and the region an HSDS ``service_area.uri`` names:
    ``iso3166:GB-SCT`` -> ``("GB", "GB-SCT")``, ``iso3166:GB`` -> ``("GB", "")``. A region we do
    not know counts as its whole country; any other uri (``Greater London``, ``iso3166:FR``)
    names neither: ``("", "")``."""
    match = _AREA.fullmatch(uri.strip())
    if not match or match.group(1).upper() not in _COUNTRY_NAMES:
        return "", ""
    country = match.group(1).upper()
    region = f"{country}-{match.group(2).upper()}" if match.group(2) else ""
    return country, region if region in REGION_NAMES else ""


def _derive(service: Service) -> None:
    codes = [area_codes(area.uri) for area in service.service_areas.all()]
    countries = sorted({country for country, _region in codes if country})
    if countries and service.country not in countries:
        service.country = countries[0]
    # Regions of the listing's country only: a listing covers one country.
    service.regions = sorted({region for country, region in codes if region and country == service.country})
    by_taxonomy: dict[str, list[str]] = {}
    for attribute in service.attributes.all():
        by_taxonomy.setdefault(attribute.taxonomy_term.taxonomy.name, []).append(attribute.taxonomy_term.code)
    service.categories = sorted(by_taxonomy.get(tx.CATEGORIES_TAXONOMY, []))
    service.delivery_methods = sorted(by_taxonomy.get(tx.DELIVERY_TAXONOMY, []))
    service.text_language = (by_taxonomy.get(tx.TEXT_LANGUAGE_TAXONOMY) or ["en"])[0]
    service.languages = sorted({row.code for row in service.language_rows.all() if row.code})
    amounts = [option.amount for option in service.cost_options.all() if option.amount is not None]
    service.is_free = bool(amounts) and all(amount == 0 for amount in amounts)

    words = [service.name, service.alternate_name, service.provider.name]
    # Category and delivery names in English and in the listing's own language, so that
    # "Hilfe im Haushalt" and "home help" both find a German listing about it.
    for language in {"en", service.text_language}:
        with translation.override(language):
            words += [tx.category_name(code) for code in service.categories]
            words += [tx.delivery_name(code) for code in service.delivery_methods]
    words += [str(_COUNTRY_NAMES.get(code, "")) for code in countries]
    words += [REGION_NAMES.get(code, "") for code in service.regions]
    words += [
        service.description,
        service.eligibility_description,
        service.application_process,
        service.fees_description,
    ]
    words += [sal.location.city for sal in service.service_at_locations.all()]
    service.search_document = "\n".join(w for w in words if w)


DERIVED_FIELDS = [
    "country",
    "regions",
    "categories",
    "delivery_methods",
    "text_language",
    "languages",
    "is_free",
    "search_document",
]


@transaction.atomic
def service_refresh_derived(*, service_ids: Iterable[uuid.UUID]) -> int:
    """Recompute the derived columns and the search vector of these services."""
    ids = list(service_ids)
    services = list(
        Service.objects.filter(pk__in=ids)
        .select_related("provider")
        .prefetch_related(
            "service_areas",
            "attributes__taxonomy_term__taxonomy",
            "language_rows",
            "cost_options",
            "service_at_locations__location",
        )
    )
    for service in services:
        _derive(service)
    Service.objects.bulk_update(services, DERIVED_FIELDS, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE resources_service SET search_vector =
                setweight(to_tsvector({_CONFIG_CASE}, name || ' ' || alternate_name), 'A')
                || setweight(to_tsvector({_CONFIG_CASE}, search_document), 'B')
            WHERE id = ANY(%s)
            """,  # noqa: S608 - only our own constants are formatted in
            [ids],
        )
        # New words join the dictionary that misspelt searches are corrected against.
        cursor.execute(
            """
            INSERT INTO resources_searchword (word)
            SELECT DISTINCT word FROM resources_service,
                unnest(tsvector_to_array(to_tsvector('simple', search_document))) AS word
            WHERE id = ANY(%s) AND length(word) BETWEEN 3 AND 200
            ON CONFLICT (word) DO NOTHING
            """,
            [ids],
        )
    return len(services)


def search_words_add_vocabulary(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """The concept vocabulary's words (``concepts``) join the dictionary misspelt searches are
    corrected against, so that "wheelchar" becomes "wheelchair", and so "rolstoel" and
    "fauteuil roulant", even where no listing is written in English. Run after every
    ``migrate`` (``resources.apps``): a word the vocabulary gains is added then."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO resources_searchword (word)
            SELECT DISTINCT word FROM unnest(tsvector_to_array(to_tsvector('simple', %s))) AS word
            WHERE length(word) BETWEEN 3 AND 200
            ON CONFLICT (word) DO NOTHING
            """,
            ["\n".join(concepts.search_words())],
        )


@transaction.atomic
def saved_service_add(*, user, service: Service) -> bool:
    """Put a service on the client's list. Returns False if it was already there."""
    from .models import SavedService

    _, created = SavedService.objects.get_or_create(user=user, service=service)
    return created


@transaction.atomic
def saved_service_remove(*, user, service_id: uuid.UUID) -> bool:
    from .models import SavedService

    deleted, _ = SavedService.objects.filter(user=user, service_id=service_id).delete()
    return bool(deleted)


@transaction.atomic
def problem_report_create(*, service: Service, message: str, reported_by=None) -> ProblemReport:
    """A report about a listing, for the owning organisation's curation queue; its admins are told."""
    report = ProblemReport(service=service, message=message.strip(), reported_by=reported_by)
    report.full_clean()
    report.save()
    notifications.queue_problem_reported(report)
    return report


@transaction.atomic
def my_list_send_email(*, user) -> None:
    """E-mail the client their list (through the outbox: sent once the request has committed)."""
    notifications.queue_my_list(user)


# --- curation ----------------------------------------------------------------------------

LISTING_TEXT_FIELDS = [
    "name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "eligibility_description",
    "application_process",
    "fees_description",
    "country",
]


def _require_curator(acting_user, organisation_id) -> None:
    LISTINGS.check(acting_user, Action.CURATE, Service(owner_id=organisation_id))


def _replace_terms(service: Service, taxonomy: str, link_type: str, codes: Iterable[str]) -> None:
    from .models import Attribute, TaxonomyTerm

    Attribute.objects.filter(service=service, taxonomy_term__taxonomy_id=tx.taxonomy_id(taxonomy)).delete()
    terms = TaxonomyTerm.objects.filter(pk__in=[tx.term_id(taxonomy, code) for code in codes])
    Attribute.objects.bulk_create(
        [Attribute(service=service, taxonomy_term=term, link_type=link_type) for term in terms]
    )


@transaction.atomic
def listing_save(*, organisation, acting_user, data: dict, service: Service | None = None) -> Service:
    """Create or update a listing and its HSDS rows from the curation form's cleaned data."""
    import decimal

    from .models import CostOption, Language, Phone, Provider, ServiceArea

    _require_curator(acting_user, organisation.pk)
    provider = Provider.objects.filter(services__owner=organisation, name=data["provider_name"]).first() or Provider(
        name=data["provider_name"], description=data["provider_name"]
    )
    provider.website = data.get("provider_website") or ""
    provider.full_clean()
    provider.save()
    service = service or Service(owner=organisation, country=data["country"])
    for name in LISTING_TEXT_FIELDS:
        setattr(service, name, data.get(name) or "")
    service.minimum_age, service.maximum_age = data.get("minimum_age"), data.get("maximum_age")
    service.provider = provider
    service.owner = organisation
    service.full_clean(exclude=["search_vector"])
    service.save()

    ServiceArea.objects.filter(service=service).delete()
    areas = [data["country"], *data.get("regions", [])]
    ServiceArea.objects.bulk_create(
        [ServiceArea(service=service, name=REGION_NAMES.get(code, code), uri=f"iso3166:{code}") for code in areas]
    )
    _replace_terms(service, tx.CATEGORIES_TAXONOMY, tx.LINK_CATEGORY, data["categories"])
    _replace_terms(service, tx.DELIVERY_TAXONOMY, tx.LINK_DELIVERY, data["delivery"])
    _replace_terms(service, tx.TEXT_LANGUAGE_TAXONOMY, tx.LINK_TEXT_LANGUAGE, [data["text_language"]])
    Language.objects.filter(service=service).delete()
    Language.objects.bulk_create([Language(service=service, code=code) for code in data.get("languages", [])])
    CostOption.objects.filter(service=service, amount=0).delete()
    if data.get("free"):
        CostOption.objects.create(service=service, option="Free", amount=decimal.Decimal("0"))
    phone = Phone.objects.filter(service=service).order_by("number").first()
    if data.get("phone"):
        phone = phone or Phone(service=service)
        phone.number = data["phone"]
        phone.save()
    elif phone:
        phone.delete()
    service_refresh_derived(service_ids=[service.pk])
    service.refresh_from_db()
    return service


@transaction.atomic
def listing_retire(*, service: Service, acting_user) -> Service:
    _require_curator(acting_user, service.owner_id)
    service.status = Service.Status.DEFUNCT
    service.save(update_fields=["status", "last_modified"])
    return service


@transaction.atomic
def listing_mark_checked(*, service: Service, acting_user) -> Service:
    from django.utils import timezone

    _require_curator(acting_user, service.owner_id)
    service.assured_date = timezone.localdate()
    service.assurer_email = acting_user.email
    service.save(update_fields=["assured_date", "assurer_email", "last_modified"])
    return service


@transaction.atomic
def problem_report_resolve(*, report, acting_user, outcome: str):
    from django.utils import timezone

    PROBLEM_REPORTS.check(acting_user, Action.CURATE, report)
    if outcome not in (ProblemReport.Status.FIXED, ProblemReport.Status.DISMISSED):
        raise InvalidInput(_("Choose whether the listing was fixed or needed no change."), code="outcome")
    report.status = outcome
    report.resolved_at = timezone.now()
    report.resolved_by = acting_user
    report.save(update_fields=["status", "resolved_at", "resolved_by"])
    return report
