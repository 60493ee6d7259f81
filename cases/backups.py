"""Back up the whole content to one compressed JSON dump, and restore it.

The dump keeps primary keys (regions' materialised paths are made of them), uses
natural keys for content types and users' permissions, and restores into an empty,
migrated database; the search index is rebuilt afterwards. On SQLite a consistent
copy of the database file is written beside it with VACUUM INTO.
"""

import gzip
from datetime import datetime
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from cases import search
from cases.caching import bump_content_version
from cases.models import Case

# Framework rows that migrate recreates, login-attempt logs that need no backup, and
# the search index, which a restore rebuilds.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "admin.logentry",
    "sessions",
    "axes",
    "search",
]


def backup(directory: Path, file_copy: bool = True) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dump = directory / f"govcases-{stamp}.json.gz"
    out = StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=EXCLUDED,
        use_base_manager=True,
        indent=1,
        stdout=out,
    )
    with gzip.open(dump, "wt", encoding="utf-8") as handle:
        handle.write(out.getvalue())
    written = [dump]
    if file_copy and connection.vendor == "sqlite":
        copy = directory / f"govcases-{stamp}.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        written.append(copy)
    return written


class NotEmptyError(Exception):
    pass


def restore(dump: Path) -> int:
    """Load ``dump`` into an empty database; returns the number of cases restored."""
    if Case.objects.exists():
        raise NotEmptyError("数据库中已有案例：请在空的、已迁移的数据库上恢复。")
    with transaction.atomic():
        call_command("loaddata", str(dump), stdout=StringIO())
        search.rebuild()
        bump_content_version()  # the dump's version may be older than cached counts
    return Case.objects.count()
