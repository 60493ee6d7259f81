"""What every backend shares: the ordering rules, reading a queryset's scope, and
writing the index in batches.

Results come best first: cases with a practice named exactly like the query, then
cases writing a ``+`` term literally (网格+ and X+网格), then by relevance. Ranking
every match of a very common word is what makes engines slow at scale
(shared/search-lab.md), so relevance is computed only when at most RANK_LIMIT cases
may match; past that, the boosted cases come first and the rest newest first. Only
the first TOP cases get an explicit position; the rest follow by date.
"""

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from multiprocessing import get_context
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In
from django.db.models.sql.where import AND

from cases.search.documents import Document, source
from cases.search.models import IndexEntry
from cases.search.query import Term
from cases.search.tokenizer import index_text

Tokens = tuple[str, str, str]  # names, places, body as the index holds them


def tokenized(documents: dict[int, Document]) -> dict[int, Tokens]:
    return {
        pk: (index_text(doc.names), index_text(doc.places), index_text(doc.body))
        for pk, doc in documents.items()
    }


def sql_of(queryset) -> tuple[str, tuple] | None:
    """A queryset's SQL to wrap in more, or None when Django already knows it selects
    nothing (a filter on an empty list)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


@dataclass(frozen=True)
class Scope:
    """What the index itself can tell of a queryset: the statuses it is limited to
    (None: any), and whether that limit is all it asks (``alone``), so that the index
    answers it without reading the cases. Read from the queryset's WHERE clause, as
    Wagtail's search backends read filters on the fields they index; a condition the
    index cannot tell is left to the queryset."""

    statuses: tuple[str, ...] | None
    alone: bool

    @property
    def everything(self) -> bool:
        return self.alone and self.statuses is None


def scope_of(queryset) -> Scope:
    query = queryset.query
    where = query.where
    plain = (
        not query.distinct
        and not query.combinator
        and query.low_mark == 0
        and query.high_mark is None
        and len(query.alias_map) <= 1
    )
    if where.connector != AND or where.negated:
        return Scope(None, False)
    statuses: tuple[str, ...] | None = None
    alone = plain
    for child in where.children:
        found = _statuses(child)
        if found is None:
            alone = False
        else:
            statuses = (
                found if statuses is None else tuple(s for s in statuses if s in found)
            )
    return Scope(statuses, alone)


def _statuses(condition) -> tuple[str, ...] | None:
    """The statuses ``status = x`` or ``status IN (…)`` allows; None for any other
    condition."""
    if not isinstance(condition, Exact | In) or not isinstance(condition.lhs, Col):
        return None
    if condition.lhs.target.name != "status":
        return None
    values = [condition.rhs] if isinstance(condition, Exact) else condition.rhs
    if not isinstance(values, list | tuple | set) or not all(
        isinstance(value, str) for value in values
    ):
        return None
    return tuple(values)


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
    """Matching and ranking per engine; the ordering rules and writing are shared."""

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

    def ranking(self, queryset, terms: list[Term], limit: int) -> Ranking:
        """The matches in ``queryset``, at most ``limit``, most relevant first and
        newest first, from one query."""
        raise NotImplementedError

    def count_upto(self, queryset, terms: list[Term], limit: int) -> int:
        """At least as many as the matches in ``queryset`` (up to ``limit``), and none
        when none match, counting within the queryset's scope (``scope_of``) only:
        what decides whether to rank them."""
        raise NotImplementedError

    def order(self, queryset, terms: list[Term]):
        """The matches in ``queryset`` best first: the positioned cases, then newest
        first."""
        matches = self.matching(queryset, terms)
        best = self._positioned(queryset, terms).best
        if not best:
            return matches.order_by("-published_at", "-pk")
        positions = [
            models.When(pk=pk, then=models.Value(i)) for i, pk in enumerate(best)
        ]
        position = models.Case(
            models.When(pk__in=best, then=models.Case(*positions)),
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

    def _positioned(self, queryset, terms: list[Term]) -> Positions:
        """Where the best matches go; with no candidates, nothing else is asked.
        Whether a few or many cases match, the same queries are asked: a count, the
        practices named like the query, then either the ranking of every match or
        the newest matches (ranked_ids); one more for the cases using a practice so
        named, one more for a ``+`` term."""
        counted = self.count_upto(queryset, terms, self.RANK_LIMIT + 1)
        if not counted:
            return Positions([], 0, [])
        groups = [self._named_like(queryset, terms)]
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

    def _named_like(self, queryset, terms: list[Term]) -> list[int]:
        """The newest cases using a practice named exactly like the query (or one of
        its terms, in any of its forms); none when no practice is so named (then no
        second query)."""
        names = {form.text for term in terms for form in term.forms}
        names.add(" ".join(term.text for term in terms))
        using = source().named_exactly(names)
        if using is None:
            return []
        # A case using a practice named like the only term contains it.
        candidates = queryset if len(terms) == 1 else self.matching(queryset, terms)
        newest = candidates.filter(pk__in=using).order_by("-published_at", "-pk")
        return list(newest.values_list("pk", flat=True)[: self.TOP])

    # Writing

    def index(self, ids: Iterable[int]) -> int:
        """Write these cases' entries and text as their documents say now, in the
        caller's transaction."""
        documents = source().documents(list(ids))
        return self.write(documents, tokenized(documents))

    def index_missing(self, batch_size: int) -> int:
        """Index the cases that have no entry (a database the search app was added
        to, cases written around the ORM), in batches."""
        model = IndexEntry._meta.get_field("case").related_model
        missing = model._base_manager.filter(search_entry__isnull=True)
        ids = list(missing.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                self.index(ids[start : start + batch_size])
        return len(ids)

    def write(self, documents: dict[int, Document], tokens: dict[int, Tokens]) -> int:
        """Write the entries and the engine's text index of these cases."""
        raise NotImplementedError

    def write_entries(self, documents: dict[int, Document]) -> None:
        """The entries of these cases, created or updated in one statement."""
        IndexEntry.objects.bulk_create(
            [
                IndexEntry(
                    case_id=pk,
                    status=doc.status,
                    published_at=doc.published_at,
                    facets=doc.facets,
                )
                for pk, doc in documents.items()
            ],
            update_conflicts=True,
            unique_fields=["case"],
            update_fields=["status", "published_at", "facets"],
        )

    def rebuild(self, batch_size: int, progress: Callable[[int, int], None] | None):
        """Index every case in batches, written by WRITERS connections at once (one
        inside a transaction, whose rows another connection cannot see). A second
        process tokenizes the next batches while they are written: in a thread it
        contended with the writing for Python's lock. Forked before any writer
        starts, it needs nothing but the texts and never touches the database
        connection it inherits."""
        model = IndexEntry._meta.get_field("case").related_model
        ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
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
                documents = source().documents(batch)
                upcoming = (documents, tokenizer.submit(tokenized, documents))
            if pending is not None:
                documents, tokens = pending
                with transaction.atomic():
                    counted.add(self.write(documents, tokens.result()))
            pending = upcoming

    def writing_every_case(self):
        """What the engine should do differently while every case is rewritten."""
        return nullcontext()

    def compact(self) -> None:
        """After every case was rewritten: make the index as quick to read as a new
        one."""
