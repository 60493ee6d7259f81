"""SQLite: an FTS5 table over the token columns, kept in sync by triggers (migration
0002), ranked with bm25. Only tokenizer output, letters and digits, is quoted into
the MATCH expression, which is bound as a parameter."""

from django.db.models import FloatField, IntegerField, Value
from django.db.models.expressions import RawSQL

from cases.search.backends.base import BaseSearchBackend
from cases.search.query import Term
from cases.search.tokenizer import Phrase

FTS_TABLE = "cases_initiative_fts"
# bm25 column weights: names, places, body.
RANK = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"


def fts_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")


def match_expression(terms: list[Term]) -> str:
    return " AND ".join(fts_phrase(p) for term in terms for p in term.phrases)


def literal_expression(terms: list[Term]) -> str | None:
    phrases = [p for t in terms for p in (t.literal, t.mirrored) if p is not None]
    return " OR ".join(fts_phrase(p) for p in phrases) or None


class SQLiteSearchBackend(BaseSearchBackend):
    def search(self, queryset, terms: list[Term]):
        expression = match_expression(terms)
        matching = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        # Correlated on the outer row; rendered only where the ranking is used.
        rank = RawSQL(
            f"SELECT {RANK} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND rowid = cases_initiative.id",
            [expression],
            output_field=FloatField(),
        )
        literal = literal_expression(terms)
        literal_match = (
            RawSQL(
                f"cases_initiative.id IN ({matching})",
                [literal],
                output_field=IntegerField(),
            )
            if literal
            else Value(0, IntegerField())
        )
        return (
            queryset.filter(pk__in=RawSQL(matching, [expression]))
            .annotate(
                search_rank=rank,
                literal_match=literal_match,
                exact_practice=self.exact_practice(terms),
            )
            .order_by(
                "-exact_practice",
                "-literal_match",
                "search_rank",
                "-published_at",
                "-pk",
            )
        )
