"""The metrics' milestones on the case: when it was first assigned and first resolved (or closed),
kept by the activity function from the case's events like the caseload's facts (0011), and an
index of each organisation's cases by their latest moment."""

import django.db.models.functions.comparison
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

#: The function as this migration leaves it (a copy: later migrations may change it).
REFRESH_SQL = """
CREATE OR REPLACE FUNCTION cases_activity_refresh(target uuid) RETURNS void AS $$
BEGIN
  UPDATE cases_case c SET
    next_follow_up_at = v.next_follow_up_at,
    last_contact_at = v.last_contact_at,
    waiting_since = v.waiting_since,
    has_unread = v.has_unread,
    need_categories = v.need_categories,
    assigned_at = v.assigned_at,
    resolved_at = v.resolved_at
  FROM (
    SELECT
      (SELECT min(f.due_at) FROM cases_followup f WHERE f.case_id = target AND f.completed_at IS NULL)
        AS next_follow_up_at,
      (SELECT max(i.occurred_at) FROM cases_interaction i WHERE i.case_id = target) AS last_contact_at,
      (SELECT max(e.at) FROM cases_caseevent e
        WHERE e.case_id = target AND e.to_status = 'waiting_on_client') AS waiting_since,
      EXISTS (SELECT 1 FROM cases_message m JOIN cases_case mc ON mc.id = m.case_id
        WHERE m.case_id = target AND m.read_at IS NULL AND m.sender_id = mc.applicant_id) AS has_unread,
      ARRAY(SELECT n.category FROM cases_need n WHERE n.case_id = target ORDER BY n.created_at, n.id)
        AS need_categories,
      (SELECT min(e.at) FROM cases_caseevent e WHERE e.case_id = target AND e.kind = 'assigned') AS assigned_at,
      (SELECT min(e.at) FROM cases_caseevent e
        WHERE e.case_id = target AND e.to_status IN ('resolved', 'closed')) AS resolved_at
  ) v
  WHERE c.id = target
    AND (c.next_follow_up_at, c.last_contact_at, c.waiting_since, c.has_unread, c.need_categories,
         c.assigned_at, c.resolved_at)
      IS DISTINCT FROM (v.next_follow_up_at, v.last_contact_at, v.waiting_since, v.has_unread, v.need_categories,
         v.assigned_at, v.resolved_at);
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_supervisor_assignment"),
        ("cases", "0013_case_merge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="caseevent",
            name="refresh_case_activity",
        ),
        migrations.AddField(
            model_name="case",
            name="assigned_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="resolved_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunSQL(REFRESH_SQL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(
            "SELECT cases_activity_refresh(id) FROM cases_case WHERE EXISTS "
            "(SELECT 1 FROM cases_caseevent e WHERE e.case_id = cases_case.id AND (e.kind = 'assigned' "
            "OR e.to_status IN ('resolved', 'closed')));",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                models.F("organisation"),
                django.db.models.functions.comparison.Greatest(
                    "submitted_at", "assigned_at", "first_contact_at", "resolved_at", "closed_at"
                ),
                name="case_org_latest_moment",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="caseevent",
            trigger=pgtrigger.compiler.Trigger(
                name="refresh_case_activity",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (NEW.\"to_status\" IN ('waiting_on_client', 'resolved', 'closed') OR NEW.\"kind\" = 'assigned')",
                    func="IF TG_OP = 'DELETE' THEN PERFORM cases_activity_refresh(OLD.case_id); ELSE PERFORM cases_activity_refresh(NEW.case_id); END IF; RETURN NULL;",
                    hash="8b39725da767835af9c0b1f209201f525f30000e",
                    operation="INSERT",
                    pgid="pgtrigger_refresh_case_activity_bb802",
                    table="cases_caseevent",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(fields=["assessed_at"], name="assessment_when"),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["created_at"], name="referral_made"),
        ),
    ]
