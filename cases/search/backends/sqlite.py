"""SQLite: an FTS5 table over the token columns, kept in sync by triggers (migration
0002), ranked with bm25. Only tokenizer output, letters and digits, is quoted into
the MATCH expression, which is bound as a parameter."""

from django.db.models import IntegerField, Value

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
        select = {"search_rank": RANK}
        select_params: list[str] = []
        literal = literal_expression(terms)
        if literal:
            select["literal_match"] = (
                f"cases_initiative.id IN (SELECT rowid FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s)"
            )
            select_params.append(literal)
        matches = queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = cases_initiative.id", f"{FTS_TABLE} MATCH %s"],
            params=[match_expression(terms)],
            select=select,
            select_params=select_params,
        ).annotate(exact_practice=self.exact_practice(terms))
        if not literal:
            matches = matches.annotate(literal_match=Value(0, IntegerField()))
        return matches.order_by(
            "-exact_practice", "-literal_match", "search_rank", "-published_at", "-pk"
        )
