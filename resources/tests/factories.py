"""factory_boy factories for the directory. ``ServiceFactory`` builds the HSDS rows for a
listing from plain keyword arguments and recomputes its derived search columns."""

from __future__ import annotations

import datetime
import decimal

import factory

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from resources import taxonomy as tx
from resources.models import (
    Accessibility,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    ProblemReport,
    Provider,
    RequiredDocument,
    SavedService,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from resources.services import service_refresh_derived


def owner_for(country: str) -> Organisation:
    return Organisation.objects.filter(countries__contains=[country]).first() or OrganisationFactory(
        countries=[country]
    )


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Helping Hands Trust {n}")
    description = "A charity that helps disabled people live independently."
    website = "https://helping-hands.example/"


class ServiceFactory(factory.django.DjangoModelFactory):
    """A listing with its HSDS rows, built from plain arguments, search columns refreshed:
    ``ServiceFactory(country="CA", regions=["CA-ON"], categories=["financial_assistance"],
    delivery=["phone"], spoken=["en", "fr"], text_language="en", free=True)``."""

    class Meta:
        model = Service

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Community support service {n}")
    description = "Practical help for people living with MS."
    country = "GB"
    owner = factory.LazyAttribute(lambda s: owner_for(s.country))
    assured_date = factory.LazyFunction(lambda: datetime.date(2026, 9, 1))

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        regions=(),
        categories=(),
        delivery=("phone",),
        spoken=("en",),
        text_language="en",
        free=False,
        **kwargs,
    ):
        service = super()._create(model_class, *args, **kwargs)
        ServiceArea.objects.create(service=service, name=service.country, uri=f"iso3166:{service.country}")
        for code in regions:
            ServiceArea.objects.create(service=service, name=code, uri=f"iso3166:{code}")
        terms = [(tx.CATEGORIES_TAXONOMY, code, tx.LINK_CATEGORY) for code in categories]
        terms += [(tx.DELIVERY_TAXONOMY, code, tx.LINK_DELIVERY) for code in delivery]
        terms.append((tx.TEXT_LANGUAGE_TAXONOMY, text_language, tx.LINK_TEXT_LANGUAGE))
        for taxonomy, code, link_type in terms:
            term = TaxonomyTerm.objects.get(pk=tx.term_id(taxonomy, code))
            Attribute.objects.create(service=service, taxonomy_term=term, link_type=link_type)
        for code in spoken:
            Language.objects.create(service=service, code=code)
        if free:
            CostOption.objects.create(service=service, option="Free", amount=decimal.Decimal("0"))
        service_refresh_derived(service_ids=[service.pk])
        service.refresh_from_db()
        return service


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = "Resource centre"
    address_1 = "1 High Street"
    city = "Glasgow"
    postal_code = "G1 1AA"
    address_country = "GB"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    number = "0800 000 0000"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    byday = "MO,TU,WE,TH,FR"
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(17, 0)


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    document = "Proof of address"


class AccessibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accessibility

    location = factory.SubFactory(LocationFactory)
    description = "Step-free access"


class ProblemReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemReport

    service = factory.SubFactory(ServiceFactory)
    message = "The phone number has changed."


class SavedServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedService

    service = factory.SubFactory(ServiceFactory)
