"""Typed readers for the environment variables that configure GovCases."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# PostgreSQL's default (4) prices a random page read as for a spinning disk. Here the
# data is in memory or on SSD, and at 4 it hash-joined whole link tables (230,000
# rows) to count the themes of 1,000 search results instead of looking the 1,000 up.
# An ``options`` parameter in DATABASE_URL replaces this.
RANDOM_PAGE_COST = 1.1

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


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
    """sqlite:///relative.db, sqlite:////abs/path.db or postgres://user:pw@host:port/name."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path in ("", "/"):
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file name")
        if path == "/:memory:":
            name = ":memory:"
        elif path.startswith("//"):
            name = path[1:]
        else:
            name = str(base_dir / path.lstrip("/"))
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(
                "DATABASE_URL for PostgreSQL needs a database name"
            )
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options.setdefault("options", f"-c random_page_cost={RANDOM_PAGE_COST}")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, not {parts.scheme!r}"
    )
