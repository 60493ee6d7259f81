"""SQLite: an FTS5 table of the entries' text (made by this app's migration), ranked
with bm25. Only tokenizer output, letters and digits, is quoted into the MATCH
expression, which is bound as a parameter."""

import json
from contextlib import contextmanager

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

FTS_TABLE = "search_indexentry_fts"  # names, places, body by rowid (the case id)
# As made by migration 0001; a rebuild makes it anew, empty, rather than deleting
# every row (which FTS5 does by tokenizing each row's stored text again).
CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "names, places, body, tokenize='unicode61', prefix='1')"
)
# bm25 column weights: names, places, body.
RANK = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"
MATCHING = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
AUTOMERGE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('automerge', %s)"
DEFAULT_AUTOMERGE = 4  # FTS5's own
ENTRIES = IndexEntry._meta.db_table


def fts_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")


def term_expression(term: Term) -> str:
    """Every phrase of the term, or of one of its forms."""
    forms = [" AND ".join(fts_phrase(p) for p in form.phrases) for form in term.forms]
    if len(forms) == 1:
        return forms[0]
    return "(" + " OR ".join(f"({form})" for form in forms) + ")"


def match_expression(terms: list[Term]) -> str:
    return " AND ".join(term_expression(term) for term in terms)


def literal_expression(terms: list[Term]) -> str | None:
    return " OR ".join(fts_phrase(p) for p in literal_phrases(terms)) or None


class SQLiteSearchBackend(BaseSearchBackend):
    emptied = False  # while a rebuild writes every case (writing_every_case)

    def matching(self, queryset, terms: list[Term]):
        return queryset.filter(pk__in=RawSQL(MATCHING, [match_expression(terms)]))

    def literal_matching(self, queryset, terms: list[Term]):
        expression = f"{match_expression(terms)} AND ({literal_expression(terms)})"
        return queryset.filter(pk__in=RawSQL(MATCHING, [expression]))

    def count_upto(self, queryset, terms: list[Term], limit: int) -> int:
        """Asked of the index and the entries' statuses, not of the queryset's other
        filters: joining every match of a common word to the cases costs more than
        ranking would save."""
        within, params = self._within(queryset, match_expression(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT {FTS_TABLE}.rowid {within} LIMIT %s)",
                [*params, limit],
            )
            return cursor.fetchone()[0]

    def ranking(self, queryset, terms: list[Term], limit: int) -> Ranking:
        """Ranked on the index alone, then joined to ``queryset``: called only when
        the index holds at most ``limit`` matches within the queryset's scope, so
        none is cut off; asking FTS5 to rank inside the join made it evaluate the
        match for every case."""
        compiled = sql_of(queryset.order_by().values("pk", "published_at"))
        if compiled is None:
            return Ranking([], [])
        sql, params = compiled
        within, within_params = self._within(queryset, match_expression(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT q.pk, row_number() OVER "
                "(ORDER BY q.published_at DESC, q.pk DESC) "
                f"FROM (SELECT {FTS_TABLE}.rowid AS rowid, {RANK} AS score {within} "
                f"ORDER BY score LIMIT %s) ranked "
                f"JOIN ({sql}) q ON q.pk = ranked.rowid "
                "ORDER BY ranked.score, ranked.rowid",
                [*within_params, limit, *params],
            )
            rows = cursor.fetchall()
        return Ranking.of(rows)

    @staticmethod
    def _within(queryset, expression: str) -> tuple[str, list]:
        """FROM and WHERE of the index rows matching ``expression`` within the
        queryset's scope (``scope_of``): their entries' statuses, looked up by id."""
        statuses = scope_of(queryset).statuses
        if statuses is None:
            return f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]
        return (
            f"FROM {FTS_TABLE} JOIN {ENTRIES} entry "
            f"ON entry.case_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s "
            "AND entry.status IN (SELECT value FROM json_each(%s))",
            [expression, json.dumps(statuses)],
        )

    def write(self, documents: dict[int, Document], tokens: dict[int, Tokens]) -> int:
        if not documents:
            return 0
        self.write_entries(documents)
        with connection.cursor() as cursor:
            if not self.emptied:
                # FTS5 finds a row's old tokens by tokenizing its stored text again.
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                    "(SELECT value FROM json_each(%s))",
                    [json.dumps(list(documents))],
                )
            # In rising rowid order: FTS5 writes out what it has gathered in memory
            # as a new segment whenever a rowid comes below the last one.
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, names, places, body) "
                "VALUES (%s, %s, %s, %s)",
                [(pk, *tokens[pk]) for pk in sorted(documents)],
            )
        return len(documents)

    @contextmanager
    def writing_every_case(self):
        """One transaction in which the index is made anew, empty, so that each
        batch's rows are only added (removing a row's old entries costs FTS5 a
        tokenizing of its old text); no merging of index segments until the end
        (``compact`` merges them at once) and a 256 MB page cache. A rebuild that
        fails or is killed leaves the index and its settings as they were: all but
        the page cache are rolled back with it."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")
            try:
                with transaction.atomic():
                    cursor.execute(f"DROP TABLE {FTS_TABLE}")
                    cursor.execute(CREATE_FTS_TABLE)
                    cursor.execute(AUTOMERGE, [0])
                    self.emptied = True
                    try:
                        yield
                    finally:
                        self.emptied = False
                    cursor.execute(AUTOMERGE, [DEFAULT_AUTOMERGE])
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")

    def compact(self) -> None:
        """Merge the index into one segment: a rebuild leaves dozens, each read by
        every query (docs/profiles.md)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
