"""PostgreSQL: keep each case's title and summary in its row.

Migration 0009 set toast_tuple_target = 256 so that long text leaves the case rows;
it took the title and summary too (every one of them at 100,000 cases), so each
list, card, compare row and export line read them from the TOAST table, a look-up
per value: the CSV export's 963 cases took 13.5 ms to read id and title against 3.4
ms inline. With STORAGE MAIN a value leaves the row only if the row could not fit
a page otherwise, so the title and summary stay while the description and search
columns go (rows 47 -> 63 MB at 100,000 cases; CSV export p95 187 -> 137 ms in
make bench; the search engine, which reads dates and status from these rows, within
its run-to-run spread, docs/profiles.md). Existing values are rewritten to take the new storage;
the search trigger is left out of it (the search columns do not change). SQLite is
unchanged.
"""

from importlib import import_module

from django.db import migrations

search_index = import_module("cases.migrations.0003_search_index")
INLINE = [
    "ALTER TABLE cases_initiative ALTER COLUMN title SET STORAGE MAIN, "
    "ALTER COLUMN summary SET STORAGE MAIN",
    "ALTER TABLE cases_initiative DISABLE TRIGGER USER",
    "UPDATE cases_initiative SET title = title || '', summary = summary || ''",
    "ALTER TABLE cases_initiative ENABLE TRIGGER USER",
]
DEFAULT = [
    "ALTER TABLE cases_initiative ALTER COLUMN title SET STORAGE EXTENDED, "
    "ALTER COLUMN summary SET STORAGE EXTENDED",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_compare_index_by_value")]

    operations = [
        migrations.RunPython(
            search_index.run({"postgresql": INLINE}),
            search_index.run({"postgresql": DEFAULT}),
        ),
    ]
