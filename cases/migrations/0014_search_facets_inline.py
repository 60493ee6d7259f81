"""PostgreSQL: keep each case's facet keys in its row, as 0013 did for its title and
summary.

A search page counts its facets from the ``search_facets`` of its first 1,000
results; under toast_tuple_target = 256 the keys of 99% of cases had gone out of line,
a TOAST look-up each (1,000 cases' id and keys: 9-12 ms against 3.3 for their ids).
The keys are a few dozen bytes. SQLite is unchanged.
"""

from importlib import import_module

from django.db import migrations

search_index = import_module("cases.migrations.0003_search_index")
INLINE = [
    "ALTER TABLE cases_initiative ALTER COLUMN search_facets SET STORAGE MAIN",
    "ALTER TABLE cases_initiative DISABLE TRIGGER USER",
    "UPDATE cases_initiative SET search_facets = search_facets || '' "
    "WHERE search_facets IS NOT NULL",
    "ALTER TABLE cases_initiative ENABLE TRIGGER USER",
]
DEFAULT = [
    "ALTER TABLE cases_initiative ALTER COLUMN search_facets SET STORAGE EXTENDED",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_titles_and_summaries_inline")]

    operations = [
        migrations.RunPython(
            search_index.run({"postgresql": INLINE}),
            search_index.run({"postgresql": DEFAULT}),
        ),
    ]
