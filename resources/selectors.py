"""Reads of the directory. The search issues a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from accounts.selectors import user_country

from . import concepts
from . import taxonomy as tx
from .models import ProblemReport, Schedule, Service, ServiceAtLocation
from .permissions import LISTINGS, PROBLEM_REPORTS, Action

PAGE_SIZE = 20
LISTED_STATUSES = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    categories: tuple[str, ...] = ()
    country: str = ""
    region: str = ""
    language: str = ""
    delivery: tuple[str, ...] = ()
    free_only: bool = False
    age: int | None = None
    sort: str = "relevance"  # or "name"

    @property
    def active(self) -> dict[str, object]:
        """The filters in use besides the keywords, for the "loosen your search" hints."""
        names = ["categories", "country", "region", "language", "delivery", "free_only", "age"]
        return {name: getattr(self, name) for name in names if getattr(self, name) not in ("", (), False, None)}


@dataclass
class SearchResult:
    page: Page
    filters: SearchFilters
    matched_some_words: bool = False  # no service had every word: showing those with some
    total: int = 0
    loosen: list[str] = field(default_factory=list)


def _tsquery(config: str, any_word: bool) -> str:
    base = f"websearch_to_tsquery('{config}', %s)"
    return f"replace({base}::text, ' & ', ' | ')::tsquery" if any_word else base


def _language_tsqueries(query: str, loose: bool, *, rank: bool = False) -> list[tuple[str, str, list]]:
    """For each language a listing may be written in: (code, tsquery SQL, params).

    The words of the search, stemmed by that language's configuration; those that name a
    concept of the vocabulary (``concepts.expand``) also match the concept's terms in that
    language: "wheelchair" is searched in Dutch listings as ``wheelchair | rolstoel:* | ...``.
    A search naming no concept is the plain ``websearch_to_tsquery`` of the words.

    To ``rank``, each concept adds its usual names only (``concepts.usual_terms``): ``ts_rank_cd``
    costs about as much per listing as the query has words, and with every synonym ordering 500
    matching listings took twice as long."""
    expansion = concepts.expand(query)
    found = []
    for code, (_name, config) in tx.TEXT_LANGUAGES.items():
        if not expansion.groups:
            found.append((code, _tsquery(config, loose), [query]))
            continue
        parts, params = [], []
        if expansion.rest:
            parts.append(_tsquery(config, loose))
            params.append(expansion.rest)
        for group in expansion.groups:
            if alternatives := group.alternatives(code, usual_only=rank):
                parts.append(f"({_tsquery(config, loose)} || to_tsquery('{config}', %s))")
                params += [group.typed, alternatives]
            else:  # the words as typed are the concept's usual name there
                parts.append(_tsquery(config, loose))
                params.append(group.typed)
        found.append((code, "(" + (" || " if loose else " && ").join(parts) + ")", params))
    return found


def _match(query: str, loose: bool) -> tuple[str, list]:
    """Full-text match in the listing's own language, across languages through the concept
    vocabulary (and unstemmed): every word, or (``loose``) any of them."""
    parts, params = [], []
    for code, tsquery, tsquery_params in _language_tsqueries(query, loose):
        parts.append(f"(text_language = '{code}' AND search_vector @@ {tsquery})")
        params += tsquery_params
    parts.append(f"search_vector @@ {_tsquery('simple', loose)}")
    params.append(query)
    return "(" + " OR ".join(parts) + ")", params


def _rank(query: str, loose: bool) -> tuple[str, list]:
    cases, params = [], []
    for code, tsquery, tsquery_params in _language_tsqueries(query, loose, rank=True):
        cases.append(f"WHEN '{code}' THEN {tsquery}")
        params += tsquery_params
    sql = f"ts_rank_cd(search_vector, CASE text_language {' '.join(cases)} ELSE {_tsquery('simple', loose)} END)"
    return sql, [*params, query]


#: For each word of the search, the closest word of the listings or of the concept vocabulary
#: (pg_trgm, on the word list's own trigram index), when it is close enough: "wheelchiar" ->
#: "wheelchair", which is then searched in every language like a typed word.
_CORRECTIONS_SQL = """
    SELECT coalesce(string_agg(best.word, ' '), '')
    FROM unnest(tsvector_to_array(to_tsvector('simple', %s))) AS typed(word)
    CROSS JOIN LATERAL (
        SELECT word FROM resources_searchword
        WHERE word %% typed.word AND word <> typed.word
        ORDER BY word <-> typed.word, word
        LIMIT 1
    ) AS best
"""


def _corrections(query: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(_CORRECTIONS_SQL, [query])
        return cursor.fetchone()[0]


def _filtered(filters: SearchFilters) -> QuerySet[Service]:
    qs = Service.objects.filter(status__in=LISTED_STATUSES)
    if filters.categories:
        qs = qs.filter(categories__overlap=list(filters.categories))
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.region:
        # A service for the whole country (no regions) serves every region in it.
        qs = qs.filter(Q(regions__contains=[filters.region]) | Q(regions=[]))
    if filters.language:
        qs = qs.filter(languages__contains=[filters.language])
    if filters.delivery:
        qs = qs.filter(delivery_methods__overlap=list(filters.delivery))
    if filters.free_only:
        qs = qs.filter(is_free=True)
    if filters.age is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age))
        qs = qs.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age))
    return qs


def _searched(filters: SearchFilters, loose: bool) -> QuerySet[Service]:
    qs = _filtered(filters)
    if filters.query:
        match_sql, match_params = _match(filters.query, loose)
        qs = qs.filter(RawSQL(match_sql, match_params, output_field=BooleanField()))  # noqa: S611 - input only as params
        if filters.sort == "relevance":
            rank_sql, rank_params = _rank(filters.query, loose)
            rank = RawSQL(rank_sql, rank_params, output_field=FloatField())  # noqa: S611 - input only as params
            return qs.annotate(rank=rank).order_by(F("rank").desc(), "name", "id")
    return qs.order_by("name", "id")


def service_search(*, filters: SearchFilters, page_number: int | str = 1) -> SearchResult:
    """One page of listed services. Queries: 2 (count, page); 4 when no service has every word
    and the search falls back to services with some of them or a close spelling (count,
    corrections, count, page)."""
    qs = _searched(filters, loose=False)
    paginator = Paginator(qs.select_related("provider"), PAGE_SIZE)
    matched_some = False
    if filters.query and paginator.count == 0:
        # Nothing has every word: services with any of them, or with a close spelling of one.
        loose = replace(filters, query=f"{filters.query} {_corrections(filters.query)}".strip())
        paginator = Paginator(_searched(loose, loose=True).select_related("provider"), PAGE_SIZE)
        matched_some = paginator.count > 0
    page = paginator.get_page(page_number)
    result = SearchResult(page=page, filters=filters, matched_some_words=matched_some, total=paginator.count)
    if result.total == 0:
        result.loosen = list(filters.active)
    return result


#: The member country most people reading the site in a language live in, for a visitor whose
#: country we do not know. French: Belgium, whose society serves Wallonia and Brussels (France is
#: not a member; French speakers in Canada find Canada in the same list). English: the United
#: Kingdom, the largest society writing in English here (Australia, Canada and the United States
#: are one choice away).
LANGUAGE_COUNTRY = {"en": "GB", "fr": "BE", "de": "DE", "it": "IT", "es": "ES", "nl": "NL", "da": "DK"}


def search_default_country(*, user, language: str) -> str:
    """The country the search starts in, before the visitor chooses one: a signed-in person's own
    (``accounts.selectors.user_country``: one query), else their language's likely country (none)."""
    return user_country(user=user) or LANGUAGE_COUNTRY.get(language, "")


def service_get_listed(*, service_id) -> Service:
    """A service as the public sees it; retired and inactive listings are a 404.

    Opening hours are each read once: ``service.schedules`` are the hours of the service as a
    whole (those not at one of its places), each place's ``location.schedules`` the hours there,
    of this service or of the place itself (not another service's at the same place). An HSDS
    schedule may name both the service and the place: it is shown with the place only."""
    at_its_places = ServiceAtLocation.objects.filter(service_id=service_id).values("location_id")
    service = (
        Service.objects.filter(pk=service_id, status__in=LISTED_STATUSES)
        .select_related("provider", "owner")
        .prefetch_related(
            "phones",
            Prefetch("schedules", queryset=Schedule.objects.exclude(location_id__in=at_its_places)),
            "required_documents",
            "cost_options",
            "service_areas",
            "service_at_locations__location__accessibility",
            Prefetch(
                "service_at_locations__location__schedules",
                queryset=Schedule.objects.filter(Q(service__isnull=True) | Q(service_id=service_id)),
            ),
            "service_at_locations__location__language_rows",
            "service_at_locations__location__phones",
        )
        .first()
    )
    if service is None:
        raise Http404
    return service


def saved_service_ids_for_user(*, user, service_ids) -> set:
    """Which of these services the user has on their list (one query; none for visitors)."""
    if not getattr(user, "is_authenticated", False) or not user.is_client:
        return set()
    from .models import SavedService

    return set(SavedService.objects.filter(user=user, service_id__in=service_ids).values_list("service_id", flat=True))


def saved_service_list_for_user(*, user) -> QuerySet[Service]:
    """The user's "My list", newest first, with what the list page shows."""
    return (
        Service.objects.filter(saved_by__user=user)
        .select_related("provider")
        .prefetch_related("phones")
        .order_by("-saved_by__saved_at")
    )


# --- curation (organisation admins) ------------------------------------------------------


def _needs_check_cutoff():
    import datetime

    from django.conf import settings
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=settings.RESOURCE_CHECK_INTERVAL_DAYS)


def curation_service_list(*, user, needs_check_only: bool = False) -> QuerySet[Service]:
    """The listings the user's organisation owns, annotated with whether they need checking."""
    from django.db.models import Case, Count, Value, When

    cutoff = _needs_check_cutoff()
    stale = Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff)
    qs = (
        LISTINGS.filter(user, Action.CURATE)
        .select_related("provider")
        .annotate(
            needs_check=Case(When(stale, then=Value(True)), default=Value(False), output_field=BooleanField()),
            open_reports=Count("problem_reports", filter=Q(problem_reports__status="open")),
        )
        .order_by("-needs_check", "name", "id")
    )
    if needs_check_only:
        qs = qs.filter(stale).exclude(status=Service.Status.DEFUNCT)
    return qs


def curation_service_get(*, user, service_id) -> Service:
    listings = Service.objects.select_related("provider").prefetch_related(
        "phones", "service_areas", "attributes__taxonomy_term"
    )
    return LISTINGS.get(user, Action.CURATE, service_id, listings)


def problem_report_queue(*, user) -> QuerySet:
    return (
        PROBLEM_REPORTS.filter(user, Action.CURATE)
        .filter(status=ProblemReport.Status.OPEN)
        .select_related("service")
        .order_by("created_at", "id")
    )


def problem_report_get(*, user, report_id: int):
    return PROBLEM_REPORTS.get(user, Action.CURATE, report_id, problem_report_queue(user=user))
