"""Case.version: every change to a case or its figures advances it, so that an
edit begun before one is refused. On SQLite the column is added in place with its
default (ALTER TABLE ... ADD COLUMN): Django rebuilds the table to add a column
that is not null, and with it would drop the search triggers of 0003."""

from django.db import migrations, models


def add_version(apps, schema_editor):
    case = apps.get_model("cases", "Case")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            'ALTER TABLE "cases_case" ADD COLUMN "version" integer unsigned '
            'NOT NULL DEFAULT 1 CHECK ("version" >= 0)'
        )
    else:
        schema_editor.add_field(case, case._meta.get_field("version"))


def remove_version(apps, schema_editor):
    case = apps.get_model("cases", "Case")
    schema_editor.remove_field(case, case._meta.get_field("version"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_case")]

    operations = [
        # The model state first, then the column, added by the function that
        # reads the field from that state.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="case",
                    name="version",
                    field=models.PositiveIntegerField(
                        db_default=1, default=1, editable=False, verbose_name="版本"
                    ),
                ),
            ],
        ),
        migrations.RunPython(add_version, remove_version),
    ]
