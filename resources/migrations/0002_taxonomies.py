"""Our three taxonomies and their terms, with stable ids (see resources/taxonomy.py)."""

from django.db import migrations

from resources import taxonomy as tx


def create(apps, schema_editor):
    Taxonomy = apps.get_model("resources", "Taxonomy")
    TaxonomyTerm = apps.get_model("resources", "TaxonomyTerm")
    sets = [
        (tx.CATEGORIES_TAXONOMY, "Categories of help for people living with progressive MS.", tx.CATEGORIES),
        (tx.DELIVERY_TAXONOMY, "How a service is delivered.", tx.DELIVERY),
        (
            tx.TEXT_LANGUAGE_TAXONOMY,
            "The language a listing is written in (ISO 639-1).",
            {code: (name, name) for code, (name, _config) in tx.TEXT_LANGUAGES.items()},
        ),
    ]
    for name, description, terms in sets:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=tx.taxonomy_id(name), defaults={"name": name, "description": description}
        )
        for code, (term_name, term_description) in terms.items():
            TaxonomyTerm.objects.update_or_create(
                id=tx.term_id(name, code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": str(term_name),
                    "description": str(term_description),
                    "language": "en",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
