"""axe-core (WCAG 2.2 A and AA) and reflow in a real Chromium on every page of the site.

Every URL pattern the URL walker knows is either opened here, as the first role that may see
it (in the order of ``VIEWER_PREFERENCE``), or listed in ``NOT_PAGES`` with the reason; the
guard tests below fail when a pattern is neither, and when a listed pattern turns out to be a
page after all. So a new page cannot dodge the check: add a URL and this suite opens it.

On top of that, the pages a user reaches in other states: every role's start page, the error
pages, and forms showing their errors (error summaries are where accessibility bugs hide).

Every page and state is checked twice: axe-core at 1280 by 900 CSS pixels, then reflow (WCAG
1.4.10) at 320 by 800, what 1280 pixels are at 400% zoom: the page, narrowed where it is, must
not scroll sideways (``tests.browser.assert_reflows`` names the widest element when it does).

The checks can fail: ``test_axe_reports_an_input_without_a_label`` feeds the same helper the
page tests use (``tests.browser.assert_accessible``) an ``<input>`` without a label and expects
the ``label`` violation; ``test_unlabelled_input_on_a_real_page_fails_the_check`` does the same
on a real page of the site. An unlabelled input anywhere in a template fails this suite.
``test_reflow_check_names_the_element_too_wide`` does the same for reflow.

Not checked: the Django admin (``admin/...``), see ``THIRD_PARTY``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db.models import F
from django.test import Client

from accounts.tests.factories import HolidayFactory, OrganisationFactory

from .browser import assert_accessible, assert_reflows, assert_styled, axe_violations
from .walker import Pattern, access_for, build_url, iter_patterns

#: The role a page is opened as: the first of these the access map allows.
VIEWER_PREFERENCE = ("anonymous", "client", "advocate", "supervisor", "org_admin", "site_admin")

#: Role name in the access map -> the fixture (root conftest.py) that makes that user.
ROLE_FIXTURES = {
    "client": "client_user",
    "other_client": "other_client",
    "advocate": "advocate",
    "other_org_advocate": "other_org_advocate",
    "supervisor": "supervisor",
    "org_admin": "org_admin",
    "site_admin": "site_admin",
}

#: Excluded as a whole: the Django admin's own templates are third-party (not ours to change),
#: used only by site admins, and not the product's interface. Everything else is checked.
THIRD_PARTY = "the Django admin: third-party templates, site admins only"

#: Patterns that have no page to check for the viewer, and why. Each claim is verified by
#: ``test_listed_pattern_really_is_not_a_page``: a GET as the viewer must not answer a 200 HTML page.
NOT_PAGES: dict[str, str] = {
    "healthz": "JSON health check for load balancers and monitors",
    "session_status": "JSON polled by the session-timeout warning",
    "session_extend": 'POST-only action ("I\'m still here"); redirects',
    "set_language": "POST-only action (language switcher); redirects",
    "holiday_remove": "POST-only action; redirects to organisation settings",
    "service_save": "POST-only action (save to my list); redirects",
    "service_unsave": "POST-only action (remove from my list); redirects",
    "my_list_email": "POST-only action (e-mail my list); redirects",
    "curation_mark_checked": "POST-only action (mark a listing checked); redirects",
    "curation_retire": "POST-only action (retire a listing); redirects",
    "my_request_message": "POST-only action (send a message); redirects, or shows the request page with errors",
    "my_request_feedback": "POST-only action (did this service help?); redirects",
    "my_data_download": "a JSON file to download, not a page",
    "failed_notification_retry": "POST-only action (try a failed notification again); redirects",
    "notification_mark_all_read": "POST-only action (mark all my notifications as read); redirects",
    "notification_open": "marks the notification read and redirects to where it points",
    "case_follow_up_done": "POST-only action (mark a follow-up done); redirects",
    "case_message": "POST-only action (reply to the client); redirects, or shows the form with errors",
    "queue_assign_many": "POST-only action (assign the ticked requests); redirects, or shows the queue with errors",
    "team_member_absence_end": "POST-only action (end an absence now); redirects",
    "metrics_csv": "a CSV file to download, not a page",
    # The request journey without a request under way redirects; STATES below open each page
    # with a request under way.
    "request_continue": "goes to the first unanswered question: a redirect",
    "request_urgent_help": "without a request under way: redirects to the start (see STATES)",
    "request_duplicate": "without an open request for the same person: redirects (see STATES)",
    "request_check": "without a request under way: redirects (see STATES)",
    "request_discard": "without a request under way: redirects (see STATES)",
    "account_set_password": "everyone has a password: redirects to change password",
    "account_confirm_login_code": "no sign-in by code under way: redirects to sign in",
    "mfa_authenticate": "only during a sign-in that asks for a second factor: redirects to sign in",
    "mfa_login_webauthn": "passkey sign-in is a POST from the sign-in page: a GET redirects",
    # Second-factor pages a client has nothing for; the staff versions are in STATES below.
    "mfa_reauthenticate": "a client has no second factor: redirects to re-enter the password",
    "mfa_deactivate_totp": "a client has no authenticator app to turn off: not found",
    "mfa_view_recovery_codes": "a client has no recovery codes: not found",
    "mfa_download_recovery_codes": "a client has no recovery codes: not found (and it is a text file)",
    "mfa_reauthenticate_webauthn": "a client has no passkey to confirm with: redirects",
    "mfa_generate_recovery_codes": "asks a client to re-enter the password first: redirects",
    "calendar_feed": "an iCalendar file for calendar apps, not a page",
    "calendar_feed_create": "POST-only action; answers with the calendar page showing the new link (see STATES)",
    "calendar_feed_stop": "POST-only action (stop the calendar feed); redirects",
}

ALL_PATTERNS = list(iter_patterns())


def is_third_party(pattern: Pattern) -> bool:
    return pattern.route.startswith("admin/")


def viewer_role(pattern: Pattern) -> str:
    access = access_for(pattern)
    assert access is not None, f"{pattern.key} has no entry in tests/access_map.py"
    return next(role for role in VIEWER_PREFERENCE if role in access.allowed)


PAGES = [p for p in ALL_PATTERNS if not is_third_party(p) and p.key not in NOT_PAGES]


@pytest.fixture
def users(request):
    """``users("supervisor")`` -> that role's user (made on first use), ``None`` for anonymous."""

    def get(role: str):
        return None if role == "anonymous" else request.getfixturevalue(ROLE_FIXTURES[role])

    return get


def url_as(pattern: Pattern, role: str, user) -> str:
    """The URL of ``pattern`` for ``role``: their own record for a record page."""
    access = access_for(pattern)
    if access.own is not None and user is not None:
        kwargs = access.own(user)
    else:
        kwargs = access.kwargs() if callable(access.kwargs) else (access.kwargs or {})
    return build_url(pattern, kwargs)


def open_page(browser_page, users, role: str, url: str, *, recent_auth: bool = False, status: int = 200):
    page = browser_page(users(role), recent_auth=recent_auth)
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"GET {url} as {role} answered {response.status}, expected {status}"
    assert "text/html" in response.headers.get("content-type", ""), f"GET {url} as {role} is not HTML"
    assert_styled(page)
    return page


# --- the guards: nothing dodges the check -------------------------------------------------


def test_every_pattern_is_checked_or_listed_with_a_reason():
    keys = {p.key for p in ALL_PATTERNS}
    checked = {p.key for p in PAGES}
    third_party = {p.key for p in ALL_PATTERNS if is_third_party(p)}
    assert checked | set(NOT_PAGES) | third_party == keys
    assert set(NOT_PAGES) <= keys, f"NOT_PAGES lists patterns that no longer exist: {set(NOT_PAGES) - keys}"
    assert not set(NOT_PAGES) & third_party
    posts = {p.key for p in ALL_PATTERNS if not is_third_party(p) and getattr(access_for(p), "method", "") == "post"}
    assert posts <= set(NOT_PAGES), f"POST-only actions to list in NOT_PAGES, with the reason: {posts - set(NOT_PAGES)}"
    assert {"home", "account_login", "account_overview", "team_list", "organisation_settings"} <= checked
    assert len(checked) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(NOT_PAGES))
def test_listed_pattern_really_is_not_a_page(key, users):
    """A pattern listed in NOT_PAGES must not answer a 200 HTML page to its viewer."""
    pattern = next(p for p in ALL_PATTERNS if p.key == key)
    role = viewer_role(pattern)
    user = users(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    url = url_as(pattern, role, user)
    response = client.get(url)
    is_page = response.status_code == 200 and "text/html" in response.get("Content-Type", "")
    assert not is_page, f"{key} ({url}) is a page for {role}: remove it from NOT_PAGES so axe checks it"


# --- every page, as the first role that may see it ----------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("pattern", PAGES, ids=[p.key for p in PAGES])
def test_page_has_no_accessibility_violations(pattern, browser_page, users):
    if access_for(pattern).method != "get":
        pytest.fail(f"{pattern.key} is a POST-only action: list it in NOT_PAGES with the reason")
    role = viewer_role(pattern)
    user = users(role)
    url = url_as(pattern, role, user)
    page = open_page(browser_page, users, role, url, recent_auth=access_for(pattern).recent_auth)
    assert_accessible(page, f"{url} as {role}")
    assert_reflows(page, f"{url} as {role}")


# --- the same pages in other states -------------------------------------------------------


def submit(page, button: str) -> None:
    """Press a form's submit button (by its visible name) and wait for the answer."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def sign_in_wrong_password(page) -> None:
    page.get_by_label("E-mail address").fill("nobody@example.test")
    page.get_by_label("Password", exact=True).fill("not the password")
    submit(page, "Sign in")


def organisation_settings_bad_values(page) -> None:
    page.get_by_label("First-contact target, in working days").fill("two")
    for box in page.locator("input[name=languages]:checked").all():
        box.uncheck()
    submit(page, "Save settings")


def report_problems_until_refused(page) -> None:
    """Report a problem with a listing until the rate limit refuses: its 429 page."""
    form = page.url
    for _attempt in range(20):
        page.get_by_label("What is wrong with this listing?").fill("The phone number has changed.")
        submit(page, "Send report")
        if "Please wait before trying again" in page.inner_text("main"):
            return
        page.goto(form)
    raise AssertionError("the rate limit never refused a report")


def holiday_bad_date(page) -> None:
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill("2026")
    submit(page, "Add closure")


@dataclass(frozen=True)
class State:
    id: str
    role: str
    url: str | Callable[[], str]
    status: int = 200
    act: Callable | None = None  # what the user does before the check, e.g. submit a bad form
    shows_errors: bool = False  # the result must show an error summary
    expect_text: str = ""  # the page must show this (so the state really is the one meant)
    setup: Callable[[object], None] | None = field(default=None)  # data the page needs
    recent_auth: bool = False  # the viewer has just re-entered their password


def _organisation_holiday(user) -> None:
    HolidayFactory(organisation=user.organisation, name="Christmas Day")


def _recovery_codes(user) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(user)


def _passkey(user) -> None:
    """A passkey with a long name, as people name them (allauth lists them in a table)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Sicherheitsschlüsselanhänger am Schlüsselbund", "credential": {}},
    )


def _wheelchair_services(user) -> None:
    from resources.tests.factories import ServiceFactory

    ServiceFactory(name="Wheelchair repair at home", description="Repairs to manual and powered wheelchairs.")
    ServiceFactory(name="Wheelchair loan", description="Short-term wheelchair loans while yours is repaired.")


def _draft_for_someone_else(user) -> None:
    """A request with every question answered, for someone cared for (so every question applies)."""
    from cases.tests.factories import RequestDraftFactory

    OrganisationFactory(name="MS Society of the United Kingdom", countries=["GB"])
    RequestDraftFactory(
        applicant=user,
        for_self=False,
        person_name="Jo Smith",
        relationship="parent",
        person_agreed="yes",
        is_urgent=True,
        contact_methods=["phone", "email", "post"],
        contact_email="alex@example.test",
        postal_address="1 High Street\nLondon",
        access_needs=["someone_else"],
        other_contact_name="Pat",
        other_contact_phone="01632 960 002",
    )


def _open_case_and_draft(user) -> None:
    from cases.tests.factories import CaseFactory, RequestDraftFactory

    CaseFactory(applicant=user, reference="MS-ABCD-2345")
    RequestDraftFactory(applicant=user, step="who")


def _saved_service(user) -> None:
    from resources.models import SavedService
    from resources.tests.factories import ServiceFactory

    service = ServiceFactory(name="Stairlift grants", description="Money towards a stairlift.")
    SavedService.objects.create(user=user, service=service)


def _saved_service_url() -> str:
    from resources.models import SavedService

    return f"/find-help/services/{SavedService.objects.get().service_id}/"


def _new_draft(user) -> None:
    from cases.models import RequestDraft

    RequestDraft.objects.create(applicant=user)


def _case_with_everything(user) -> None:
    from cases.tests.factories import AssignedCaseFactory, FollowUpFactory, MessageFactory, ReferralFactory

    case = AssignedCaseFactory(applicant=user, reference="MS-WXYZ-6789")
    MessageFactory(case=case, body="I found a grant for your stairlift.")
    MessageFactory(case=case, sender=user, body="Thank you!")
    ReferralFactory(case=case)
    FollowUpFactory(case=case)


def _case_with_a_long_story(user, *, as_advocate: bool = False) -> None:
    """A case with an event of most kinds on its timeline, written by the services: ``user``'s
    request, or (``as_advocate``) a case assigned to ``user``."""
    import datetime

    from django.utils import timezone

    from cases import services
    from cases.choices import CaseStatus, InteractionChannel, InteractionOutcome, NeedStatus
    from cases.tests.factories import AssignedCaseFactory, MessageFactory
    from resources.tests.factories import ServiceFactory

    if as_advocate:
        case = AssignedCaseFactory(assigned_to=user, organisation=user.organisation, reference="MS-LONG-STRY")
        MessageFactory(case=case, sender=case.applicant, body="Can you call me tomorrow?")
    else:
        case = AssignedCaseFactory(applicant=user, reference="MS-LONG-STRY")
    advocate = case.assigned_to
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=advocate)
    services.interaction_log(
        case=case,
        actor=advocate,
        channel=InteractionChannel.CALL,
        occurred_at=timezone.now(),
        outcome=InteractionOutcome.REACHED,
    )
    services.need_update(need=case.needs.first(), actor=advocate, status=NeedStatus.IN_PROGRESS)
    services.need_add(case=case, actor=advocate, category="housing")
    services.referral_create(case=case, actor=advocate, service=ServiceFactory(name="Stairlift grants"))
    services.followup_schedule(
        case=case,
        actor=advocate,
        owner=advocate,
        due_at=timezone.now() + datetime.timedelta(days=2),
        summary="Call about the grant",
        is_client_contact=True,
    )
    services.message_send(case=case, sender=advocate, body="Here is the form.")
    services.case_transition(case=case, to=CaseStatus.WAITING_ON_CLIENT, actor=advocate)
    services.contact_preferences_update(
        case=case, acting_user=case.applicant, preferences={"best_times": ["afternoon"]}
    )


def _caseload(user) -> None:
    """An advocate's caseload with every flag: overdue, urgent, at risk, unread."""
    import datetime

    from django.utils import timezone

    from cases.tests.factories import AssignedCaseFactory, FollowUpFactory, MessageFactory

    def mine(**kwargs):
        return AssignedCaseFactory(assigned_to=user, organisation=user.organisation, **kwargs)

    FollowUpFactory(case=mine(), owner=user, due_at=timezone.now() - datetime.timedelta(days=2))
    mine(is_urgent=True, first_contact_due=timezone.localdate())
    unread = mine()
    MessageFactory(case=unread, sender=unread.applicant)


def _advocates_case(user) -> None:
    from cases.tests.factories import AssignedCaseFactory
    from resources.tests.factories import ServiceFactory

    AssignedCaseFactory(assigned_to=user, organisation=user.organisation, reference="MS-ADVO-CASE")
    ServiceFactory(name="Stairlift grants", country="GB")


def _assessed_case(user) -> None:
    """An advocate's case assessed twice (the first and latest side by side), the latest with a
    positive depression screen, a staff note and a referral."""
    from cases import services
    from cases.choices import AssessmentDomain, NeedLevel
    from cases.tests.factories import AssignedCaseFactory
    from resources.tests.factories import ServiceFactory

    case = AssignedCaseFactory(assigned_to=user, organisation=user.organisation, reference="MS-ASSESSED1")
    domains = list(AssessmentDomain)
    services.assessment_record(
        case=case,
        actor=user,
        ratings={
            d: services.Rating(NeedLevel.URGENT if i % 3 == 0 else NeedLevel.SOME, "Told me")
            for i, d in enumerate(domains)
        },
        phq2_interest=1,
        phq2_mood=1,
    )
    services.assessment_record(
        case=case,
        actor=user,
        ratings={d: services.Rating(NeedLevel.NO_NEED) for d in domains[:5]},
        phq2_interest=2,
        phq2_mood=3,
    )
    services.note_add(case=case, actor=user, body="Spoke to the council.")
    services.referral_create(case=case, actor=user, service=ServiceFactory(name="Stairlift grants", country="GB"))


def _child_url(name: str, related: str):
    def url() -> str:
        from django.urls import reverse

        from cases.models import Case

        case = Case.objects.order_by("-submitted_at").first()
        child = getattr(case, related).order_by("-pk").first()
        return reverse(name, args=[case.pk, child.pk])

    return url


def _changed_meanwhile_then_saved(page) -> None:
    """Someone else changes the note after this page opened it; this save is refused (409)."""
    from cases.models import Note

    Note.objects.update(body="Changed by a colleague meanwhile.", version=F("version") + 1)
    page.get_by_label("Note").fill("My change")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the note", exact=True).click()


def _failed_notifications(user) -> None:
    from notifications.tests.factories import FailedNotificationFactory

    FailedNotificationFactory.create_batch(2, organisation=user.organisation)


def _everything(user) -> None:
    from cases.tests.factories import everything_about

    everything_about(user)


def _calendar_feed(user) -> None:
    from accounts.services import calendar_feed_create

    calendar_feed_create(user=user)


def _report_problem_url() -> str:
    from django.urls import reverse

    from resources.tests.factories import ServiceFactory

    return reverse("service_report_problem", kwargs={"service_id": ServiceFactory().pk})


def _metrics(user) -> None:
    """A few months of work: cases received, assigned, contacted and closed, referrals with
    outcomes, a reassessment, an advocate over capacity (the site admin: two organisations)."""
    import datetime as dt

    from django.utils import timezone

    from accounts.tests.factories import AdvocateFactory, OrganisationFactory
    from cases.models import Assessment, AssessmentRating, Case
    from cases.tests.factories import AssignedCaseFactory, ReferralFactory

    organisation = user.organisation or OrganisationFactory(name="MS Society Test")
    if user.organisation is None:
        OrganisationFactory(name="MS Society Elsewhere", countries=["CA"], timezone="America/Toronto")
    full = AdvocateFactory(organisation=organisation, first_name="Priya", last_name="Shah", capacity=2)
    now = timezone.now()
    for weeks in range(6):
        case = AssignedCaseFactory(organisation=organisation, assigned_to=full)
        Case.objects.filter(pk=case.pk).update(
            submitted_at=now - dt.timedelta(weeks=weeks, days=2), first_contact_at=now - dt.timedelta(weeks=weeks)
        )
        ReferralFactory(case=case, outcome="received_help" if weeks % 2 else "waiting_list")
    for when, level in ((now - dt.timedelta(days=40), "urgent"), (now - dt.timedelta(days=3), "some")):
        assessment = Assessment.objects.create(case=case, assessed_by=full, assessed_at=when)
        AssessmentRating.objects.create(assessment=assessment, domain="transport", level=level)


def _queue(user) -> None:
    """A supervisor's queue: an urgent request, one past its deadline, one in French, and a
    team with someone away and someone full."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import Absence
    from accounts.tests.factories import AdvocateFactory
    from cases.tests.factories import AssignedCaseFactory, CaseFactory

    org = user.organisation
    CaseFactory(organisation=org, reference="MS-QUEU-URGE", is_urgent=True)
    CaseFactory(
        organisation=org, reference="MS-QUEU-LATE", first_contact_due=timezone.localdate() - dt.timedelta(days=3)
    )
    CaseFactory(organisation=org, reference="MS-QUEU-FREN", language="fr", region="GB-SCT", categories=["housing"])
    here = AdvocateFactory(
        organisation=org, first_name="Sam", languages=["fr"], regions=["GB-SCT"], expertise=["housing"]
    )
    full = AdvocateFactory(organisation=org, first_name="Kim", capacity=1)
    AssignedCaseFactory(organisation=org, assigned_to=full)
    away = AdvocateFactory(organisation=org, first_name="Jo")
    Absence.objects.create(advocate=away, covered_by=here, starts_on=timezone.localdate(), ends_on=timezone.localdate())


def _away_advocate(user) -> None:
    """An advocate of the team away this week, covered by a colleague."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import Absence
    from accounts.tests.factories import AdvocateFactory

    away = AdvocateFactory(organisation=user.organisation, first_name="Priya", last_name="Shah", languages=["en", "pa"])
    cover = AdvocateFactory(organisation=user.organisation, first_name="Rhys", last_name="Jones", regions=["GB-WLS"])
    today = timezone.localdate()
    Absence.objects.create(advocate=away, covered_by=cover, starts_on=today, ends_on=today + dt.timedelta(days=4))


def _member_url(name: str):
    def url() -> str:
        from django.urls import reverse

        from accounts.models import User

        return reverse(name, kwargs={"member_id": User.objects.get(first_name="Priya", last_name="Shah").pk})

    return url


def _queue_case_url() -> str:
    from django.urls import reverse

    from cases.models import Case

    return reverse("queue_assign", kwargs={"case_id": Case.objects.get(reference="MS-QUEU-FREN").pk})


def _look_alikes(user, *, applicant=None):
    """Two requests for the same person (the same name and phone number, written another way):
    one with an advocate, one waiting in the queue of the user's society (or, for a client, the
    society serving them)."""
    from accounts.tests.factories import OrganisationFactory
    from cases.tests.factories import AssignedCaseFactory, CaseFactory

    org = user.organisation or OrganisationFactory(name="MS Society Test")
    same = {"for_self": False, "person_name": "Ruth Okafor", "relationship": "parent", "person_agreed": "yes"}
    if applicant is not None:
        same["applicant"] = applicant
    AssignedCaseFactory(organisation=org, reference="MS-ALIK-0001", phone="01632 960 777", **same)
    CaseFactory(organisation=org, reference="MS-ALIK-0002", phone="+44 1632 960777", is_urgent=True, **same)


def _joined(user) -> None:
    """The two look-alike requests joined by a supervisor (the client's own, for a client; for an
    advocate, the one joined was theirs)."""
    from accounts.tests.factories import SupervisorFactory
    from cases import services
    from cases.models import Case

    _look_alikes(user, applicant=user if user.role == "client" else None)
    keep, remove = (Case.objects.get(reference=f"MS-ALIK-000{n}") for n in (1, 2))
    actor = user if user.role == "supervisor" else SupervisorFactory(organisation=keep.organisation)
    if user.role == "advocate":  # theirs was the request joined into a colleague's case
        services.case_assign(case=remove, advocate=user, actor=actor)
    services.case_merge(keep=keep, remove=remove, actor=actor, reason="The same person, asked twice")


def _look_alike_url(name: str, reference: str, **extra):
    def url() -> str:
        from django.urls import reverse

        from cases.models import Case

        return reverse(name, kwargs={"case_id": Case.objects.get(reference=reference).pk, **extra})

    return url


def _case_url(name: str):
    def url() -> str:
        from django.urls import reverse

        from cases.models import Case

        return reverse(name, kwargs={"case_id": Case.objects.order_by("-submitted_at").first().pk})

    return url


REQUEST_STEPS = [
    "who", "person", "agreed", "country", "region", "needs", "details", "urgent", "contact",
    "contact-details", "times", "language", "access", "consent",
]  # fmt: skip

STATES = [
    # The directory as a client who saved a service, and a search that finds nothing.
    State("my-list-with-a-service", "client", "/my-list/", setup=_saved_service, expect_text="Stairlift grants"),
    State(
        "my-list-large-print", "client", "/my-list/?print=large", setup=_saved_service, expect_text="Stairlift grants"
    ),
    State("service-saved", "client", _saved_service_url, setup=_saved_service, expect_text="Stairlift grants"),
    State(
        "search-filtered-nothing-found",
        "anonymous",
        "/find-help/?q=zzzz&country=DK&free=on",
        expect_text="No services found",
    ),
    State(
        "search-filter-error",
        "anonymous",
        "/find-help/?q=wheelchair&age=abc",
        shows_errors=True,
    ),
    # Every question of the request, with a request under way, and its other pages.
    *[
        State(
            f"request-question-{step}",
            "client",
            f"/request-an-advocate/question/{step}/",
            setup=_draft_for_someone_else,
        )
        for step in REQUEST_STEPS
    ],
    State("request-check-answers", "client", "/request-an-advocate/check/", setup=_draft_for_someone_else),
    State("request-urgent-help", "client", "/request-an-advocate/urgent-help/", setup=_draft_for_someone_else),
    State("request-discard", "client", "/request-an-advocate/discard/", setup=_draft_for_someone_else),
    State(
        "request-already-open",
        "client",
        "/request-an-advocate/already-open/",
        setup=_open_case_and_draft,
        expect_text="MS-ABCD-2345",
    ),
    State(
        "request-question-empty",
        "client",
        "/request-an-advocate/question/who/",
        setup=_new_draft,
        act=lambda p: submit(p, "Continue"),
        shows_errors=True,
    ),
    State(
        "my-requests-with-a-case", "client", "/my-requests/", setup=_case_with_everything, expect_text="MS-WXYZ-6789"
    ),
    State(
        "my-request-with-messages-and-referrals",
        "client",
        _case_url("my_request_detail"),
        setup=_case_with_everything,
        expect_text="I found a grant for your stairlift.",
    ),
    State(
        "my-request-message-empty",
        "client",
        _case_url("my_request_detail"),
        setup=_case_with_everything,
        act=lambda p: submit(p, "Send message"),
        shows_errors=True,
    ),
    State(
        "my-request-with-a-long-story",
        "client",
        _case_url("my_request_detail"),
        setup=_case_with_a_long_story,
        expect_text="Your advocate is waiting to hear from you",
    ),
    State("my-data-with-a-case", "client", "/my-data/", setup=_case_with_everything, expect_text="MS-WXYZ-6789"),
    State(
        "my-data-with-everything", "client", "/my-data/", setup=_everything, expect_text="My neighbour sorted it out."
    ),
    State("home-as-client-with-requests", "client", "/", setup=_case_with_everything, expect_text="MS-WXYZ-6789"),
    # Every role's start page (the walker's "home" is checked above as a visitor).
    State("home-as-client", "client", "/"),
    State("home-as-advocate", "advocate", "/"),
    State("home-as-supervisor", "supervisor", "/"),
    State("home-as-org-admin", "org_admin", "/"),
    State("home-as-site-admin", "site_admin", "/"),
    # Staff see their second factors and the session-timeout warning markup.
    State("account-overview-as-advocate", "advocate", "/account/"),
    State("mfa-index-as-advocate", "advocate", "/accounts/2fa/"),
    State(
        "passkeys-listed-as-advocate",
        "advocate",
        "/accounts/2fa/webauthn/",
        setup=_passkey,
        expect_text="Sicherheitsschlüsselanhänger",
        recent_auth=True,
    ),
    State("mfa-reauthenticate-as-advocate", "advocate", "/accounts/2fa/reauthenticate/"),
    State("mfa-deactivate-totp-as-advocate", "advocate", "/accounts/2fa/totp/deactivate/", recent_auth=True),
    State(
        "mfa-generate-recovery-codes-as-advocate",
        "advocate",
        "/accounts/2fa/recovery-codes/generate/",
        recent_auth=True,
    ),
    State(
        "mfa-view-recovery-codes-as-advocate",
        "advocate",
        "/accounts/2fa/recovery-codes/",
        setup=_recovery_codes,
        recent_auth=True,
    ),
    # An advocate's follow-ups in their calendar app: a link just made (shown once), one made before.
    State(
        "calendar-link-just-made",
        "advocate",
        "/account/calendar/",
        act=lambda p: submit(p, "Create a link"),
        expect_text="Your private calendar link",
    ),
    State(
        "calendar-link-made-before",
        "advocate",
        "/account/calendar/",
        setup=_calendar_feed,
        expect_text="You made your calendar link on",
    ),
    State("organisation-settings-with-holidays", "org_admin", "/organisation/", setup=_organisation_holiday),
    State("caseload-with-cases", "advocate", "/cases/", setup=_caseload, expect_text="Follow-up overdue"),
    State("queue-with-requests", "supervisor", "/queue/", setup=_queue, expect_text="Past the first-contact target"),
    State("metrics-the-last-year", "supervisor", "/metrics/", setup=_metrics, expect_text="Caseload per advocate"),
    State("metrics-for-the-organisation-admin", "org_admin", "/metrics/", setup=_metrics, expect_text="Week by week"),
    State(
        "metrics-every-organisation",
        "site_admin",
        "/metrics/",
        setup=_metrics,
        expect_text="Every organisation side by side",
    ),
    State(
        "metrics-dates-the-wrong-way-round",
        "supervisor",
        "/metrics/",
        setup=_metrics,
        act=lambda p: (
            p.get_by_label("Day").first.fill("20"),
            p.get_by_label("Month").first.fill("11"),
            p.get_by_label("Year").first.fill("2026"),
            p.get_by_label("Day").nth(1).fill("1"),
            p.get_by_label("Month").nth(1).fill("11"),
            p.get_by_label("Year").nth(1).fill("2026"),
            submit(p, "Show these dates"),
        ),
        shows_errors=True,
    ),
    State(
        "team-with-someone-away", "supervisor", "/team/", setup=_away_advocate, expect_text="Covering for Priya Shah"
    ),
    State(
        "team-member-away",
        "supervisor",
        _member_url("team_member_detail"),
        setup=_away_advocate,
        expect_text="Away from",
    ),
    State(
        "team-member-work-bad-capacity",
        "supervisor",
        _member_url("team_member_work"),
        setup=_away_advocate,
        act=lambda p: (p.get_by_label("Capacity: how many open cases can they carry?").fill("0"), submit(p, "Save")),
        shows_errors=True,
    ),
    State(
        "team-member-absence-empty",
        "supervisor",
        _member_url("team_member_absence_new"),
        setup=_away_advocate,
        act=lambda p: submit(p, "Record the absence"),
        shows_errors=True,
    ),
    State(
        "queue-assign-nothing-chosen",
        "supervisor",
        "/queue/",
        setup=_queue,
        act=lambda p: submit(p, "Assign the selected requests"),
        shows_errors=True,
    ),
    State("queue-suggestions", "supervisor", _queue_case_url, setup=_queue, expect_text="Speaks French"),
    State(
        "queue-suggestions-nobody-chosen",
        "supervisor",
        _queue_case_url,
        setup=_queue,
        act=lambda p: submit(p, "Assign"),
        shows_errors=True,
    ),
    State(
        "home-as-supervisor-with-a-queue", "supervisor", "/", setup=_queue, expect_text="Assign the 3 waiting requests"
    ),
    # Two requests of the same person: flagged in the queue, compared side by side, joined.
    State(
        "queue-with-a-possible-duplicate",
        "supervisor",
        "/queue/",
        setup=_look_alikes,
        expect_text="Same name and phone number as MS-ALIK-0001",
    ),
    State(
        "merge-side-by-side",
        "supervisor",
        _look_alike_url("case_merge", "MS-ALIK-0002"),
        setup=_look_alikes,
        expect_text="The two requests side by side",
    ),
    State(
        "merge-without-a-reason",
        "supervisor",
        _look_alike_url("case_merge", "MS-ALIK-0002"),
        setup=_look_alikes,
        act=lambda p: submit(p, "Join the requests"),
        shows_errors=True,
    ),
    State(
        "case-record-with-a-joined-case",
        "supervisor",
        _look_alike_url("case_detail", "MS-ALIK-0001"),
        setup=_joined,
        expect_text="from MS-ALIK-0002, joined on",
    ),
    State(
        "case-joined-into-a-colleagues",
        "advocate",
        _look_alike_url("case_detail", "MS-ALIK-0002"),
        setup=_joined,
        expect_text="This case was joined with another",
    ),
    State(
        "my-request-joined-into-another",
        "client",
        _look_alike_url("my_request_detail", "MS-ALIK-0002"),
        setup=_joined,
        expect_text="Your two requests were joined into one",
    ),
    State(
        "case-record-with-a-long-story",
        "advocate",
        _case_url("case_detail"),
        setup=lambda user: _case_with_a_long_story(user, as_advocate=True),
        expect_text="Can you call me tomorrow?",
    ),
    State(
        "contact-log-empty",
        "advocate",
        _case_url("case_contact_log"),
        setup=_advocates_case,
        act=lambda p: submit(p, "Log the contact"),
        shows_errors=True,
    ),
    State(
        "referral-search-results",
        "advocate",
        lambda: _case_url("case_referral_new")() + "?q=stairlift",
        setup=_advocates_case,
        expect_text="Stairlift grants",
    ),
    State(
        "referral-nothing-chosen",
        "advocate",
        lambda: _case_url("case_referral_new")() + "?q=stairlift",
        setup=_advocates_case,
        act=lambda p: submit(p, "Suggest it to the client"),
        shows_errors=True,
    ),
    State(
        "case-record-assessed-twice-positive-screen",
        "advocate",
        _case_url("case_detail"),
        setup=_assessed_case,
        expect_text="What to do next",
    ),
    State(
        "assessment-form-nothing-rated",
        "advocate",
        _case_url("case_assessment_new"),
        setup=_advocates_case,
        act=lambda p: submit(p, "Save the assessment"),
        shows_errors=True,
    ),
    State(
        "note-form-empty",
        "advocate",
        _case_url("case_note_new"),
        setup=_advocates_case,
        act=lambda p: submit(p, "Save the note"),
        shows_errors=True,
    ),
    State(
        "note-changed-meanwhile",
        "advocate",
        _child_url("case_note_edit", "notes"),
        setup=_assessed_case,
        act=_changed_meanwhile_then_saved,
        expect_text="What it says now",
    ),
    State(
        "referral-outcome-nothing-chosen",
        "advocate",
        _child_url("case_referral_outcome", "referrals"),
        setup=_assessed_case,
        act=lambda p: submit(p, "Save"),
        shows_errors=True,
    ),
    State("home-as-advocate-with-cases", "advocate", "/", setup=_caseload, expect_text="What needs doing next"),
    State(
        "failed-notifications-listed",
        "org_admin",
        "/organisation/notifications/failed/",
        setup=_failed_notifications,
        expect_text="Try again",
    ),
    State(
        "search-with-results",
        "anonymous",
        "/find-help/?q=wheelchair",
        setup=_wheelchair_services,
        expect_text="Wheelchair repair at home",
    ),
    # Error pages.
    State("403-client-on-team", "client", "/team/", status=403),
    State("404-missing-page", "anonymous", "/no-such-page/", status=404),
    State("404-missing-page-signed-in", "client", "/no-such-page/", status=404),
    State(
        "429-too-many-problem-reports",
        "anonymous",
        _report_problem_url,
        act=report_problems_until_refused,
        expect_text="Please wait before trying again",
    ),
    # Forms showing their errors.
    State("sign-in-empty", "anonymous", "/accounts/login/", act=lambda p: submit(p, "Sign in"), shows_errors=True),
    State("sign-in-wrong-password", "anonymous", "/accounts/login/", act=sign_in_wrong_password, shows_errors=True),
    State(
        "sign-up-empty",
        "anonymous",
        "/accounts/signup/",
        act=lambda p: submit(p, "Create an account"),
        shows_errors=True,
    ),
    State(
        "password-reset-empty",
        "anonymous",
        "/accounts/password/reset/",
        act=lambda p: submit(p, "Send the link"),
        shows_errors=True,
    ),
    State(
        "change-password-empty",
        "client",
        "/accounts/password/change/",
        act=lambda p: submit(p, "Change password"),
        shows_errors=True,
    ),
    State(
        "mfa-code-empty",
        "advocate",
        "/accounts/2fa/reauthenticate/",
        act=lambda p: submit(p, "Continue"),
        shows_errors=True,
    ),
    State(
        "organisation-settings-bad-values",
        "org_admin",
        "/organisation/",
        act=organisation_settings_bad_values,
        shows_errors=True,
    ),
    State("holiday-bad-date", "org_admin", "/organisation/holidays/add/", act=holiday_bad_date, shows_errors=True),
    State(
        "holiday-empty",
        "org_admin",
        "/organisation/holidays/add/",
        act=lambda p: submit(p, "Add closure"),
        shows_errors=True,
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize("state", STATES, ids=[s.id for s in STATES])
def test_page_state_has_no_accessibility_violations(state, browser_page, users):
    user = users(state.role)
    if state.setup is not None:
        state.setup(user)
    url = state.url() if callable(state.url) else state.url
    page = open_page(browser_page, users, state.role, url, status=state.status, recent_auth=state.recent_auth)
    if state.act is not None:
        state.act(page)
    if state.shows_errors:
        summary = page.locator(".govuk-error-summary")
        assert summary.count() == 1 and summary.is_visible(), f"{state.id}: no error summary on {page.url}"
    if state.expect_text:
        assert state.expect_text in page.inner_text("main"), f"{state.id}: {state.expect_text!r} not on {page.url}"
    assert_accessible(page, f"{state.id}: {page.url} as {state.role}")
    assert_reflows(page, f"{state.id}: {page.url} as {state.role}")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("template", "message"),
    [("errors/400.html", "Choose how the case ended."), ("errors/409.html", "This request is already closed.")],
)
def test_error_pages_a_walk_does_not_reach_have_no_accessibility_violations(browser_page, template, message):
    """The 400 and 409 pages (patientportal/errors.py), rendered as the middleware renders them,
    in a page of the live site (its styles load as on any page)."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string(template, {"message": message}, request=request)
    page = open_page(browser_page, lambda role: None, "anonymous", "/")
    page.set_content(html)
    assert_styled(page)
    assert message in page.inner_text("main")
    assert_accessible(page, template)
    assert_reflows(page, template)


# --- the check can fail -------------------------------------------------------------------

UNLABELLED = """<!DOCTYPE html>
<html lang="en"><head><title>An unlabelled input</title></head>
<body><main><h1>Search</h1><form><input type="text" name="q"><button>Search</button></form></main></body></html>"""


@pytest.mark.browser
def test_axe_reports_an_input_without_a_label(browser_page):
    page = browser_page(None)
    page.set_content(UNLABELLED)
    assert "label" in {v["id"] for v in axe_violations(page)}
    with pytest.raises(AssertionError, match=r"label: Form elements must have labels"):
        assert_accessible(page, "an unlabelled input")

    # The same page with the label: nothing to report, so the check is not just always failing.
    page.set_content(UNLABELLED.replace('<input type="text" name="q">', '<label>Search for <input name="q"></label>'))
    assert axe_violations(page) == []


@pytest.mark.browser
def test_unlabelled_input_on_a_real_page_fails_the_check(browser_page):
    page = open_page(browser_page, lambda role: None, "anonymous", "/accounts/login/")
    page.evaluate(
        """() => {
        const input = document.createElement('input');
        input.type = 'text'; input.name = 'sneaky'; input.className = 'govuk-input';
        document.querySelector('main form').prepend(input);
    }"""
    )
    with pytest.raises(AssertionError, match=r"input\[name=\"sneaky\"\]|sneaky"):
        assert_accessible(page, "sign-in page with an unlabelled input")


WIDE = """<!DOCTYPE html>
<html lang="en"><head><title>A wide table</title></head>
<body><main><h1>Listings</h1><p>Write to us.</p>
<table class="govuk-table" style="width: 40rem"><tr><td>Wheelchair repair</td><td>Checked</td></tr></table>
</main></body></html>"""


@pytest.mark.browser
def test_reflow_check_names_the_element_too_wide(browser_page):
    page = browser_page(None)
    page.set_content(WIDE)
    with pytest.raises(AssertionError, match=r"(?s)a wide table.*too wide.*The widest:\n  - main > table\.govuk-table"):
        assert_reflows(page, "a wide table")

    # A long address in a paragraph of the right width still pushes the page out: its text is found.
    page.set_content(WIDE.replace('style="width: 40rem"', "").replace("Write to us.", "x" * 80))
    with pytest.raises(AssertionError, match=r"text: 'x{80}'"):
        assert_reflows(page, "a long word")

    # The same table without its fixed width, and the word allowed to wrap: nothing to report.
    wraps = '<p style="overflow-wrap: anywhere">' + "x" * 80
    page.set_content(WIDE.replace('style="width: 40rem"', "").replace("<p>Write to us.", wraps))
    assert_reflows(page, "a narrow table")


@pytest.mark.browser
def test_reflow_on_a_real_page_fails_the_check(browser_page):
    page = open_page(browser_page, lambda role: None, "anonymous", "/accounts/login/")
    page.evaluate(
        """() => {
        const wide = document.createElement('div');
        wide.className = 'sneaky'; wide.style.width = '500px'; wide.textContent = 'Too wide';
        document.querySelector('main').prepend(wide);
    }"""
    )
    with pytest.raises(AssertionError, match=r"div\.sneaky: reaches \d+ px, 500 px wide"):
        assert_reflows(page, "sign-in page with a wide box")

    # Cutting off what is too wide is no fix either.
    page.add_style_tag(content="body { overflow-x: hidden; }")
    with pytest.raises(AssertionError, match=r"\['body'\] hide\(s\) what is too wide"):
        assert_reflows(page, "sign-in page hiding a wide box")
