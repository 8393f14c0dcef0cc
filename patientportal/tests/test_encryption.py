"""Keys and their rotation (README, "Encryption at rest"): data written with key A is read with
keys [B, A]; ``reencrypt_fields`` rewrites it under B, in the tables and their append-only
history tables, without adding history; then [B] alone reads it. Reading with [B] alone before
that fails loudly, and no error quotes the words."""

from __future__ import annotations

import base64
import os

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import CaseIntake, ContactPreferences, Message, Need, RequestDraft
from cases.services import message_send
from cases.tests.factories import AssignedCaseFactory, RequestDraftFactory
from patientportal.encryption import DecryptionError
from patientportal.env import key_ring
from patientportal.tests.stored import stored_value
from resources.models import ProblemReport
from resources.tests.factories import ProblemReportFactory

pytestmark = pytest.mark.django_db

KEY_A = base64.urlsafe_b64encode(os.urandom(32)).decode()
KEY_B = base64.urlsafe_b64encode(os.urandom(32)).decode()
ID_A = next(iter(key_ring([KEY_A])[0]))
ID_B = next(iter(key_ring([KEY_B])[0]))
MessageEvent = apps.get_model("cases", "MessageEvent")
RequestDraftEvent = apps.get_model("cases", "RequestDraftEvent")


@pytest.fixture
def use_keys(settings):
    """Switch FIELD_ENCRYPTION_KEYS (newest first) as a new deploy would."""

    def use(*keys: str) -> None:
        settings.DATA_PROTECTION_KEYS, settings.DATA_PROTECTION_ACTIVE_KEY_ID = key_ring(list(keys))

    return use


@pytest.fixture
def written_with_a(use_keys):
    """The words of a case (its intake, contact preferences, a message and their history, a need)
    and of an unsent request (with history), all written while A was the only key."""
    use_keys(KEY_A)
    case = AssignedCaseFactory(description="The stairs are too hard now", access_other="Speak slowly please")
    message = message_send(case=case, sender=case.applicant, body="Could you call me on Tuesday?")
    need = case.needs.first()
    Need.objects.filter(pk=need.pk).update(outcome="A grant for a stairlift")
    draft = RequestDraftFactory(applicant=case.applicant, description="My brother needs a lift to physio")
    return {
        (CaseIntake, "description", case.pk): "The stairs are too hard now",
        (ContactPreferences, "access_other", case.contact_preferences.get().pk): "Speak slowly please",
        (Message, "body", message.pk): "Could you call me on Tuesday?",
        (MessageEvent, "body", MessageEvent.objects.get(pgh_obj_id=message.pk).pk): "Could you call me on Tuesday?",
        (Need, "outcome", need.pk): "A grant for a stairlift",
        (RequestDraft, "description", draft.pk): "My brother needs a lift to physio",
        (RequestDraftEvent, "description", RequestDraftEvent.objects.get(pgh_obj_id=draft.pk).pk): (
            "My brother needs a lift to physio"
        ),
    }


def _read(model, field, pk):
    return model._base_manager.values_list(field, flat=True).get(pk=pk)


def _history_rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in (MessageEvent, RequestDraftEvent)}


def test_a_key_ring_is_newest_first_and_each_key_keeps_its_id():
    ring, active = key_ring([KEY_B, KEY_A])
    assert list(ring) == [ID_B, ID_A] and active == ID_B
    assert ring == {ID_B: KEY_B, ID_A: KEY_A}
    assert key_ring([KEY_A, KEY_B])[0] == {ID_A: KEY_A, ID_B: KEY_B}  # same ids in any order


@pytest.mark.parametrize(
    "keys, problem",
    [
        ([], "at least one key"),
        ([KEY_A, KEY_A], "key 2 is listed twice"),
        ([KEY_A, KEY_B[:-4]], "key 2 is not 32 bytes"),
        ([KEY_A.replace("=", "").ljust(44, "!")], "key 1 is not 32 bytes"),
        ([base64.urlsafe_b64encode(os.urandom(48)).decode()], "key 1 is not 32 bytes"),
    ],
)
def test_a_bad_key_ring_is_refused_without_printing_a_key(keys, problem):
    with pytest.raises(ImproperlyConfigured, match=problem) as refused:
        key_ring(keys)
    assert KEY_A not in str(refused.value) and KEY_B[:-4] not in str(refused.value)


def test_words_written_with_a_are_read_with_b_then_a(written_with_a, use_keys):
    for place in written_with_a:
        assert stored_value(*place).startswith(f"{ID_A}:")
    use_keys(KEY_B, KEY_A)
    for (model, field, pk), words in written_with_a.items():
        assert _read(model, field, pk) == words
        assert stored_value(model, field, pk).startswith(f"{ID_A}:")  # reading rewrites nothing


def test_reading_with_b_alone_before_reencryption_fails_loudly(written_with_a, use_keys):
    use_keys(KEY_B)
    for (model, field, pk), words in written_with_a.items():
        with pytest.raises(DecryptionError, match=f"{model._meta.label}.{field}: .*key {ID_A}") as refused:
            _read(model, field, pk)
        assert words not in str(refused.value)


def test_reencrypt_fields_rewrites_everything_under_b_and_then_b_alone_reads_it(written_with_a, use_keys, capsys):
    use_keys(KEY_B, KEY_A)
    before = {place: stored_value(*place) for place in written_with_a}
    history_before = _history_rows()
    updated_at = RequestDraft.objects.values_list("updated_at", flat=True).get()
    with pytest.raises(CommandError, match="not under the newest key yet"):
        call_command("reencrypt_fields", "--check")

    call_command("reencrypt_fields", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "cases.MessageEvent.body: 1 rewritten" in out and "cases.CaseIntake.description: 1 rewritten" in out

    for place, words in written_with_a.items():
        raw = stored_value(*place)
        assert raw != before[place] and raw.startswith(f"{ID_B}:") and words not in raw, place
    # Re-encryption is not a change of anyone's words: no history row, no new "updated at".
    assert _history_rows() == history_before
    assert RequestDraft.objects.values_list("updated_at", flat=True).get() == updated_at

    use_keys(KEY_B)
    for (model, field, pk), words in written_with_a.items():
        assert _read(model, field, pk) == words
    call_command("reencrypt_fields", "--check")  # nothing left under A: A can go
    call_command("reencrypt_fields")
    assert "0 values rewritten" in capsys.readouterr().out


def test_reencrypt_fields_stops_at_a_value_no_key_decrypts_and_names_no_words(written_with_a, use_keys):
    use_keys(KEY_B)  # A dropped too early
    before = {place: stored_value(*place) for place in written_with_a}
    with pytest.raises(CommandError, match=f"key {ID_A}, which FIELD_ENCRYPTION_KEYS does not hold") as refused:
        call_command("reencrypt_fields")
    assert not any(words in str(refused.value) for words in written_with_a.values())
    assert {place: stored_value(*place) for place in written_with_a} == before


def test_a_tampered_or_unencrypted_value_is_refused_without_quoting_it():
    report = ProblemReportFactory(message="The phone number is wrong")
    ciphertext = stored_value(ProblemReport, "message", report.pk)
    tampered = ciphertext[:-6] + ("AAAAAA" if not ciphertext.endswith("AAAAAA") else "BBBBBB")
    for raw, problem in [(tampered, "tampered or wrong key"), ("Call me at 10:30, Jo", "not encrypted")]:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE resources_problemreport SET message = %s WHERE id = %s", [raw, report.pk])
        with pytest.raises(DecryptionError, match=problem) as refused:
            ProblemReport.objects.get(pk=report.pk)
        assert "10:30" not in str(refused.value) and "Jo" not in str(refused.value)


def test_words_that_look_like_ciphertext_are_kept_as_typed():
    """Only values read from the database are decrypted, never what a person types."""
    case = AssignedCaseFactory()
    first = message_send(case=case, sender=case.applicant, body="Hello")
    looks_encrypted = stored_value(Message, "body", first.pk)
    second = message_send(case=case, sender=case.applicant, body=looks_encrypted)
    assert Message.objects.get(pk=second.pk).body == looks_encrypted
