"""My cases: the advocate's open cases in the order of what needs doing next, with flags,
filters, counts and pages; the start page's true numbers; and the case record."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdvocateFactory, OrgAdminFactory, SupervisorFactory
from cases import services
from cases.choices import (
    AssessmentDomain,
    CaseOutcome,
    CaseStatus,
    EventKind,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    ReferralOutcome,
)
from cases.models import Case, CaseEvent, FollowUp, Message
from cases.selectors import CaseloadFilters, caseload_for_user
from patientportal.models import AccessEvent
from resources.tests.factories import ServiceFactory

from .factories import AssignedCaseFactory, CaseFactory, FollowUpFactory, MessageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


def mine(advocate, **kwargs) -> Case:
    return AssignedCaseFactory(assigned_to=advocate, organisation=advocate.organisation, **kwargs)


def contacted(case: Case, days_ago: int = 5) -> Case:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.IN_PROGRESS, first_contact_at=NOW() - datetime.timedelta(days=days_ago)
    )
    case.refresh_from_db()
    return case


def references(advocate, **filters) -> list[str]:
    page = caseload_for_user(user=advocate, filters=CaseloadFilters(**filters)).page
    return [case.reference for case in page]


def test_what_needs_doing_next_comes_first(advocate):
    later = contacted(mine(advocate, reference="MS-PLAN-LATE"))
    FollowUpFactory(case=later, owner=advocate, due_at=NOW() + datetime.timedelta(days=9))
    soon = contacted(mine(advocate, reference="MS-PLAN-SOON"))
    FollowUpFactory(case=soon, owner=advocate, due_at=NOW() + datetime.timedelta(days=1))
    nothing = contacted(mine(advocate, reference="MS-NOTHING00"))
    overdue_old = contacted(mine(advocate, reference="MS-OVERDUE1"))
    FollowUpFactory(case=overdue_old, owner=advocate, due_at=NOW() - datetime.timedelta(days=4))
    overdue_new = contacted(mine(advocate, reference="MS-OVERDUE2"))
    FollowUpFactory(case=overdue_new, owner=advocate, due_at=NOW() - datetime.timedelta(hours=2))
    first_late = mine(
        advocate, reference="MS-FIRST-LAT", first_contact_due=timezone.localdate() + datetime.timedelta(days=6)
    )
    first_soon = mine(advocate, reference="MS-FIRST-SON", first_contact_due=timezone.localdate())
    done = contacted(mine(advocate, reference="MS-DONE-0001"))
    FollowUpFactory(case=done, owner=advocate, due_at=NOW() - datetime.timedelta(days=1), completed_at=NOW())
    assert references(advocate) == [
        overdue_old.reference,
        overdue_new.reference,
        first_soon.reference,
        first_late.reference,
        soon.reference,
        later.reference,
        # no follow-up planned: last (oldest request first)
        *sorted([nothing.reference, done.reference], key=lambda r: Case.objects.get(reference=r).submitted_at),
    ]


def test_only_the_advocates_open_cases_are_listed(advocate, other_org_advocate):
    own = mine(advocate)
    colleague = AssignedCaseFactory(organisation=advocate.organisation)
    closed = mine(advocate, status=CaseStatus.CLOSED, outcome=CaseOutcome.NEEDS_MET)
    withdrawn = mine(advocate, status=CaseStatus.WITHDRAWN)
    queued = CaseFactory(organisation=advocate.organisation)
    elsewhere = AssignedCaseFactory(assigned_to=other_org_advocate, organisation=other_org_advocate.organisation)
    shown = set(references(advocate))
    assert shown == {own.reference}
    assert not shown & {c.reference for c in (colleague, closed, withdrawn, queued, elsewhere)}


def test_flags_say_what_is_wrong(advocate, settings):
    urgent = mine(advocate, is_urgent=True)
    at_risk = mine(advocate, first_contact_due=timezone.localdate())
    relaxed = mine(advocate, first_contact_due=timezone.localdate() + datetime.timedelta(days=20))
    waiting = contacted(mine(advocate))
    Case.objects.filter(pk=waiting.pk).update(status=CaseStatus.WAITING_ON_CLIENT)
    days = settings.CASE_WAITING_ON_CLIENT_ALERT_DAYS
    CaseEvent.objects.create(
        case=waiting,
        kind=EventKind.STATUS_CHANGED,
        from_status=CaseStatus.IN_PROGRESS,
        to_status=CaseStatus.WAITING_ON_CLIENT,
        actor=advocate,
        at=NOW() - datetime.timedelta(days=days + 1),
        visibility="client",
    )
    unread = mine(advocate)
    MessageFactory(case=unread, sender=unread.applicant, body="Please call me")
    caseload = caseload_for_user(user=advocate, filters=CaseloadFilters())
    rows = {case.pk: case for case in caseload.page}
    assert rows[urgent.pk].is_urgent
    assert rows[at_risk.pk].at_risk and not rows[relaxed.pk].at_risk
    assert rows[waiting.pk].waiting_too_long
    assert rows[unread.pk].has_unread and not rows[urgent.pk].has_unread
    assert caseload.counts == {
        "open": 5,
        "overdue": 0,
        "awaiting_first_contact": 4,
        "first_contact_at_risk": 1,
        "unread": 1,
        "waiting_too_long": 1,
    }


def test_the_first_contact_target_at_risk_counts_working_days(advocate):
    """Due on the next working day is at risk: after a Friday, that is Monday, not Saturday."""
    today = timezone.localdate()
    next_working_day = today + datetime.timedelta(days={4: 3, 5: 2}.get(today.weekday(), 1))
    at_risk = mine(advocate, first_contact_due=next_working_day)
    safe = mine(advocate, first_contact_due=next_working_day + datetime.timedelta(days=7))
    rows = {case.pk: case.at_risk for case in caseload_for_user(user=advocate, filters=CaseloadFilters()).page}
    assert rows[at_risk.pk] is True and rows[safe.pk] is False


def test_filters(advocate):
    transport = contacted(mine(advocate, categories=["transport"]))
    housing = contacted(mine(advocate, categories=["housing"]))
    Case.objects.filter(pk=housing.pk).update(status=CaseStatus.WAITING_ON_CLIENT)
    FollowUpFactory(case=housing, owner=advocate, due_at=NOW() - datetime.timedelta(days=1))
    assert references(advocate, need="transport") == [transport.reference]
    assert references(advocate, status=CaseStatus.WAITING_ON_CLIENT) == [housing.reference]
    assert references(advocate, overdue=True) == [housing.reference]


def test_the_page_filters_and_pages(client, advocate):
    for _ in range(22):
        mine(advocate)
    client.force_login(advocate)
    first = client.get(reverse("caseload")).content.decode()
    assert first.count('class="pp-result"') == 20 and "Page 1 of 2" in first and "22 cases" in first
    second = client.get(reverse("caseload") + "?page=2").content.decode()
    assert second.count('class="pp-result"') == 2
    filtered = client.get(reverse("caseload") + "?need=housing").content.decode()
    assert "No cases match these filters." in filtered
    bad = client.get(reverse("caseload") + "?status=nonsense")
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_the_caseload_issues_the_same_queries_for_2_or_40_cases(client, advocate, django_assert_num_queries):
    """5: the session, the user and the caseload's 3 (``caseload_for_user``); the organisation's
    name and the staff member's second factor come from the cache."""
    client.force_login(advocate)
    for _ in range(2):
        FollowUpFactory(case=contacted(mine(advocate)), owner=advocate)
    client.get(reverse("caseload"))
    with django_assert_num_queries(5):
        client.get(reverse("caseload"))
    for index in range(38):
        case = mine(advocate, first_contact_due=timezone.localdate() + datetime.timedelta(days=index % 5))
        if index % 3:
            FollowUpFactory(case=contacted(case), owner=advocate)
            MessageFactory(case=case, sender=case.applicant)
    with django_assert_num_queries(5):
        client.get(reverse("caseload"))


def test_the_counts_are_right_when_no_case_waits_for_a_first_contact(advocate):
    """The at-risk rule matches nothing then: the counts must still be counted, not all zero."""
    for _ in range(3):
        contacted(mine(advocate))
    counts = caseload_for_user(user=advocate, filters=CaseloadFilters()).counts
    assert counts["open"] == 3 and counts["awaiting_first_contact"] == 0 and counts["first_contact_at_risk"] == 0


def test_the_start_page_shows_the_true_numbers_and_the_first_cases(client, advocate):
    cases = [mine(advocate) for _ in range(7)]
    client.force_login(advocate)
    page = client.get(reverse("home")).content.decode()
    assert "No cases are assigned to you" not in page
    assert page.count('class="pp-result"') == 5 and "See all 7 of your cases" in page
    assert cases[0].reference in page or cases[-1].reference in page


def test_an_advocate_without_cases_is_told_so(client, advocate):
    client.force_login(advocate)
    assert "No cases are assigned to you" in client.get(reverse("caseload")).content.decode()


# --- the case record ---------------------------------------------------------------------


def case_url(case: Case, query: str = "") -> str:
    return reverse("case_detail", kwargs={"case_id": case.pk}) + query


def test_each_row_says_what_to_do_next_in_words(client, advocate):
    """The next follow-up's words (encrypted at rest) are read back for the row, with its time."""
    case = contacted(mine(advocate))
    due = NOW() + datetime.timedelta(days=2)
    FollowUpFactory(case=case, owner=advocate, summary="Ring the occupational therapist", due_at=due)
    FollowUpFactory(case=case, owner=advocate, summary="Later thing", due_at=due + datetime.timedelta(days=3))
    client.force_login(advocate)
    page = client.get(reverse("caseload")).content.decode()
    assert "Ring the occupational therapist, " in page and "Later thing" not in page


def test_the_case_page_tells_the_whole_story(client, advocate):
    case = mine(advocate, description="The stairs are too much for me now.", categories=["housing", "transport"])
    services.case_transition(case=case, to=CaseStatus.IN_PROGRESS, actor=advocate)
    services.interaction_log(
        case=case,
        actor=advocate,
        channel=InteractionChannel.CALL,
        occurred_at=NOW(),
        outcome=InteractionOutcome.REACHED,
    )
    FollowUpFactory(case=case, owner=advocate, summary="Send the grant form")
    client.force_login(advocate)
    page = client.get(case_url(case)).content.decode()
    for shown in (
        case.reference,
        "The stairs are too much for me now.",
        "Housing",
        "Send the grant form",
        "logged a contact (Phone call): spoke with them",
        "set the status to “In progress”",
        "01632 960 001",
    ):
        assert shown in page, shown
    # Newest first.
    assert page.index("logged a contact") < page.index("set the status to") < page.index("sent the request")


def test_the_case_page_lists_the_follow_ups_to_do_and_the_last_done(client, advocate):
    case = mine(advocate)
    FollowUpFactory(case=case, owner=advocate, summary="Chase the council")
    for number in range(7):
        done = FollowUpFactory(case=case, owner=advocate, summary=f"Done thing {number}")
        FollowUp.objects.filter(pk=done.pk).update(completed_at=NOW() - datetime.timedelta(days=7 - number))
    client.force_login(advocate)
    page = client.get(case_url(case)).content.decode()
    section = page[page.index('id="follow-ups"') : page.index('id="referrals"')]
    assert "Chase the council" in section and "Done lately" in section
    shown = [number for number in range(7) if f"Done thing {number}:" in section]
    assert shown == [2, 3, 4, 5, 6]  # the last five done
    assert section.index("Done thing 6") < section.index("Done thing 2")  # latest first


def test_the_timeline_filters_and_pages(client, advocate):
    case = mine(advocate)
    for _ in range(25):
        services.message_send(case=case, sender=advocate, body="Checking in")
    client.force_login(advocate)
    everything = client.get(case_url(case)).content.decode()
    assert "Page 1 of 2" in everything
    status_only = client.get(case_url(case, "?show=status")).content.decode()
    assert "sent a message" not in status_only and "sent the request" in status_only
    # A page past the last (an old link) shows the last.
    events = CaseEvent.objects.filter(case=case).count()
    second, far = (client.get(case_url(case, query)).content.decode() for query in ("?page=2", "?page=9"))
    for page in (second, far):
        timeline = page[page.index('id="timeline"') : page.index("</main>")]
        assert "Page 2 of 2" in timeline and timeline.count('class="pp-timeline__item"') == events - 20
    nothing = client.get(case_url(case, "?show=notes&page=3")).content.decode()
    assert "Nothing of this kind yet." in nothing


def test_the_conversation_shows_the_latest_messages_with_earlier_ones_a_page_away(client, advocate):
    case = mine(advocate)
    for number in range(12):
        services.message_send(case=case, sender=advocate, body=f"Message number {number:02d}")
    client.force_login(advocate)
    latest = client.get(case_url(case)).content.decode()
    assert "Message number 11" in latest and "Message number 01" not in latest and "Earlier messages" in latest
    assert latest.index("Message number 02") < latest.index("Message number 11")  # oldest first on a page
    earlier = client.get(case_url(case, "?messages=2")).content.decode()
    assert "Message number 01" in earlier and "Later messages" in earlier


def test_the_notes_show_the_latest_ten_with_earlier_ones_a_page_away(client, advocate):
    case = mine(advocate)
    for number in range(12):
        services.note_add(case=case, actor=advocate, body=f"Note number {number:02d}")
    client.force_login(advocate)
    latest = client.get(case_url(case)).content.decode()
    assert "Note number 11" in latest and "Note number 02" in latest and "Note number 01" not in latest
    assert latest.index("Note number 11") < latest.index("Note number 02")  # newest first
    assert "Earlier notes" in latest and "Later notes" not in latest
    earlier = client.get(case_url(case, "?notes=2")).content.decode()
    assert "Note number 01" in earlier and "Note number 00" in earlier and "Note number 02" not in earlier
    assert "Later notes" in earlier and "Earlier notes" not in earlier
    for odd in ("?notes=99", "?notes=-3", "?notes=x"):
        assert client.get(case_url(case, odd)).status_code == 200


def test_opening_a_case_is_recorded_and_marks_the_clients_messages_read(client, advocate, supervisor):
    case = mine(advocate)
    message = MessageFactory(case=case, sender=case.applicant, body="Are you there?")
    client.force_login(supervisor)
    page = client.get(case_url(case)).content.decode()
    assert "1 unread message" in page
    assert Message.objects.get(pk=message.pk).read_at is None  # the supervisor only looked
    client.force_login(advocate)
    client.get(case_url(case))
    assert Message.objects.get(pk=message.pk).read_at is not None
    viewers = set(AccessEvent.objects.filter(object_id=str(case.pk)).values_list("user_id", flat=True))
    assert viewers == {advocate.pk, supervisor.pk}


def test_who_may_open_a_case(client, advocate, supervisor, other_org_supervisor):
    case = mine(advocate)
    colleague = AdvocateFactory(organisation=advocate.organisation)
    org_admin = OrgAdminFactory(organisation=advocate.organisation)
    expected = {advocate: 200, supervisor: 200, org_admin: 200, colleague: 404, other_org_supervisor: 404}
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(case_url(case)).status_code == status, user.role
    client.force_login(case.applicant)
    assert client.get(case_url(case)).status_code == 403


def test_the_case_page_issues_the_same_queries_however_long_the_story(client, advocate, django_assert_num_queries):
    """5: the record's 2 (``case_record_for_user``: the case through the access policy, then every
    list in one statement), the session and user, the access record (with its audit context). The
    organisation's name in the header and the staff member's second factor come from the cache
    (``accounts.selectors``)."""
    case = mine(advocate)
    services.message_send(case=case, sender=advocate, body="Hello")  # an empty page would skip its query
    ratings = {AssessmentDomain.TRANSPORT: services.Rating(NeedLevel.URGENT, "No bus")}
    services.assessment_record(case=case, actor=advocate, ratings=ratings)  # as would no assessment
    client.force_login(advocate)
    client.get(case_url(case))
    with django_assert_num_queries(5):
        client.get(case_url(case))
    for number in range(30):
        services.message_send(case=case, sender=advocate, body="Hello")
        FollowUpFactory(case=case, owner=advocate)
        services.note_add(case=case, actor=advocate, body=f"Note {number}")
    need = services.need_add(case=case, actor=advocate, category="housing")
    for _number in range(5):  # each shows its service, its provider and the need it is for
        referral = services.referral_create(case=case, actor=advocate, service=ServiceFactory(), need=need)
        services.referral_record_outcome(referral=referral, actor=advocate, outcome=ReferralOutcome.RECEIVED_HELP)
    for domain in AssessmentDomain:
        services.assessment_record(
            case=case, actor=advocate, ratings={domain: services.Rating(NeedLevel.SOME)}, phq2_interest=1, phq2_mood=2
        )
    with django_assert_num_queries(5):
        client.get(case_url(case))


def test_a_supervisor_sees_every_case_of_their_organisation(client, supervisor):
    cases = [AssignedCaseFactory(organisation=supervisor.organisation) for _ in range(2)]
    client.force_login(SupervisorFactory(organisation=supervisor.organisation))
    for case in cases:
        assert client.get(case_url(case)).status_code == 200


def test_what_people_typed_is_shown_as_text_never_as_markup(client, advocate):
    """The rows of My cases and the case page's notes, messages and assessment are written in
    Python (``cases/caseload_html.py``, ``cases/case_html.py``): each value is escaped there."""
    typed = '<script>alert("x")</script><b>bold</b>'
    shown = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
    case = contacted(mine(advocate))
    case.applicant.first_name = typed
    case.applicant.save()
    FollowUpFactory(case=case, owner=advocate, summary=typed, due_at=NOW() + datetime.timedelta(days=1))
    services.note_add(case=case, actor=advocate, body=typed)
    services.message_send(case=case, sender=case.applicant, body=typed)
    ratings = {AssessmentDomain.TRANSPORT: services.Rating(NeedLevel.URGENT, typed)}
    services.assessment_record(case=case, actor=advocate, ratings=ratings)
    client.force_login(advocate)
    for url, times in ((reverse("caseload"), 2), (case_url(case), 4)):
        page = client.get(url).content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        assert "<script" not in main and "<b>bold" not in main
        assert main.count(shown) >= times, url


def test_the_case_record_reads_every_list_as_the_orm_would(advocate, django_assert_num_queries):
    """``case_record_for_user`` reads its lists from one statement as JSON (``cases.selectors.rows``):
    each instance holds what the ORM reads from the table, decrypted, with its people, services and
    providers cached (reading them asks nothing more)."""
    from cases.models import AssessmentRating, ContactPreferences, Need, Note, Referral
    from cases.selectors import case_record_for_user

    case = contacted(mine(advocate))
    ContactPreferences.objects.create(case=case, phone="01632 960 001", access_other="Large print, please")
    need = services.need_add(case=case, actor=advocate, category="housing", description="Stairs are hard")
    referral = services.referral_create(case=case, actor=advocate, service=ServiceFactory(), need=need)
    services.referral_record_outcome(referral=referral, actor=advocate, outcome=ReferralOutcome.RECEIVED_HELP)
    services.note_add(case=case, actor=advocate, body="Called the council")
    services.message_send(case=case, sender=advocate, body="We spoke to the council")
    FollowUpFactory(case=case, owner=advocate, summary="Ring back")
    ratings = {AssessmentDomain.TRANSPORT: services.Rating(NeedLevel.URGENT, "No bus on Sundays")}
    services.assessment_record(case=case, actor=advocate, ratings=ratings, phq2_interest=1, phq2_mood=2)

    def columns(instance):
        return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}

    # What the ORM reads, first (then the record's instances are compared without a query).
    contact = columns(ContactPreferences.objects.filter(case=case).order_by("-created_at", "-id").first())
    needs = [columns(n) for n in Need.objects.filter(case=case)]
    follow_ups = [columns(f) for f in FollowUp.objects.filter(case=case).order_by("due_at")]
    stored_note = columns(Note.objects.get(case=case))
    stored_message = Message.objects.get(case=case)
    stored_referral = Referral.objects.select_related("service__provider").get(pk=referral.pk)
    stored_event = CaseEvent.objects.filter(case=case).order_by("-at", "-id").first()
    stored_rating = AssessmentRating.objects.get(domain=AssessmentDomain.TRANSPORT)

    with django_assert_num_queries(2):
        record = case_record_for_user(user=advocate, case_id=case.pk)
    with django_assert_num_queries(0):
        assert columns(record.contact) == contact and record.contact.access_other == "Large print, please"
        assert [columns(n) for n in record.needs] == needs
        assert next(n.description for n in record.needs if n.category == "housing") == "Stairs are hard"
        assert [columns(f) for f in record.open_follow_ups] == follow_ups
        assert [f.owner.get_full_name() for f in record.open_follow_ups] == [advocate.get_full_name()]
        (note,) = record.notes
        assert columns(note) == stored_note and note.body == "Called the council"
        assert note.author.email == advocate.email
        (message,) = record.messages
        assert (message.pk, message.body, message.created_at, message.read_at, message.sender_id) == (
            stored_message.pk,
            "We spoke to the council",
            stored_message.created_at,
            stored_message.read_at,
            advocate.pk,
        )
        assert message.sender.get_full_name() == advocate.get_full_name()
        (shown,) = record.referrals
        assert (shown.pk, shown.created_at, shown.outcome, shown.need.category) == (
            stored_referral.pk,
            stored_referral.created_at,
            ReferralOutcome.RECEIVED_HELP,
            "housing",
        )
        assert (shown.service.name, shown.service.provider.name) == (
            stored_referral.service.name,
            stored_referral.service.provider.name,
        )
        comparison = record.assessment
        assert comparison.count == 1 and (comparison.first.phq2_interest, comparison.first.phq2_mood) == (1, 2)
        rated = {domain: first for domain, first, _latest in comparison.rows if first}
        assert list(rated) == [AssessmentDomain.TRANSPORT]
        assert (rated[AssessmentDomain.TRANSPORT].level, rated[AssessmentDomain.TRANSPORT].note) == (
            stored_rating.level,
            "No bus on Sundays",
        )
        event = record.timeline.object_list[0]
        assert (event.pk, event.case_id, event.kind, event.at, event.payload) == (
            stored_event.pk,
            stored_event.case_id,
            stored_event.kind,
            stored_event.at,
            stored_event.payload,
        )


@pytest.mark.parametrize(("asked", "shown"), [("0", 2), ("-1", 2), ("x", 1), ("2", 2), ("99999", 2)])
def test_the_timeline_page_asked_for_is_read_as_paginator_reads_it(client, advocate, asked, shown):
    """Not a number: the first page; before the first or past the last: the last (one query more)."""
    case = mine(advocate)
    for _ in range(25):
        services.message_send(case=case, sender=advocate, body="Checking in")
    client.force_login(advocate)
    page = client.get(case_url(case, f"?page={asked}")).content.decode()
    assert f"Page {shown} of 2" in page[page.index('id="timeline"') :]
