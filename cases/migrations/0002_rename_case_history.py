"""The audit history of cases (django-pghistory) was named CaseEvent by default; the case's own
event log is CaseEvent now, so the history becomes CaseHistory. The table is renamed and its rows
kept.

Triggers name the table they write to in their SQL, which a rename does not change: the history
triggers on cases_case (which insert into the old name) and the history table's append-only
trigger are dropped here, before the rename, while the state still names the old table. The
append-only trigger is put back on the renamed table at once; the case's history triggers come
back in 0005, once the case's columns are final (nothing writes to cases in between).
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="case", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="case", name="update_update"),
        pgtrigger.migrations.RemoveTrigger(model_name="case", name="delete_delete"),
        pgtrigger.migrations.RemoveTrigger(model_name="caseevent", name="append_only"),
        migrations.RenameModel("CaseEvent", "CaseHistory"),
        pgtrigger.migrations.AddTrigger(
            model_name="casehistory",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="81390c1f956b512da9abead14717d653b632e133",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_40a51",
                    table="cases_casehistory",
                    when="BEFORE",
                ),
            ),
        ),
    ]
