"""Request e-mails go through a real Celery worker, enqueued on commit, with ids only."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import SupervisorFactory
from cases.services import case_submit

from .factories import RequestDraftFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submitting_sends_both_emails_through_a_real_worker(celery_worker, client_user, organisation):
    SupervisorFactory(organisation=organisation, email="queue@example.test")
    draft = RequestDraftFactory(applicant=client_user, description="Private words about my stairs")
    case = case_submit(draft_id=draft.pk, applicant=client_user)  # commits: the tasks are enqueued now
    deadline = timezone.now() + datetime.timedelta(seconds=20)
    while len(mail.outbox) < 2 and timezone.now() < deadline:
        time.sleep(0.1)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([client_user.email, "queue@example.test"])
    for message in mail.outbox:
        assert case.reference in message.body
        assert "stairs" not in message.body


@pytest.mark.django_db
def test_task_arguments_are_ids_only(client_user, organisation, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    from cases import tasks

    for name in ("send_request_confirmation", "notify_supervisors_of_new_case"):
        monkeypatch.setattr(getattr(tasks, name), "delay", lambda *args, _n=name: sent.append((_n, args)))
    draft = RequestDraftFactory(applicant=client_user)
    with django_capture_on_commit_callbacks(execute=True):
        case = case_submit(draft_id=draft.pk, applicant=client_user)
    assert sorted(sent) == sorted(
        [("send_request_confirmation", (str(case.pk),)), ("notify_supervisors_of_new_case", (str(case.pk),))]
    )
