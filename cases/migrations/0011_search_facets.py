"""Each case's facet keys (themes, practices, kinds of figure) on its row, written
with its search tokens: a search's facets are counted from its results' rows in one
query instead of joining them to three link tables.

Existing cases get their keys here from the application's ``facet_keys``, which
reads only the link and figure tables that exist since 0001 (at 100,000 cases about
a minute on SQLite and six on PostgreSQL, which writes a new version of every row
and its GIN entries; a rebuild of the search index writes the keys too). The column
is nullable so that SQLite adds it in place: a default would make Django rebuild
the table, and with it drop the search triggers of 0003.
"""

from django.db import migrations, models

BATCH = 1000


def fill(apps, schema_editor):
    Initiative = apps.get_model("cases", "Initiative")
    ids = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return
    from cases.models import facet_keys

    for start in range(0, len(ids), BATCH):
        keys = facet_keys(ids[start : start + BATCH])
        Initiative.objects.bulk_update(
            [Initiative(pk=pk, search_facets=value) for pk, value in keys.items()],
            ["search_facets"],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_reindex_with_joints")]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="search_facets",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
