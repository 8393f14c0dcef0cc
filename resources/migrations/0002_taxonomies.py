"""Our three taxonomies and their terms, with stable ids (see resources/taxonomy.py)."""

from django.db import migrations

from resources.taxonomy import ensure_taxonomies


def create(apps, schema_editor):
    ensure_taxonomies(apps.get_model("resources", "Taxonomy"), apps.get_model("resources", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
