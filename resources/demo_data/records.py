"""The shapes the hand-written demo directory is written in (read by ``build.py``).

Each ``content_xx.py`` module beside this file describes one member country: its
organisations, its places (HSDS ``location`` + ``address``) and its services, each written by
hand. ``build.py`` turns them into the HSDS 3.0 tabular data package and checks them.
"""

from __future__ import annotations

from dataclasses import dataclass

WEEKDAYS = "MO,TU,WE,TH,FR"


@dataclass(frozen=True, kw_only=True)
class Org:
    """HSDS ``organization``."""

    slug: str
    name: str
    description: str
    alternate_name: str = ""
    email: str = ""
    website: str = ""
    phone: str = ""  # the organisation's own switchboard, if it has one


@dataclass(frozen=True, kw_only=True)
class Place:
    """HSDS ``location`` with its one ``address``; ``virtual`` places have a url and no address."""

    slug: str
    org: str
    name: str
    area: str = ""  # ISO 3166-2 code of the state, province or region the place is in
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    postal_code: str = ""
    district: str = ""  # HSDS address.region: county, metropolitan area, municipality
    lat: float | None = None
    lon: float | None = None
    description: str = ""
    transportation: str = ""
    access: tuple = ()  # keys of ACCESS, or (key, details)
    phone: str = ""
    url: str = ""
    lang: str = ""  # language the place is described in; the country's when empty
    virtual: bool = False


@dataclass(frozen=True)
class Hours:
    """HSDS ``schedule``: weekly opening hours, optionally at one place."""

    byday: str
    opens: str
    closes: str
    note: str = ""
    place: str = ""


@dataclass(frozen=True)
class Cost:
    """HSDS ``cost_option``. ``amount`` 0 means free; None means it depends (say so in ``note``)."""

    option: str
    amount: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Phone:
    number: str
    type: str = "voice"  # voice, text, textphone, fax
    description: str = ""
    extension: str = ""


@dataclass(frozen=True, kw_only=True)
class Service:
    """HSDS ``service`` and everything that hangs off it."""

    slug: str
    org: str
    name: str
    description: str
    categories: tuple | list
    delivery: tuple | list
    spoken: tuple | list  # ISO 639-1 codes of the languages staff speak
    checked: str  # assured_date, YYYY-MM-DD
    regions: tuple | list = ()  # ISO 3166-2 codes it is limited to; whole country when empty
    places: tuple | list = ()  # place slugs, or (slug, what happens there)
    hours: tuple | list = ()
    alternate_name: str = ""
    eligibility: str = ""
    apply: str = ""
    fees: str = ""
    costs: tuple | list = ()
    documents: tuple | list = ()
    phones: tuple | list = ()  # numbers (voice) or Phone
    email: str = ""
    url: str = ""
    interpreting: str = ""
    min_age: int | None = None
    max_age: int | None = None
    status: str = "active"
    alert: str = ""
    lang: str = ""  # language the listing is written in; the country's when empty
    language_notes: tuple | list = ()  # (code, note) about a spoken language


#: Accessibility features of a place, in each language a place can be described in.
ACCESS = {
    "step_free": {
        "en": "Step-free access",
        "fr": "Accès de plain-pied",
        "de": "Stufenloser Zugang",
        "it": "Accesso senza gradini",
        "es": "Acceso sin escalones",
        "nl": "Drempelvrije toegang",
        "da": "Niveaufri adgang",
    },
    "toilet": {
        "en": "Accessible toilet",
        "fr": "Toilettes adaptées",
        "de": "Barrierefreies WC",
        "it": "Bagno accessibile",
        "es": "Aseo adaptado",
        "nl": "Aangepast toilet",
        "da": "Handicaptoilet",
    },
    "hearing_loop": {
        "en": "Hearing loop",
        "fr": "Boucle magnétique pour malentendants",
        "de": "Induktionsschleife für Hörgeräte",
        "it": "Anello a induzione magnetica",
        "es": "Bucle magnético",
        "nl": "Ringleiding",
        "da": "Teleslynge",
    },
    "parking": {
        "en": "Accessible parking",
        "fr": "Places de parking réservées",
        "de": "Behindertenparkplätze",
        "it": "Parcheggio riservato",
        "es": "Aparcamiento reservado",
        "nl": "Gehandicaptenparkeerplaatsen",
        "da": "Handicapparkering",
    },
    "lift": {
        "en": "Lift to every floor",
        "fr": "Ascenseur à tous les étages",
        "de": "Aufzug in alle Etagen",
        "it": "Ascensore a tutti i piani",
        "es": "Ascensor a todas las plantas",
        "nl": "Lift naar alle verdiepingen",
        "da": "Elevator til alle etager",
    },
    "seating": {
        "en": "Seats with arms while you wait",
        "fr": "Sièges avec accoudoirs dans la salle d'attente",
        "de": "Stühle mit Armlehnen im Wartebereich",
        "it": "Sedie con braccioli in sala d'attesa",
        "es": "Sillas con reposabrazos en la sala de espera",
        "nl": "Stoelen met armleuningen in de wachtruimte",
        "da": "Stole med armlæn i venteområdet",
    },
    "automatic_door": {
        "en": "Automatic doors",
        "fr": "Portes automatiques",
        "de": "Automatische Türen",
        "it": "Porte automatiche",
        "es": "Puertas automáticas",
        "nl": "Automatische deuren",
        "da": "Automatiske døre",
    },
    "large_print": {
        "en": "Large-print and easy-read information",
        "fr": "Documents en gros caractères et en langage facile",
        "de": "Informationen in großer Schrift und Leichter Sprache",
        "it": "Materiale a caratteri grandi e in linguaggio facile",
        "es": "Información en letra grande y lectura fácil",
        "nl": "Informatie in grote letters en makkelijke taal",
        "da": "Materiale med stor skrift og let sprog",
    },
    "quiet_room": {
        "en": "Quiet room to rest",
        "fr": "Pièce calme pour se reposer",
        "de": "Ruheraum zum Ausruhen",
        "it": "Stanza tranquilla per riposare",
        "es": "Sala tranquila para descansar",
        "nl": "Rustige ruimte om even uit te rusten",
        "da": "Stille rum til hvil",
    },
}

#: English names of the spoken-language codes used in the content.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "es": "Spanish",
    "nl": "Dutch",
    "da": "Danish",
    "ar": "Arabic",
    "zh": "Chinese",
    "pl": "Polish",
    "pt": "Portuguese",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "cy": "Welsh",
    "pa": "Punjabi",
    "ur": "Urdu",
    "so": "Somali",
}
