import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real curated content, loaded once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_cases", verbosity=0, stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
