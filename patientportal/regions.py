"""Regions of the alliance's countries (ISO 3166-2 subdivision codes and names).

Used to scope resources and, later, to route requests. Names are the ones people there use: what
records store and search finds (``REGIONS``, ``REGION_NAMES``). Pages show them in the reader's
language (``REGION_LABELS``, ``REGION_CHOICES``, ``region_label``), as its translators name them:
``Flanders`` is ``Flandre`` in French and ``Vlaanderen`` in Dutch; a name that has no other in a
language stays as it is.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

REGIONS: dict[str, list[tuple[str, str]]] = {
    "AU": [
        ("AU-ACT", gettext_noop("Australian Capital Territory")),
        ("AU-NSW", gettext_noop("New South Wales")),
        ("AU-NT", gettext_noop("Northern Territory")),
        ("AU-QLD", gettext_noop("Queensland")),
        ("AU-SA", gettext_noop("South Australia")),
        ("AU-TAS", gettext_noop("Tasmania")),
        ("AU-VIC", gettext_noop("Victoria")),
        ("AU-WA", gettext_noop("Western Australia")),
    ],
    "BE": [
        ("BE-BRU", gettext_noop("Brussels")),
        ("BE-VLG", gettext_noop("Flanders")),
        ("BE-WAL", gettext_noop("Wallonia")),
    ],
    "CA": [
        ("CA-AB", gettext_noop("Alberta")),
        ("CA-BC", gettext_noop("British Columbia")),
        ("CA-MB", gettext_noop("Manitoba")),
        ("CA-NB", gettext_noop("New Brunswick")),
        ("CA-NL", gettext_noop("Newfoundland and Labrador")),
        ("CA-NS", gettext_noop("Nova Scotia")),
        ("CA-NT", gettext_noop("Northwest Territories")),
        ("CA-NU", gettext_noop("Nunavut")),
        ("CA-ON", gettext_noop("Ontario")),
        ("CA-PE", gettext_noop("Prince Edward Island")),
        ("CA-QC", gettext_noop("Quebec")),
        ("CA-SK", gettext_noop("Saskatchewan")),
        ("CA-YT", gettext_noop("Yukon")),
    ],
    "DE": [
        ("DE-BW", gettext_noop("Baden-Württemberg")),
        ("DE-BY", gettext_noop("Bayern")),
        ("DE-BE", gettext_noop("Berlin")),
        ("DE-BB", gettext_noop("Brandenburg")),
        ("DE-HB", gettext_noop("Bremen")),
        ("DE-HH", gettext_noop("Hamburg")),
        ("DE-HE", gettext_noop("Hessen")),
        ("DE-MV", gettext_noop("Mecklenburg-Vorpommern")),
        ("DE-NI", gettext_noop("Niedersachsen")),
        ("DE-NW", gettext_noop("Nordrhein-Westfalen")),
        ("DE-RP", gettext_noop("Rheinland-Pfalz")),
        ("DE-SL", gettext_noop("Saarland")),
        ("DE-SN", gettext_noop("Sachsen")),
        ("DE-ST", gettext_noop("Sachsen-Anhalt")),
        ("DE-SH", gettext_noop("Schleswig-Holstein")),
        ("DE-TH", gettext_noop("Thüringen")),
    ],
    "DK": [
        ("DK-84", gettext_noop("Hovedstaden")),
        ("DK-82", gettext_noop("Midtjylland")),
        ("DK-81", gettext_noop("Nordjylland")),
        ("DK-85", gettext_noop("Sjælland")),
        ("DK-83", gettext_noop("Syddanmark")),
    ],
    "ES": [
        ("ES-AN", gettext_noop("Andalucía")),
        ("ES-AR", gettext_noop("Aragón")),
        ("ES-AS", gettext_noop("Asturias")),
        ("ES-IB", gettext_noop("Illes Balears")),
        ("ES-CN", gettext_noop("Canarias")),
        ("ES-CB", gettext_noop("Cantabria")),
        ("ES-CL", gettext_noop("Castilla y León")),
        ("ES-CM", gettext_noop("Castilla-La Mancha")),
        ("ES-CT", gettext_noop("Catalunya")),
        ("ES-EX", gettext_noop("Extremadura")),
        ("ES-GA", gettext_noop("Galicia")),
        ("ES-RI", gettext_noop("La Rioja")),
        ("ES-MD", gettext_noop("Madrid")),
        ("ES-MC", gettext_noop("Murcia")),
        ("ES-NC", gettext_noop("Navarra")),
        ("ES-PV", gettext_noop("País Vasco")),
        ("ES-VC", gettext_noop("Comunitat Valenciana")),
    ],
    "GB": [
        ("GB-ENG", gettext_noop("England")),
        ("GB-NIR", gettext_noop("Northern Ireland")),
        ("GB-SCT", gettext_noop("Scotland")),
        ("GB-WLS", gettext_noop("Wales")),
    ],
    "IT": [
        ("IT-65", gettext_noop("Abruzzo")),
        ("IT-77", gettext_noop("Basilicata")),
        ("IT-78", gettext_noop("Calabria")),
        ("IT-72", gettext_noop("Campania")),
        ("IT-45", gettext_noop("Emilia-Romagna")),
        ("IT-36", gettext_noop("Friuli-Venezia Giulia")),
        ("IT-62", gettext_noop("Lazio")),
        ("IT-42", gettext_noop("Liguria")),
        ("IT-25", gettext_noop("Lombardia")),
        ("IT-57", gettext_noop("Marche")),
        ("IT-67", gettext_noop("Molise")),
        ("IT-21", gettext_noop("Piemonte")),
        ("IT-75", gettext_noop("Puglia")),
        ("IT-88", gettext_noop("Sardegna")),
        ("IT-82", gettext_noop("Sicilia")),
        ("IT-52", gettext_noop("Toscana")),
        ("IT-32", gettext_noop("Trentino-Alto Adige")),
        ("IT-55", gettext_noop("Umbria")),
        ("IT-23", gettext_noop("Valle d'Aosta")),
        ("IT-34", gettext_noop("Veneto")),
    ],
    "NL": [
        ("NL-DR", gettext_noop("Drenthe")),
        ("NL-FL", gettext_noop("Flevoland")),
        ("NL-FR", gettext_noop("Friesland")),
        ("NL-GE", gettext_noop("Gelderland")),
        ("NL-GR", gettext_noop("Groningen")),
        ("NL-LI", gettext_noop("Limburg")),
        ("NL-NB", gettext_noop("Noord-Brabant")),
        ("NL-NH", gettext_noop("Noord-Holland")),
        ("NL-OV", gettext_noop("Overijssel")),
        ("NL-UT", gettext_noop("Utrecht")),
        ("NL-ZE", gettext_noop("Zeeland")),
        ("NL-ZH", gettext_noop("Zuid-Holland")),
    ],
    "US": [
        ("US-AL", gettext_noop("Alabama")),
        ("US-AK", gettext_noop("Alaska")),
        ("US-AZ", gettext_noop("Arizona")),
        ("US-AR", gettext_noop("Arkansas")),
        ("US-CA", gettext_noop("California")),
        ("US-CO", gettext_noop("Colorado")),
        ("US-CT", gettext_noop("Connecticut")),
        ("US-DE", gettext_noop("Delaware")),
        ("US-DC", gettext_noop("District of Columbia")),
        ("US-FL", gettext_noop("Florida")),
        ("US-GA", gettext_noop("Georgia")),
        ("US-HI", gettext_noop("Hawaii")),
        ("US-ID", gettext_noop("Idaho")),
        ("US-IL", gettext_noop("Illinois")),
        ("US-IN", gettext_noop("Indiana")),
        ("US-IA", gettext_noop("Iowa")),
        ("US-KS", gettext_noop("Kansas")),
        ("US-KY", gettext_noop("Kentucky")),
        ("US-LA", gettext_noop("Louisiana")),
        ("US-ME", gettext_noop("Maine")),
        ("US-MD", gettext_noop("Maryland")),
        ("US-MA", gettext_noop("Massachusetts")),
        ("US-MI", gettext_noop("Michigan")),
        ("US-MN", gettext_noop("Minnesota")),
        ("US-MS", gettext_noop("Mississippi")),
        ("US-MO", gettext_noop("Missouri")),
        ("US-MT", gettext_noop("Montana")),
        ("US-NE", gettext_noop("Nebraska")),
        ("US-NV", gettext_noop("Nevada")),
        ("US-NH", gettext_noop("New Hampshire")),
        ("US-NJ", gettext_noop("New Jersey")),
        ("US-NM", gettext_noop("New Mexico")),
        ("US-NY", gettext_noop("New York")),
        ("US-NC", gettext_noop("North Carolina")),
        ("US-ND", gettext_noop("North Dakota")),
        ("US-OH", gettext_noop("Ohio")),
        ("US-OK", gettext_noop("Oklahoma")),
        ("US-OR", gettext_noop("Oregon")),
        ("US-PA", gettext_noop("Pennsylvania")),
        ("US-RI", gettext_noop("Rhode Island")),
        ("US-SC", gettext_noop("South Carolina")),
        ("US-SD", gettext_noop("South Dakota")),
        ("US-TN", gettext_noop("Tennessee")),
        ("US-TX", gettext_noop("Texas")),
        ("US-UT", gettext_noop("Utah")),
        ("US-VT", gettext_noop("Vermont")),
        ("US-VA", gettext_noop("Virginia")),
        ("US-WA", gettext_noop("Washington")),
        ("US-WV", gettext_noop("West Virginia")),
        ("US-WI", gettext_noop("Wisconsin")),
        ("US-WY", gettext_noop("Wyoming")),
    ],
}

REGION_NAMES: dict[str, str] = {code: name for regions in REGIONS.values() for code, name in regions}

#: The names for people, in the language of the page: what pages show. (``gettext_noop`` above puts
#: the names in the catalogues; they are translated here, from the variable.)
REGION_LABELS: dict[str, Any] = {code: gettext_lazy(name) for code, name in REGION_NAMES.items()}
#: ``REGIONS`` with the names for people, for choices in forms.
REGION_CHOICES: dict[str, list[tuple[str, Any]]] = {
    country: [(code, REGION_LABELS[code]) for code, _name in regions] for country, regions in REGIONS.items()
}


def region_label(code: str) -> Any:
    """A region's name in the language of the page; a code we do not know (a region recorded by
    name) as it is."""
    return REGION_LABELS.get(code, code)


def country_of(region_code: str) -> str:
    return region_code.split("-", 1)[0]
