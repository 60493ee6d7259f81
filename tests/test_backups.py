from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)

pytestmark = pytest.mark.django_db
MODELS = [Region, Community, SourceArticle, Theme, Practice, Case, Metric]
QUERIES = ["吃茶话事", "网格+", "调解 嘉峪关", "茶话", "志愿"]


def state():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    found = {
        q: list(Case.objects.published().search(q).values_list("slug", flat=True))
        for q in QUERIES
    }
    return counts, found


def test_a_backup_restores_into_an_empty_database_with_the_same_content(tmp_path):
    before = state()
    call_command("backup", dir=str(tmp_path), no_file_copy=True, stdout=StringIO())
    dump = next(tmp_path.glob("*.json.gz"))
    call_command("flush", interactive=False, stdout=StringIO())
    assert Case.objects.count() == 0
    call_command("restore", str(dump), stdout=StringIO())
    assert state() == before


def test_restore_refuses_a_database_that_holds_cases(tmp_path):
    call_command("backup", dir=str(tmp_path), no_file_copy=True, stdout=StringIO())
    dump = next(tmp_path.glob("*.json.gz"))
    with pytest.raises(CommandError, match="已有案例"):
        call_command("restore", str(dump), stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_consistent_file_copy_is_written(tmp_path, content):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("VACUUM INTO is SQLite's")
    call_command("backup", dir=str(tmp_path), stdout=StringIO())
    copy = next(tmp_path.glob("*.sqlite3"))
    import sqlite3

    with sqlite3.connect(copy) as db:
        cases = db.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    assert cases == Case.objects.count() > 0
