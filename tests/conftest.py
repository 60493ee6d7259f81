import pytest
from django.core.management import call_command


def _load_content():
    call_command("load_cases", verbosity=0, stdout=open("/dev/null", "w"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real curated content, loaded once into the test database."""
    with django_db_blocker.unblock():
        _load_content()


@pytest.fixture
def content(transactional_db):
    """The curated content for a transactional test (each one ends with a flush)."""
    _load_content()


def pytest_collection_modifyitems(config, items):
    """Tests of another database's backend are deselected (CI runs the suite on
    each database). Transactional tests run last: the flush after each empties the
    database that the other tests share."""
    from django.db import connection

    def elsewhere(item):
        marker = item.get_closest_marker("backend")
        return marker is not None and marker.args[0] != connection.vendor

    deselected = [item for item in items if elsewhere(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not elsewhere(item)]

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items[:] = [i for i in items if not transactional(i)] + [
        i for i in items if transactional(i)
    ]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's rollback returns the content version to where it was, so cached
    counts and pages from another test's data must not survive into this one."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
