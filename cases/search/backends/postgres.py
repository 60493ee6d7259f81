"""PostgreSQL: each entry's text as a weighted tsvector column of the entries' table
(made by this app's migration, written here) under a GIN index; a phrase tsquery per
term, ranked by ts_rank. Lexemes come only from the tokenizer (letters and digits)
and are quoted.

GIN answers an AND of lexemes from the index alone, but a phrase (小苑 <-> 苑同 <->
同学) only by reading the tsvector of a candidate, which is stored out of line and
large (reading one costs several times what GIN's way costs per candidate:
reading its date from the narrow entries' table and sorting; docs/profiles.md).
PostgreSQL's planner does not price that read, so left alone it walks the date
index checking every case's tsvector, even when a few thousand cases hold the
words. The newest matches are therefore read one of two ways, chosen by an
estimate of how many cases hold the lexemes (from the lexeme counts ANALYZE
keeps): few enough, and GIN gives all of them, sorted by date from the table, their
phrases checked in that order until enough match; so many that the newest cases
mostly hold them, and the date index is walked instead, phrases checked on a
window of the newest.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from cases.search.backends.base import (
    BaseSearchBackend,
    Ranking,
    Tokens,
    scope_of,
    sql_of,
)
from cases.search.documents import Document
from cases.search.models import IndexEntry
from cases.search.query import Term, literal_phrases
from cases.search.tokenizer import Phrase

# ts_rank weights for D, C, B, A: body (C), places (B), names (A).
WEIGHTS = [0.05, 0.2, 0.4, 1.0]
# Newest-first candidates read per wanted match: enough when most cases holding a
# phrase's lexemes hold the phrase (the lowest share in the bench mix, docs/profiles.md).
CANDIDATES_PER_MATCH = 4
# A tsvector read costs about as much as this many candidates taken from GIN, read
# from the entries for their dates and sorted (docs/profiles.md): what decides
# between GIN and the date index.
ROWS_PER_TSVECTOR = 8
# Migration 0001 of this app: the entries' tsvector, its GIN index, and a function
# that reads the cases matching a tsquery from GIN whatever the planner estimates.
SEARCH_TABLE = IndexEntry._meta.db_table
GIN_INDEX = "search_entry_vector"
MATCHING_FUNCTION = "search_indexentry_matching"
DATED = "entry.case_id AS id, entry.published_at"
PENDING_LIST_LIMIT = "256MB"  # while rebuilding; PostgreSQL's default is 4 MB
VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C')"
)


def tsquery_lexemes(phrase: Phrase) -> list[str]:
    lexemes = [f"'{token}'" for token in phrase.tokens]
    if phrase.prefix:
        lexemes[-1] += ":*"
    return lexemes


def tsquery_phrase(phrase: Phrase) -> str:
    return "(" + " <-> ".join(tsquery_lexemes(phrase)) + ")"


def tsquery_all(phrase: Phrase) -> str:
    """The phrase's lexemes, anywhere: what GIN answers without a recheck. A prefix
    lexeme is left out where others remain ('2' & '〇20' for 2.0): GIN gathers every
    lexeme it begins (0, 05, 0版, …), and the phrase is checked on the candidates."""
    lexemes = tsquery_lexemes(phrase)
    if phrase.prefix and len(lexemes) > 1:
        lexemes.pop()
    return "(" + " & ".join(lexemes) + ")"


def literal_parts(terms: list[Term]) -> tuple[list[Term], list[Phrase]]:
    """What a literal match needs: every term, and one of the literal forms (网格+,
    X+网格). A lone ``+`` term's literal forms each contain the phrases of its form,
    so they stand for it."""
    with_forms = [term for term in terms if literal_phrases([term])]
    if len(with_forms) == 1:
        terms = [term for term in terms if term is not with_forms[0]]
    return terms, literal_phrases(with_forms)


def term_query(term: Term, form=tsquery_phrase) -> str:
    """Every phrase of the term, or of one of its forms."""
    each = [" & ".join(form(p) for p in variant.phrases) for variant in term.forms]
    if len(each) == 1:
        return each[0]
    return "(" + " | ".join(f"({query})" for query in each) + ")"


def ranked_as(terms: list[Term]) -> list[Term]:
    """Each term in the one form most cases hold, for ts_rank: it scores an OR of
    forms by another formula than a phrase, so 調解 would rank the cases holding
    调解 otherwise than 调解 itself does. On a tie the later form is taken (a
    term's simplified form follows it)."""
    statistics = index_statistics()
    return [
        max(reversed(term.forms), key=lambda form: statistics.term_share(form))
        for term in terms
    ]


def expression(terms: list[Term], literal=False, form=tsquery_phrase) -> str:
    """Every term; with ``literal``, also one of the literal forms."""
    if not literal:
        return " & ".join(term_query(term, form) for term in terms)
    required, forms = literal_parts(terms)
    either = f"({' | '.join(form(p) for p in forms)})"
    return " & ".join([*(term_query(term, form) for term in required), either])


@dataclass(frozen=True)
class IndexStatistics:
    """What ANALYZE counted: the case rows, and the share of cases holding each
    common lexeme (pg_stats.most_common_elems); any other lexeme is rarer than
    ``floor``."""

    rows: float
    shares: dict[str, float]
    floor: float

    def holding(self, terms: list[Term], literal: bool) -> float:
        """The estimated cases holding every lexeme of the terms (and, with
        ``literal``, of one literal form), the terms taken as independent."""
        required, forms = literal_parts(terms) if literal else (terms, [])
        share = 1.0
        for term in required:
            share *= self.term_share(term)
        if forms:
            share *= min(1.0, sum(self.share(p) for p in forms))
        return share * self.rows

    def term_share(self, term: Term) -> float:
        """The share of cases holding the phrases of one of the term's forms, the
        phrases of a form taken as independent. A form rarer than ``floor`` adds
        nothing beside a common one: 調解 beside 调解 is held by few cases or none,
        where counting it at the floor would take it for a common word."""
        shares = [math.prod(self.share(p) for p in form.phrases) for form in term.forms]
        common = [share for share in shares if share > self.floor]
        return min(1.0, sum(common)) if common else max(shares)

    def share(self, phrase: Phrase) -> float:
        """At most the share of its rarest lexeme: a phrase's bigrams come together
        (一老一小's three are each in 18% of cases, and so is the phrase), which the
        planner's estimate, multiplying them, misses by far."""
        shares = [self.shares.get(token, self.floor) for token in phrase.tokens]
        if phrase.prefix:
            last = phrase.tokens[-1]
            starting = [
                s for lexeme, s in self.shares.items() if lexeme.startswith(last)
            ]
            shares[-1] = max(starting, default=self.floor)
        return min(shares)


def index_statistics() -> IndexStatistics:
    """Read once per content version (through the cache)."""

    def read():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [SEARCH_TABLE],
            )
            rows = max(cursor.fetchone()[0], 1.0)
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs "
                "FROM pg_stats WHERE schemaname = current_schema() AND tablename = %s "
                "AND attname = 'search_vector'",
                [SEARCH_TABLE],
            )
            found = cursor.fetchone()
        if found is None or found[0] is None:
            return IndexStatistics(rows, {}, 0.0)  # never analysed: GIN's way
        shares = dict(zip(*found, strict=False))
        return IndexStatistics(rows, shares, min(shares.values()))

    return cache.get_or_set("search-index-statistics", read)


@contextmanager
def looking_up_with_gin():
    """A transaction in which the look-ups of the cases holding some lexemes use
    GIN. Where most cases hold them (物业 in 58% of 10,000), the planner would scan
    the table instead, reading every tsvector, a cost it does
    not see. The index statistics are read first, outside the transaction."""
    index_statistics()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def holding(query: str) -> RawSQL:
    """The ids of the cases matching a tsquery, for ``pk__in``: read from GIN by a
    function that plans its look-up apart (a query built on ``matching`` may be
    evaluated anywhere, and the planner would read every tsvector of a common word)."""
    return RawSQL(
        f"SELECT {MATCHING_FUNCTION}(to_tsquery('simple', %s))",
        [query],
    )


def ids_sql(queryset) -> tuple[str, tuple] | None:
    return sql_of(queryset.order_by().values("pk"))


def _entry_condition(statuses) -> tuple[str, list]:
    """The entries of these statuses; one status as an equality, which the date
    index (status, published_at, case) can walk in order."""
    if statuses is None:
        return "", []
    if len(statuses) == 1:
        return " AND entry.status = %s", [statuses[0]]
    return " AND entry.status = ANY(%s)", [list(statuses)]


def phrases_hold(candidate: str) -> str:
    """SQL: whether the phrases (a parameter) are in the tsvector of ``candidate``,
    read by its id, so that only the candidates reached are read."""
    return (
        "(SELECT ts_match_vq(search_vector, to_tsquery('simple', %s)) "
        f"FROM {SEARCH_TABLE} entry WHERE entry.case_id = {candidate}.id)"
    )


def holding_entries(queryset, query: str, exclude=(), columns=DATED):
    """SQL selecting ``columns`` of the entries (``entry``) matching a tsquery, for
    ``queryset``'s cases but ``exclude``; None when ``queryset`` selects nothing.
    A queryset the entries alone tell (``scope_of``: the published cases) is read
    from them; other cases are matched from GIN first, in a materialized look-up,
    then kept if among them: joined to their ids, the planner read the table in id
    order checking every tsvector, a cost it does not see (docs/profiles.md)."""
    scope = scope_of(queryset)
    condition, condition_params = _entry_condition(scope.statuses)
    matching = (
        f"SELECT {columns} FROM {SEARCH_TABLE} entry "
        f"WHERE entry.search_vector @@ to_tsquery('simple', %s){condition}"
    )
    compiled = ids_sql(queryset)
    if compiled is None:
        return None
    if scope.alone:
        return (
            f"{matching} AND NOT (entry.case_id = ANY(%s))",
            [query, *condition_params, list(exclude)],
        )
    sql, params = compiled
    return (
        f"WITH entry AS MATERIALIZED ({matching}) SELECT * FROM entry "
        f"WHERE entry.id IN ({sql}) AND NOT (entry.id = ANY(%s))",
        [query, *condition_params, *params, list(exclude)],
    )


class PostgresSearchBackend(BaseSearchBackend):
    # A rebuild's writes are bound by the server parsing each case's text into its
    # tsvector (docs/profiles.md): a second connection gives it the second core.
    WRITERS = 2

    def matching(self, queryset, terms: list[Term]):
        return queryset.filter(pk__in=holding(expression(terms)))

    def literal_matching(self, queryset, terms: list[Term]):
        return queryset.filter(pk__in=holding(expression(terms, True)))

    def order(self, queryset, terms: list[Term]):
        with looking_up_with_gin():
            return super().order(queryset, terms)

    def ranked_ids(self, queryset, terms: list[Term], limit: int) -> list[int]:
        with looking_up_with_gin():
            return super().ranked_ids(queryset, terms, limit)

    def count_upto(self, queryset, terms: list[Term], limit: int) -> int:
        """The cases holding every lexeme, from GIN alone. Where more than ``limit``
        hold them but fewer match, the matches come newest first, unranked."""
        holders = holding_entries(queryset, expression(terms, form=tsquery_all))
        if holders is None:
            return 0
        sql, params = holders
        with connection.cursor() as cursor:
            # Planned apart from the LIMIT, the look-up uses GIN: with it, PostgreSQL
            # reads cases one by one hoping to stop early, detoasting every tsvector.
            cursor.execute(
                f"WITH holding AS MATERIALIZED ({sql}) "
                "SELECT count(*) FROM (SELECT 1 FROM holding LIMIT %s) counted",
                [*params, limit],
            )
            return cursor.fetchone()[0]

    def newest_matching(
        self, queryset, terms: list[Term], limit: int, exclude=(), literal=False
    ) -> list[int]:
        """The newest ``limit`` matches, from GIN unless most of the published cases
        hold the terms' lexemes (see the module's docstring)."""
        lexemes = expression(terms, literal, form=tsquery_all)
        phrases = expression(terms, literal)
        holders = holding_entries(queryset, lexemes, exclude)
        if holders is None:
            return []
        unchecked = phrases if phrases != lexemes else None
        if not self._held_widely(terms, literal, limit):
            return self._newest_from_index(holders, unchecked, limit)
        found = self._newest_in_window(queryset, lexemes, exclude, unchecked, limit)
        if unchecked is not None and len(found) < limit:
            return self._newest_from_index(holders, unchecked, limit)
        return found

    def _held_widely(self, terms: list[Term], literal: bool, limit: int) -> bool:
        """Whether walking the date index reads fewer tsvectors (about ``limit`` ×
        cases / holding) than GIN's way reads dates, weighted by their costs."""
        statistics = index_statistics()
        holding = statistics.holding(terms, literal)
        return holding * holding > ROWS_PER_TSVECTOR * limit * statistics.rows

    def _newest_from_index(self, holders, phrases: str | None, limit: int) -> list[int]:
        """Every case holding the lexemes from GIN alone, newest first, then each
        one's phrases (if any beyond the lexemes) checked in that order until
        ``limit`` match."""
        sql, params = holders
        # MATERIALIZED keeps the look-up on GIN: inlined, the planner would walk the
        # date index reading every case's tsvector.
        with connection.cursor() as cursor:
            if phrases is None:
                cursor.execute(
                    f"WITH holding AS MATERIALIZED ({sql}) SELECT id FROM holding "
                    "ORDER BY published_at DESC, id DESC LIMIT %s",
                    [*params, limit],
                )
                return [row[0] for row in cursor.fetchall()]
            # The phrases are checked in a subquery per candidate, in date order
            # (OFFSET 0 keeps the sort below the check), so that checking stops at
            # the limit-th match: as a join, or as @@ (which GIN would answer),
            # every candidate's tsvector would be read.
            cursor.execute(
                f"WITH holding AS MATERIALIZED ({sql}) "
                "SELECT newest.id FROM (SELECT id, published_at FROM holding "
                "ORDER BY published_at DESC, id DESC OFFSET 0) newest "
                f"WHERE {phrases_hold('newest')} "
                "ORDER BY newest.published_at DESC, newest.id DESC LIMIT %s",
                [*params, phrases, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def _newest_in_window(
        self, queryset, lexemes, exclude, phrases: str | None, limit: int
    ) -> list[int]:
        """The newest cases holding the lexemes, read from a date index; with
        ``phrases``, those checked on as many as CANDIDATES_PER_MATCH candidates per
        wanted match. The dates of the cases of one status are in the entries; other
        cases are walked in their own order, each one's entry read by its id."""
        window = limit * CANDIDATES_PER_MATCH + 10
        scope = scope_of(queryset)
        if not (scope.alone and scope.statuses and len(scope.statuses) == 1):
            newest = (
                queryset.filter(pk__in=holding(lexemes))
                .exclude(pk__in=exclude)
                .order_by("-published_at", "-pk")
            )
            if phrases is None:
                return list(newest.values_list("pk", flat=True)[:limit])
            sql, params = newest.values_list("id", "published_at")[
                :window
            ].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT candidate.id FROM ({sql}) candidate "
                    f"WHERE {phrases_hold('candidate')} "
                    "ORDER BY candidate.published_at DESC, candidate.id DESC LIMIT %s",
                    [*params, phrases, limit],
                )
                return [row[0] for row in cursor.fetchall()]
        columns = DATED if phrases is None else f"{DATED}, entry.search_vector"
        sql, params = holding_entries(queryset, lexemes, exclude, columns)
        newest = f"{sql} ORDER BY entry.published_at DESC, entry.case_id DESC LIMIT %s"
        with connection.cursor() as cursor:
            if phrases is None:
                cursor.execute(newest, [*params, limit])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(
                f"SELECT candidate.id FROM ({newest}) candidate "
                "WHERE ts_match_vq(candidate.search_vector, to_tsquery('simple', %s)) "
                "ORDER BY candidate.published_at DESC, candidate.id DESC LIMIT %s",
                [*params, window, phrases, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def ranking(self, queryset, terms: list[Term], limit: int) -> Ranking:
        query = expression(terms)
        holders = holding_entries(
            queryset, query, columns=f"{DATED}, entry.search_vector"
        )
        if holders is None:
            return Ranking([], [])
        sql, params = holders
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, row_number() OVER (ORDER BY published_at DESC, id DESC) "
                f"FROM ({sql}) matched ORDER BY ts_rank(%s::float4[], search_vector, "
                "to_tsquery('simple', %s)) DESC, id DESC LIMIT %s",
                [*params, WEIGHTS, expression(ranked_as(terms)), limit],
            )
            return Ranking.of(cursor.fetchall())

    def write(self, documents: dict[int, Document], tokens: dict[int, Tokens]) -> int:
        """Each entry with its tsvector, parsed by the server from the tokens, in one
        statement."""
        if not documents:
            return 0
        row = f"(%s, %s, %s::timestamptz, %s, {VECTOR})"
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SEARCH_TABLE} "
                "(case_id, status, published_at, facets, search_vector) "
                f"VALUES {', '.join([row] * len(documents))} "
                "ON CONFLICT (case_id) DO UPDATE SET status = EXCLUDED.status, "
                "published_at = EXCLUDED.published_at, facets = EXCLUDED.facets, "
                "search_vector = EXCLUDED.search_vector",
                [
                    value
                    for pk, doc in documents.items()
                    for value in (
                        pk,
                        doc.status,
                        doc.published_at,
                        doc.facets,
                        *tokens[pk],
                    )
                ],
            )
        return len(documents)

    @contextmanager
    def writing_every_case(self):
        """A larger GIN pending list: new entries are merged into the index in
        fewer, larger batches, at the end (docs/profiles.md). Searches meanwhile read
        the pending list too, so compact() merges it."""
        with connection.cursor() as cursor:
            cursor.execute(f"SET gin_pending_list_limit = '{PENDING_LIST_LIMIT}'")
            cursor.execute(f"SET work_mem = '{PENDING_LIST_LIMIT}'")
            try:
                yield
            finally:
                cursor.execute("RESET gin_pending_list_limit")
                cursor.execute("RESET work_mem")

    def compact(self) -> None:
        """Merge GIN's pending list into the index, and count the lexemes anew
        (ANALYZE): how the newest matches are read depends on them. VACUUM, which
        also clears the old row versions, cannot run inside a transaction;
        autovacuum does it."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
            cursor.execute(f"ANALYZE {SEARCH_TABLE}")
