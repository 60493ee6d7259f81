"""SQLite: rebuild the FTS5 table with a one-character prefix index.

A query term ending in a single character (网, 1+N, 2.0) is a prefix query, since
that character may begin a bigram in the text; without a prefix index FTS5 merges
the doclist of every token starting with it (about 50 ms at 100,000 cases, 5 ms with
it, docs/benchmarks.md). PostgreSQL is unchanged.
"""

from importlib import import_module

from django.db import migrations

search_index = import_module("cases.migrations.0003_search_index")

PLAIN = "tokenize='unicode61')"
PREFIXED = "tokenize='unicode61', prefix='1')"


def recreate(create_table):
    statements = [*search_index.SQLITE_BACKWARD, *search_index.SQLITE_FORWARD]
    return [s.replace(PLAIN, create_table) for s in statements]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_region_status_index")]

    operations = [
        migrations.RunPython(run(recreate(PREFIXED)), run(recreate(PLAIN))),
    ]
