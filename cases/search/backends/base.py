"""Indexing shared by every backend: each case's text, tokenized, in three columns.

``search_names`` (title and practice names) weighs most, then ``search_places``
(region chain, communities, themes), then ``search_body`` (summary, description,
figures). Database triggers turn these columns into the engine's index in the same
transaction (an FTS5 table on SQLite, a weighted tsvector on PostgreSQL).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from multiprocessing import get_context
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction

from cases.models import (
    Case,
    Metric,
    Practice,
    facet_key,
    linked,
    listed,
)
from cases.search.query import Term
from cases.search.tokenizer import index_text

SEARCH_FIELDS = ["search_names", "search_places", "search_body"]


Texts = dict[int, tuple[str, str, str]]


def documents(case_ids: list[int]) -> Texts:
    """Each case's three token columns (SEARCH_FIELDS order)."""
    return tokenized(texts(case_ids))


def texts(case_ids: list[int]) -> Texts:
    """Each case's names, places and body as plain text."""
    return contents(case_ids)[0]


def contents(case_ids: list[int]) -> tuple[Texts, dict[int, str]]:
    """Each case's names, places and body as plain text, and its facet keys, read
    with one query per relation as plain rows: model instances cost more than
    tokenizing."""
    names: dict[int, list[str]] = {}
    places: dict[int, list[str]] = {}
    body: dict[int, list[str]] = {}
    cases = Case.objects.filter(pk__in=listed(case_ids)).values_list(
        "pk", "title", "region__chain", "summary", "description"
    )
    practices = _linked(Case.practices, case_ids, "practice")
    communities = _linked(Case.communities, case_ids, "community")
    themes = _linked(Case.themes, case_ids, "theme")
    for pk, title, chain, summary, description in cases:
        names[pk] = [title, *(name for _, name in practices[pk])]
        places[pk] = [
            chain,
            *(name for _, name in communities[pk]),
            *(name for _, name in themes[pk]),
        ]
        body[pk] = [summary, description]
    kinds = defaultdict(set)
    figures = Metric.objects.filter(case__in=listed(case_ids)).values_list(
        "case", "kind", "subject", "period", "quote"
    )
    for pk, kind, subject, period, quote in figures:
        body[pk].append(f"{subject} {period} {quote}")
        kinds[pk].add(kind)
    found_texts = {
        pk: ("\n".join(names[pk]), "\n".join(places[pk]), "\n".join(body[pk]))
        for pk in names
    }
    facets = {
        pk: facet_key(
            (theme for theme, _ in themes[pk]),
            (practice for practice, _ in practices[pk]),
            kinds[pk],
        )
        for pk in names
    }
    return found_texts, facets


def _linked(relation, ids: list[int], target: str) -> defaultdict:
    """Each case's (id, name) through one of its many-to-many ``relation``s, by
    name."""
    name = f"{target}__name"
    return linked(relation, ids, target, name, ordering=(name,))


def tokenized(
    texts_by_case: dict[int, tuple[str, str, str]],
) -> dict[int, tuple[str, str, str]]:
    return {
        pk: tuple(index_text(text) for text in case_texts)
        for pk, case_texts in texts_by_case.items()
    }


def sql_of(queryset) -> tuple[str, tuple] | None:
    """A queryset's SQL to wrap in more, or None when Django already knows it selects
    nothing (a filter on an empty list)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


@dataclass
class Positions:
    """What ordering a search needs to know."""

    best: list[int]  # the positioned matches, at most TOP
    counted: int  # candidates_upto(RANK_LIMIT + 1): none means no match
    newest_first: list[int] | None  # every match, when they were few enough to rank


@dataclass
class Ranking:
    """Every match of a search, two ways."""

    by_relevance: list[int]
    newest_first: list[int]

    @classmethod
    def of(cls, rows: list[tuple[int, int]]) -> "Ranking":
        """From (id, position by date) rows in relevance order."""
        return cls(
            [pk for pk, _ in rows], [pk for pk, _ in sorted(rows, key=lambda r: r[1])]
        )


class WrittenCount:
    """Cases a rebuild has written so far, reported to ``progress`` as they add up
    (from any writer thread)."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None):
        self.total, self.progress, self.done = total, progress, 0
        self._lock = Lock()

    def add(self, written: int) -> None:
        with self._lock:
            self.done += written
            if self.progress:
                self.progress(self.done, self.total)


class BaseSearchBackend:
    """Matching and ranking per engine; the ordering rules are shared.

    Results come best first: cases with a practice named exactly like the query,
    then cases writing a ``+`` term literally (网格+ and X+网格), then by relevance.
    Ranking every match of a very common word is what makes engines slow at scale
    (shared/search-lab.md), so relevance is computed only when at most RANK_LIMIT
    cases match; past that, the boosted cases come first and the rest newest first.
    Only the first TOP cases get an explicit position; the rest follow by date.
    """

    RANK_LIMIT = 1000
    TOP = 200
    WRITERS = 1  # connections writing a rebuild's batches at once

    def matching(self, queryset, terms: list[Term]):
        """``queryset`` narrowed to the cases that contain every term."""
        raise NotImplementedError

    def literal_matching(self, queryset, terms: list[Term]):
        """``queryset`` narrowed to cases that contain every term and write a ``+``
        term literally, in one look-up of the index."""
        raise NotImplementedError

    def reading_the_index(self):
        """A context in which queries built on ``matching`` read the index."""
        return nullcontext()

    def ranking(self, queryset, terms: list[Term], limit: int) -> Ranking:
        """The matches in ``queryset``, at most ``limit``, most relevant first and
        newest first, from one query."""
        raise NotImplementedError

    def order(self, queryset, terms: list[Term]):
        """The matches in ``queryset`` best first: the positioned cases, then newest
        first."""
        matches = self.matching(queryset, terms)
        best = self.best_ids(queryset, terms)
        if not best:
            return matches.order_by("-published_at", "-pk")
        position = models.Case(
            models.When(
                pk__in=best,
                then=models.Case(
                    *[
                        models.When(pk=pk, then=models.Value(i))
                        for i, pk in enumerate(best)
                    ]
                ),
            ),
            default=models.Value(len(best)),
            output_field=models.IntegerField(),
        )
        return matches.annotate(search_position=position).order_by(
            "search_position", "-published_at", "-pk"
        )

    def ranked_ids(self, queryset, terms: list[Term], limit: int) -> list[int]:
        """The first ``limit`` ids of the matches in ``queryset`` in ``order``'s
        order: the positioned cases, then the newest of the rest, read from the date
        index instead of sorting every match by its position."""
        positions = self._positioned(queryset, terms)
        if not positions.counted:
            return []
        best = positions.best[:limit]
        if positions.newest_first is None:
            return best + self.newest_matching(
                queryset, terms, limit - len(best), exclude=best
            )
        # Every match is known, and in date order too.
        positioned = set(best)
        rest = [pk for pk in positions.newest_first if pk not in positioned]
        return best + rest[: limit - len(best)]

    def newest_matching(
        self, queryset, terms: list[Term], limit: int, exclude=(), literal=False
    ) -> list[int]:
        """The newest ``limit`` matches in ``queryset`` but ``exclude``; with
        ``literal``, only those writing a ``+`` term literally."""
        if literal:
            matches = self.literal_matching(queryset, terms)
        else:
            matches = self.matching(queryset, terms)
        newest = matches.exclude(pk__in=exclude).order_by("-published_at", "-pk")
        return list(newest.values_list("pk", flat=True)[:limit])

    def best_ids(self, queryset, terms: list[Term]) -> list[int]:
        """The positioned matches in ``queryset``: at most TOP."""
        return self._positioned(queryset, terms).best

    def _positioned(self, queryset, terms: list[Term]) -> Positions:
        """Where the best matches go; with no candidates, nothing else is asked.
        Whether a few or many cases match, the same queries are asked: a count, the
        practices named like the query, then either the ranking of every match or
        the newest matches (ranked_ids); one more for the cases using a practice so
        named, one more for a ``+`` term."""
        matches = self.matching(queryset, terms)
        counted = self.candidates_upto(queryset, terms, self.RANK_LIMIT + 1)
        if not counted:
            return Positions([], 0, [])
        groups = [self._named_like(queryset, matches, terms)]
        if any(term.literal for term in terms):
            groups.append(self.newest_matching(queryset, terms, self.TOP, literal=True))
        ranking = None
        if counted <= self.RANK_LIMIT:
            ranking = self.ranking(queryset, terms, self.RANK_LIMIT)
            ranked = ranking.by_relevance
            # Each boosted group keeps relevance order inside it.
            order = {pk: i for i, pk in enumerate(ranked)}
            groups = [
                sorted(group, key=lambda pk: order.get(pk, len(order)))
                for group in groups
            ] + [ranked]
        best = list(dict.fromkeys(pk for group in groups for pk in group))
        newest_first = ranking.newest_first if ranking else None
        return Positions(best[: self.TOP], counted, newest_first)

    def _named_like(self, queryset, matches, terms: list[Term]) -> list[int]:
        """The newest cases using a practice named exactly like the query (or one of
        its terms); none when no practice is so named (then no second query)."""
        names = {term.text for term in terms} | {" ".join(t.text for t in terms)}
        named = list(
            Practice.objects.filter(name__in=names).values_list("pk", flat=True)
        )
        if not named:
            return []
        # A case using a practice named like the only term contains it.
        candidates = queryset if len(terms) == 1 else matches
        using = Case.practices.through.objects.filter(practice__in=named)
        return self._newest(candidates.filter(pk__in=using.values("case")))

    def _newest(self, cases) -> list[int]:
        newest = cases.order_by("-published_at", "-pk")
        return list(newest.values_list("pk", flat=True)[: self.TOP])

    def candidates_upto(self, queryset, terms: list[Term], limit: int) -> int:
        """At least as many as the matches in ``queryset`` (up to ``limit``), and
        none when none match: what decides whether to rank them."""
        return self.count_upto(self.matching(queryset, terms), terms, limit)

    def count_upto(self, matches, terms: list[Term], limit: int) -> int:
        """How many ``matches`` there are, counting no further than ``limit``."""
        return matches.order_by()[:limit].count()

    def index(self, case_ids: Iterable[int]) -> int:
        """Write the token columns and facet keys of these cases in one statement;
        the triggers update the index in the same transaction."""
        case_texts, facets = contents(list(case_ids))
        return self.write(tokenized(case_texts), facets)

    def write(
        self, docs: dict[int, tuple[str, str, str]], facets: dict[int, str]
    ) -> int:
        if not docs:
            return 0
        table = connection.ops.quote_name(Case._meta.db_table)
        fields = [*SEARCH_FIELDS, "search_facets"]
        columns = ", ".join(f"{name} = new.{name}" for name in fields)
        row = f"({', '.join(['%s'] * (1 + len(fields)))})"
        rows = ", ".join([row] * len(docs))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"WITH new(id, {', '.join(fields)}) AS (VALUES {rows}) "
                f"UPDATE {table} SET {columns} FROM new WHERE {table}.id = new.id",
                [v for pk, doc in docs.items() for v in (pk, *doc, facets[pk])],
            )
        return len(docs)

    def rebuild(self, batch_size: int, progress: Callable[[int, int], None] | None):
        """Index every case in batches, written by WRITERS connections at once (one
        inside a transaction, whose rows another connection cannot see). A second
        process tokenizes the next batches while they are written: in a thread it
        contended with the writing for Python's lock (SQLite, 20,000 cases: writes
        14.5 s beside a process, 20.5 s beside a thread). Forked before any writer
        starts, it needs nothing but the texts and never touches the database
        connection it inherits."""
        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        batches = [
            ids[start : start + batch_size] for start in range(0, len(ids), batch_size)
        ]
        counted = WrittenCount(len(ids), progress)
        writers = 1 if connection.in_atomic_block else self.WRITERS
        forked = get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=forked) as tokenizer:
            tokenizer.submit(len, ()).result()  # fork now, with no writer running
            if writers == 1:
                with self.writing_every_case():
                    self._write_batches(batches, tokenizer, counted)
            else:
                with ThreadPoolExecutor(writers) as threads:
                    shares = [
                        threads.submit(
                            self._write_on_own_connection,
                            batches[i::writers],
                            tokenizer,
                            counted,
                        )
                        for i in range(writers)
                    ]
                    for share in shares:
                        share.result()
        self.compact()
        return counted.done

    def _write_on_own_connection(self, batches, tokenizer, counted) -> None:
        try:
            with self.writing_every_case():
                self._write_batches(batches, tokenizer, counted)
        finally:
            connection.close()  # this thread's

    def _write_batches(self, batches, tokenizer, counted) -> None:
        """Write ``batches`` in order, the next one read and sent to ``tokenizer``
        before this one is written."""
        pending = None
        for batch in [*batches, None]:
            upcoming = None
            if batch:
                case_texts, facets = contents(batch)
                upcoming = (tokenizer.submit(tokenized, case_texts), facets)
            if pending is not None:
                tokens, facets = pending
                counted.add(self.write(tokens.result(), facets))
            pending = upcoming

    def writing_every_case(self):
        """What the engine should do differently while every case is rewritten."""
        return nullcontext()

    def compact(self) -> None:
        """After every case was rewritten: make the index as quick to read as a new
        one."""
        raise NotImplementedError
