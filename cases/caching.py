"""Counts that are expensive at scale (roll-ups, facets, stats), cached until content
changes. Every write to content bumps SiteState.content_version (cases.signals), and
the version is part of every key, so no process ever serves a stale count."""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import connection
from django.db.models import F

TIMEOUT = 60 * 60


_pinned_version: ContextVar[int | None] = ContextVar("content_version", default=None)


def content_version() -> int:
    pinned = _pinned_version.get()
    if pinned is not None:
        return pinned
    from cases.models import SiteState

    return SiteState.objects.get_or_create(pk=1)[0].content_version


@contextmanager
def version_pinned() -> Iterator[int]:
    """The content version, read once for a request that writes nothing: the page
    and every cached count in it then belong to that one version."""
    token = _pinned_version.set(content_version())
    try:
        yield _pinned_version.get()
    finally:
        _pinned_version.reset(token)


def bump_content_version() -> None:
    from cases.models import SiteState

    if not SiteState.objects.filter(pk=1).update(
        content_version=F("content_version") + 1
    ):
        SiteState.objects.get_or_create(pk=1)


_in_process: dict[str, tuple[int, object]] = {}


def cached_in_process(name: str, compute: Callable):
    """Like ``cached`` for a large value every request reads (every region's path):
    kept in this process as it is, not unpickled from the cache on each read. Inside
    a transaction a value is read but not kept: a rollback would reuse its version
    (the PostgreSQL search reads the index statistics inside its transaction)."""
    version = content_version()
    held = _in_process.get(name)
    if held is not None and held[0] == version:
        return held[1]
    value = compute()
    if not connection.in_atomic_block:
        _in_process[name] = (version, value)
    return value


def cached(name: str, params, compute: Callable):
    digest = hashlib.sha1(repr(params).encode()).hexdigest()
    key = f"govcases:{content_version()}:{name}:{digest}"
    return cache.get_or_set(key, compute, TIMEOUT)
