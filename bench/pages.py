"""The pages `make bench` times: a registry. Append a ``BenchPage`` to ``PAGES`` to time one more.

``url`` is a URL name for ``reverse()`` or a callable given the signed-in user (``None`` when
anonymous) that returns the path, e.g. ``lambda user: reverse("case_detail", args=[...])``.
``role`` is who signs in (``None``: nobody); the harness signs in as that role's demo account
(``accounts.demo``), which the data builders create in every data set. ``setup`` runs once
before the warm-up with the same user; it writes into the benchmark database, so keep it
idempotent. ``statuses`` are the answers accepted; anything else fails the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse

from accounts import demo
from accounts.models import Role, User
from resources.forms import SearchForm
from resources.models import Service
from resources.selectors import LISTED_STATUSES, service_search


class BenchError(RuntimeError):
    """A page answered with a status it does not accept, or the run was mis-configured."""


@dataclass(frozen=True)
class BenchPage:
    name: str
    url: str | Callable[[User | None], str]
    role: Role | None
    setup: Callable[[User | None], object] | None = None
    statuses: tuple[int, ...] = (200,)

    def path(self, user: User | None) -> str:
        return reverse(self.url) if isinstance(self.url, str) else self.url(user)


#: A search as people run it: a keyword and two filters, a type of help and a country.
SEARCH_PARAMS = {"q": "wheelchair", "category": "equipment_mobility", "country": "GB"}
#: An English word over a country whose listings are written in French, Dutch and German: found
#: through the concept vocabulary (``resources.concepts``), "rolstoel", "fauteuil roulant", ...
CROSSLANG_SEARCH_PARAMS = {"q": "wheelchair", "country": "BE"}


def wait_for_worker(user: User | None) -> None:
    """``make bench`` starts a Celery worker beside the timing; wait (at most 60 s) until it answers."""
    import time

    from django.conf import settings

    from patientportal.celery import app

    deadline = time.monotonic() + getattr(settings, "BENCH_WORKER_WAIT_SECONDS", 60)
    while not app.control.ping(timeout=0.5, limit=1):
        if time.monotonic() >= deadline:
            return
    # No worker (e.g. the harness run on its own): healthz is timed answering 503, which the
    # results record.


def client_has_twenty_requests(user: User | None) -> None:
    from cases.models import Case

    from .data import DEMO_CLIENT_CASES

    count = Case.objects.filter(applicant=user).count()
    if count != DEMO_CLIENT_CASES:
        raise BenchError(f"my_requests: the client has {count} requests, not {DEMO_CLIENT_CASES}.")


def search_path(user: User | None) -> str:
    return f"{reverse('resource_search')}?{urlencode(SEARCH_PARAMS)}"


def crosslang_search_path(user: User | None) -> str:
    return f"{reverse('resource_search')}?{urlencode(CROSSLANG_SEARCH_PARAMS)}"


def _search_finds(name: str, params: dict[str, str], *, other_language: bool = False) -> None:
    """Time a page of results, not "No services found": the data set must have matches (and for
    ``other_language``, listings not written in the English of the words)."""
    form = SearchForm(QueryDict(urlencode(params)))
    if not form.is_valid():
        raise BenchError(f"{name}: the search form refuses {params}: {form.errors.as_text()}")
    result = service_search(filters=form.to_filters())
    if result.total == 0 or result.matched_some_words:
        raise BenchError(f"{name}: no service in this data set matches every word of {params}.")
    if other_language and all(service.text_language == "en" for service in result.page):
        raise BenchError(f"{name}: the services found for {params} are all written in English.")


def search_finds_services(user: User | None) -> None:
    _search_finds("resource_search", SEARCH_PARAMS)


def crosslang_search_finds_services(user: User | None) -> None:
    _search_finds("resource_search_crosslang", CROSSLANG_SEARCH_PARAMS, other_language=True)


def richest_service_path(user: User | None) -> str:
    """The listed service with the most places (then phones, then opening hours): the service
    page at its heaviest, since every place brings its address, access, hours and phones."""
    service_id = (
        Service.objects.filter(status__in=LISTED_STATUSES)
        .annotate(
            places=Count("service_at_locations", distinct=True),
            numbers=Count("phones", distinct=True),
            hours=Count("schedules", distinct=True),
        )
        .filter(places__gte=2, numbers__gte=1)
        .order_by("-places", "-numbers", "-hours", "id")
        .values_list("pk", flat=True)
        .first()
    )
    if service_id is None:
        raise BenchError("service_detail: no listed service in this data set has several places and a phone.")
    return reverse("service_detail", args=[service_id])


def advocate_has_their_caseload(user: User | None) -> None:
    """Time a full caseload (the data set's ``advocate_cases``), not an empty one."""
    from cases.choices import CaseAction
    from cases.permissions import CASES
    from cases.selectors.staff import CASELOAD_STATUSES

    count = CASES.filter(user, CaseAction.RESPONSIBLE).filter(status__in=CASELOAD_STATUSES).count()
    if count < 20:
        raise BenchError(f"caseload: the advocate has {count} open cases; every data set gives them at least 20.")


def longest_case_path(user: User | None) -> str:
    """The advocate's case with the most events: the case page at its heaviest."""
    from django.db.models import Count as Counted

    from cases.models import Case

    case_id = (
        Case.objects.filter(assigned_to=user)
        .annotate(events_count=Counted("events"))
        .order_by("-events_count", "reference")
        .values_list("pk", flat=True)
        .first()
    )
    if case_id is None:
        raise BenchError("case_detail: the advocate has no case.")
    return reverse("case_detail", args=[case_id])


def first_waiting_request_path(user: User | None) -> str:
    """The request at the head of the supervisor's queue: who should take it, and why."""
    from cases.selectors import QueueFilters, queue_for_user

    first = next(iter(queue_for_user(user=user, filters=QueueFilters()).page), None)
    if first is None:
        raise BenchError("assign_suggestions: nothing is waiting in the supervisor's queue.")
    return reverse("queue_assign", args=[first.pk])


PAGES: list[BenchPage] = [
    BenchPage("home_client", "home", Role.CLIENT),
    BenchPage("home_advocate", "home", Role.ADVOCATE),
    BenchPage("home_supervisor", "home", Role.SUPERVISOR),
    BenchPage("home_org_admin", "home", Role.ORG_ADMIN),
    # scripts/bench.sh runs a Celery worker, so healthz answers 200; without one it is still
    # timed (answering 503 after the ping's timeout) and the status is recorded.
    BenchPage("healthz", "healthz", None, statuses=(200, 503), setup=wait_for_worker),
    # The directory is open to everyone: timed as a visitor who has not signed in.
    BenchPage("resource_search", search_path, None, setup=search_finds_services),
    # The same word over listings written in other languages (cross-language search).
    BenchPage("resource_search_crosslang", crosslang_search_path, None, setup=crosslang_search_finds_services),
    BenchPage("service_detail", richest_service_path, None),
    # "My requests" for a client with 20 requests (the demo client, in every data set).
    BenchPage("my_requests", "my_requests", Role.CLIENT, setup=client_has_twenty_requests),
    # The advocate's caseload (their open cases among the society's), and their longest case.
    BenchPage("caseload", "caseload", Role.ADVOCATE, setup=advocate_has_their_caseload),
    BenchPage("case_detail", longest_case_path, Role.ADVOCATE),
    # The supervisor's queue (the society's waiting requests), and the advocates suggested for
    # the request at its head.
    BenchPage("queue", "queue", Role.SUPERVISOR),
    BenchPage("assign_suggestions", first_waiting_request_path, Role.SUPERVISOR),
    # The supervisor's metrics over the last twelve months (the page's default range): every
    # figure, chart and table of their society.
    BenchPage("metrics", "metrics", Role.SUPERVISOR),
]


def user_for_role(role: Role) -> User:
    """The demo account for ``role``; staff get a TOTP authenticator if they lack one."""
    email = next(u.email for u in demo.DOCUMENTED_SIGN_INS if u.role == role)
    user = User.objects.get(email__iexact=email)
    if user.is_staff_role and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo.DEMO_TOTP_SECRET)  # else StaffMFAMiddleware redirects every page
    return user
