"""One search interface for the whole site; a backend per database.

``search(queryset, query)`` returns the queryset narrowed to the matches and ordered
by relevance, so it composes with filters, pagination and ``for_listing()``.
``matching`` narrows without ordering, and ``ranked_ids`` gives the first ids of the
matches in the same order without sorting them all: results pages use these two, so
a word that matches most cases costs no more than a rare one.

``interpret`` tells what a query was searched as, for results pages to say so: the
words searched for, the words of a long query left out because no case holds them,
and whether it had anything to search for at all. A query with text but nothing
indexable (emoji, punctuation) finds nothing rather than everything, and a query
quoted whole ("…") is searched exactly as written, never loosened.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string

from cases.search import tokenizer
from cases.search.query import QUOTED_RE, Term, parse_query

SENTENCE_CHARS = 6  # a single term longer than this may be a sentence to split

BACKENDS = {
    "sqlite": "cases.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "cases.search.backends.postgres.PostgresSearchBackend",
}

__all__ = [
    "Interpretation",
    "Term",
    "effective_terms",
    "get_backend",
    "highlight_terms",
    "index",
    "interpret",
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


@dataclass(frozen=True)
class Interpretation:
    """What ``search`` made of a query, decided on the queryset it searched."""

    # The words searched for, as the user wrote them (normalised).
    terms: tuple[str, ...]
    # Words of the query left out because no case in the queryset holds them.
    dropped: tuple[str, ...]
    # The query has text but no indexable character (emoji, punctuation only).
    unsearchable: bool

    @property
    def relaxed(self) -> bool:
        return bool(self.dropped)


def interpret(queryset, query: str) -> Interpretation:
    """How ``search(queryset, query)`` reads ``query``: a long query that matches
    nothing as written is searched for the words of it that occur in ``queryset``
    (``effective_terms``); the others are ``dropped``."""
    terms = parse_query(query)
    if not terms:
        return Interpretation((), (), unsearchable=_has_text(query))
    written = Interpretation(tuple(term.text for term in terms), (), False)
    if not _loosens(query, terms):
        return written
    backend = get_backend()
    if _occurs(backend, queryset, terms):
        return written
    words = parse_query(" ".join(split_query(query)))
    kept = _occurring_words(backend, queryset, query)
    if not kept:
        return written
    dropped = tuple(word.text for word in words if word not in kept)
    return Interpretation(tuple(word.text for word in kept), dropped, False)


def search(queryset, query: str):
    """The matches of ``query`` in ``queryset``, best first; all of it if no query,
    none if the query has nothing to search for."""
    terms = effective_terms(queryset, query)
    if terms:
        return get_backend().order(queryset, terms)
    return queryset.none() if _has_text(query) else queryset


def matching(queryset, query: str):
    """The matches of ``query`` in ``queryset``, in no particular order."""
    terms = effective_terms(queryset, query)
    if terms:
        return get_backend().matching(queryset, terms)
    return queryset.none() if _has_text(query) else queryset


def ranked_ids(queryset, query: str, limit: int) -> list[int]:
    """The first ``limit`` ids of ``search(queryset, query)`` without sorting every
    match: what a results page needs when a common word matches most cases. A
    sentence is split (see ``effective_terms``) only once it found nothing."""
    terms = parse_query(query)
    if not terms:
        if _has_text(query):
            return []
        newest = queryset.order_by("-published_at", "-pk")
        return list(newest.values_list("pk", flat=True)[:limit])
    backend = get_backend()
    found = backend.ranked_ids(queryset, terms, limit)
    if found or not _loosens(query, terms):
        return found
    words = _occurring_words(backend, queryset, query)
    return backend.ranked_ids(queryset, words, limit) if words else []


def effective_terms(queryset, query: str) -> list[Term]:
    """The terms to search for. A long sentence-like query that matches nothing as
    written (如何用党建引领破解物业管理难题) becomes jieba's words of it that occur
    at all (如何 and other filler drop out)."""
    terms = parse_query(query)
    if not _loosens(query, terms):
        return terms
    backend = get_backend()
    if _occurs(backend, queryset, terms):
        return terms
    return _occurring_words(backend, queryset, query) or terms


def _occurs(backend, queryset, terms: list[Term]) -> bool:
    """Whether a case of ``queryset`` holds ``terms``. Not the engine's count, which
    may read its index alone, unpublished cases and all: what a public search keeps
    or drops must not depend on a draft's words."""
    return backend.matching(queryset, terms).exists()


def _occurring_words(backend, queryset, query: str) -> list[Term]:
    """jieba's words of ``query`` that some case of ``queryset`` holds; asked of
    them together first, which on SQLite reads far less than each common word."""
    words = parse_query(" ".join(split_query(query)))
    if words and _occurs(backend, queryset, words):
        return words
    return [word for word in words if _occurs(backend, queryset, [word])]


def highlight_terms(query: str) -> list[str]:
    """The words to mark in results: the terms, and jieba's words of a sentence."""
    terms = parse_query(query)
    words = [term.text for term in terms]
    words += [part for term in terms for part in term.text.split("+") if part]
    if _loosens(query, terms):
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


def _loosens(query: str, terms: list[Term]) -> bool:
    """Whether a query that finds nothing as written may be searched for its words:
    a sentence, unless quoted whole (the exact search a relaxed one links to)."""
    quoted = QUOTED_RE.fullmatch(tokenizer.normalise(query or "").strip())
    return _is_sentence(terms) and not quoted


def _has_text(query: str) -> bool:
    return bool((query or "").strip())


def reading_the_index():
    """A context for queries built on ``matching`` and evaluated later (the admin's
    list), in which the engine reads matches from its index as ``ranked_ids`` does."""
    return get_backend().reading_the_index()


def index(case_ids: Iterable[int]) -> None:
    get_backend().index(case_ids)


def rebuild(batch_size: int = 500, progress: Callable[[int, int], None] | None = None):
    return get_backend().rebuild(batch_size, progress)
