"""The metrics' needs assessment change read from the cases: once a case has been assessed twice
or more, it keeps when each assessment was made and how each area was rated in it, by the
activity function (0011) from its assessments and their ratings; an index of the organisations'
reassessed cases; and the index of each organisation's cases by their latest moment now holds
every column the metrics count (an index-only scan)."""

import importlib

import django.contrib.postgres.fields
import django.db.models.functions.comparison
import pgtrigger.compiler
import pgtrigger.migrations
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
    resolved_at = v.resolved_at,
    assessment_times = v.assessment_times,
    assessment_ratings = v.assessment_ratings
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
        WHERE e.case_id = target AND e.to_status IN ('resolved', 'closed')) AS resolved_at,
      (SELECT CASE WHEN count(*) > 1 THEN array_agg(a.assessed_at ORDER BY a.assessed_at, a.id) END
         FROM cases_assessment a WHERE a.case_id = target) AS assessment_times,
      (SELECT CASE WHEN count(*) > 1 THEN jsonb_agg(
                (SELECT coalesce(jsonb_object_agg(r.domain, r.level), '{}') FROM cases_assessmentrating r
                  WHERE r.assessment_id = a.id) ORDER BY a.assessed_at, a.id) END
         FROM cases_assessment a WHERE a.case_id = target) AS assessment_ratings
  ) v
  WHERE c.id = target
    AND (c.next_follow_up_at, c.last_contact_at, c.waiting_since, c.has_unread, c.need_categories,
         c.assigned_at, c.resolved_at, c.assessment_times, c.assessment_ratings)
      IS DISTINCT FROM (v.next_follow_up_at, v.last_contact_at, v.waiting_since, v.has_unread, v.need_categories,
         v.assigned_at, v.resolved_at, v.assessment_times, v.assessment_ratings);
END
$$ LANGUAGE plpgsql;
"""

#: Back to the function without the assessments (as migration 0014 left it).
PREVIOUS_REFRESH_SQL = importlib.import_module("cases.migrations.0014_metrics_milestones").REFRESH_SQL

#: Every case assessed twice or more (the others keep nothing: their columns stay empty).
BACKFILL_SQL = """
SELECT cases_activity_refresh(id) FROM cases_case
 WHERE id IN (SELECT case_id FROM cases_assessment GROUP BY case_id HAVING count(*) > 1);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_case_queue_waiting"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="assessment_times",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.DateTimeField(), blank=True, editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="assessment_ratings",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(REFRESH_SQL, reverse_sql=PREVIOUS_REFRESH_SQL),
        migrations.RunSQL(BACKFILL_SQL, reverse_sql=migrations.RunSQL.noop),
        migrations.RemoveIndex(
            model_name="case",
            name="case_org_latest_moment",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                models.F("organisation"),
                django.db.models.functions.comparison.Greatest(
                    "submitted_at", "assigned_at", "first_contact_at", "resolved_at", "closed_at"
                ),
                include=(
                    "id",
                    "status",
                    "submitted_at",
                    "assigned_at",
                    "first_contact_at",
                    "first_contact_due",
                    "resolved_at",
                    "closed_at",
                    "outcome",
                    "need_categories",
                ),
                name="case_org_latest_moment",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("assessment_times__isnull", False)),
                fields=["organisation"],
                name="case_org_reassessed",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="refresh_case_activity",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="IF TG_OP <> 'INSERT' THEN PERFORM cases_activity_refresh(OLD.case_id); END IF; IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.case_id <> OLD.case_id) THEN PERFORM cases_activity_refresh(NEW.case_id); END IF; RETURN NULL;",
                    hash="7bcaec51cf076a5222e048e3955c0b2fb1a1fd02",
                    operation="INSERT OR UPDATE OR DELETE",
                    pgid="pgtrigger_refresh_case_activity_eb2f2",
                    table="cases_assessment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmentrating",
            trigger=pgtrigger.compiler.Trigger(
                name="refresh_case_activity_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="PERFORM cases_activity_refresh(a.case_id) FROM (SELECT DISTINCT a.case_id FROM (SELECT assessment_id FROM new_rows) r JOIN cases_assessment a ON a.id = r.assessment_id) a; RETURN NULL;",
                    hash="04225d9baeb990ebe99ed823a32f41bdac07cb3d",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_refresh_case_activity_insert_84b77",
                    referencing="REFERENCING NEW TABLE AS new_rows ",
                    table="cases_assessmentrating",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmentrating",
            trigger=pgtrigger.compiler.Trigger(
                name="refresh_case_activity_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="PERFORM cases_activity_refresh(a.case_id) FROM (SELECT DISTINCT a.case_id FROM (SELECT assessment_id FROM old_rows UNION SELECT assessment_id FROM new_rows) r JOIN cases_assessment a ON a.id = r.assessment_id) a; RETURN NULL;",
                    hash="77818187eee5e151641b6f5defe4335af0415b29",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_refresh_case_activity_update_6efe6",
                    referencing="REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ",
                    table="cases_assessmentrating",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmentrating",
            trigger=pgtrigger.compiler.Trigger(
                name="refresh_case_activity_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="PERFORM cases_activity_refresh(a.case_id) FROM (SELECT DISTINCT a.case_id FROM (SELECT assessment_id FROM old_rows) r JOIN cases_assessment a ON a.id = r.assessment_id) a; RETURN NULL;",
                    hash="6f8965a508d1588a2021e024d470684d04a94df6",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_refresh_case_activity_delete_eea34",
                    referencing="REFERENCING OLD TABLE AS old_rows ",
                    table="cases_assessmentrating",
                    when="AFTER",
                ),
            ),
        ),
    ]
