"""The answers to the request questions, shared by the draft, the intake kept with the case and
the client's contact preferences."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from patientportal.encryption import EncryptedTextField
from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES

from ..choices import CATEGORY_CHOICES, AccessNeed, Agreement, ContactMethod, Relationship, TimeOfDay, Weekday

#: Limits stated to the person typing, and enforced by forms and models (``full_clean()``); the
#: database also enforces those of its plain columns, not of the encrypted ones (it cannot read them).
NAME_MAX = 100
DESCRIPTION_MAX = 2000
MESSAGE_MAX = 5000
ADDRESS_MAX = 500
REASON_MAX = 1000


class ContactAnswers(models.Model):
    """How and when to contact the person: asked in the request, changeable by the client later."""

    contact_methods = ArrayField(
        models.CharField(max_length=10, choices=ContactMethod.choices), default=list, blank=True
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True, validators=[MaxLengthValidator(ADDRESS_MAX)])
    best_days = ArrayField(models.PositiveSmallIntegerField(choices=Weekday.choices), default=list, blank=True)
    best_times = ArrayField(models.CharField(max_length=10, choices=TimeOfDay.choices), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True)
    access_needs = ArrayField(models.CharField(max_length=20, choices=AccessNeed.choices), default=list, blank=True)
    other_contact_name = models.CharField(_("name of the person to speak to"), max_length=NAME_MAX, blank=True)
    other_contact_phone = models.CharField(_("their phone number"), max_length=30, blank=True)
    #: Encrypted at rest: in the person's own words.
    access_other = EncryptedTextField(_("anything else"), blank=True, validators=[MaxLengthValidator(ADDRESS_MAX)])

    class Meta:
        abstract = True


class RequestAnswers(ContactAnswers):
    """Every answer to the request questions."""

    for_self = models.BooleanField(_("who needs help"), null=True, blank=True)
    person_name = models.CharField(_("their name"), max_length=NAME_MAX, blank=True)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices, blank=True)
    person_agreed = models.CharField(_("they agreed"), max_length=10, choices=Agreement.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    region = models.CharField(_("region"), max_length=8, blank=True)
    categories = ArrayField(
        models.CharField(max_length=40, choices=CATEGORY_CHOICES), default=list, blank=True, verbose_name=_("needs")
    )
    #: Encrypted at rest: in the person's own words.
    description = EncryptedTextField(
        _("in their own words"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)]
    )
    is_urgent = models.BooleanField(_("urgent"), null=True, blank=True)
    consent_version = models.CharField(_("consent wording version"), max_length=20, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    class Meta:
        abstract = True


#: The contact preference fields: copied from the answers into the first ContactPreferences.
CONTACT_FIELDS = [f.name for f in ContactAnswers._meta.local_fields]
#: Every answer field (the contact fields included), copied from a draft to the intake of its case.
ANSWER_FIELDS = [f.name for f in RequestAnswers._meta.local_fields]
