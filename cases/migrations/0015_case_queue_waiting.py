"""The queue's index holds only the waiting requests without an advocate, as the queue reads
them: a page is then the index's first rows (not every waiting request, sorted), and the counts
an index-only scan."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_metrics_milestones"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_queue",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("assigned_to__isnull", True), ("status__in", ["new", "transferred"])),
                fields=["organisation", "-is_urgent", "submitted_at", "id"],
                include=("country", "region", "first_contact_due"),
                name="case_queue_waiting",
            ),
        ),
    ]
