"""factory_boy factories for accounts models."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import Holiday, Organisation, Role, User

TEST_PASSWORD = "correct-horse-battery-staple"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test MS Society {n}")
    short_name = factory.Sequence(lambda n: f"TMS{n}")
    countries = factory.LazyFunction(lambda: ["GB"])
    timezone = "Europe/London"
    languages = factory.LazyFunction(lambda: ["en"])
    first_contact_target_days = 2


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    organisation = factory.SubFactory(OrganisationFactory)
    date = factory.Faker("date_this_year")
    name = "Bank holiday"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified client. Use the role factories below for staff (they come with MFA)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CLIENT
    organisation = None
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ClientFactory(UserFactory):
    role = Role.CLIENT


class CarerFactory(UserFactory):
    role = Role.CLIENT
    is_carer = True


class StaffFactory(UserFactory):
    """Staff have an organisation and a TOTP authenticator unless ``mfa=False``."""

    organisation = factory.SubFactory(OrganisationFactory)
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(self, TEST_TOTP_SECRET)


class AdvocateFactory(StaffFactory):
    role = Role.ADVOCATE
    regions = factory.LazyFunction(lambda: ["London"])


class SupervisorFactory(StaffFactory):
    role = Role.SUPERVISOR


class OrgAdminFactory(StaffFactory):
    role = Role.ORG_ADMIN


class SiteAdminFactory(StaffFactory):
    role = Role.SITE_ADMIN
    organisation = None
