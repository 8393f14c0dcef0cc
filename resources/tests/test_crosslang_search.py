"""A search in one language finds listings written in another, through the concept vocabulary
(``resources.concepts``); typos are still forgiven, and a result says when it is written in
another language than the page's."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from resources import concepts
from resources import taxonomy as tx
from resources.models import SearchWord
from resources.selectors import SearchFilters, service_search

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


def names(result):
    return sorted(service.name for service in result.page)


def search(**kwargs):
    return service_search(filters=SearchFilters(**kwargs))


@pytest.fixture
def belgian_wheelchair_services():
    """Two Belgian wheelchair services, in Dutch and in French, and one about something else.
    No type of help is given: they are found by their own words, not by a category's name."""
    ServiceFactory(
        name="Rolstoeluitleen Gent",
        country="BE",
        text_language="nl",
        spoken=["nl"],
        description="Wij lenen rolstoelen uit zolang u wacht op uw eigen rolstoel.",
    )
    ServiceFactory(
        name="Prêt de fauteuils roulants",
        country="BE",
        text_language="fr",
        spoken=["fr"],
        description="L'atelier prête et répare les fauteuils roulants manuels et électriques.",
    )
    ServiceFactory(
        name="Juridisch spreekuur",
        country="BE",
        text_language="nl",
        spoken=["nl"],
        description="Gratis advies over uw rechten.",
    )


def test_an_english_search_finds_dutch_and_french_listings_in_belgium(belgian_wheelchair_services):
    result = search(query="wheelchair", country="BE")
    assert names(result) == ["Prêt de fauteuils roulants", "Rolstoeluitleen Gent"]
    assert not result.matched_some_words  # every word matched, in the listings' own languages


def test_other_words_of_the_search_still_narrow_it(belgian_wheelchair_services):
    assert names(search(query="wheelchair Gent", country="BE")) == ["Rolstoeluitleen Gent"]
    assert names(search(query="wheelchairs", country="BE")) == ["Prêt de fauteuils roulants", "Rolstoeluitleen Gent"]


@pytest.mark.parametrize(
    ("query", "language", "wanted", "other"),
    [
        ("stairlift", "de", "Zuschuss für einen Treppenlift", "Beratung zur Krankenversicherung"),
        ("respite", "da", "Aflastningsophold for familier", "Juridisk rådgivning om arbejde"),
        ("fatigue management", "nl", "Cursus omgaan met vermoeidheid", "Juridisch spreekuur"),
        ("physiotherapy", "it", "Fisioterapia neurologica", "Consulenza legale gratuita"),
        ("benefits", "es", "Asesoramiento sobre prestaciones sociales", "Grupo de apoyo en Madrid"),
        ("continence", "fr", "Consultation incontinence et troubles urinaires", "Permanence juridique"),
        ("Rollstuhl", "en", "Wheelchair loan scheme", "Benefits advice line"),
        ("fauteuil roulant", "da", "Udlån af kørestole", "Gratis retshjælp"),
        ("kørestol", "es", "Préstamo de sillas de ruedas", "Asesoramiento jurídico"),
        ("monte-escalier", "nl", "Bijdrage voor een traplift", "Lotgenotencontact"),
        ("MRI", "fr", "Informations sur l'IRM", "Groupe de parole"),
        ("carers' support", "de", "Beratung für pflegende Angehörige", "Rechtsberatung im Sozialrecht"),
        ("neurologist", "da", "Tid hos en neurolog", "Hjemmepleje i Aarhus"),
        ("legal advice", "it", "Consulenza legale gratuita", "Fisioterapia neurologica"),
    ],
)
def test_each_concept_is_found_across_languages(query, language, wanted, other):
    for name in (wanted, other):
        ServiceFactory(name=name, description=name, country="BE", text_language=language)
    assert names(search(query=query)) == [wanted]


def test_a_type_of_help_and_a_way_of_delivery_in_one_language_find_listings_in_another():
    # Neither names its type of help or its way of delivery: the names of those (in English and
    # in the listing's language) are in every listing's search document.
    ServiceFactory(
        name="Money towards bills",
        description="Small sums when money is short.",
        categories=["financial_assistance"],
        delivery=["phone"],
    )
    ServiceFactory(
        name="Sygeplejerske hos dig",
        description="En sygeplejerske kommer til dig.",
        country="DK",
        text_language="da",
        categories=["healthcare_rehabilitation"],
        delivery=["home_visit"],
    )
    ServiceFactory(name="Peer support group", categories=["emotional_support"], delivery=["in_person"])
    assert names(search(query="aide financière")) == ["Money towards bills"]
    assert names(search(query="Hausbesuch")) == ["Sygeplejerske hos dig"]
    assert names(search(query="visita a domicilio")) == ["Sygeplejerske hos dig"]


def test_a_typo_still_finds_listings_in_other_languages(belgian_wheelchair_services):
    # No listing says "wheelchair": the word comes from the vocabulary in the dictionary.
    assert SearchWord.objects.filter(word="wheelchair").exists()
    result = search(query="wheelchar", country="BE")
    assert names(result) == ["Prêt de fauteuils roulants", "Rolstoeluitleen Gent"]
    assert result.matched_some_words  # "closest matches", as for any corrected search


def test_a_typo_in_another_language_finds_an_english_listing():
    ServiceFactory(name="Wheelchair loan scheme", description="Borrow a wheelchair.")
    ServiceFactory(name="Benefits advice line", description="Advice on benefits.")
    assert names(search(query="rolstol")) == ["Wheelchair loan scheme"]


def test_the_card_says_when_a_listing_is_written_in_another_language(client, belgian_wheelchair_services):
    body = client.get(reverse("resource_search"), {"q": "wheelchair", "country": "BE"}).content.decode()
    assert "2 services found" in body
    assert "Written in Dutch" in body and "Written in French" in body
    # The listing's own words are marked as its language, for screen readers.
    assert re.search(r'<h3 [^>]*lang="nl"><a [^>]*>Rolstoeluitleen Gent</a>', body)


def test_the_card_says_nothing_of_a_listing_in_the_pages_language(client, belgian_wheelchair_services):
    ServiceFactory(name="Wheelchair loan scheme", description="Borrow a wheelchair.", country="GB")
    english = client.get(reverse("resource_search"), {"q": "wheelchair", "country": "GB"}).content.decode()
    assert "Wheelchair loan scheme" in english and "Written in" not in english
    french = client.get(
        reverse("resource_search"), {"q": "fauteuil roulant", "country": "BE"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert '<html lang="fr"' in french
    assert french.count('<strong class="govuk-tag">') == 1  # the Dutch listing's, not the French one's


@pytest.mark.parametrize(
    ("words", "queries"),
    [("wheelchair", 2), ("wheelchar", 4)],  # count, page; or count, corrections, count, page
    ids=["across-languages", "typo"],
)
@pytest.mark.parametrize("size", [3, 30])
def test_crosslang_search_queries_do_not_grow_with_the_directory(
    client, size, words, queries, django_assert_num_queries
):
    for n in range(size):
        language = ("nl", "fr", "da")[n % 3]
        name = {"nl": "Rolstoeluitleen", "fr": "Prêt de fauteuils roulants", "da": "Udlån af kørestole"}[language]
        ServiceFactory(name=f"{name} {n}", country="BE", text_language=language)
    with django_assert_num_queries(queries):
        response = client.get(reverse("resource_search"), {"q": words, "country": "BE"})
    assert f"{size} services found" in response.content.decode()


# --- the vocabulary -----------------------------------------------------------------------------


def test_the_vocabulary_has_every_concept_in_all_seven_languages():
    assert len(concepts.CONCEPTS) >= 60
    assert len(concepts.BY_CODE) == len(concepts.CONCEPTS)  # codes are unique
    for concept in concepts.CONCEPTS:
        for language in tx.TEXT_LANGUAGES:
            assert concept.written_terms(language), (concept.code, language)
    assert {c.category for c in concepts.CONCEPTS if c.category} == set(tx.CATEGORIES)
    assert {c.delivery for c in concepts.CONCEPTS if c.delivery} == set(tx.DELIVERY)


def test_every_term_is_a_valid_text_search_query_in_its_language():
    with connection.cursor() as cursor:
        for concept in concepts.CONCEPTS:
            group = concepts.Group(typed="", concepts=(concept.code,))
            for language, (_name, config) in tx.TEXT_LANGUAGES.items():
                for usual_only in (False, True):
                    alternatives = group.alternatives(language, usual_only=usual_only)
                    cursor.execute("SELECT numnode(to_tsquery(%s::regconfig, %s))", [config, alternatives])
                    assert cursor.fetchone()[0] > 0, (concept.code, language, usual_only)


@pytest.mark.parametrize(
    ("query", "rest", "groups"),
    [
        ("zebra giraffe", "zebra giraffe", []),
        ("wheelchairs", "", [("wheelchairs", ("wheelchair",))]),
        ("Rollstuhlverleih Köln", "Köln", [("Rollstuhlverleih", ("wheelchair",))]),
        ("fauteuils roulants", "", [("fauteuils roulants", ("wheelchair",))]),
        ("help with energy bills", "help with", [("energy bills", ("energy_bills",))]),
        ("PHYSIOTHERAPIE", "", [("PHYSIOTHERAPIE", ("physiotherapy",))]),  # no accent, any case
        # Web-search syntax keeps its meaning: a quoted phrase, an excluded word, "or".
        ('"respite care" -wheelchair', '"respite care" -wheelchair', []),
        ("wheelchair or scooter", "wheelchair or scooter", []),
    ],
)
def test_a_search_is_read_against_the_vocabulary(query, rest, groups):
    expansion = concepts.expand(query)
    assert expansion.rest == rest
    assert [(group.typed, group.concepts) for group in expansion.groups] == groups
