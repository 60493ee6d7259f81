"""PostgreSQL: a weighted tsvector of the token columns, filled by a trigger and
indexed with GIN (migration 0002); a phrase tsquery per term, ranked by ts_rank.
Lexemes come only from the tokenizer (letters and digits) and are quoted.

GIN answers an AND of lexemes from the index alone, but a phrase (小苑 <-> 苑同 <->
同学) only by reading the tsvector of every candidate, which is stored out of line:
16,000 of them for 家庭医生 at 100,000 cases (230 ms). So the newest matches are read
from the newest cases holding every lexeme, checking phrases on those alone.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

from cases.search.backends.base import BaseSearchBackend
from cases.search.query import Term, literal_phrases, required_phrases
from cases.search.tokenizer import Phrase

# ts_rank weights for D, C, B, A: body (C), places (B), names (A).
WEIGHTS = [0.05, 0.2, 0.4, 1.0]
# Newest-first candidates read per wanted match: enough when most cases holding a
# phrase's lexemes hold the phrase (85% for 物业管理, the lowest in the bench mix).
CANDIDATES_PER_MATCH = 4


def tsquery_lexemes(phrase: Phrase) -> list[str]:
    lexemes = [f"'{token}'" for token in phrase.tokens]
    if phrase.prefix:
        lexemes[-1] += ":*"
    return lexemes


def tsquery_phrase(phrase: Phrase) -> str:
    return "(" + " <-> ".join(tsquery_lexemes(phrase)) + ")"


def tsquery_all(phrase: Phrase) -> str:
    """Every lexeme of the phrase, anywhere: what GIN answers without a recheck."""
    return "(" + " & ".join(tsquery_lexemes(phrase)) + ")"


def expression(terms: list[Term], literal=False, form=tsquery_phrase) -> str:
    """Every term; with ``literal``, also one of the literal forms (网格+, X+网格)."""
    required = " & ".join(form(p) for p in required_phrases(terms))
    if not literal:
        return required
    return f"{required} & ({' | '.join(form(p) for p in literal_phrases(terms))})"


def sql_of(queryset) -> tuple[str, tuple] | None:
    """A queryset's SQL to wrap in more, or None when Django already knows it selects
    nothing (a filter on an empty list)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def raw_query(text: str) -> SearchQuery:
    return SearchQuery(text, config="simple", search_type="raw")


class PostgresSearchBackend(BaseSearchBackend):
    def matching(self, queryset, terms: list[Term]):
        return queryset.filter(search_vector=raw_query(expression(terms)))

    def literal_matching(self, queryset, terms: list[Term]):
        return queryset.filter(search_vector=raw_query(expression(terms, True)))

    def candidates_upto(self, queryset, terms: list[Term], limit: int) -> int:
        """The cases holding every lexeme, from GIN alone. Where more than ``limit``
        hold them but fewer match, the matches come newest first, unranked."""
        lexemes = raw_query(expression(terms, form=tsquery_all))
        holding = queryset.filter(search_vector=lexemes).order_by().values("pk")
        compiled = sql_of(holding)
        if compiled is None:
            return 0
        sql, params = compiled
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
        """Newest first, the cases holding every lexeme (from GIN alone), then the
        phrases checked on them in that order until ``limit`` match. If too few of
        the candidates do (2 and 0 apart for 2.0), the phrase query answers."""
        phrases = expression(terms, literal)
        lexemes = expression(terms, literal, form=tsquery_all)
        if phrases == lexemes:
            return super().newest_matching(queryset, terms, limit, exclude, literal)
        window = limit * CANDIDATES_PER_MATCH + 10
        candidates = (
            queryset.filter(search_vector=raw_query(lexemes))
            .exclude(pk__in=exclude)
            .order_by("-published_at", "-pk")
            .values_list("id", "published_at", "search_vector")[:window]
        )
        compiled = sql_of(candidates)
        if compiled is None:
            return []
        sql, params = compiled
        with connection.cursor() as cursor:
            # ts_match_vq is @@ itself, written so the planner cannot answer it with
            # GIN (which would check every candidate): the candidates come presorted,
            # so the check stops at the limit-th match.
            cursor.execute(
                f"SELECT candidate.id FROM ({sql}) candidate WHERE ts_match_vq("
                "candidate.search_vector, to_tsquery('simple', %s)) "
                "ORDER BY candidate.published_at DESC, candidate.id DESC LIMIT %s",
                [*params, phrases, limit],
            )
            found = [row[0] for row in cursor.fetchall()]
        if len(found) < limit and candidates.count() == window:
            return super().newest_matching(queryset, terms, limit, exclude, literal)
        return found

    def relevance_ids(self, queryset, terms: list[Term], limit: int) -> list[int]:
        rank = SearchRank(
            F("search_vector"), raw_query(expression(terms)), weights=WEIGHTS
        )
        matches = self.matching(queryset, terms).annotate(search_rank=rank)
        ranked = matches.order_by("-search_rank", "-pk")
        return list(ranked.values_list("pk", flat=True)[:limit])
