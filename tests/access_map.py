"""What every URL pattern promises about who may open it.

The URL walker (``test_url_walker.py``) enumerates every pattern of the project and checks it
against the entry here, as each role. A pattern without an entry fails the walker: adding a
page means saying who may see it.

Keys are URL names (``namespace:name``); unnamed patterns are keyed by their route. A key
ending in ``*`` covers every name with that prefix (used only for the Django admin, whose
pages are generated per model and all behave alike).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from accounts.tests.factories import AdvocateFactory, HolidayFactory, OrganisationFactory

#: The roles the walker signs in as; ``anonymous`` is nobody signed in.
ROLES = (
    "anonymous",
    "client",
    "other_client",
    "advocate",
    "other_org_advocate",
    "supervisor",
    "org_admin",
    "site_admin",
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
STAFF = frozenset({"advocate", "other_org_advocate", "supervisor", "org_admin", "site_admin"})

LOGIN = "login"  # redirected to the sign-in page, which brings them back afterwards
HOME = "home"  # redirected to their start page (e.g. an already signed-in user on "sign in")


@dataclass(frozen=True)
class Access:
    """The promise of one pattern.

    ``allowed``: roles that get ``ok`` (a status code, or a set of acceptable codes);
    anonymous, when not allowed, is sent to sign in (``LOGIN``) and any other role gets 403,
    unless ``others`` says otherwise.
    ``own`` / ``theirs``: for a page about one record, build URL kwargs for a record the
    viewer may see and for someone else's. Theirs must be a 404, never a 200.
    ``method``: the walker sends this method ("post" for actions).
    ``nested``: for a page about an object inside a record (a referral inside a case), URL kwargs
    for the viewer's own record with an object of someone else's record in it: must be a 404.
    ``rows``: for a list page, seed rows the viewer should see and rows of another organisation
    or another client, and return (a text that must appear, texts that must not); None for a
    role the list shows nothing to check for.
    """

    allowed: frozenset[str]
    ok: int | frozenset[int] = 200
    others: dict[str, int | str] = field(default_factory=dict)
    own: Callable[[object], dict] | None = None
    theirs: Callable[[object], dict] | None = None
    kwargs: dict | Callable[[], dict] | None = None
    method: str = "get"
    recent_auth: bool = False  # the viewer has just re-entered their password (allauth reauthentication)
    follow_to: int | None = None  # the status after following redirects, for wrong roles
    nested: Callable[[object], dict] | None = None
    rows: Callable[[object], tuple[str, list[str]] | None] | None = None

    def expected(self, role: str) -> int | frozenset[int] | str:
        if role in self.others:
            return self.others[role]
        if role in self.allowed:
            return self.ok
        return LOGIN if role == "anonymous" else 403


def public(ok: int | frozenset[int] = 200, **extra) -> Access:
    return Access(allowed=frozenset(ROLES), ok=ok, **extra)


def signed_in(ok: int | frozenset[int] = 200, **extra) -> Access:
    return Access(allowed=SIGNED_IN, ok=ok, **extra)


def roles(*names: str, **extra) -> Access:
    return Access(allowed=frozenset(names), **extra)


def anonymous_only(ok: int = 200) -> Access:
    """Sign-in and sign-up: for visitors; a signed-in user is sent to their start page."""
    return Access(allowed=frozenset({"anonymous"}), ok=ok, others=dict.fromkeys(SIGNED_IN, HOME))


# --- record builders: kwargs for a record the viewer may see, and for someone else's ------


def _own_team_member(user) -> dict:
    return {"member_id": AdvocateFactory(organisation=user.organisation).pk}


def _other_team_member(user) -> dict:
    return {"member_id": AdvocateFactory(organisation=OrganisationFactory(countries=["DE"])).pk}


def _absence_of(advocate) -> int:
    import datetime

    from django.utils import timezone

    from accounts.models import Absence

    colleague = AdvocateFactory(organisation=advocate.organisation)
    today = timezone.localdate()
    return Absence.objects.create(
        advocate=advocate, covered_by=colleague, starts_on=today, ends_on=today + datetime.timedelta(days=3)
    ).pk


def _own_absence(user) -> dict:
    advocate = AdvocateFactory(organisation=user.organisation)
    return {"member_id": advocate.pk, "absence_id": _absence_of(advocate)}


def _other_absence(user) -> dict:
    advocate = AdvocateFactory(organisation=OrganisationFactory(countries=["DE"]))
    return {"member_id": advocate.pk, "absence_id": _absence_of(advocate)}


def _own_holiday(user) -> dict:
    return {"holiday_id": HolidayFactory(organisation=user.organisation).pk}


def _other_holiday(user) -> dict:
    return {"holiday_id": HolidayFactory(organisation=OrganisationFactory(countries=["IT"])).pk}


def _own_passkey(user) -> dict:
    from allauth.mfa.models import Authenticator

    key = Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "My key", "credential": {}}
    )
    return {"pk": key.pk}


def _other_passkey(user) -> dict:
    from allauth.mfa.models import Authenticator

    other = AdvocateFactory(organisation=OrganisationFactory(countries=["ES"]))
    key = Authenticator.objects.create(
        user=other, type=Authenticator.Type.WEBAUTHN, data={"name": "Their key", "credential": {}}
    )
    return {"pk": key.pk}


def _user_content_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get(app_label="accounts", model="user").pk


def _listed_service() -> str:
    from resources.tests.factories import ServiceFactory

    return str(ServiceFactory().pk)


def _own_listing(user) -> dict:
    from resources.tests.factories import ServiceFactory

    return {"service_id": ServiceFactory(owner=user.organisation, country=user.organisation.countries[0]).pk}


def _other_listing(user) -> dict:
    from resources.tests.factories import ServiceFactory

    return {"service_id": ServiceFactory(owner=OrganisationFactory(countries=["NL"]), country="NL").pk}


def _own_report(user) -> dict:
    from resources.tests.factories import ProblemReportFactory

    return {"report_id": ProblemReportFactory(service_id=_own_listing(user)["service_id"]).pk}


def _other_report(user) -> dict:
    from resources.tests.factories import ProblemReportFactory

    return {"report_id": ProblemReportFactory(service_id=_other_listing(user)["service_id"]).pk}


def _own_case(user) -> dict:
    from cases.tests.factories import CaseFactory

    return {"case_id": CaseFactory(applicant=user).pk}


def _other_case(user) -> dict:
    from cases.tests.factories import CaseFactory

    return {"case_id": CaseFactory().pk}


def _own_referral(user) -> dict:
    from cases.tests.factories import AssignedCaseFactory, ReferralFactory

    referral = ReferralFactory(case=AssignedCaseFactory(applicant=user))
    return {"case_id": referral.case_id, "referral_id": referral.pk}


def _other_referral(user) -> dict:
    from cases.tests.factories import ReferralFactory

    referral = ReferralFactory()
    return {"case_id": referral.case_id, "referral_id": referral.pk}


def _their_referral_in_my_case(user) -> dict:
    from cases.tests.factories import AssignedCaseFactory, ReferralFactory

    mine = AssignedCaseFactory(applicant=user)
    return {"case_id": mine.pk, "referral_id": ReferralFactory().pk}


def _own_deletion_request(user) -> dict:
    from cases.tests.factories import DeletionRequestFactory

    return {"request_id": DeletionRequestFactory(organisation=user.organisation).pk}


def _other_deletion_request(user) -> dict:
    from cases.tests.factories import DeletionRequestFactory

    return {"request_id": DeletionRequestFactory(organisation=OrganisationFactory(countries=["DK"])).pk}


def _own_failed_notification(user) -> dict:
    from notifications.tests.factories import FailedNotificationFactory

    return {"notification_id": FailedNotificationFactory(organisation=user.organisation).pk}


def _other_failed_notification(user) -> dict:
    from notifications.tests.factories import FailedNotificationFactory

    other = OrganisationFactory(countries=["BE"]) if user.organisation_id is None else None
    return {"notification_id": FailedNotificationFactory(organisation=other).pk}


def _own_notification(user) -> dict:
    from notifications.tests.factories import ShownNotificationFactory

    return {"notification_id": ShownNotificationFactory(recipient=user).pk}


def _other_notification(user) -> dict:
    from notifications.tests.factories import ShownNotificationFactory

    return {"notification_id": ShownNotificationFactory().pk}


def access_is_a_record_page(access: Access) -> bool:
    return access.own is not None


def _own_staff_case(user) -> dict:
    """A case the staff member may open: an advocate's own, or one of their organisation's."""
    from cases.tests.factories import AssignedCaseFactory

    if user.role == "advocate":
        return {"case_id": AssignedCaseFactory(assigned_to=user, organisation=user.organisation).pk}
    return {"case_id": AssignedCaseFactory(organisation=user.organisation).pk}


def _other_staff_case(user) -> dict:
    """A case they may not: a colleague's (for an advocate), another society's (for the others)."""
    from cases.tests.factories import AssignedCaseFactory

    if user.role == "advocate":
        return {"case_id": AssignedCaseFactory(organisation=user.organisation).pk}
    return {"case_id": AssignedCaseFactory(country="DK").pk}


def _own_waiting_case(user) -> dict:
    """A request waiting in the supervisor's queue."""
    from cases.tests.factories import CaseFactory

    return {"case_id": CaseFactory(organisation=user.organisation, country=user.organisation.countries[0]).pk}


def _other_waiting_case(user) -> dict:
    """A request waiting in another society's queue."""
    from cases.tests.factories import CaseFactory

    return {"case_id": CaseFactory(country="DK").pk}


def _queue_rows(user) -> tuple[str, list[str]]:
    from cases.tests.factories import AssignedCaseFactory, CaseFactory

    country = user.organisation.countries[0]
    ours = CaseFactory(organisation=user.organisation, country=country, reference=_marker("MS-")[:12])
    assigned = AssignedCaseFactory(organisation=user.organisation, country=country, reference=_marker("MS-")[:12])
    elsewhere = CaseFactory(country="DK", reference=_marker("MS-")[:12])
    return ours.reference, [assigned.reference, elsewhere.reference]


def _case_child(user, *, theirs: bool, related: str) -> dict:
    """URL kwargs for an object inside a case (a follow-up, a need): in a case the staff member
    may work on, or in one they may not."""
    from cases.tests.factories import FollowUpFactory

    case_id = (_other_staff_case if theirs else _own_staff_case)(user)["case_id"]
    from cases.models import Case

    case = Case.objects.get(pk=case_id)
    if related == "follow_up":
        return {"case_id": case.pk, "follow_up_id": FollowUpFactory(case=case, owner=case.assigned_to).pk}
    if related == "note":
        from cases.models import Note

        note = Note.objects.create(case=case, author=case.assigned_to, body="A note")
        return {"case_id": case.pk, "note_id": note.pk}
    if related == "referral":
        from cases.tests.factories import ReferralFactory

        return {"case_id": case.pk, "referral_id": ReferralFactory(case=case).pk}
    return {"case_id": case.pk, "need_id": case.needs.first().pk}


def _children(related: str) -> dict:
    """own / theirs / nested builders for a page about an object inside a case."""

    def own(user):
        return _case_child(user, theirs=False, related=related)

    def theirs(user):
        return _case_child(user, theirs=True, related=related)

    def nested(user):
        mine = own(user)
        other = theirs(user)
        return {**other, "case_id": mine["case_id"]}

    return {"own": own, "theirs": theirs, "nested": nested}


def _caseload_rows(user) -> tuple[str, list[str]]:
    from cases.tests.factories import AssignedCaseFactory

    mine = AssignedCaseFactory(assigned_to=user, organisation=user.organisation, reference=_marker("MS-")[:12])
    colleagues = AssignedCaseFactory(organisation=user.organisation, reference=_marker("MS-")[:12])
    elsewhere = AssignedCaseFactory(country="DK", reference=_marker("MS-")[:12])
    return mine.reference, [colleagues.reference, elsewhere.reference]


# --- rows of list pages: (text the viewer must see, texts of others' rows they must not) -----


def _marker(what: str) -> str:
    return f"{what}{uuid.uuid4().hex[:10]}"


def _case_rows(user) -> tuple[str, list[str]] | None:
    from cases.tests.factories import AssignedCaseFactory, CaseFactory

    if not user.is_client:
        return None
    mine = CaseFactory(applicant=user, reference=_marker("MS-")[:12])
    theirs = CaseFactory(reference=_marker("MS-")[:12])
    elsewhere = AssignedCaseFactory(reference=_marker("MS-")[:12], country="CA")
    return mine.reference, [theirs.reference, elsewhere.reference]


def _team_rows(user) -> tuple[str, list[str]]:
    from accounts.tests.factories import ClientFactory

    ours = AdvocateFactory(organisation=user.organisation, first_name=_marker("Ours"))
    theirs = AdvocateFactory(organisation=OrganisationFactory(countries=["DE"]), first_name=_marker("Theirs"))
    client = ClientFactory(first_name=_marker("Client"))
    return ours.first_name, [theirs.first_name, client.first_name]


def _metrics_rows(user) -> tuple[str, list[str]] | None:
    """The caseloads on the metrics page: the viewer's organisation's advocates, never another's
    (the site admin sees every organisation, so there is nothing hidden to check)."""
    if user.organisation_id is None:
        return None
    ours = AdvocateFactory(organisation=user.organisation, first_name=_marker("Ours"))
    theirs = AdvocateFactory(organisation=OrganisationFactory(countries=["NL"]), first_name=_marker("Theirs"))
    return ours.first_name, [theirs.first_name]


def _closure_rows(user) -> tuple[str, list[str]]:
    ours = HolidayFactory(organisation=user.organisation, name=_marker("Ours"))
    theirs = HolidayFactory(organisation=OrganisationFactory(countries=["IT"]), name=_marker("Theirs"))
    return ours.name, [theirs.name]


def _saved_rows(user) -> tuple[str, list[str]]:
    from accounts.tests.factories import ClientFactory
    from resources.tests.factories import SavedServiceFactory, ServiceFactory

    mine = SavedServiceFactory(user=user, service=ServiceFactory(name=_marker("Mine"))).service
    theirs = SavedServiceFactory(user=ClientFactory(), service=ServiceFactory(name=_marker("Theirs"))).service
    return mine.name, [theirs.name]


def _listing_rows(user) -> tuple[str, list[str]]:
    from resources.tests.factories import ServiceFactory

    ours = ServiceFactory(owner=user.organisation, country=user.organisation.countries[0], name=_marker("Ours"))
    theirs = ServiceFactory(owner=OrganisationFactory(countries=["NL"]), country="NL", name=_marker("Theirs"))
    return ours.name, [theirs.name]


def _report_rows(user) -> tuple[str, list[str]]:
    from resources.tests.factories import ProblemReportFactory

    ours = ProblemReportFactory(service_id=_own_listing(user)["service_id"], message=_marker("Ours"))
    theirs = ProblemReportFactory(service_id=_other_listing(user)["service_id"], message=_marker("Theirs"))
    return ours.message, [theirs.message]


def _deletion_rows(user) -> tuple[str, list[str]]:
    from django.urls import reverse

    ours = _own_deletion_request(user) if user.organisation_id else {"request_id": _nowhere_deletion_request()}
    theirs = _other_deletion_request(user)
    url = lambda kwargs: reverse("deletion_request_detail", kwargs=kwargs)  # noqa: E731
    return url(ours), [url(theirs)]


def _nowhere_deletion_request():
    from cases.tests.factories import DeletionRequestFactory

    return DeletionRequestFactory(organisation=None).pk


def _notification_rows(user) -> tuple[str, list[str]]:
    from notifications.tests.factories import ShownNotificationFactory

    mine, theirs = ShownNotificationFactory(recipient=user), ShownNotificationFactory()
    return f'href="/notifications/{mine.pk}/"', [f'href="/notifications/{theirs.pk}/"']


def _failed_rows(user) -> tuple[str, list[str]]:
    from notifications.tests.factories import FailedNotificationFactory

    ours = FailedNotificationFactory(organisation=user.organisation, last_error=_marker("Ours"))
    theirs = FailedNotificationFactory(
        organisation=None if user.organisation_id else OrganisationFactory(countries=["BE"]),
        last_error=_marker("Theirs"),
    )
    return ours.last_error, [theirs.last_error]


MANAGERS = ("supervisor", "org_admin")
#: Staff who act on cases (organisation admins only read them).
CASE_WORKERS = ("advocate", "other_org_advocate", "supervisor")
CLIENTS = ("client", "other_client")

#: Signed-in pages without a record in their URL that are not lists of records, and why. A new
#: page of that kind must either declare ``rows`` (it lists records: prove they are scoped) or
#: be listed here (``test_list_pages_declare_their_rows``).
NOT_LISTS: dict[str, str] = {
    "healthz": "a health check",
    "session_status": "JSON about the user's own session",
    "session_extend": "POST-only action",
    "set_language": "POST-only action",
    "holiday_add": "a form",
    "curation_create": "a form",
    "resource_search": "the public directory: every listed service is for everyone",
    "my_list_email": "POST-only action",
    "notification_mark_all_read": "POST-only action",
    "notification_preferences": "a form about the user's own choices",
    "request_start": "the journey's start page (the user's own draft at most)",
    "request_continue": "a redirect",
    "request_urgent_help": "the user's own draft",
    "request_duplicate": "the user's own draft",
    "request_check": "the user's own draft",
    "request_discard": "the user's own draft",
    "my_data_delete": "a form",
    "queue_assign_many": "POST-only action",
}

ACCESS: dict[str, Access] = {
    # --- the site -------------------------------------------------------------------------
    "home": public(rows=_case_rows),
    # 503 here: the walker runs without a Celery worker; test_healthz covers 200.
    "healthz": public(ok=frozenset({200, 503})),
    "session_status": signed_in(),
    "session_extend": signed_in(ok=302, method="post"),
    "set_language": public(ok=302, method="post"),
    "account_overview": signed_in(),
    "team_list": roles(*MANAGERS, rows=_team_rows),
    "team_member_detail": roles(*MANAGERS, own=_own_team_member, theirs=_other_team_member),
    "team_member_work": roles(*MANAGERS, own=_own_team_member, theirs=_other_team_member),
    "team_member_absence_new": roles(*MANAGERS, own=_own_team_member, theirs=_other_team_member),
    "team_member_absence_end": roles(*MANAGERS, ok=302, method="post", own=_own_absence, theirs=_other_absence),
    "organisation_settings": roles("org_admin", rows=_closure_rows),
    "metrics": roles(*MANAGERS, "site_admin", rows=_metrics_rows),
    "metrics_csv": roles(*MANAGERS, "site_admin", kwargs={"table": "caseloads"}, rows=_metrics_rows),
    "holiday_add": roles("org_admin"),
    "holiday_remove": roles("org_admin", ok=302, method="post", own=_own_holiday, theirs=_other_holiday),
    # --- the resource directory ---------------------------------------------------------
    "resource_search": public(),
    "service_detail": public(kwargs=lambda: {"service_id": _listed_service()}),
    "service_report_problem": public(kwargs=lambda: {"service_id": _listed_service()}),
    "service_save": roles(*CLIENTS, ok=302, method="post", kwargs=lambda: {"service_id": _listed_service()}),
    "service_unsave": roles(*CLIENTS, ok=302, method="post", kwargs=lambda: {"service_id": _listed_service()}),
    "my_list": roles(*CLIENTS, rows=_saved_rows),
    "my_list_email": roles(*CLIENTS, ok=302, method="post"),
    "curation_list": roles("org_admin", rows=_listing_rows),
    "curation_create": roles("org_admin"),
    "curation_edit": roles("org_admin", own=_own_listing, theirs=_other_listing),
    "curation_mark_checked": roles("org_admin", ok=302, method="post", own=_own_listing, theirs=_other_listing),
    "curation_retire": roles("org_admin", ok=302, method="post", own=_own_listing, theirs=_other_listing),
    "report_queue": roles("org_admin", rows=_report_rows),
    "report_resolve": roles("org_admin", own=_own_report, theirs=_other_report),
    # --- requests and cases ---------------------------------------------------------------
    "caseload": roles("advocate", "other_org_advocate", rows=_caseload_rows),
    "queue": roles("supervisor", rows=_queue_rows),
    "queue_assign": roles("supervisor", own=_own_waiting_case, theirs=_other_waiting_case),
    # Nothing chosen: the queue again with the problem (400).
    "queue_assign_many": roles("supervisor", ok=400, method="post"),
    "case_reassign": roles("supervisor", own=_own_staff_case, theirs=_other_staff_case),
    "case_transfer": roles("supervisor", own=_own_staff_case, theirs=_other_staff_case),
    "case_merge": roles("supervisor", own=_own_staff_case, theirs=_other_staff_case),
    "case_detail": roles(
        "advocate", "other_org_advocate", "supervisor", "org_admin", own=_own_staff_case, theirs=_other_staff_case
    ),
    **{
        name: roles(*CASE_WORKERS, own=_own_staff_case, theirs=_other_staff_case)
        for name in (
            "case_contact_log",
            "case_follow_up_new",
            "case_need_new",
            "case_note_new",
            "case_assessment_new",
            "case_referral_new",
            "case_status",
        )
    },
    "case_follow_up_reschedule": roles(*CASE_WORKERS, **_children("follow_up")),
    "case_follow_up_done": roles(*CASE_WORKERS, ok=302, method="post", **_children("follow_up")),
    "case_need_edit": roles(*CASE_WORKERS, **_children("need")),
    "case_note_edit": roles(*CASE_WORKERS, **_children("note")),
    "case_referral_outcome": roles(*CASE_WORKERS, **_children("referral")),
    # An empty reply is refused with the form shown again (400).
    "case_message": roles(*CASE_WORKERS, ok=400, method="post", own=_own_staff_case, theirs=_other_staff_case),
    "request_start": public(),
    "request_continue": roles(*CLIENTS, ok=302),
    "request_step": roles(*CLIENTS, kwargs={"step": "who"}),
    # Without a request under way these send the client back to the start (302); the pages
    # themselves are checked with a request under way in the accessibility suite.
    "request_urgent_help": roles(*CLIENTS, ok=302),
    "request_duplicate": roles(*CLIENTS, ok=302),
    "request_check": roles(*CLIENTS, ok=302),
    "request_discard": roles(*CLIENTS, ok=302),
    "my_requests": roles(*CLIENTS, rows=_case_rows),
    "my_request_detail": roles(*CLIENTS, own=_own_case, theirs=_other_case),
    "my_request_sent": roles(*CLIENTS, own=_own_case, theirs=_other_case),
    # An empty message is refused with the form shown again (400).
    "my_request_message": roles(*CLIENTS, ok=400, method="post", own=_own_case, theirs=_other_case),
    "my_request_add": roles(*CLIENTS, own=_own_case, theirs=_other_case),
    "my_request_withdraw": roles(*CLIENTS, own=_own_case, theirs=_other_case),
    "my_request_contact": roles(*CLIENTS, own=_own_case, theirs=_other_case),
    "my_request_feedback": roles(
        *CLIENTS, ok=302, method="post", own=_own_referral, theirs=_other_referral, nested=_their_referral_in_my_case
    ),
    "my_data": roles(*CLIENTS, rows=_case_rows),
    "my_data_download": roles(*CLIENTS, rows=_case_rows),
    "my_data_delete": roles(*CLIENTS),
    "deletion_request_list": roles("org_admin", "site_admin", rows=_deletion_rows),
    "deletion_request_detail": roles(
        "org_admin", "site_admin", own=_own_deletion_request, theirs=_other_deletion_request
    ),
    # --- everyone's notifications on the site, and how they want them -----------------------
    "notification_list": signed_in(rows=_notification_rows),
    "notification_open": signed_in(ok=302, own=_own_notification, theirs=_other_notification),
    "notification_mark_all_read": signed_in(ok=302, method="post"),
    "notification_preferences": signed_in(),
    # --- the notification outbox: failures, for organisation admins (site admins: the rest) ---
    "failed_notification_list": roles("org_admin", "site_admin", rows=_failed_rows),
    "failed_notification_retry": roles(
        "org_admin",
        "site_admin",
        ok=302,
        method="post",
        own=_own_failed_notification,
        theirs=_other_failed_notification,
    ),
    # --- allauth: accounts ----------------------------------------------------------------
    "account_login": anonymous_only(),
    "account_signup": anonymous_only(),
    "account_logout": signed_in(others={"anonymous": HOME}),
    "account_inactive": public(),
    "account_reauthenticate": signed_in(),
    "account_email": signed_in(),
    "account_email_verification_sent": public(),
    "account_change_password": signed_in(),
    # Everyone has a password, so "set password" sends them to "change password".
    "account_set_password": signed_in(ok=302),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key_done": public(),
    # No sign-in by code is under way: back to the sign-in page / start page.
    "account_confirm_login_code": anonymous_only(ok=302),
    # A made-up key: the plain "this link is invalid or expired" page, for anyone.
    "account_confirm_email": public(kwargs={"key": "not-a-real-key"}),
    "account_reset_password_from_key": public(
        kwargs={"uidb36": "zz", "key": "not-a-real-key"}, ok=frozenset({200, 302})
    ),
    # --- allauth: two-factor authentication -----------------------------------------------
    "mfa_index": signed_in(),
    # Only during a sign-in that asks for a second factor; otherwise back to sign in.
    "mfa_authenticate": public(ok=302),
    # Clients have no second factor to re-enter: sent to re-enter their password instead.
    "mfa_reauthenticate": signed_in(others={"client": 302, "other_client": 302}),
    # Staff fixtures already have TOTP: "activate" sends them to the overview (302).
    "mfa_activate_totp": signed_in(ok=frozenset({200, 302})),
    "mfa_deactivate_totp": signed_in(ok=frozenset({200, 302, 404})),
    "mfa_view_recovery_codes": signed_in(ok=frozenset({200, 302, 404})),
    "mfa_generate_recovery_codes": signed_in(ok=frozenset({200, 302})),
    "mfa_download_recovery_codes": signed_in(ok=frozenset({200, 302, 404})),
    "mfa_list_webauthn": signed_in(ok=frozenset({200, 302})),
    "mfa_add_webauthn": signed_in(ok=frozenset({200, 302})),
    "mfa_reauthenticate_webauthn": signed_in(ok=frozenset({200, 302, 404})),
    "mfa_remove_webauthn": signed_in(own=_own_passkey, theirs=_other_passkey, recent_auth=True),
    "mfa_edit_webauthn": signed_in(own=_own_passkey, theirs=_other_passkey, recent_auth=True),
    # Passkey sign-in is a POST from the sign-in page; a GET goes back there (or home).
    "mfa_login_webauthn": anonymous_only(ok=302),
    # --- the Django admin: site admins only, signed in through allauth --------------------
    # A wrong role is sent to the admin's login, which (wrapped by allauth) answers 403.
    # Logging out of the admin is a POST; a GET goes back to the admin index.
    "admin:logout": public(ok=302, others={"site_admin": 405}),
    # Autocomplete answers 403 without its query parameters, to everyone.
    "admin:autocomplete": roles("site_admin", ok=403, follow_to=403),
    # Django's "view on site" redirect: our models have no public page, so 404 for site admins.
    "admin:view_on_site": roles(
        "site_admin", ok=404, follow_to=403, kwargs=lambda: {"content_type_id": _user_content_type(), "object_id": "1"}
    ),
    "admin:app_list": roles("site_admin", kwargs={"app_label": "accounts"}, follow_to=403),
    # Audit rows cannot be added or deleted, not even by site admins.
    "admin:patientportal_accessevent_add": roles("site_admin", ok=403, follow_to=403),
    "admin:patientportal_accessevent_delete": roles("site_admin", ok=403, follow_to=403),
    "admin:patientportal_authevent_add": roles("site_admin", ok=403, follow_to=403),
    "admin:patientportal_authevent_delete": roles("site_admin", ok=403, follow_to=403),
    # The outbox is written by services and delivered by Celery: read-only in the admin.
    "admin:notifications_notification_add": roles("site_admin", ok=403, follow_to=403),
    "admin:notifications_notification_delete": roles("site_admin", ok=403, follow_to=403),
    "admin:*": roles("site_admin", ok=frozenset({200, 302}), follow_to=403),
    "admin/(?P<url>.*)$": roles("site_admin", ok=frozenset({302, 404}), follow_to=403),
}

#: Unnamed admin patterns (``<model>/<id>/`` redirects to the change page).
for _model in (
    "account/emailaddress",
    "mfa/authenticator",
    "patientportal/accessevent",
    "patientportal/authevent",
    "notifications/notification",
    "accounts/organisation",
    "accounts/user",
):
    ACCESS[f"admin/{_model}/<path:object_id>/"] = roles("site_admin", ok=frozenset({200, 302}), follow_to=403)


# --- an advocate's follow-ups in their calendar app ---------------------------------------------


def _calendar_feed_token() -> dict:
    """A working link of some advocate's: the token is the key, whoever asks (stopped, replaced
    and unknown tokens are a 404: cases/tests/test_calendar_feed.py)."""
    from accounts.services import calendar_feed_create

    return {"token": calendar_feed_create(user=AdvocateFactory())[1]}


ACCESS.update(
    {
        "calendar_feed_settings": roles("advocate", "other_org_advocate"),
        # Answers with the page showing the new link (not a redirect: the link is stored nowhere).
        "calendar_feed_create": roles("advocate", "other_org_advocate", method="post"),
        "calendar_feed_stop": roles("advocate", "other_org_advocate", ok=302, method="post"),
        "calendar_feed": public(kwargs=_calendar_feed_token),
    }
)
NOT_LISTS.update(
    {
        "calendar_feed_settings": "the user's own calendar link",
        "calendar_feed_create": "POST-only action (the user's own new link)",
        "calendar_feed_stop": "POST-only action",
    }
)
