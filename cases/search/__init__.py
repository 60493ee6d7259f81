"""One search interface for the whole site; a backend per database.

``search(queryset, query)`` returns the queryset narrowed to the matches and ordered
by relevance, so it composes with filters, pagination and ``for_listing()``.
``matching`` narrows without ordering, and ``ranked_ids`` gives the first ids of the
matches in the same order without sorting them all: results pages use these two, so
a word that matches most cases costs no more than a rare one.
"""

from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string

from cases.search import tokenizer
from cases.search.query import Term, parse_query

SENTENCE_CHARS = 6  # a single term longer than this may be a sentence to split

BACKENDS = {
    "sqlite": "cases.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "cases.search.backends.postgres.PostgresSearchBackend",
}

__all__ = [
    "Term",
    "effective_terms",
    "get_backend",
    "highlight_terms",
    "index",
    "matching",
    "parse_query",
    "ranked_ids",
    "reading_the_index",
    "rebuild",
    "search",
]


def get_backend():
    path = settings.CASES_SEARCH_BACKEND or BACKENDS[connection.vendor]
    return import_string(path)()


def search(queryset, query: str):
    """The matches of ``query`` in ``queryset``, best first; all of it if no terms."""
    terms = effective_terms(queryset, query)
    return get_backend().order(queryset, terms) if terms else queryset


def matching(queryset, query: str):
    """The matches of ``query`` in ``queryset``, in no particular order."""
    terms = effective_terms(queryset, query)
    return get_backend().matching(queryset, terms) if terms else queryset


def ranked_ids(queryset, query: str, limit: int) -> list[int]:
    """The first ``limit`` ids of ``search(queryset, query)`` without sorting every
    match: what a results page needs when a common word matches most cases. A
    sentence is split (see ``effective_terms``) only once it found nothing."""
    terms = parse_query(query)
    if not terms:
        newest = queryset.order_by("-published_at", "-pk")
        return list(newest.values_list("pk", flat=True)[:limit])
    backend = get_backend()
    found = backend.ranked_ids(queryset, terms, limit)
    if found or not _is_sentence(terms):
        return found
    words = _occurring_words(backend, queryset, query)
    return backend.ranked_ids(queryset, words, limit) if words else []


def effective_terms(queryset, query: str) -> list[Term]:
    """The terms to search for. A long sentence-like query that matches nothing as
    written (如何用党建引领破解物业管理难题) becomes jieba's words of it that occur
    at all (如何 and other filler drop out)."""
    terms = parse_query(query)
    if not _is_sentence(terms):
        return terms
    backend = get_backend()
    if _occurs(backend, queryset, terms):
        return terms
    return _occurring_words(backend, queryset, query) or terms


def _occurs(backend, queryset, terms: list[Term]) -> bool:
    return backend.count_upto(backend.matching(queryset, terms), terms, 1) > 0


def _occurring_words(backend, queryset, query: str) -> list[Term]:
    words = parse_query(" ".join(split_query(query)))
    return [word for word in words if _occurs(backend, queryset, [word])]


def highlight_terms(query: str) -> list[str]:
    """The words to mark in results: the terms, and jieba's words of a sentence."""
    terms = parse_query(query)
    words = [term.text for term in terms]
    words += [part for term in terms for part in term.text.split("+") if part]
    if _is_sentence(terms):
        words += split_query(query)
    return sorted(set(words), key=len, reverse=True)


def split_query(query: str) -> list[str]:
    """jieba's words, with practice, region and theme names kept whole."""
    load_user_dictionary()
    return tokenizer.split_words(tokenizer.normalise(query))


def load_dictionaries() -> None:
    """What a server loads before its first request (govcases/wsgi.py): jieba's
    dictionary, then the domain's names, read from the database (78 ms at 100,000
    cases, which the first long query in each process paid). A database not yet
    migrated leaves the names to that first query."""
    tokenizer.load_dictionary()
    try:
        load_user_dictionary()
    except DatabaseError:
        pass


@cache
def load_user_dictionary() -> None:
    from cases.models import Practice, Region, Theme

    names = [
        *Practice.objects.values_list("name", flat=True),
        *Region.objects.values_list("name", flat=True),
        *Theme.objects.values_list("name", flat=True),
    ]
    tokenizer.add_words(name for name in names if len(name) > 1)


def _is_sentence(terms: list[Term]) -> bool:
    return len(terms) == 1 and len(terms[0].text) > SENTENCE_CHARS


def reading_the_index():
    """A context for queries built on ``matching`` and evaluated later (the admin's
    list), in which the engine reads matches from its index as ``ranked_ids`` does."""
    return get_backend().reading_the_index()


def index(case_ids: Iterable[int]) -> None:
    get_backend().index(case_ids)


def rebuild(batch_size: int = 500, progress: Callable[[int, int], None] | None = None):
    return get_backend().rebuild(batch_size, progress)
