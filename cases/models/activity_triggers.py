"""What the caseload orders cases by, kept on the case by the database.

My cases orders an advocate's cases by what needs doing next and flags them (an overdue
follow-up, a first contact to make, a client waiting, an unread message). Worked out from the
follow-ups, contacts, events, messages and needs of every case at each request, that took tens
of milliseconds for a few hundred cases, and more as the planner misjudged how many. The case
holds those facts instead (``Case.next_follow_up_at``, ``last_contact_at``, ``waiting_since``,
``has_unread``, ``need_categories``), and database triggers keep them true: every insert,
update and delete of a follow-up, contact, message or need, and every event that puts the case
in "waiting on the client", recomputes them (``cases_activity_refresh``, created by migration
0011) in the same transaction, so no write path (the services, a bulk COPY, a data migration,
erasure) can leave them stale. The site never writes them; they are not in the case's history.
The metrics read two milestones kept the same way: when the case was first given to an advocate
(``assigned_at``: its first "assigned" event) and when work on it first ended (``resolved_at``:
its first move to resolved or closed), so that a year's waiting times are read from the cases
alone rather than from a million events. And, once a case has been assessed twice or more, when
each of its needs assessments was made and how each area was rated in it (``assessment_times``,
``assessment_ratings``, in the order of the assessments), so that the needs assessment's change
from the first rating to the latest is read from the reassessed cases alone rather than by
joining every assessment's ratings.

Kept apart from the models so that each model can declare its trigger without imports.
"""

from __future__ import annotations

from typing import Any

import pgtrigger

from ..choices import CaseStatus

# The function below names the statuses and kinds by their values; a test checks they agree.
WAITING = CaseStatus.WAITING_ON_CLIENT.value
#: The events that mark a case's milestones (``Case.assigned_at``, ``Case.resolved_at``).
MILESTONE_STATUSES = (CaseStatus.RESOLVED.value, CaseStatus.CLOSED.value)
ASSIGNED_KIND = "assigned"

#: The SQL function every trigger calls with the case's id (migration 0011 creates it).
REFRESH_FUNCTION = "cases_activity_refresh"

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

#: Every case at once (the migration that adds the columns).
BACKFILL_SQL = "SELECT cases_activity_refresh(id) FROM cases_case;"


def refresh_trigger(
    *,
    case_column: str = "case_id",
    operation: Any = pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
    condition: Any = None,
) -> pgtrigger.Trigger:
    """The trigger a table of a case's things needs: after each row's insert, update or delete
    (``operation``), recompute its case's activity."""
    return pgtrigger.Trigger(
        name="refresh_case_activity",
        operation=operation,
        when=pgtrigger.After,
        condition=condition,
        func=(
            f"IF TG_OP = 'DELETE' THEN PERFORM {REFRESH_FUNCTION}(OLD.{case_column}); "
            f"ELSE PERFORM {REFRESH_FUNCTION}(NEW.{case_column}); END IF; RETURN NULL;"
        ),
    )


def assessment_refresh_trigger() -> pgtrigger.Trigger:
    """An assessment's trigger: after each insert, update or delete, recompute its case's activity,
    and on an update the activity of the case it left too (joining two cases moves it)."""
    return pgtrigger.Trigger(
        name="refresh_case_activity",
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        when=pgtrigger.After,
        func=(
            f"IF TG_OP <> 'INSERT' THEN PERFORM {REFRESH_FUNCTION}(OLD.case_id); END IF; "
            f"IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.case_id <> OLD.case_id) THEN "
            f"PERFORM {REFRESH_FUNCTION}(NEW.case_id); END IF; RETURN NULL;"
        ),
    )


def rating_refresh_triggers() -> list[pgtrigger.Trigger]:
    """An assessment's ratings' triggers: after each statement that inserts, updates or deletes
    ratings, recompute the activity of the cases whose assessments they belong to, once per case
    (an assessment's ratings are written together). One trigger per operation: PostgreSQL gives a
    trigger the statement's rows (its transition tables) only if it has one operation."""
    cases = "SELECT DISTINCT a.case_id FROM ({rows}) r JOIN cases_assessment a ON a.id = r.assessment_id"
    refresh = f"PERFORM {REFRESH_FUNCTION}(a.case_id) FROM ({cases}) a; RETURN NULL;"
    new, old = "SELECT assessment_id FROM new_rows", "SELECT assessment_id FROM old_rows"
    return [
        pgtrigger.Trigger(
            name=f"refresh_case_activity_{name}",
            operation=operation,
            when=pgtrigger.After,
            level=pgtrigger.Statement,
            referencing=referencing,
            func=refresh.format(rows=rows),
        )
        for name, operation, referencing, rows in (
            ("insert", pgtrigger.Insert, pgtrigger.Referencing(new="new_rows"), new),
            ("update", pgtrigger.Update, pgtrigger.Referencing(old="old_rows", new="new_rows"), f"{old} UNION {new}"),
            ("delete", pgtrigger.Delete, pgtrigger.Referencing(old="old_rows"), old),
        )
    ]
