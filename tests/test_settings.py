import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from govcases.env import cache_from_url, database_from_url, env_bool, env_list

BASE = Path("/srv/govcases")
PROJECT = Path(__file__).resolve().parent.parent


def test_sqlite_url_is_relative_to_the_project():
    db = database_from_url("sqlite:///db.sqlite3", BASE)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/srv/govcases/db.sqlite3"


def test_sqlite_url_with_four_slashes_is_absolute():
    assert database_from_url("sqlite:////tmp/x.db", BASE)["NAME"] == "/tmp/x.db"


def test_postgres_url_gives_every_connection_part():
    db = database_from_url(
        "postgres://gov:p%40ss@127.0.0.1:5432/cases?sslmode=disable", BASE
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "cases",
        "gov",
        "p@ss",
        "127.0.0.1",
        "5432",
    )
    assert db["OPTIONS"] == {
        "sslmode": "disable",
        "options": "-c random_page_cost=1.1",
    }
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True


def test_postgres_url_options_replace_the_default_planner_settings():
    db = database_from_url("postgres://h/cases?options=-c%20work_mem%3D64MB", BASE)
    assert db["OPTIONS"] == {"options": "-c work_mem=64MB"}


@pytest.mark.parametrize(
    "url", ["mysql://x/y", "postgres://host/", "sqlite://", "nonsense"]
)
def test_unusable_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, BASE)


def test_cache_url_picks_local_memory_or_redis():
    assert cache_from_url("locmem://", "pages")["LOCATION"] == "pages"
    redis = cache_from_url("redis://127.0.0.1:6379/1", "default")
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://x", "default")


def test_env_bool_reads_common_words(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", default=True) is True


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {"DEBUG": "false", "ALLOWED_HOSTS": "example.org", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import govcases.settings"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_site_speaks_chinese_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def settings_under(**env) -> subprocess.CompletedProcess:
    """Import the settings module in a fresh interpreter with a production
    environment plus ``env``; its stdout is the settings named in SHOWN, as JSON."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "govcases.example.org",
        "DATABASE_URL": "sqlite:////tmp/govcases-settings-test.sqlite3",
        **env,
    }
    code = (
        "import json; from govcases import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {SHOWN!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )


SHOWN = ["SECURE_PROXY_SSL_HEADER", "PROXY_COUNT", "SECURITY_CONTACT"]


def shown(**env) -> dict:
    result = settings_under(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("count", [None, "0"])
def test_without_a_proxy_x_forwarded_proto_is_not_trusted(count):
    env = {} if count is None else {"PROXY_COUNT": count}
    assert shown(**env)["SECURE_PROXY_SSL_HEADER"] is None


def test_behind_a_proxy_its_x_forwarded_proto_is_trusted():
    assert shown(PROXY_COUNT="1")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


@pytest.mark.parametrize("count", ["-1", "one", "1.5"])
def test_a_proxy_count_that_is_no_count_is_refused(count):
    result = settings_under(PROXY_COUNT=count)
    assert result.returncode != 0
    assert "PROXY_COUNT" in result.stderr


def test_no_placeholder_security_contact_is_published_by_default():
    assert shown()["SECURITY_CONTACT"] == ""


@pytest.mark.parametrize(
    "contact",
    [
        "mailto:security@gov.example.cn",
        "https://gov.example.cn/security",
        "tel:+86-10-12345678",
    ],
)
def test_a_security_contact_is_any_uri(contact):
    assert shown(SECURITY_CONTACT=contact)["SECURITY_CONTACT"] == contact


@pytest.mark.parametrize(
    "contact", ["security@gov.example.cn", "mailto:a@b.cn\nContact: mailto:x@y.z"]
)
def test_a_security_contact_that_is_no_uri_is_refused(contact):
    result = settings_under(SECURITY_CONTACT=contact)
    assert result.returncode != 0
    assert "SECURITY_CONTACT" in result.stderr
