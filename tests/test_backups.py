import gzip
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import isolate_apps
from django.urls import reverse

from cases import backups
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
PROJECT = Path(__file__).resolve().parent.parent
PASSWORD = "right-password-123"


def state():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    found = {
        q: list(Case.objects.published().search(q).values_list("slug", flat=True))
        for q in QUERIES
    }
    return counts, found


def write_backup(directory, **options):
    options.setdefault("no_file_copy", True)
    call_command("backup", dir=str(directory), stdout=StringIO(), **options)
    return next(directory.glob("*.json.gz"))


def dumped_objects(dump):
    with gzip.open(dump, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def write_dump(path, objects):
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(objects, handle, ensure_ascii=False)
    return path


def empty_the_database():
    if connection.vendor == "postgresql":
        # Run the foreign key checks that this test's writes left pending: PostgreSQL
        # cannot truncate a table while they wait.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, stdout=StringIO())


def signed_in_curator(client):
    """A superuser in a group, signed in (a session row), after one failed login
    (django-axes' attempt row) and one admin change (an admin log row)."""
    user = get_user_model().objects.create_superuser(
        "curator", "c@example.org", PASSWORD
    )
    group = Group.objects.create(name="编辑")
    group.permissions.add(Permission.objects.get(codename="change_case"))
    user.groups.add(group)
    client.post(reverse("admin:login"), {"username": "curator", "password": "wrong"})
    client.post(reverse("admin:login"), {"username": "curator", "password": PASSWORD})
    case = Case.objects.first()
    LogEntry.objects.log_actions(user.pk, [case], CHANGE, change_message="[]")
    return user


# What a backup keeps


def test_a_backup_restores_into_an_empty_database_with_the_same_content(tmp_path):
    before = state()
    dump = write_backup(tmp_path)
    empty_the_database()
    assert Case.objects.count() == 0
    call_command("restore", str(dump), stdout=StringIO())
    assert state() == before


def test_a_dump_holds_no_session_login_attempt_or_account(client, tmp_path):
    user = signed_in_curator(client)
    dump = write_backup(tmp_path)
    labels = {row["model"] for row in dumped_objects(dump)}
    assert "cases.case" in labels
    assert not labels & {
        "sessions.session",
        "axes.accessattempt",
        "axes.accesslog",
        "auth.user",
        "auth.group",
        "admin.logentry",
    }
    text = gzip.decompress(dump.read_bytes()).decode()
    assert user.password not in text
    assert client.session.session_key not in text


def test_accounts_are_kept_only_when_asked_for(client, tmp_path):
    user = signed_in_curator(client)
    dump = write_backup(tmp_path, include_users=True)
    rows = dumped_objects(dump)
    labels = {row["model"] for row in rows}
    assert {"auth.user", "auth.group", "admin.logentry"} <= labels
    assert not labels & {"sessions.session", "axes.accessattempt", "axes.accesslog"}
    (kept,) = (row for row in rows if row["model"] == "auth.user")
    assert kept["fields"]["password"] == user.password
    assert kept["fields"]["groups"] == [["编辑"]]


def test_a_dump_with_accounts_restores_them_with_their_groups(client, tmp_path):
    signed_in_curator(client)
    dump = write_backup(tmp_path, include_users=True)
    empty_the_database()
    call_command("restore", str(dump), stdout=StringIO())
    user = get_user_model().objects.get()
    assert user.check_password(PASSWORD)
    assert user.has_perm("cases.change_case")
    assert LogEntry.objects.get().user == user


def test_a_dump_without_accounts_restores_the_content_alone(client, tmp_path):
    signed_in_curator(client)
    before = state()
    dump = write_backup(tmp_path)
    empty_the_database()
    call_command("restore", str(dump), stdout=StringIO())
    assert state() == before
    assert not get_user_model().objects.exists()
    assert not LogEntry.objects.exists()


@isolate_apps("cases")
def test_rows_that_name_an_account_lose_the_account_or_go_with_it():
    """Any model's reference to an account, such as a revision's author: a nullable
    one is written empty, so the row restores without the account; a row that
    cannot exist without its account (the admin log) is left out with it."""
    user_model = get_user_model()

    class Revision(models.Model):  # noqa: DJ008
        author = models.ForeignKey(user_model, models.SET_NULL, null=True)
        reviewers = models.ManyToManyField(user_model, related_name="+")
        comment = models.TextField()

        class Meta:
            app_label = "cases"

    class Signature(models.Model):  # noqa: DJ008
        signer = models.ForeignKey(user_model, models.CASCADE)

        class Meta:
            app_label = "cases"

    assert backups.needs_an_account(Signature)
    assert backups.needs_an_account(LogEntry)
    assert not backups.needs_an_account(Revision)
    assert not backups.needs_an_account(Case)
    row = {
        "model": "cases.revision",
        "pk": 1,
        "fields": {"author": ["curator"], "reviewers": [["a"]], "comment": "改标题"},
    }
    assert backups.without_accounts(Revision, row)["fields"] == {
        "author": None,
        "reviewers": [],
        "comment": "改标题",
    }


def test_backup_files_are_private_written_whole_and_checksummed(tmp_path):
    dump = write_backup(tmp_path)
    checksum = tmp_path / f"{dump.name}.sha256"
    assert sorted(p.name for p in tmp_path.iterdir()) == [dump.name, checksum.name]
    for path in (dump, checksum):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    digest = hashlib.sha256(dump.read_bytes()).hexdigest()
    assert checksum.read_text() == f"{digest}  {dump.name}\n"
    result = subprocess.run(
        ["sha256sum", "--check", checksum.name], cwd=tmp_path, capture_output=True
    )
    assert result.returncode == 0


def test_a_failed_backup_leaves_no_file_behind(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(backups.serializers, "serialize", broken)
    with pytest.raises(RuntimeError):
        write_backup(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_file_copy_keeps_content_but_no_session_log_or_account(
    tmp_path, content, client, settings
):
    if connection.vendor != "sqlite":
        pytest.skip("VACUUM INTO is SQLite's")
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_backup_cache",
        },
    }
    call_command("createcachetable", "test_backup_cache")
    try:
        from django.core.cache import caches

        caches["shared"].set("kept-page", "cached text")
        signed_in_curator(client)
        session_key = client.session.session_key

        plain, with_users = tmp_path / "plain", tmp_path / "with-users"
        call_command("backup", dir=str(plain), stdout=StringIO())
        call_command(
            "backup", dir=str(with_users), include_users=True, stdout=StringIO()
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE test_backup_cache")

    def rows(copy):
        with sqlite3.connect(copy) as db:
            tables = [
                "cases_case",
                "django_session",
                "axes_accessattempt",
                "axes_accesslog",
                "test_backup_cache",
                "auth_user",
                "auth_group",
                "auth_user_groups",
                "django_admin_log",
            ]
            return {
                t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables
            }

    copy = next(plain.glob("*.sqlite3"))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert (plain / f"{copy.name}.sha256").exists()
    counted = rows(copy)
    assert counted.pop("cases_case") == Case.objects.count() > 0
    assert set(counted.values()) == {0}, counted
    # The deleted rows are gone from the file, not only from the tables.
    assert session_key.encode() not in copy.read_bytes()

    counted = rows(next(with_users.glob("*.sqlite3")))
    assert counted["auth_user"] == counted["auth_user_groups"] == 1
    assert counted["django_admin_log"] == 1
    assert counted["django_session"] == counted["axes_accessattempt"] == 0
    assert counted["test_backup_cache"] == 0


# Restore fails cleanly


@pytest.fixture
def empty_database():
    empty_the_database()


def restore_fails(dump, *words):
    with pytest.raises(CommandError) as failure:
        call_command("restore", str(dump), stdout=StringIO())
    message = str(failure.value)
    assert failure.value.returncode == 2
    assert "\n" not in message
    assert str(dump) in message
    for word in words:
        assert word in message
    return message


def assert_nothing_written():
    assert [model.objects.count() for model in MODELS] == [0] * len(MODELS)


@pytest.fixture
def good_dump(tmp_path):
    return write_backup(tmp_path)


def test_restore_of_a_truncated_dump_says_so(good_dump, empty_database):
    data = good_dump.read_bytes()
    good_dump.write_bytes(data[: len(data) // 2])
    restore_fails(good_dump, "校验和")
    good_dump.with_name(f"{good_dump.name}.sha256").unlink()
    restore_fails(good_dump, "不完整")
    assert_nothing_written()


def test_restore_of_a_file_that_is_not_gzip_says_so(tmp_path, empty_database):
    dump = tmp_path / "govcases-x.json.gz"
    dump.write_bytes(b'[{"model": "cases.region"}]')
    restore_fails(dump, "gzip")
    assert_nothing_written()


def test_restore_of_invalid_json_says_so(tmp_path, empty_database):
    dump = tmp_path / "govcases-x.json.gz"
    dump.write_bytes(gzip.compress(b'[{"model": "cases.region", '))
    restore_fails(dump, "JSON")
    assert_nothing_written()


@pytest.mark.parametrize("data", [{"model": "cases.region"}, [], ["x"], 3])
def test_restore_of_json_that_is_no_dump_says_so(tmp_path, empty_database, data):
    dump = write_dump(tmp_path / "govcases-x.json.gz", data)
    restore_fails(dump)
    assert_nothing_written()


def test_restore_of_an_unknown_model_names_it(good_dump, tmp_path, empty_database):
    objects = dumped_objects(good_dump)
    objects.append({"model": "cases.initiative", "pk": 1, "fields": {}})
    dump = write_dump(tmp_path / "govcases-old.json.gz", objects)
    restore_fails(dump, "cases.initiative")
    assert_nothing_written()


def test_restore_of_rows_that_reference_missing_rows_rolls_back(
    good_dump, tmp_path, empty_database
):
    objects = [o for o in dumped_objects(good_dump) if o["model"] != "cases.region"]
    dump = write_dump(tmp_path / "govcases-no-regions.json.gz", objects)
    restore_fails(dump)
    assert_nothing_written()


def test_restore_of_a_row_with_a_bad_value_rolls_back(
    good_dump, tmp_path, empty_database
):
    objects = dumped_objects(good_dump)
    metric = next(o for o in objects if o["model"] == "cases.metric")
    metric["fields"]["value"] = "many"
    dump = write_dump(tmp_path / "govcases-bad-value.json.gz", objects)
    restore_fails(dump, "many")
    assert_nothing_written()


def test_restore_refuses_a_database_that_holds_content(good_dump):
    before = state()
    restore_fails(good_dump, "不是空的")
    assert state() == before


def test_restore_of_a_missing_file_says_so(tmp_path):
    restore_fails(tmp_path / "govcases-none.json.gz", "不存在")


def test_restore_checks_the_checksum_beside_the_dump(good_dump, empty_database):
    checksum = good_dump.with_name(f"{good_dump.name}.sha256")
    checksum.write_text(f"{'0' * 64}  {good_dump.name}\n")
    restore_fails(good_dump, "校验")
    assert_nothing_written()


def test_restore_from_the_command_line_prints_one_line_and_exits_2(tmp_path):
    dump = tmp_path / "govcases-x.json.gz"
    dump.write_bytes(b"not a dump")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(dump)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert str(dump) in line and "gzip" in line


def test_a_cases_history_comes_back_without_the_curator_who_made_it(client, tmp_path):
    """Revision history is curated work: a backup keeps it, and without accounts a
    revision's author is left empty so that it restores."""
    import reversion
    from reversion.models import Revision, Version

    user = signed_in_curator(client)
    case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
    with reversion.create_revision():
        case.title = "修订后的标题"
        case.save()
        reversion.set_user(user)
        reversion.set_comment("改标题")
    dump = write_backup(tmp_path)
    empty_the_database()
    call_command("restore", str(dump), stdout=StringIO())
    revision = Revision.objects.get(comment="改标题")
    assert revision.user is None
    restored = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
    version = Version.objects.get_for_object(restored).get(revision=revision)
    assert version.field_dict["title"] == "修订后的标题"


def test_a_dump_holds_each_model_after_those_its_rows_point_at():
    """A restore that checks foreign keys row by row (PostgreSQL, after SET
    CONSTRAINTS ALL IMMEDIATE) meets no row before its target, whatever order the
    models were defined in."""
    order = backups.dumped_models(include_users=True)
    for position, model in enumerate(order):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.many_to_one and target is not model and target in order:
                assert order.index(target) < position, (model, target)
