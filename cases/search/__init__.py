"""One search interface for the whole site; a backend per database.

``search(queryset, query)`` returns the queryset narrowed to the matches and ordered
by relevance, so it composes with filters, pagination and ``for_listing()``.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from cases.search.query import Term, parse_query

BACKENDS = {
    "sqlite": "cases.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "cases.search.backends.postgres.PostgresSearchBackend",
}

__all__ = ["Term", "get_backend", "index", "parse_query", "rebuild", "search"]


def get_backend():
    path = settings.CASES_SEARCH_BACKEND or BACKENDS[connection.vendor]
    return import_string(path)()


def search(queryset, query: str):
    """The matches of ``query`` in ``queryset``, best first; all of it if no terms."""
    terms = parse_query(query)
    if not terms:
        return queryset
    return get_backend().search(queryset, terms)


def index(initiative_ids: Iterable[int]) -> None:
    get_backend().index(initiative_ids)


def rebuild(batch_size: int = 500, progress: Callable[[int, int], None] | None = None):
    return get_backend().rebuild(batch_size, progress)
