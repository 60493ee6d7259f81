"""SQLite: an FTS5 table over the token columns, kept in sync by triggers (migration
0002), ranked with bm25. Only tokenizer output, letters and digits, is quoted into
the MATCH expression, which is bound as a parameter."""

import json
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from cases.models import Case
from cases.search.backends.base import (
    SEARCH_FIELDS,
    BaseSearchBackend,
    Ranking,
    sql_of,
)
from cases.search.query import Term, literal_phrases, required_phrases
from cases.search.tokenizer import Phrase

FTS_TABLE = "cases_initiative_fts"
# bm25 column weights: names, places, body.
RANK = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"
MATCHING = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
AUTOMERGE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('automerge', %s)"
DEFAULT_AUTOMERGE = 4  # FTS5's own
UPDATE_TRIGGER = "cases_initiative_fts_update"  # migration 0003


def fts_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")


def match_expression(terms: list[Term]) -> str:
    return " AND ".join(fts_phrase(p) for p in required_phrases(terms))


def literal_expression(terms: list[Term]) -> str | None:
    return " OR ".join(fts_phrase(p) for p in literal_phrases(terms)) or None


class SQLiteSearchBackend(BaseSearchBackend):
    adding_to_index = False  # while a rebuild writes every case (writing_every_case)

    def matching(self, queryset, terms: list[Term]):
        return queryset.filter(pk__in=RawSQL(MATCHING, [match_expression(terms)]))

    def literal_matching(self, queryset, terms: list[Term]):
        expression = f"{match_expression(terms)} AND ({literal_expression(terms)})"
        return queryset.filter(pk__in=RawSQL(MATCHING, [expression]))

    def count_upto(self, matches, terms: list[Term], limit: int) -> int:
        """Asked of the index alone, ignoring other filters: joining every match
        of a common word to the cases costs more than ranking would save."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM ({MATCHING} LIMIT %s)",
                [match_expression(terms), limit],
            )
            return cursor.fetchone()[0]

    def ranking(self, queryset, terms: list[Term], limit: int) -> Ranking:
        """Ranked on the index alone, then joined to ``queryset``: called only when
        the index holds at most ``limit`` matches, so none is cut off; asking FTS5
        to rank inside the join made it evaluate the match for every case."""
        compiled = sql_of(queryset.order_by().values("pk", "published_at"))
        if compiled is None:
            return Ranking([], [])
        sql, params = compiled
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT q.pk, row_number() OVER "
                "(ORDER BY q.published_at DESC, q.pk DESC) "
                f"FROM (SELECT rowid, {RANK} AS score FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s ORDER BY score LIMIT %s) ranked "
                f"JOIN ({sql}) q ON q.pk = ranked.rowid "
                "ORDER BY ranked.score, ranked.rowid",
                [match_expression(terms), limit, *params],
            )
            rows = cursor.fetchall()
        return Ranking.of(rows)

    @contextmanager
    def writing_every_case(self):
        """One transaction in which the index is emptied and each batch's rows are
        added to it as they are written, without the update trigger: the trigger
        would first remove each case's old entries, which FTS5 finds by tokenizing
        the old text again (the writes took 1.0 ms a case; without the trigger 0.12,
        and adding the new entries 0.55). No merging of index segments until the end
        (compact merges them all at once) and a 256 MB page cache. A rebuild that
        fails or is killed leaves the index, the trigger and the settings as they
        were: all but the page cache are rolled back with it."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")
            try:
                with transaction.atomic():
                    cursor.execute(AUTOMERGE, [0])
                    cursor.execute(
                        "SELECT sql FROM sqlite_master "
                        "WHERE type = 'trigger' AND name = %s",
                        [UPDATE_TRIGGER],
                    )
                    (trigger,) = cursor.fetchone()
                    cursor.execute(f"DROP TRIGGER {UPDATE_TRIGGER}")
                    cursor.execute(
                        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')"
                    )
                    self.adding_to_index = True
                    try:
                        yield
                    finally:
                        self.adding_to_index = False
                    cursor.execute(trigger)
                    cursor.execute(AUTOMERGE, [DEFAULT_AUTOMERGE])
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")

    def write(
        self, docs: dict[int, tuple[str, str, str]], facets: dict[int, str]
    ) -> int:
        written = super().write(docs, facets)
        if self.adding_to_index and docs:
            columns = ", ".join(SEARCH_FIELDS)
            table = connection.ops.quote_name(Case._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, {columns}) SELECT id, {columns} "
                    f"FROM {table} WHERE id IN (SELECT value FROM json_each(%s))",
                    [json.dumps(list(docs))],
                )
        return written

    def compact(self) -> None:
        """Merge the index into one segment: a rebuild leaves dozens, each read by
        every query (engine p95 59 → 35 ms at 100,000 cases; the merge takes 20 s)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
