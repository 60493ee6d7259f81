"""One search interface for the whole site; a backend per database.

``search(queryset, query)`` returns the queryset narrowed to the matches and ordered
by relevance, so it composes with filters, pagination and ``for_listing()``.
``matching`` narrows without ordering, and ``ranked_ids`` gives the first ids of the
matches in the same order without sorting them all: results pages use these two, so
a word that matches most cases costs no more than a rare one. ``interpret`` says how
a query was understood, for the page to tell the reader.

A query is searched as written first (a term in traditional characters matches in
simplified ones too, query.py). Only when that finds nothing is it read otherwise,
so that no reader loses a result the words as written would have found: Latin words
that spell a name's pinyin as that name (aliases.py), else a long sentence as its
words that occur.

The product registers what to index (``register``, with a ``Source`` of
``Document``s) and calls ``index(ids)`` whenever a case's text changes; this package
imports nothing of it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from cases.search import tokenizer
from cases.search.aliases import AliasMatch, pinyin_alias, reading
from cases.search.documents import Alias, Document, Source, register, source
from cases.search.query import QUOTED_RE, Term, parse_query

SENTENCE_CHARS = 6  # a single term longer than this may be a sentence to split

BACKENDS = {
    "sqlite": "cases.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "cases.search.backends.postgres.PostgresSearchBackend",
}

__all__ = [
    "Alias",
    "AliasMatch",
    "Document",
    "Interpretation",
    "Source",
    "Term",
    "get_backend",
    "highlight_terms",
    "index",
    "index_missing",
    "interpret",
    "matching",
    "parse_query",
    "pinyin_alias",
    "ranked_ids",
    "rebuild",
    "register",
    "search",
    "split_query",
]


def get_backend():
    path = settings.CASES_SEARCH_BACKEND or BACKENDS[connection.vendor]
    return import_string(path)()


@dataclass(frozen=True)
class Interpretation:
    """How a query was understood, for the page to say so."""

    terms: tuple[str, ...]  # the words searched for, as written (normalised)
    dropped: tuple[str, ...]  # words of a sentence that no case in the queryset holds
    unsearchable: bool  # text, but no character the index holds (emoji, punctuation)
    aliases: tuple[AliasMatch, ...] = ()  # words read as the names they spell

    @property
    def relaxed(self) -> bool:
        return bool(self.dropped)


def search(queryset, query: str):
    """The matches of ``query`` in ``queryset``, best first; all of it for an empty
    query, none for a query with nothing searchable."""
    if not (query or "").strip():
        return queryset
    terms = effective_terms(queryset, query)
    return get_backend().order(queryset, terms) if terms else queryset.none()


def matching(queryset, query: str):
    """The matches of ``query`` in ``queryset``, in no particular order."""
    if not (query or "").strip():
        return queryset
    terms = effective_terms(queryset, query)
    return get_backend().matching(queryset, terms) if terms else queryset.none()


def ranked_ids(queryset, query: str, limit: int) -> list[int]:
    """The first ``limit`` ids of ``search(queryset, query)`` without sorting every
    match: what a results page needs when a common word matches most cases. The
    query is read otherwise (see ``effective_terms``) only once it found nothing."""
    if not (query or "").strip():
        newest = queryset.order_by("-published_at", "-pk")
        return list(newest.values_list("pk", flat=True)[:limit])
    terms = parse_query(query)
    if not terms:
        return []
    backend = get_backend()
    found = backend.ranked_ids(queryset, terms, limit)
    if found:
        return found
    spelled = reading(query)
    if spelled:
        return backend.ranked_ids(queryset, spelled.terms, limit)
    if not _may_relax(query, terms):
        return found
    words = _occurring_words(backend, queryset, query)
    return backend.ranked_ids(queryset, words, limit) if words else []


def interpret(queryset, query: str) -> Interpretation:
    """The words searched for in ``queryset``, those of a sentence left out because
    no case of it holds them, those read as the names they spell, and whether the
    query had anything to search."""
    terms = parse_query(query)
    if not terms:
        return Interpretation((), (), unsearchable=bool((query or "").strip()))
    searched, spelled = _understood(queryset, query, terms)
    if searched == terms or spelled:
        # Words read as names are searched as the query, which reads them again.
        return Interpretation(tuple(term.text for term in terms), (), False, spelled)
    kept = {term.text for term in searched}
    words = [term.text for term in parse_query(" ".join(split_query(query)))]
    dropped = tuple(word for word in dict.fromkeys(words) if word not in kept)
    return Interpretation(tuple(term.text for term in searched), dropped, False)


def effective_terms(queryset, query: str) -> list[Term]:
    """The terms to search for: the query's as written while they find a case of
    ``queryset``. Else Latin words that spell a name's pinyin (wangge, "Jia Yu
    Guan") stand for it, or a long sentence-like query (如何用党建引领破解物业管理难题)
    becomes jieba's words of it that occur in the queryset (如何 and other filler drop
    out). Quoted text is never read otherwise."""
    return _understood(queryset, query, parse_query(query))[0]


def _understood(
    queryset, query: str, terms: list[Term]
) -> tuple[list[Term], tuple[AliasMatch, ...]]:
    """The terms to search for, and the words read as names they spell. Whether the
    query as written finds a case is asked only of a query that could be read
    otherwise."""
    spelled = reading(query)
    relax = _may_relax(query, terms)
    if not (spelled or relax):
        return terms, ()
    backend = get_backend()
    if _occurs(backend, queryset, terms):
        return terms, ()
    if spelled:
        return spelled.terms, spelled.matches
    return _occurring_words(backend, queryset, query) or terms, ()


def _may_relax(query: str, terms: list[Term]) -> bool:
    """Whether a query that finds nothing as written may be searched for its words:
    a sentence, unless quoted whole (the exact search a relaxed one links to)."""
    quoted = QUOTED_RE.fullmatch(tokenizer.normalise(query or "").strip())
    sentence = len(terms) == 1 and len(terms[0].text) > SENTENCE_CHARS
    return sentence and not quoted


def _occurs(backend, queryset, terms: list[Term]) -> bool:
    """Whether a case of ``queryset`` itself holds the terms: the answer decides
    what the reader is told, so it must come from no other case."""
    return backend.matching(queryset, terms).exists()


def _occurring_words(backend, queryset, query: str) -> list[Term]:
    """jieba's words of ``query`` that some case of ``queryset`` holds; asked of
    them together first, which on SQLite reads far less than each common word."""
    words = parse_query(" ".join(split_query(query)))
    if words and _occurs(backend, queryset, words):
        return words
    return [word for word in words if _occurs(backend, queryset, [word])]


def highlight_terms(query: str, understood: Interpretation | None = None) -> list[str]:
    """The words to mark in results as a case writes them: the terms (in simplified
    characters too), jieba's words of a sentence, and the names that words of the
    query were read as (``understood``, from ``interpret``)."""
    terms = parse_query(query)
    words = [form.text for term in terms for form in term.forms]
    if understood and understood.aliases:
        # Words read as names were not found as written.
        spelled = {
            word for match in understood.aliases for word in match.written.split()
        }
        words = [word for word in words if word not in spelled]
        words += [name for match in understood.aliases for name in match.names]
    words += [part for word in words for part in word.split("+") if part]
    if _may_relax(query, terms):
        words += split_query(query)
    return sorted(set(words), key=len, reverse=True)


def split_query(query: str) -> list[str]:
    """jieba's words, with the names the product keeps whole (practice, region and
    theme names) kept whole."""
    load_user_dictionary()
    return tokenizer.split_words(tokenizer.normalise(query))


@cache
def load_user_dictionary() -> None:
    """The product's names, added to jieba once per process, on its first split."""
    tokenizer.add_words(name for name in source().dictionary() if len(name) > 1)


def index(ids: Iterable[int]) -> None:
    """Write these cases' index entries as their documents say now."""
    ids = list(ids)
    if ids:
        get_backend().index(ids)


def rebuild(batch_size: int = 500, progress: Callable[[int, int], None] | None = None):
    """Index every case anew; returns how many."""
    return get_backend().rebuild(batch_size, progress)


def index_missing(batch_size: int = 500) -> int:
    """Index the cases that have no index entry yet; returns how many."""
    return get_backend().index_missing(batch_size)
