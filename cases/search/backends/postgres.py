"""PostgreSQL: a weighted tsvector of the token columns, filled by a trigger and
indexed with GIN (migration 0002); a phrase tsquery per term, ranked by ts_rank.
Lexemes come only from the tokenizer (letters and digits) and are quoted."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Value, When

from cases.search.backends.base import BaseSearchBackend
from cases.search.query import Term
from cases.search.tokenizer import Phrase

# ts_rank weights for D, C, B, A: body (C), places (B), names (A).
WEIGHTS = [0.05, 0.2, 0.4, 1.0]


def tsquery_phrase(phrase: Phrase) -> str:
    lexemes = [f"'{token}'" for token in phrase.tokens]
    if phrase.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def raw_query(expression: str) -> SearchQuery:
    return SearchQuery(expression, config="simple", search_type="raw")


class PostgresSearchBackend(BaseSearchBackend):
    def search(self, queryset, terms: list[Term]):
        query = raw_query(
            " & ".join(tsquery_phrase(p) for t in terms for p in t.phrases)
        )
        literal = [p for t in terms for p in (t.literal, t.mirrored) if p is not None]
        literal_match = Value(0, IntegerField())
        if literal:
            literal_query = raw_query(" | ".join(tsquery_phrase(p) for p in literal))
            literal_match = Case(
                When(search_vector=literal_query, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        return (
            queryset.filter(search_vector=query)
            .annotate(
                search_rank=SearchRank(F("search_vector"), query, weights=WEIGHTS),
                exact_practice=self.exact_practice(terms),
                literal_match=literal_match,
            )
            .order_by(
                "-exact_practice",
                "-literal_match",
                "-search_rank",
                "-published_at",
                "-pk",
            )
        )
