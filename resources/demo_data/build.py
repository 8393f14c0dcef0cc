"""Build the demo resource directory: an Open Referral HSDS 3.0 tabular data package.

Run it from the project root::

    .venv/bin/python resources/demo_data/build.py

It reads the hand-written content in ``content_xx.py`` (one module per member country, in the
shapes of ``records.py``), checks it, writes one CSV per HSDS table and ``datapackage.json``
into this directory, then reads the package back and checks it again. It exits non-zero and
says why when a check fails. The output is deterministic: every id is a uuid5 of a slug, so
a second run writes the same bytes.

Taxonomy and term ids are the ones ``resources/taxonomy.py`` gives them, so the attributes
point at the terms the application already has.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import re
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (str(HERE), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

from django.conf import settings  # noqa: E402

if not settings.configured:
    # Only the constants of resources.taxonomy and patientportal.reference are used; their
    # lazy translations need settings, not a database. English names, as the app stores them.
    settings.configure(USE_I18N=False)

from records import ACCESS, LANGUAGE_NAMES, Phone  # noqa: E402

from patientportal.reference import COUNTRY_CHOICES, LANGUAGE_CHOICES  # noqa: E402
from patientportal.regions import REGION_NAMES, REGIONS  # noqa: E402
from resources import taxonomy as tx  # noqa: E402
from resources.hsds.schema import TABLES as HSDS_TABLES  # noqa: E402

COUNTRIES = ["US", "CA", "GB", "AU", "IT", "DE", "ES", "NL", "BE", "DK"]
#: Languages a country's listings may be written in.
TEXT_LANGUAGES = {
    "US": {"en"},
    "CA": {"en", "fr"},
    "GB": {"en"},
    "AU": {"en"},
    "IT": {"it"},
    "DE": {"de"},
    "ES": {"es"},
    "NL": {"nl"},
    "BE": {"fr", "nl"},
    "DK": {"da"},
}
CURRENCIES = {"US": "USD", "CA": "CAD", "GB": "GBP", "AU": "AUD", "DK": "DKK"}
#: The day the content was last reviewed; "older than 12 months" is counted from here.
REFERENCE_DATE = dt.date(2026, 11, 24)
MIN_SERVICES, MIN_PER_COUNTRY = 150, 12
#: Local names of Belgium's regions, by the language a place is described in.
LOCAL_REGION_NAMES = {
    ("BE-BRU", "fr"): "Région de Bruxelles-Capitale",
    ("BE-BRU", "nl"): "Brussels Hoofdstedelijk Gewest",
    ("BE-WAL", "fr"): "Wallonie",
    ("BE-VLG", "nl"): "Vlaanderen",
}

DEMO_NAMESPACE = uuid.uuid5(tx.NAMESPACE, "demo_data")

TABLES: dict[str, list[str]] = {
    "organization": ["id", "name", "alternate_name", "description", "email", "website"],
    "service": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "alert",
    ],
    "location": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "description",
        "transportation",
        "latitude",
        "longitude",
    ],
    "address": [
        "id",
        "location_id",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "phone": ["id", "location_id", "service_id", "organization_id", "number", "extension", "type", "description"],
    "schedule": ["id", "service_id", "location_id", "freq", "byday", "opens_at", "closes_at", "description"],
    "language": ["id", "service_id", "location_id", "name", "code", "note"],
    "service_area": ["id", "service_id", "name", "description", "uri"],
    "taxonomy": ["id", "name", "description", "uri", "version"],
    "taxonomy_term": ["id", "code", "name", "description", "parent_id", "taxonomy_id", "language", "term_uri"],
    "attribute": ["id", "link_id", "link_entity", "link_type", "taxonomy_term_id", "value"],
    "cost_option": ["id", "service_id", "option", "currency", "amount", "amount_description"],
    "required_document": ["id", "service_id", "document", "uri"],
    "accessibility": ["id", "location_id", "description", "details", "url"],
}
FIELD_TYPES = {
    "latitude": "number",
    "longitude": "number",
    "amount": "number",
    "minimum_age": "integer",
    "maximum_age": "integer",
    "assured_date": "date",
}
#: (table, column) -> table it points at.
FOREIGN_KEYS = {
    ("service", "organization_id"): "organization",
    ("location", "organization_id"): "organization",
    ("address", "location_id"): "location",
    ("service_at_location", "service_id"): "service",
    ("service_at_location", "location_id"): "location",
    ("phone", "location_id"): "location",
    ("phone", "service_id"): "service",
    ("phone", "organization_id"): "organization",
    ("schedule", "service_id"): "service",
    ("schedule", "location_id"): "location",
    ("language", "service_id"): "service",
    ("language", "location_id"): "location",
    ("service_area", "service_id"): "service",
    ("taxonomy_term", "parent_id"): "taxonomy_term",
    ("taxonomy_term", "taxonomy_id"): "taxonomy",
    ("attribute", "link_id"): "service",
    ("attribute", "taxonomy_term_id"): "taxonomy_term",
    ("cost_option", "service_id"): "service",
    ("required_document", "service_id"): "service",
    ("accessibility", "location_id"): "location",
}
#: Columns the application stores in 250 (or fewer) characters.
MAX_LENGTHS = {
    ("organization", "name"): 250,
    ("organization", "alternate_name"): 250,
    ("service", "name"): 250,
    ("service", "alternate_name"): 250,
    ("location", "name"): 250,
    ("address", "address_1"): 250,
    ("address", "city"): 100,
    ("address", "region"): 100,
    ("address", "state_province"): 100,
    ("address", "postal_code"): 20,
    ("phone", "number"): 50,
    ("phone", "extension"): 10,
    ("phone", "description"): 250,
    ("schedule", "byday"): 30,
    ("schedule", "description"): 250,
    ("language", "note"): 250,
    ("service_area", "name"): 250,
    ("service_area", "uri"): 100,
    ("cost_option", "option"): 250,
    ("cost_option", "amount_description"): 250,
    ("required_document", "document"): 250,
    ("accessibility", "description"): 250,
}
FICTIONAL_PHONES = {
    # Ranges set aside for drama and examples, where the country has them.
    "US": r"^(\(\d{3}\) |1-\d{3}-)555-01\d\d$",
    "CA": r"^(\(\d{3}\) |1-\d{3}-)555-01\d\d$",
    "GB": r"^(01632 960\d{3}|020 7946 0\d{3}|0(113|114|115|116|117|118|121|131|141|151|161) 496 0\d{3}"
    r"|029 2018 0\d{3}|0808 157 0\d{3}|03069 990\d{3}|07700 900\d{3})$",
    "AU": r"^(0[2378] (5550|7010) \d{4}|1800 975 70\d|1800 160 401|1300 975 7(0[7-9]|1[01]))$",
    "DE": r"^(030 23125 \d{3}|040 66969 \d{3}|069 90009 \d{3}|089 99998 \d{3}|0221 4710 \d{3}|0\d{2,4} 000 \d{2} \d{2}"
    r"|0800 000 \d{4})$",
}
OTHER_PHONES = r"(^|\D)00(\D|0)"  # elsewhere: an obviously empty exchange ("06 0000 0142", "33 00 01 42")


def make_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, f"{kind}/{key}"))


class ContentError(Exception):
    pass


def load_content():
    modules = {}
    for country in COUNTRIES:
        module = importlib.import_module(f"content_{country.lower()}")
        if country != module.COUNTRY:
            raise ContentError(f"content_{country.lower()} says COUNTRY = {module.COUNTRY!r}")
        modules[country] = module
    return modules


def phones_of(value) -> list[Phone]:
    if not value:
        return []
    if isinstance(value, str | Phone):
        value = [value]
    return [Phone(item) if isinstance(item, str) else item for item in value]


def build(modules) -> tuple[dict[str, list[dict]], list[str], dict]:
    """Turn the content into HSDS rows. Returns the tables, the content problems and a summary."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    problems: list[str] = []
    spoken_codes = {code for code, _name in LANGUAGE_CHOICES} - {"sgn"}  # ISO 639-1 only
    country_names = {code: str(name) for code, name in COUNTRY_CHOICES}
    summary = {"per_country": Counter(), "per_category": Counter(), "coverage": defaultdict(Counter)}
    summary["text_languages"] = Counter()
    summary["stale"], summary["closed"] = [], []

    def add(table: str, **row) -> str:
        row = {column: "" if row.get(column) is None else str(row.get(column)) for column in TABLES[table]}
        tables[table].append(row)
        return row["id"]

    # Taxonomies and terms, with the ids the application gives them.
    taxonomy_sets = [
        (tx.CATEGORIES_TAXONOMY, "Categories of help for people living with progressive MS.", tx.CATEGORIES),
        (tx.DELIVERY_TAXONOMY, "How a service is delivered.", tx.DELIVERY),
        (
            tx.TEXT_LANGUAGE_TAXONOMY,
            "The language a listing is written in (ISO 639-1).",
            {code: (name, name) for code, (name, _config) in tx.TEXT_LANGUAGES.items()},
        ),
    ]
    for name, description, terms in taxonomy_sets:
        taxonomy = add("taxonomy", id=tx.taxonomy_id(name), name=name, description=description)
        for code, (term_name, term_description) in terms.items():
            add(
                "taxonomy_term",
                id=tx.term_id(name, code),
                code=code,
                name=str(term_name),
                description=str(term_description),
                taxonomy_id=taxonomy,
                language="en",
            )

    orgs: dict[str, str] = {}
    places: dict[str, tuple[str, object]] = {}  # slug -> (country, place)
    used_places: set[str] = set()
    org_services: Counter = Counter()
    slugs: set[str] = set()

    def check_web(where: str, email: str = "", url: str = "") -> None:
        if email and not re.fullmatch(r"[a-z0-9.+-]+@[a-z0-9.-]+\.example", email):
            problems.append(f"{where}: e-mail {email!r} is not on a .example domain")
        if url and not re.fullmatch(r"https://[a-z0-9.-]+\.example/\S*", url):
            problems.append(f"{where}: url {url!r} is not https on a .example domain")

    def check_phone(where: str, country: str, number: str) -> None:
        pattern = FICTIONAL_PHONES.get(country)
        if (pattern and not re.fullmatch(pattern, number)) or (not pattern and not re.search(OTHER_PHONES, number)):
            problems.append(f"{where}: {number!r} does not look fictional for {country}")

    def unique(slug: str) -> None:
        if slug in slugs:
            problems.append(f"slug {slug!r} is used twice")
        slugs.add(slug)

    for country, module in modules.items():
        for org in module.ORGANISATIONS:
            unique(org.slug)
            orgs[org.slug] = add(
                "organization",
                id=make_id("organization", org.slug),
                name=org.name,
                alternate_name=org.alternate_name,
                description=org.description,
                email=org.email,
                website=org.website,
            )
            check_web(org.slug, org.email, org.website)
            for number, phone in enumerate(phones_of(org.phone)):
                check_phone(org.slug, country, phone.number)
                add(
                    "phone",
                    id=make_id("phone", f"{org.slug}/{number}"),
                    organization_id=orgs[org.slug],
                    number=phone.number,
                    extension=phone.extension,
                    type=phone.type,
                    description=phone.description,
                )

    for country, module in modules.items():
        for place in module.PLACES:
            unique(place.slug)
            lang = place.lang or module.LANGUAGE
            if place.org not in orgs:
                problems.append(f"{place.slug}: unknown organisation {place.org!r}")
                continue
            location = add(
                "location",
                id=make_id("location", place.slug),
                location_type="virtual" if place.virtual else "physical",
                url=place.url,
                organization_id=orgs[place.org],
                name=place.name,
                description=place.description,
                transportation=place.transportation,
                latitude=f"{place.lat:.6f}" if place.lat is not None else "",
                longitude=f"{place.lon:.6f}" if place.lon is not None else "",
            )
            places[place.slug] = (country, place)
            check_web(place.slug, url=place.url)
            if place.virtual:
                if not place.url or place.address_1:
                    problems.append(f"{place.slug}: a virtual place has a url and no address")
            else:
                if not (place.address_1 and place.city and place.postal_code and place.lat and place.lon):
                    problems.append(f"{place.slug}: a physical place needs street, city, postcode and coordinates")
                if place.area not in dict(REGIONS[country]):
                    problems.append(f"{place.slug}: area {place.area!r} is not a region of {country}")
                if country in {"US", "CA", "AU"}:
                    state = place.area.split("-", 1)[1]
                else:
                    state = LOCAL_REGION_NAMES.get((place.area, lang), REGION_NAMES.get(place.area, ""))
                add(
                    "address",
                    id=make_id("address", place.slug),
                    location_id=location,
                    address_1=place.address_1,
                    address_2=place.address_2,
                    city=place.city,
                    region=place.district,
                    state_province=state,
                    postal_code=place.postal_code,
                    country=country,
                    address_type="physical",
                )
            for number, phone in enumerate(phones_of(place.phone)):
                check_phone(place.slug, country, phone.number)
                add(
                    "phone",
                    id=make_id("phone", f"{place.slug}/{number}"),
                    location_id=location,
                    number=phone.number,
                    extension=phone.extension,
                    type=phone.type,
                    description=phone.description,
                )
            for feature in place.access:
                key, details = (feature, "") if isinstance(feature, str) else feature
                if key not in ACCESS:
                    problems.append(f"{place.slug}: unknown accessibility feature {key!r}")
                    continue
                add(
                    "accessibility",
                    id=make_id("accessibility", f"{place.slug}/{key}"),
                    location_id=location,
                    description=ACCESS[key][lang],
                    details=details,
                )
            if not place.virtual and not place.access:
                problems.append(f"{place.slug}: say something about access")

    for country, module in modules.items():
        currency = CURRENCIES.get(country, "EUR")
        for service in module.SERVICES:
            unique(service.slug)
            where = service.slug
            lang = service.lang or module.LANGUAGE
            if service.org not in orgs:
                problems.append(f"{where}: unknown organisation {service.org!r}")
                continue
            org_services[service.org] += 1
            if lang not in TEXT_LANGUAGES[country]:
                problems.append(f"{where}: written in {lang!r}, not a language of {country}'s listings")
            if "CA-QC" in service.regions and lang != "fr":
                problems.append(f"{where}: Quebec services are written in French")
            if service.status not in {"active", "inactive", "defunct", "temporarily closed"}:
                problems.append(f"{where}: unknown status {service.status!r}")
            if service.status == "temporarily closed":
                summary["closed"].append(service.slug)
                if not service.alert:
                    problems.append(f"{where}: a temporarily closed service needs an alert")
            if service.min_age is not None and service.max_age is not None and service.min_age > service.max_age:
                problems.append(f"{where}: minimum age is above maximum age")
            try:
                checked = dt.date.fromisoformat(service.checked)
            except ValueError:
                problems.append(f"{where}: checked {service.checked!r} is not a date")
                checked = REFERENCE_DATE
            if not dt.date(2025, 1, 1) <= checked <= REFERENCE_DATE:
                problems.append(f"{where}: checked {checked} is outside 2025 to {REFERENCE_DATE}")
            if (REFERENCE_DATE - checked).days > 365:
                summary["stale"].append(service.slug)
            check_web(where, service.email, service.url)
            for text in ("name", "description", "eligibility", "apply", "fees"):
                if not getattr(service, text).strip():
                    problems.append(f"{where}: {text} is empty")
            service_id = add(
                "service",
                id=make_id("service", service.slug),
                organization_id=orgs[service.org],
                name=service.name,
                alternate_name=service.alternate_name,
                description=service.description,
                url=service.url,
                email=service.email,
                status=service.status,
                interpretation_services=service.interpreting,
                application_process=service.apply,
                fees_description=service.fees,
                eligibility_description=service.eligibility,
                minimum_age=service.min_age,
                maximum_age=service.max_age,
                assured_date=service.checked,
                assurer_email=module.ASSURER,
                alert=service.alert,
            )
            summary["per_country"][country] += 1
            summary["text_languages"][f"{country}:{lang}"] += 1

            # Where it is available: the country, and the regions it is limited to.
            add(
                "service_area",
                id=make_id("service_area", f"{service.slug}/{country}"),
                service_id=service_id,
                name=country_names[country],
                uri=f"iso3166:{country}",
            )
            for region in service.regions:
                if region not in dict(REGIONS[country]):
                    problems.append(f"{where}: {region!r} is not a region of {country} in patientportal/regions.py")
                    continue
                add(
                    "service_area",
                    id=make_id("service_area", f"{service.slug}/{region}"),
                    service_id=service_id,
                    name=REGION_NAMES[region],
                    uri=f"iso3166:{region}",
                )

            # Categories, delivery methods and the language of the listing, as attributes.
            for link_type, taxonomy, codes, known, limits in (
                (tx.LINK_CATEGORY, tx.CATEGORIES_TAXONOMY, service.categories, tx.CATEGORIES, (1, 3)),
                (tx.LINK_DELIVERY, tx.DELIVERY_TAXONOMY, service.delivery, tx.DELIVERY, (1, 3)),
                (tx.LINK_TEXT_LANGUAGE, tx.TEXT_LANGUAGE_TAXONOMY, [lang], tx.TEXT_LANGUAGES, (1, 1)),
            ):
                if not limits[0] <= len(codes) <= limits[1] or len(set(codes)) != len(codes):
                    problems.append(f"{where}: {len(codes)} {link_type} values (allowed {limits[0]}-{limits[1]})")
                for code in codes:
                    if code not in known:
                        problems.append(f"{where}: unknown {link_type} {code!r}")
                        continue
                    add(
                        "attribute",
                        id=make_id("attribute", f"{service.slug}/{link_type}/{code}"),
                        link_id=service_id,
                        link_entity="service",
                        link_type=link_type,
                        taxonomy_term_id=tx.term_id(taxonomy, code),
                    )
            for code in service.categories:
                summary["per_category"][code] += 1
                summary["coverage"][country][code] += 1

            # Where it happens.
            place_slugs = []
            for entry in service.places:
                slug, note = (entry, "") if isinstance(entry, str) else entry
                if slug not in places:
                    problems.append(f"{where}: unknown place {slug!r}")
                    continue
                place_country, place = places[slug]
                if place_country != country:
                    problems.append(f"{where}: place {slug!r} is in {place_country}")
                if service.regions and not place.virtual and place.area not in service.regions:
                    problems.append(f"{where}: place {slug!r} ({place.area}) is outside {list(service.regions)}")
                used_places.add(slug)
                place_slugs.append(slug)
                add(
                    "service_at_location",
                    id=make_id("service_at_location", f"{service.slug}/{slug}"),
                    service_id=service_id,
                    location_id=make_id("location", slug),
                    description=note,
                )
            if "in_person" in service.delivery and not any(not places[s][1].virtual for s in place_slugs):
                problems.append(f"{where}: delivered in person but has no physical place")

            for number, hours in enumerate(service.hours):
                days = hours.byday.split(",")
                if not hours.byday or any(day not in {"MO", "TU", "WE", "TH", "FR", "SA", "SU"} for day in days):
                    problems.append(f"{where}: byday {hours.byday!r}")
                if not (
                    re.fullmatch(r"[0-2]\d:[0-5]\d", hours.opens)
                    and re.fullmatch(r"[0-2]\d:[0-5]\d", hours.closes)
                    and hours.opens < hours.closes
                ):
                    problems.append(f"{where}: hours {hours.opens}-{hours.closes}")
                if hours.place and hours.place not in place_slugs:
                    problems.append(f"{where}: hours at {hours.place!r}, which is not one of its places")
                location = hours.place or (place_slugs[0] if len(place_slugs) == 1 else "")
                add(
                    "schedule",
                    id=make_id("schedule", f"{service.slug}/{number}"),
                    service_id=service_id,
                    location_id=make_id("location", location) if location else "",
                    freq="WEEKLY",
                    byday=hours.byday,
                    opens_at=hours.opens,
                    closes_at=hours.closes,
                    description=hours.note,
                )

            notes = dict(service.language_notes)
            if not service.spoken or len(set(service.spoken)) != len(service.spoken):
                problems.append(f"{where}: spoken languages {service.spoken!r}")
            if lang not in service.spoken:
                problems.append(f"{where}: staff should speak the language the listing is written in")
            for code in service.spoken:
                if code not in spoken_codes or code not in LANGUAGE_NAMES:
                    problems.append(f"{where}: spoken language {code!r} is not one of the codes we record")
                    continue
                add(
                    "language",
                    id=make_id("language", f"{service.slug}/{code}"),
                    service_id=service_id,
                    name=LANGUAGE_NAMES[code],
                    code=code,
                    note=notes.pop(code, ""),
                )
            if notes:
                problems.append(f"{where}: notes for languages it does not list: {sorted(notes)}")

            for number, phone in enumerate(phones_of(service.phones)):
                check_phone(where, country, phone.number)
                add(
                    "phone",
                    id=make_id("phone", f"{service.slug}/{number}"),
                    service_id=service_id,
                    number=phone.number,
                    extension=phone.extension,
                    type=phone.type,
                    description=phone.description,
                )
            if not service.phones and not service.email and not service.url:
                problems.append(f"{where}: no way to get in touch")

            if not service.costs:
                problems.append(f"{where}: say what it costs (a cost option)")
            for number, cost in enumerate(service.costs):
                add(
                    "cost_option",
                    id=make_id("cost_option", f"{service.slug}/{number}"),
                    service_id=service_id,
                    option=cost.option,
                    currency=currency if cost.amount is not None else "",
                    amount=f"{cost.amount:.2f}" if cost.amount is not None else "",
                    amount_description=cost.note,
                )
            for number, document in enumerate(service.documents):
                add(
                    "required_document",
                    id=make_id("required_document", f"{service.slug}/{number}"),
                    service_id=service_id,
                    document=document,
                )

    for slug, (_country, _place) in places.items():
        if slug not in used_places:
            problems.append(f"place {slug!r} is not used by any service")
    for slug in orgs:
        if not org_services[slug]:
            problems.append(f"organisation {slug!r} runs no service")

    # The coverage the directory promises: enough services, every category in every country.
    total = sum(summary["per_country"].values())
    if total < MIN_SERVICES:
        problems.append(f"only {total} services (at least {MIN_SERVICES})")
    for country in COUNTRIES:
        if summary["per_country"][country] < MIN_PER_COUNTRY:
            problems.append(f"{country} has {summary['per_country'][country]} services (at least {MIN_PER_COUNTRY})")
        missing = [code for code in tx.CATEGORIES if not summary["coverage"][country][code]]
        if missing:
            problems.append(f"{country} has no service in: {', '.join(missing)}")
        languages = {key.split(":")[1] for key in summary["text_languages"] if key.startswith(country)}
        if languages != TEXT_LANGUAGES[country]:
            problems.append(f"{country} listings are written in {sorted(languages)}")
    return tables, problems, summary


def write(tables: dict[str, list[dict]]) -> None:
    resources = []
    for table, columns in TABLES.items():
        rows = sorted(tables[table], key=lambda row: row["id"])
        with (HERE / HSDS_TABLES[table].path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        schema = {
            "fields": [{"name": column, "type": FIELD_TYPES.get(column, "string")} for column in columns],
            "primaryKey": "id",
        }
        foreign_keys = [
            {"fields": column, "reference": {"resource": target, "fields": "id"}}
            for (source, column), target in FOREIGN_KEYS.items()
            if source == table
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        resources.append(
            {
                "name": table,
                "path": HSDS_TABLES[table].path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    package = {
        "name": "patient-portal-demo-directory",
        "title": "Patient Portal demo directory",
        "description": (
            "Fictional services for people living with progressive MS in the alliance's ten member "
            "countries, written for demonstrations and tests. Open Referral HSDS 3.0 tables. "
            "Organisations, people, addresses, phone numbers and web addresses are invented; "
            "regenerate with resources/demo_data/build.py."
        ),
        "profile": "tabular-data-package",
        "version": "1.0.0",
        "licenses": [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        "resources": resources,
    }
    (HERE / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check_package() -> list[str]:
    """Read the written package back and check it as a consumer would."""
    problems: list[str] = []
    package = json.loads((HERE / "datapackage.json").read_text(encoding="utf-8"))
    data: dict[str, list[dict]] = {}
    for resource in package["resources"]:
        with (HERE / resource["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            expected = [field["name"] for field in resource["schema"]["fields"]]
            if reader.fieldnames != expected or expected != TABLES[resource["name"]]:
                problems.append(f"{resource['path']}: header {reader.fieldnames}")
            data[resource["name"]] = list(reader)
    ids = {table: [row["id"] for row in rows] for table, rows in data.items()}
    every_id = [row_id for table_ids in ids.values() for row_id in table_ids]
    if len(every_id) != len(set(every_id)):
        problems.append("ids are not unique across the package")
    for table, table_ids in ids.items():
        if table_ids != sorted(table_ids):
            problems.append(f"{table}: rows are not sorted by id")
        if any(not row_id for row_id in table_ids):
            problems.append(f"{table}: a row has no id")
    for (table, column), target in FOREIGN_KEYS.items():
        known = set(ids[target])
        for row in data[table]:
            if row[column] and row[column] not in known:
                problems.append(f"{table}.{column} {row[column]} does not resolve in {target}")
    for row in data["phone"]:
        if sum(bool(row[column]) for column in ("location_id", "service_id", "organization_id")) != 1:
            problems.append(f"phone {row['id']} belongs to {row}")
    for (table, column), limit in MAX_LENGTHS.items():
        for row in data[table]:
            if len(row[column]) > limit:
                problems.append(f"{table}.{column} longer than {limit}: {row[column][:60]!r}...")
    language_terms = {
        row["id"]
        for row in data["taxonomy_term"]
        if row["taxonomy_id"] == str(tx.taxonomy_id(tx.TEXT_LANGUAGE_TAXONOMY))
    }
    text_language = Counter(
        row["link_id"]
        for row in data["attribute"]
        if row["link_type"] == tx.LINK_TEXT_LANGUAGE and row["taxonomy_term_id"] in language_terms
    )
    countries = defaultdict(list)
    for row in data["service_area"]:
        countries[row["service_id"]].append(row["uri"])
    for service in data["service"]:
        if text_language[service["id"]] != 1:
            problems.append(f"service {service['name']!r} has {text_language[service['id']]} text_language rows")
        uris = countries[service["id"]]
        if sum(1 for uri in uris if re.fullmatch(r"iso3166:[A-Z]{2}", uri)) != 1:
            problems.append(f"service {service['name']!r} has service areas {uris}")
    for row in data["attribute"]:
        if row["link_entity"] != "service":
            problems.append(f"attribute {row['id']} links a {row['link_entity']}")
    return problems


def main() -> int:
    try:
        modules = load_content()
    except ContentError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    tables, problems, summary = build(modules)
    if problems:
        print("build.py: the content has problems, nothing written:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    write(tables)
    problems = check_package()
    if problems:
        print("build.py: the written package has problems:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1

    print(f"Wrote {len(TABLES)} tables and datapackage.json to {HERE.relative_to(ROOT)}/")
    for table in TABLES:
        print(f"  {HSDS_TABLES[table].path:<26}{len(tables[table]):>5} rows")
    print("Services per country: " + ", ".join(f"{c} {summary['per_country'][c]}" for c in COUNTRIES))
    print("Services per category: " + ", ".join(f"{c} {summary['per_category'][c]}" for c in tx.CATEGORIES))
    print("Listings per language: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["text_languages"].items())))
    print(f"Checked more than 12 months before {REFERENCE_DATE}: {len(summary['stale'])}")
    print(f"Temporarily closed: {len(summary['closed'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
