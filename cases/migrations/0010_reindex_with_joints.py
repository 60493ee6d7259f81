"""Re-tokenize every case: the tokenizer now writes a joint token between two runs
of letters (15分钟 → 15 5 〇5分 分钟 钟), and query phrases that span runs expect
it, so an index written before would miss them (2.0, 1+N, 15分钟).

This runs the application's indexer (cases.search.rebuild), which reads only the
case, link and figure columns that exist since 0001; on an empty database it does
nothing. At 100,000 cases it takes about 3 minutes on PostgreSQL (docs/benchmarks.md).
Going back does not re-tokenize: run rebuild_search_index with the older code.
"""

from django.db import migrations


def reindex(apps, schema_editor):
    if apps.get_model("cases", "Initiative").objects.exists():
        from cases import search

        search.rebuild()


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_compact_case_rows")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
