"""SQLite under concurrent writes waits for the lock instead of failing."""

import copy
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

from cases.models import SiteState

WRITERS, WRITES_EACH, READERS = 4, 40, 2


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A database alias on a file of its own, configured as the settings configure
    the default one: the test database is in memory, where locking differs."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite's locking; PostgreSQL's is test_lost_updates'")
    alias = "sqlite_locking"
    database = copy.deepcopy(connections["default"].settings_dict)
    database["NAME"] = str(tmp_path / "locking.sqlite3")
    connections.settings[alias] = database
    with django_db_blocker.unblock():
        with connections[alias].schema_editor() as editor:
            editor.create_model(SiteState)
        SiteState.objects.using(alias).create(pk=1, content_version=0)
        yield alias
        connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_concurrent_writers_and_readers_get_no_error(sqlite_file):
    """Each writer reads the row, then writes it back incremented, in one
    transaction, as an admin save reads then writes a case: two such transactions
    begun as readers cannot both become writers, and one used to fail at once with
    "database is locked" instead of waiting."""
    errors, writers_done = [], threading.Event()
    # The writers begin each round together, so that their transactions overlap.
    round_start = threading.Barrier(WRITERS)

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # noqa: BLE001 - every failure is the finding
                errors.append(error)
                round_start.abort()
            finally:
                connections[sqlite_file].close()

        return threading.Thread(target=run)

    def write():
        for _ in range(WRITES_EACH):
            round_start.wait()
            with transaction.atomic(using=sqlite_file):
                state = SiteState.objects.using(sqlite_file).get(pk=1)
                state.content_version += 1
                state.save(using=sqlite_file)

    def read():
        while not writers_done.is_set():
            SiteState.objects.using(sqlite_file).get(pk=1)

    writers = [in_thread(write) for _ in range(WRITERS)]
    readers = [in_thread(read) for _ in range(READERS)]
    for thread in writers + readers:
        thread.start()
    for thread in writers:
        thread.join()
    writers_done.set()
    for thread in readers:
        thread.join()

    assert errors == []
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)  # readers do not wait for writers
    state = SiteState.objects.using(sqlite_file).get(pk=1)
    assert state.content_version == WRITERS * WRITES_EACH  # no write lost either
