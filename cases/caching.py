"""One cache, Django's: whole public pages (Django's cache middleware, the "pages"
cache) and expensive counts (the default cache) are kept until content changes.

Every key holds the content version (``versioned_key``, the caches' KEY_FUNCTION):
a token that every write to content replaces (cases.signals, SiteState), kept in the
database, so that all processes and servers sharing a cache (CACHE_URL, Redis) agree
on it and an edit shows on the next request everywhere. A public read pins the
version it started with, so a page and every count in it belong to one version.
"""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from cases.models import SiteState

_pinned: ContextVar[int | None] = ContextVar("content_version", default=None)


def content_version() -> int:
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    state = SiteState.objects.filter(pk=1).values_list("content_version", flat=True)
    return state.first() or 0


@contextmanager
def version_pinned() -> Iterator[int]:
    """The content version, read once for a request that writes nothing."""
    token = _pinned.set(content_version())
    try:
        yield _pinned.get()
    finally:
        _pinned.reset(token)


def bump_content_version() -> None:
    SiteState.content_changed()


def versioned_key(key: str, key_prefix: str, version: int) -> str:
    """Django's default key with the content version in it."""
    return f"{key_prefix}:{version}:{content_version()}:{key}"


def cached(name: str, params, compute: Callable):
    """``compute()``, kept in the default cache for ``params`` until content
    changes."""
    digest = hashlib.sha1(repr(params).encode()).hexdigest()
    return cache.get_or_set(f"{name}:{digest}", compute)
