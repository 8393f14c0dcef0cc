"""Our taxonomies, stored as HSDS taxonomy terms with stable ids (uuid5 of taxonomy and code).

Categories are the needs people with progressive MS most often ask about. Delivery methods
and the language a listing is written in are taxonomies too, so that they travel in HSDS
``attribute`` rows.
"""

from __future__ import annotations

import uuid

from django.utils.translation import gettext_lazy as _

NAMESPACE = uuid.UUID("6f1c3f0e-2a52-4c1e-9a51-2f7b5a8f0c11")

CATEGORIES_TAXONOMY = "Patient Portal: MS needs"
DELIVERY_TAXONOMY = "Patient Portal: how it is delivered"
TEXT_LANGUAGE_TAXONOMY = "ISO 639-1: language of the listing"

LINK_CATEGORY = "category"
LINK_DELIVERY = "delivery_method"
LINK_TEXT_LANGUAGE = "text_language"

#: code -> (name, description)
CATEGORIES = {
    "financial_assistance": (
        _("Financial assistance"),
        _("Grants and money towards costs such as equipment or bills."),
    ),
    "equipment_mobility": (
        _("Equipment and mobility aids"),
        _("Wheelchairs, scooters, walking aids and daily living aids."),
    ),
    "home_vehicle_modification": (
        _("Home and vehicle changes"),
        _("Stairlifts, ramps, bathroom changes and car adaptations."),
    ),
    "transport": (_("Transport"), _("Getting to appointments, accessible travel and parking.")),
    "employment_benefits": (
        _("Work and benefits"),
        _("Staying in work, your rights at work, and disability benefits."),
    ),
    "insurance_legal": (_("Insurance and legal help"), _("Health insurance, appeals and legal advice.")),
    "housing": (_("Housing"), _("Accessible housing and help with housing problems.")),
    "caregiving_respite": (_("Care and respite"), _("Care at home, support for carers and short breaks.")),
    "emotional_support": (
        _("Emotional support and counselling"),
        _("Someone to talk to, counselling and peer groups."),
    ),
    "healthcare_rehabilitation": (
        _("Health care and rehabilitation"),
        _("MS nurses, physiotherapy, therapy and clinics."),
    ),
    "clinical_trials": (_("Clinical trials and research"), _("Taking part in research and trials.")),
    "wellness_exercise": (_("Wellness and exercise"), _("Exercise, fatigue management and healthy living.")),
    "information_education": (_("Information and learning"), _("Understanding MS, courses and helplines.")),
}

DELIVERY = {
    "in_person": (_("In person"), _("At a place you go to.")),
    "phone": (_("By phone"), _("On the phone or by text relay.")),
    "online": (_("Online"), _("On a website, by e-mail or by video call.")),
    "home_visit": (_("Home visit"), _("Someone comes to your home.")),
}

#: Languages a listing may be written in, with the PostgreSQL text search configuration.
TEXT_LANGUAGES = {
    "en": ("English", "english"),
    "fr": ("Français", "french"),
    "de": ("Deutsch", "german"),
    "it": ("Italiano", "italian"),
    "es": ("Español", "spanish"),
    "nl": ("Nederlands", "dutch"),
    "da": ("Dansk", "danish"),
}


#: "Written in Dutch", shown on a search result written in another language than the page's:
#: a whole sentence for each language, so that each translation can word it as it needs.
WRITTEN_IN = {
    "en": _("Written in English"),
    "fr": _("Written in French"),
    "de": _("Written in German"),
    "it": _("Written in Italian"),
    "es": _("Written in Spanish"),
    "nl": _("Written in Dutch"),
    "da": _("Written in Danish"),
}


def term_id(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{taxonomy}/{code}")


def taxonomy_id(taxonomy: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, taxonomy)


def search_config(text_language: str) -> str:
    return TEXT_LANGUAGES.get(text_language, ("", "simple"))[1]


def category_name(code: str) -> str:
    return str(CATEGORIES.get(code, (code,))[0])


def delivery_name(code: str) -> str:
    return str(DELIVERY.get(code, (code,))[0])


def written_in(text_language: str) -> str:
    return str(WRITTEN_IN.get(text_language) or _("Written in another language"))


def ensure_taxonomies(taxonomy_model=None, term_model=None) -> None:
    """Create or update our taxonomies and terms. Used by migration 0002 (with its historical
    models) and by the test setup (a flush by a transactional test would remove them)."""
    if taxonomy_model is None:
        from .models import Taxonomy as taxonomy_model
        from .models import TaxonomyTerm as term_model

    sets = [
        (CATEGORIES_TAXONOMY, "Categories of help for people living with progressive MS.", CATEGORIES),
        (DELIVERY_TAXONOMY, "How a service is delivered.", DELIVERY),
        (
            TEXT_LANGUAGE_TAXONOMY,
            "The language a listing is written in (ISO 639-1).",
            {code: (name, name) for code, (name, _config) in TEXT_LANGUAGES.items()},
        ),
    ]
    for name, description, terms in sets:
        taxonomy, _ = taxonomy_model.objects.update_or_create(
            id=taxonomy_id(name), defaults={"name": name, "description": description}
        )
        for code, (term_name, term_description) in terms.items():
            term_model.objects.update_or_create(
                id=term_id(name, code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": str(term_name),
                    "description": str(term_description),
                    "language": "en",
                },
            )
