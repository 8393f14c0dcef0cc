"""Encrypt at rest the words people write about a case (``patientportal.encryption``; README,
"Encryption at rest").

Encrypted from now on, in the tables and in their django-pghistory history tables (whose columns
are generated from the tracked fields, and whose triggers copy each column as it is):
contact summaries and who was spoken with (``Interaction.summary``, ``with_whom``), the client's
own words (``CaseIntake``/``RequestDraft.description``, ``access_other`` also in
``ContactPreferences``, ``Message.body``, ``Need.description`` and ``outcome``), follow-ups
(``FollowUp.summary``, a ``text`` column from now on) and the reasons for deletion requests
(``DeletionRequest.reason``).

Then every value already there is encrypted in place under the newest of FIELD_ENCRYPTION_KEYS
(set it before migrating), empty ones included; the existing history rows too. The tables' own
triggers are disabled for these updates, inside this migration's transaction: encrypting changes
no one's words, so it writes no history row, and the append-only history tables, the append-only
contact preferences and the intake kept as submitted must accept it.

Constraints removed, because an encrypted column cannot be measured or compared in SQL:
- ``intake_description_length``, ``draft_description_length``, ``message_body_length`` (at most
  DESCRIPTION_MAX / MESSAGE_MAX characters, a message at least one): the fields'
  ``MaxLengthValidator`` (and, for a message, ``blank=False``) check the same in ``full_clean()``,
  which every service calls before saving, and the forms check it for the person typing;
- ``intake_has_need`` (categories or a description): ``CaseIntake.clean()``, run by the
  ``full_clean()`` of the submission.

Reversible: going back decrypts every value (with the same keys) before the columns and the
constraints are restored.
"""

from functools import partial

import django.core.validators
from django.db import migrations

import patientportal.encryption

#: Every table with a column encrypted here, and those columns (history tables included).
ENCRYPTED = {
    "cases_caseintake": ["description", "access_other"],
    "cases_contactpreferences": ["access_other"],
    "cases_deletionrequest": ["reason"],
    "cases_deletionrequestevent": ["reason"],
    "cases_followup": ["summary"],
    "cases_followupevent": ["summary"],
    "cases_interaction": ["summary", "with_whom"],
    "cases_interactionevent": ["summary", "with_whom"],
    "cases_message": ["body"],
    "cases_messageevent": ["body"],
    "cases_need": ["description", "outcome"],
    "cases_needevent": ["description", "outcome"],
    "cases_requestdraft": ["description", "access_other"],
    "cases_requestdraftevent": ["description", "access_other"],
}


def encrypt(apps, schema_editor, reverse=False):
    for table, columns in ENCRYPTED.items():
        patientportal.encryption.encrypt_columns(schema_editor, table, columns, reverse=reverse)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_event_personal_data_erased"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="caseintake",
            name="intake_has_need",
        ),
        migrations.RemoveConstraint(
            model_name="caseintake",
            name="intake_description_length",
        ),
        migrations.RemoveConstraint(
            model_name="message",
            name="message_body_length",
        ),
        migrations.RemoveConstraint(
            model_name="requestdraft",
            name="draft_description_length",
        ),
        migrations.AlterField(
            model_name="caseintake",
            name="access_other",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(500)], verbose_name="anything else"
            ),
        ),
        migrations.AlterField(
            model_name="caseintake",
            name="description",
            field=patientportal.encryption.EncryptedTextField(
                blank=True,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="in their own words",
            ),
        ),
        migrations.AlterField(
            model_name="contactpreferences",
            name="access_other",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(500)], verbose_name="anything else"
            ),
        ),
        migrations.AlterField(
            model_name="deletionrequest",
            name="reason",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(1000)]
            ),
        ),
        migrations.AlterField(
            model_name="deletionrequestevent",
            name="reason",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(1000)]
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="summary",
            field=patientportal.encryption.EncryptedCharField(max_length=200),
        ),
        migrations.AlterField(
            model_name="followupevent",
            name="summary",
            field=patientportal.encryption.EncryptedCharField(max_length=200),
        ),
        migrations.AlterField(
            model_name="interaction",
            name="summary",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name="summary"
            ),
        ),
        migrations.AlterField(
            model_name="interaction",
            name="with_whom",
            field=patientportal.encryption.EncryptedCharField(blank=True, max_length=100, verbose_name="with whom"),
        ),
        migrations.AlterField(
            model_name="interactionevent",
            name="summary",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name="summary"
            ),
        ),
        migrations.AlterField(
            model_name="interactionevent",
            name="with_whom",
            field=patientportal.encryption.EncryptedCharField(blank=True, max_length=100, verbose_name="with whom"),
        ),
        migrations.AlterField(
            model_name="message",
            name="body",
            field=patientportal.encryption.EncryptedTextField(
                validators=[django.core.validators.MaxLengthValidator(5000)]
            ),
        ),
        migrations.AlterField(
            model_name="messageevent",
            name="body",
            field=patientportal.encryption.EncryptedTextField(
                validators=[django.core.validators.MaxLengthValidator(5000)]
            ),
        ),
        migrations.AlterField(
            model_name="need",
            name="description",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)]
            ),
        ),
        migrations.AlterField(
            model_name="need",
            name="outcome",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)]
            ),
        ),
        migrations.AlterField(
            model_name="needevent",
            name="description",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)]
            ),
        ),
        migrations.AlterField(
            model_name="needevent",
            name="outcome",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)]
            ),
        ),
        migrations.AlterField(
            model_name="requestdraft",
            name="access_other",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(500)], verbose_name="anything else"
            ),
        ),
        migrations.AlterField(
            model_name="requestdraft",
            name="description",
            field=patientportal.encryption.EncryptedTextField(
                blank=True,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="in their own words",
            ),
        ),
        migrations.AlterField(
            model_name="requestdraftevent",
            name="access_other",
            field=patientportal.encryption.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(500)], verbose_name="anything else"
            ),
        ),
        migrations.AlterField(
            model_name="requestdraftevent",
            name="description",
            field=patientportal.encryption.EncryptedTextField(
                blank=True,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="in their own words",
            ),
        ),
        migrations.RunPython(encrypt, partial(encrypt, reverse=True)),
    ]
