"""The words people write about a case are encrypted at rest (``patientportal.encryption``): a raw
read of each column, and of the same column in its django-pghistory history table, shows
ciphertext; the site reads the words back. Each is written the way the site writes it (through
its service, ``full_clean()`` included)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.utils import timezone

from cases.choices import (
    CATEGORY_CHOICES,
    AssessmentDomain,
    InteractionChannel,
    InteractionOutcome,
    NeedLevel,
    NeedStatus,
)
from cases.models import DESCRIPTION_MAX, MESSAGE_MAX, CaseIntake, Message, Need
from cases.services import (
    Rating,
    assessment_record,
    deletion_request_create,
    draft_get_or_create,
    draft_save_answers,
    followup_schedule,
    interaction_log,
    message_send,
    need_add,
    need_update,
    note_add,
)
from patientportal import personal_data
from patientportal.encryption import encrypted_models
from patientportal.tests.stored import stored_value
from resources.models import ProblemReport
from resources.services import problem_report_create
from resources.tests.factories import ProblemReportFactory, ServiceFactory

from .factories import AssignedCaseFactory, CaseFactory, RequestDraftFactory

pytestmark = pytest.mark.django_db

Words = dict[str, str]


def _interaction(words: Words):
    case = AssignedCaseFactory()
    return interaction_log(
        case=case,
        actor=case.assigned_to,
        channel=InteractionChannel.CALL,
        occurred_at=timezone.now(),
        outcome=InteractionOutcome.REACHED,
        **words,
    )


def _intake(words: Words):
    return CaseFactory(**words).intake


def _contact_preferences(words: Words):
    return CaseFactory(**words).contact_preferences.get()


def _draft(words: Words):
    draft = draft_get_or_create(applicant=CaseFactory().applicant)
    return draft_save_answers(draft=draft, answers=words, step="details")


def _message(words: Words):
    case = AssignedCaseFactory()
    return message_send(case=case, sender=case.applicant, **words)


def _need(words: Words):
    case = AssignedCaseFactory()
    category = next(code for code, _name in CATEGORY_CHOICES if code not in case.intake.categories)
    need = need_add(case=case, actor=case.assigned_to, category=category, description=words["description"])
    return need_update(need=need, actor=case.assigned_to, status=NeedStatus.MET, outcome=words["outcome"])


def _follow_up(words: Words):
    case = AssignedCaseFactory()
    due = timezone.now() + datetime.timedelta(days=2)
    return followup_schedule(case=case, actor=case.assigned_to, owner=case.assigned_to, due_at=due, **words)


def _note(words: Words):
    case = AssignedCaseFactory()
    return note_add(case=case, actor=case.assigned_to, body=words["body"], shared_with_client=True)


def _assessment_rating(words: Words):
    case = AssignedCaseFactory()
    ratings = {AssessmentDomain.HOME_ACCESS: Rating(NeedLevel.URGENT, words["note"])}
    recorded = assessment_record(case=case, actor=case.assigned_to, ratings=ratings)
    return recorded.assessment.ratings.get()


def _deletion_request(words: Words):
    return deletion_request_create(user=CaseFactory().applicant, **words)


def _problem_report(words: Words):
    return problem_report_create(service=ServiceFactory(), **words)


#: Every model with encrypted words, its encrypted fields, and how the site writes them.
WRITTEN: dict[str, tuple[tuple[str, ...], Callable]] = {
    "cases.Interaction": (("summary", "with_whom"), _interaction),
    "cases.CaseIntake": (("description", "access_other"), _intake),
    "cases.ContactPreferences": (("access_other",), _contact_preferences),
    "cases.RequestDraft": (("description", "access_other"), _draft),
    "cases.Message": (("body",), _message),
    "cases.Need": (("description", "outcome"), _need),
    "cases.FollowUp": (("summary",), _follow_up),
    "cases.Note": (("body",), _note),
    "cases.AssessmentRating": (("note",), _assessment_rating),
    "cases.DeletionRequest": (("reason",), _deletion_request),
    "resources.ProblemReport": (("message",), _problem_report),
}


def test_these_are_all_the_encrypted_columns_and_their_history_follows():
    tracked = {label: set(fields) for label, (fields, _write) in WRITTEN.items()}
    for label, fields in list(tracked.items()):
        for history in personal_data.history_models(apps.get_model(label)):
            tracked[history._meta.label] = fields
    assert {model._meta.label: {f.name for f in fields} for model, fields in encrypted_models()} == tracked
    # The tracked ones have history: contact summaries, drafts, messages, needs, follow-ups, deletion requests.
    assert {"cases.InteractionEvent", "cases.MessageEvent", "cases.NeedEvent", "cases.RequestDraftEvent"} <= set(
        tracked
    )


@pytest.mark.parametrize("label", list(WRITTEN))
def test_the_words_are_ciphertext_in_the_table_and_its_history_and_read_back(label):
    fields, write = WRITTEN[label]
    words = {field: f"Only {field} says this {uuid.uuid4().hex[:12]}" for field in fields}
    row = write(words)
    model = apps.get_model(label)
    newest = f"{settings.DATA_PROTECTION_ACTIVE_KEY_ID}:"

    fresh = model.objects.get(pk=row.pk)
    for field, text in words.items():
        raw = stored_value(model, field, row.pk)
        assert raw != text and text not in raw and raw.startswith(newest), (field, raw)
        assert getattr(fresh, field) == text
        assert list(model.objects.filter(pk=row.pk).values_list(field, flat=True)) == [text]

    for history in personal_data.history_models(model):
        latest = history.objects.filter(pgh_obj_id=row.pk).latest("pgh_id")
        for field, text in words.items():
            raw = stored_value(history, field, latest.pk)
            assert raw != text and text not in raw, (history, field)
            # The history trigger copied the column as it is: the same ciphertext.
            assert raw == stored_value(model, field, row.pk)
            assert getattr(latest, field) == text


def test_update_and_bulk_update_store_ciphertext_and_the_history_copies_it():
    need = AssignedCaseFactory().needs.first()
    NeedEvent = personal_data.history_models(Need)[0]

    Need.objects.filter(pk=need.pk).update(outcome="A grant paid for the stairlift")
    raw = stored_value(Need, "outcome", need.pk)
    assert "stairlift" not in raw and Need.objects.get(pk=need.pk).outcome == "A grant paid for the stairlift"
    assert stored_value(NeedEvent, "outcome", NeedEvent.objects.filter(pgh_obj_id=need.pk).latest("pgh_id").pk) == raw

    need.outcome = "The council adapted the bathroom"
    Need.objects.bulk_update([need], ["outcome"])
    raw = stored_value(Need, "outcome", need.pk)
    assert "bathroom" not in raw and Need.objects.get(pk=need.pk).outcome == "The council adapted the bathroom"
    latest = NeedEvent.objects.filter(pgh_obj_id=need.pk).latest("pgh_id")
    assert stored_value(NeedEvent, "outcome", latest.pk) == raw and latest.outcome == "The council adapted the bathroom"


def test_sql_cannot_search_an_encrypted_column_so_the_orm_refuses_to():
    case = AssignedCaseFactory()
    message_send(case=case, sender=case.applicant, body="Can you call on Tuesday?")
    for lookup in ("body", "body__icontains", "body__startswith"):
        with pytest.raises(FieldError):
            list(Message.objects.filter(**{lookup: "Tuesday"}))
    assert Message.objects.filter(body__isnull=False).count() == 1


def test_the_length_rules_that_left_the_database_are_checked_by_full_clean():
    case = AssignedCaseFactory()
    too_long = "x" * (DESCRIPTION_MAX + 1)
    intake = case.intake
    intake.description = too_long
    with pytest.raises(ValidationError, match="description"):
        intake.full_clean()
    with pytest.raises(ValidationError, match="description"):
        RequestDraftFactory.build(applicant=case.applicant, description=too_long).full_clean(exclude=["case"])
    for body in ("", "x" * (MESSAGE_MAX + 1)):
        with pytest.raises(ValidationError, match="body"):
            Message(case=case, sender=case.applicant, body=body).full_clean()
    Message(case=case, sender=case.applicant, body="x" * MESSAGE_MAX).full_clean()


def test_an_intake_still_needs_categories_or_a_description():
    case = AssignedCaseFactory()
    with pytest.raises(ValidationError) as refused:
        CaseIntake(case=case, categories=[], description="").clean()
    assert refused.value.code == "no_need"
    CaseIntake(case=case, categories=[], description="I need help with the stairs.").clean()
    CaseIntake(case=case, categories=["transport"], description="").clean()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migrations_encrypt_the_words_already_there_and_going_back_decrypts_them():
    """cases 0007 and resources 0005 encrypt in place what was written before them, in the tables
    and in the history tables, without adding history; unapplied, they leave the words in clear."""
    MessageEvent = apps.get_model("cases", "MessageEvent")
    case = AssignedCaseFactory(description="Written before encryption")
    message = message_send(case=case, sender=case.applicant, body="A message from before")
    event = MessageEvent.objects.get(pgh_obj_id=message.pk)
    report = ProblemReportFactory(message="A report from before")
    places = {
        (CaseIntake, "description", case.pk): "Written before encryption",
        (Message, "body", message.pk): "A message from before",
        (MessageEvent, "body", event.pk): "A message from before",
        (ProblemReport, "message", report.pk): "A report from before",
    }
    history_rows = MessageEvent.objects.count()
    try:
        call_command("migrate", "cases", "0006", verbosity=0)
        call_command("migrate", "resources", "0004", verbosity=0)
        assert {place: stored_value(*place) for place in places} == places  # as the site stored them before
        call_command("migrate", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)

    newest = f"{settings.DATA_PROTECTION_ACTIVE_KEY_ID}:"
    for (model, field, pk), words in places.items():
        raw = stored_value(model, field, pk)
        assert raw.startswith(newest) and words not in raw, (model, field)
        assert model._base_manager.values_list(field, flat=True).get(pk=pk) == words
    assert MessageEvent.objects.count() == history_rows
