"""Backups that are safe to keep, and a restore that fails cleanly.

A backup is a compressed JSON dump of the content (and, on SQLite, a copy of the
database file made with VACUUM INTO), each written private (0600) under a temporary
name, renamed into place whole, with a SHA-256 checksum beside it.

What a backup keeps: every content row with its primary key (regions' materialised
paths are made of them). What it never keeps: sessions (each would sign someone in
to the live server), django-axes' login-attempt log, and cache tables. User accounts
(users, groups and their permission links) only with ``include_users``; without
them, a reference to an account from any other row (a revision's author) is
written empty so the row restores without it, and a row that cannot exist without
its account (the admin's own log of recent actions) is left out with the accounts.

A dump restores into an empty, migrated database, in one transaction; the search
index is rebuilt afterwards.
"""

import gzip
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime
from io import StringIO
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from cases import search
from cases.caching import bump_content_version
from cases.models import Case

# Never in a backup: live sign-ins and the login-attempt log.
PRIVATE_APPS = {"sessions", "axes"}
# Not in the dump (the file copy keeps them): the search index, which a restore
# rebuilds, and what migrate creates: content types, permissions and the one row of
# the content version, which a restore replaces.
REBUILT_APPS = {"search"}
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "cases.sitestate"}
CHUNK = 2000
LOADDATA_PREFIX = re.compile(r"^Problem installing fixtures?(?: '[^']*')?: ")


def account_models() -> tuple[type[models.Model], ...]:
    return (get_user_model(), Group)


def account_references(model) -> list[models.Field]:
    """The fields of ``model`` that point at a user account or group."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and field.is_relation
        and field.related_model in account_models()
    ]


def needs_an_account(model) -> bool:
    """A row that cannot exist without an account: a non-nullable reference."""
    return any(
        not field.null and not field.many_to_many for field in account_references(model)
    )


def without_accounts(model, row: dict) -> dict:
    """A serialized row of ``model`` with its references to accounts made empty."""
    for field in account_references(model):
        row["fields"][field.name] = [] if field.many_to_many else None
    return row


def dumped_models(include_users: bool) -> list[type[models.Model]]:
    """The models a dump holds, each after those its natural keys refer to."""
    by_app = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in PRIVATE_APPS | REBUILT_APPS:
            continue
        if meta.label_lower in CREATED_BY_MIGRATE:
            continue
        if not include_users and (model in account_models() or needs_an_account(model)):
            continue
        by_app.setdefault(meta.app_config, []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)
    return _after_what_they_point_at(ordered)


def _after_what_they_point_at(ordered: list) -> list:
    """``ordered`` with each model after the models its foreign keys point at (a
    figure after its case), keeping the given order otherwise: a restore whose
    foreign keys are checked row by row then never meets a row before its target,
    whatever order the models were defined in."""
    remaining = list(ordered)
    placed: list = []
    while remaining:
        for model in remaining:
            targets = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.many_to_one and field.related_model is not model
            }
            if not targets & set(remaining):
                break
        else:
            model = remaining[0]  # a cycle: leave the rest as they were
        remaining.remove(model)
        placed.append(model)
    return placed


def backup(
    directory: Path, include_users: bool = False, file_copy: bool = True
) -> list[Path]:
    """Write the dump (and on SQLite the file copy); returns the files written."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    written = [
        _write_private(
            directory / f"govcases-{stamp}.json.gz",
            lambda path: _dump(path, include_users),
        )
    ]
    if file_copy and connection.vendor == "sqlite":
        written.append(
            _write_private(
                directory / f"govcases-{stamp}.sqlite3",
                lambda path: _copy_database(path, include_users),
            )
        )
    return written


def _write_private(final: Path, write: Callable[[Path], None]) -> Path:
    """Let ``write`` fill a new 0600 file beside ``final``, then rename it into place
    and write its checksum beside it: a reader never sees a half-written backup."""
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.")
    os.close(descriptor)
    partial = Path(name)
    try:
        write(partial)
        digest = _sha256(partial)
        _sync(partial)
        os.replace(partial, final)
        checksum = final.with_name(f"{final.name}.sha256")
        descriptor, name = tempfile.mkstemp(
            dir=final.parent, prefix=f".{checksum.name}."
        )
        partial = Path(name)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(f"{digest}  {final.name}\n")  # the sha256sum format
        os.replace(partial, checksum)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _dump(path: Path, include_users: bool) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("[")
        separator = "\n"
        for model in dumped_models(include_users):
            for row in _rows(model, include_users):
                out.write(separator)
                json.dump(row, out, cls=DjangoJSONEncoder, ensure_ascii=False)
                separator = ",\n"
        out.write("\n]\n")


def _rows(model, include_users: bool) -> Iterator[dict]:
    # The base manager: a default manager may hide or defer rows and columns.
    queryset = model._base_manager.order_by(model._meta.pk.name)
    many = [field.name for field in model._meta.many_to_many]
    objects = queryset.prefetch_related(*many).iterator(chunk_size=CHUNK)
    while chunk := list(islice(objects, CHUNK)):
        for row in serializers.serialize(
            "python", chunk, use_natural_foreign_keys=True
        ):
            yield row if include_users else without_accounts(model, row)


def _copy_database(path: Path, include_users: bool) -> None:
    """A consistent copy of the SQLite file, then rid of what a backup never keeps,
    and vacuumed so that the deleted rows leave no trace in the file."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    with closing(sqlite3.connect(path)) as copy:
        tables = {
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
        }
        for table, statement in _private_rows_sql(include_users):
            if table in tables:
                copy.execute(statement)
        copy.commit()
        copy.execute("VACUUM")


def _private_rows_sql(include_users: bool) -> Iterator[tuple[str, str]]:
    """(table, statement) pairs that take out of the copy what the dump leaves out;
    many-to-many links to accounts go with their tables, which need an account."""
    quote = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.app_label in PRIVATE_APPS:
            yield table, f"DELETE FROM {quote(table)}"
        elif include_users:
            continue
        elif model in account_models() or needs_an_account(model):
            yield table, f"DELETE FROM {quote(table)}"
        else:
            for field in account_references(model):
                if not field.many_to_many:
                    column = quote(field.column)
                    yield table, f"UPDATE {quote(table)} SET {column} = NULL"
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            yield cache["LOCATION"], f"DELETE FROM {quote(cache['LOCATION'])}"


class RestoreError(Exception):
    """Why a dump was not restored, in one line; nothing was written."""


def restore(dump: Path) -> int:
    """Load ``dump`` into an empty database; returns the number of cases restored."""
    labels = _read_dump(dump)
    try:
        _refuse_a_database_with_content(labels)
        with transaction.atomic():
            call_command("loaddata", str(dump.resolve()), stdout=StringIO())
            search.rebuild()
    except RestoreError:
        raise
    except Exception as error:  # whatever it was, the transaction rolled it back
        raise RestoreError(_one_line(error)) from error
    bump_content_version()  # counts cached before the restore are stale
    return Case.objects.count()


def _read_dump(dump: Path) -> set[str]:
    """Check that ``dump`` is whole and is a dump of models this code knows; returns
    the labels of the models it holds."""
    if not dump.is_file():
        raise RestoreError("文件不存在")
    checksum = dump.with_name(f"{dump.name}.sha256")
    try:
        data = dump.read_bytes()
        expected = checksum.read_text(errors="replace") if checksum.exists() else None
    except OSError as error:
        raise RestoreError(f"无法读取：{error.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if expected is not None and expected.split()[:1] != [digest]:
        raise RestoreError(f"校验和与 {checksum.name} 不符：文件已损坏或被改动")
    try:
        text = gzip.decompress(data).decode("utf-8")
    except EOFError:
        raise RestoreError("文件不完整：gzip 数据在中途截断") from None
    except (gzip.BadGzipFile, zlib.error):
        raise RestoreError("不是 gzip 压缩文件") from None
    except UnicodeDecodeError:
        raise RestoreError("内容不是 UTF-8 文本") from None
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as error:
        raise RestoreError(
            f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列：{error.msg}）"
        ) from None
    if not (
        isinstance(rows, list)
        and rows
        and all(
            isinstance(row, dict) and isinstance(row.get("model"), str) for row in rows
        )
    ):
        raise RestoreError(
            "不是 backup 写出的转储：应为非空的对象列表，每个对象有 model"
        )
    labels = {row["model"].lower() for row in rows}
    for label in sorted(labels):
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            raise RestoreError(
                f"未知的数据模型 {label}：转储与此版本的程序不符"
            ) from None
    return labels


def _refuse_a_database_with_content(labels: set[str]) -> None:
    for label in sorted(labels - CREATED_BY_MIGRATE):
        model = apps.get_model(label)
        if count := model._base_manager.count():
            raise RestoreError(
                f"目标数据库不是空的（已有{model._meta.verbose_name} {count} 条）："
                "请在新建并迁移过的空数据库上恢复"
            )


def _one_line(error: Exception) -> str:
    # loaddata prefixes the fixture's path, which the caller already names.
    text = LOADDATA_PREFIX.sub("", " ".join(str(error).split()))
    return text or type(error).__name__
