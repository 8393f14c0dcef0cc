"""Side concerns of saving accounts' records (and their second factors): forgetting what is cached
about them."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Organisation
from .selectors import organisation_forget_basics, user_forget_second_factor


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def _forget_organisation_basics(sender, instance: Organisation, **kwargs) -> None:
    """Its time zone and name are cached for every page (``organisation_basics``): saved through
    a service or the admin, the next page reads them again, once the change is committed."""
    organisation_id = instance.pk
    transaction.on_commit(lambda: organisation_forget_basics(organisation_id=organisation_id))


@receiver(post_save, sender=Authenticator)
@receiver(post_delete, sender=Authenticator)
def _forget_second_factor(sender, instance: Authenticator, **kwargs) -> None:
    """Staff pages ask whether the user has a second factor from the cache (``user_has_second_factor``):
    a removed authenticator is forgotten at once, before the change is committed and after."""
    user_forget_second_factor(user_id=instance.user_id)
    transaction.on_commit(lambda: user_forget_second_factor(user_id=instance.user_id))
