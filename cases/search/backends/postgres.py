"""PostgreSQL: a weighted tsvector of the token columns, filled by a trigger and
indexed with GIN (migration 0002); a phrase tsquery per term, ranked by ts_rank.
Lexemes come only from the tokenizer (letters and digits) and are quoted."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from cases.search.backends.base import BaseSearchBackend
from cases.search.query import Term, literal_phrases, required_phrases
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


def match_query(terms: list[Term]) -> SearchQuery:
    return raw_query(" & ".join(tsquery_phrase(p) for p in required_phrases(terms)))


def literal_query(terms: list[Term]) -> SearchQuery:
    return raw_query(" | ".join(tsquery_phrase(p) for p in literal_phrases(terms)))


class PostgresSearchBackend(BaseSearchBackend):
    def matching(self, queryset, terms: list[Term]):
        return queryset.filter(search_vector=match_query(terms))

    def literal_matching(self, queryset, terms: list[Term]):
        return queryset.filter(search_vector=match_query(terms) & literal_query(terms))

    def relevance_ids(self, matches, terms: list[Term], limit: int) -> list[int]:
        rank = SearchRank(F("search_vector"), match_query(terms), weights=WEIGHTS)
        ranked = matches.annotate(search_rank=rank).order_by("-search_rank", "-pk")
        return list(ranked.values_list("pk", flat=True)[:limit])
