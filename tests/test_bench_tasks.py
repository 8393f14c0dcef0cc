"""`make bench`'s delivery benchmark (bench/tasks.py) at a tiny size: a real worker, on the test
database. Its own module: the page harness's tests share one open transaction that a worker in
another process could not see into."""

import pytest

from accounts.models import User
from bench import tasks as bench_tasks
from cases.tests.factories import CaseFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminder_delivery_times_a_real_worker_sending_each_reminder_once():
    CaseFactory.create_batch(5)
    people = User.objects.order_by("pk").values()
    before = list(people)
    result = bench_tasks.measure_reminder_delivery(count=5, timeout=90)
    assert result["per_s"] > 0 and result["reminders"] == result["messages"] == 5
    assert result["sent_twice"] == 0 and result["worker_processes"] == 2
    # Gone again, and the recipients' rows (their count of unread notifications) as they were.
    assert not bench_tasks.bench_rows().exists()
    assert list(people) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminder_delivery_says_when_the_data_set_has_too_few_requests():
    CaseFactory()
    with pytest.raises(bench_tasks.BenchError, match="needs 2 requests"):
        bench_tasks.insert_due_reminders(2)
