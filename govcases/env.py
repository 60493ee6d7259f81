"""Typed readers for the environment variables that configure GovCases."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# PostgreSQL's default (4) prices a random page read as for a spinning disk. Here the
# data is in memory or on SSD, and at 4 it hash-joined whole link tables to count the
# themes of a search's results instead of looking them up (docs/profiles.md). An
# ``options`` parameter in DATABASE_URL replaces this.
RANDOM_PAGE_COST = 1.1

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, base_dir: Path) -> dict:
    """DATABASE_URL read by dj-database-url: sqlite:///relative.db (relative to the
    project), sqlite:////abs/path.db or postgres://user:pw@host:port/name?libpq=options.
    Persistent, health-checked connections on PostgreSQL."""
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not usable: {error}") from error
    if config["ENGINE"] not in ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with sqlite:// or postgres://, not {url!r}"
        )
    name = config["NAME"]
    if not name or (name == ":memory:" and ":memory:" not in url):
        raise ImproperlyConfigured("DATABASE_URL needs a database name")
    if config["ENGINE"].endswith("sqlite3"):
        if config["NAME"] != ":memory:":
            config["NAME"] = str(base_dir / config["NAME"])  # an absolute path stays
        return {"ENGINE": config["ENGINE"], "NAME": config["NAME"]}
    options = config.setdefault("OPTIONS", {})
    options.setdefault("options", f"-c random_page_cost={RANDOM_PAGE_COST}")
    config.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True, PORT=str(config["PORT"]))
    return config


def cache_from_url(url: str, name: str) -> dict:
    """CACHE_URL: locmem:// (each process its own, the default) or
    redis://host:port/db (Django's RedisCache: every server shares one cache)."""
    scheme = urlsplit(url).scheme
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": name,
        }
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem:// or redis://, not {url!r}"
    )
