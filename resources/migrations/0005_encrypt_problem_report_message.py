"""Encrypt at rest what people write when they report a problem with a listing
(``ProblemReport.message``; ``patientportal.encryption``, README "Encryption at rest"), and the
reports already there, in place, under the newest of FIELD_ENCRYPTION_KEYS. The table has no
history table. Reversible: going back decrypts them.
"""

from functools import partial

from django.db import migrations

import patientportal.encryption


def encrypt(apps, schema_editor, reverse=False):
    patientportal.encryption.encrypt_columns(schema_editor, "resources_problemreport", ["message"], reverse=reverse)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0004_search_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="problemreport",
            name="message",
            field=patientportal.encryption.EncryptedTextField(max_length=2000, verbose_name="what is wrong"),
        ),
        migrations.RunPython(encrypt, partial(encrypt, reverse=True)),
    ]
