"""The search index leaves the case table for the search app (search 0001): its
token columns go, and the old index structures with them."""

from django.db import migrations

OLD_INDEX = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS cases_initiative_fts_insert",
        "DROP TRIGGER IF EXISTS cases_initiative_fts_delete",
        "DROP TRIGGER IF EXISTS cases_initiative_fts_update",
        "DROP TABLE IF EXISTS cases_initiative_fts",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS cases_initiative_search_entry ON cases_case",
        "DROP TRIGGER IF EXISTS cases_initiative_search_removal ON cases_case",
        "DROP TRIGGER IF EXISTS cases_initiative_search_truncation ON cases_case",
        "DROP FUNCTION IF EXISTS cases_initiative_search_entry()",
        "DROP FUNCTION IF EXISTS cases_initiative_search_removal()",
        "DROP TABLE IF EXISTS cases_initiative_search",
    ],
}


def drop_old_index(apps, schema_editor):
    for statement in OLD_INDEX.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_case")]

    operations = [
        migrations.RunPython(drop_old_index, migrations.RunPython.noop),
        migrations.RemoveField(model_name="case", name="search_names"),
        migrations.RemoveField(model_name="case", name="search_places"),
        migrations.RemoveField(model_name="case", name="search_body"),
        migrations.RemoveField(model_name="case", name="search_facets"),
    ]
