"""Today's schema from 0016's: the search index leaves the case table for the
search app (its token columns and old index structures go; search 0001 makes the
new ones); the model Initiative is called Case, its relations and the figure's
column with it; and a case has a version that every change advances, so that an
edit begun before one is refused."""

import django.db.models.deletion
from django.db import migrations, models

OLD_INDEX = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS cases_initiative_fts_insert",
        "DROP TRIGGER IF EXISTS cases_initiative_fts_delete",
        "DROP TRIGGER IF EXISTS cases_initiative_fts_update",
        "DROP TABLE IF EXISTS cases_initiative_fts",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS cases_initiative_search_entry ON cases_initiative",
        "DROP TRIGGER IF EXISTS cases_initiative_search_removal ON cases_initiative",
        "DROP TRIGGER IF EXISTS cases_initiative_search_truncation ON cases_initiative",
        "DROP FUNCTION IF EXISTS cases_initiative_search_entry()",
        "DROP FUNCTION IF EXISTS cases_initiative_search_removal()",
        "DROP TABLE IF EXISTS cases_initiative_search",
    ],
}


def drop_old_index(apps, schema_editor):
    for statement in OLD_INDEX.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_squashed_0016")]

    operations = [
        migrations.RunPython(drop_old_index, migrations.RunPython.noop),
        migrations.RemoveField(model_name="initiative", name="search_names"),
        migrations.RemoveField(model_name="initiative", name="search_places"),
        migrations.RemoveField(model_name="initiative", name="search_body"),
        migrations.RemoveField(model_name="initiative", name="search_facets"),
        migrations.RenameModel("Initiative", "Case"),
        migrations.RenameField("metric", "initiative", "case"),
        migrations.AlterModelOptions(
            name="metric",
            options={
                "ordering": ["case", "position", "pk"],
                "verbose_name": "数据",
                "verbose_name_plural": "数据",
            },
        ),
        migrations.AlterField(
            model_name="case",
            name="communities",
            field=models.ManyToManyField(
                blank=True,
                related_name="cases",
                to="cases.community",
                verbose_name="社区/村",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="practices",
            field=models.ManyToManyField(
                blank=True,
                related_name="cases",
                to="cases.practice",
                verbose_name="做法/品牌",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="cases.region",
                verbose_name="地区",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="sources",
            field=models.ManyToManyField(
                related_name="cases", to="cases.sourcearticle", verbose_name="来源文章"
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="cases", to="cases.theme", verbose_name="主题"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="version",
            field=models.PositiveIntegerField(
                db_default=1, default=1, editable=False, verbose_name="版本"
            ),
        ),
    ]
