"""factory_boy factories for the audit models."""

import factory

from accounts.tests.factories import UserFactory
from patientportal.models import AccessEvent, AuthEvent


class AccessEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessEvent

    user = factory.SubFactory(UserFactory)
    action = "view"
    object_type = "accounts.user"
    object_id = factory.LazyAttribute(lambda event: str(event.user.pk))
    path = "/team/"


class AuthEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthEvent

    kind = AuthEvent.Kind.LOGIN_SUCCESS
    user = factory.SubFactory(UserFactory)
    ip_address = "127.0.0.1"
    path = "/accounts/login/"
