"""The index: an entry per case (this model), and the engine's text index beside it,
made here per database and written only by the backends (cases/search/backends).

SQLite: an FTS5 table of each entry's tokens by rowid (the case id), with a prefix
index of one character (a query term ending in a single character is a prefix query),
emptied of an entry's row when the entry goes. A later migration that makes Django
rebuild the entries' table must make the trigger again (a rebuilt table loses it).

PostgreSQL: a weighted tsvector column under GIN; rows kept narrow (the tsvector out
of line, the facet keys inline), since a search for a common pair of words reads the
date of every entry holding them; and a function that reads the entries matching a
tsquery from GIN, planned apart from the query it is used in, whose planner would
otherwise read every tsvector of a common word.
"""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = {
    "sqlite": [
        """CREATE VIRTUAL TABLE search_indexentry_fts USING fts5(
            names, places, body, tokenize='unicode61', prefix='1')""",
        """CREATE TRIGGER search_indexentry_fts_delete AFTER DELETE ON search_indexentry
        BEGIN
            DELETE FROM search_indexentry_fts WHERE rowid = old.case_id;
        END""",
    ],
    "postgresql": [
        "ALTER TABLE search_indexentry "
        "ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector",
        "ALTER TABLE search_indexentry SET (toast_tuple_target = 128)",
        "ALTER TABLE search_indexentry ALTER COLUMN facets SET STORAGE MAIN",
        "CREATE INDEX search_entry_vector ON search_indexentry USING gin (search_vector)",
        """CREATE FUNCTION search_indexentry_matching(query tsquery) RETURNS SETOF bigint
        LANGUAGE sql STABLE SET enable_seqscan = off ROWS 1000
        AS $$ SELECT case_id FROM search_indexentry WHERE search_vector @@ query $$""",
    ],
}
BACKWARD = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS search_indexentry_fts_delete",
        "DROP TABLE IF EXISTS search_indexentry_fts",
    ],
    "postgresql": [
        "DROP FUNCTION IF EXISTS search_indexentry_matching(tsquery)",
        "DROP INDEX IF EXISTS search_entry_vector",
        "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS search_vector",
    ],
}


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    initial = True

    dependencies = [("cases", "0002_case_and_search_index")]

    operations = [
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="cases.case",
                        verbose_name="案例",
                    ),
                ),
                ("status", models.CharField(max_length=16, verbose_name="状态")),
                (
                    "published_at",
                    models.DateTimeField(null=True, verbose_name="发布时间"),
                ),
                ("facets", models.TextField(blank=True, verbose_name="分面键")),
            ],
            options={
                "verbose_name": "索引条目",
                "verbose_name_plural": "索引条目",
                "indexes": [
                    models.Index(
                        fields=["status", "-published_at", "-case"],
                        name="search_entry_newest",
                    )
                ],
            },
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
