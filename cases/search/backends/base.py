"""Indexing shared by every backend: each case's text, tokenized, in three columns.

``search_names`` (title and practice names) weighs most, then ``search_places``
(region chain, communities, themes), then ``search_body`` (summary, description,
figures). Database triggers turn these columns into the engine's index in the same
transaction (an FTS5 table on SQLite, a weighted tsvector on PostgreSQL).
"""

from collections.abc import Callable, Iterable

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from cases.models import Initiative
from cases.search.query import Term
from cases.search.tokenizer import index_text

SEARCH_FIELDS = ["search_names", "search_places", "search_body"]


def document(initiative: Initiative) -> dict[str, str]:
    practices = [practice.name for practice in initiative.practices.all()]
    places = [initiative.region.chain]
    places += [community.name for community in initiative.communities.all()]
    places += [theme.name for theme in initiative.themes.all()]
    body = [initiative.summary, initiative.description]
    body += [f"{m.subject} {m.period} {m.quote}" for m in initiative.metrics.all()]
    return {
        "search_names": index_text("\n".join([initiative.title, *practices])),
        "search_places": index_text("\n".join(places)),
        "search_body": index_text("\n".join(body)),
    }


class BaseSearchBackend:
    def search(self, queryset, terms: list[Term]):
        raise NotImplementedError

    def index(self, initiative_ids: Iterable[int]) -> int:
        initiatives = list(
            Initiative.objects.filter(pk__in=list(initiative_ids))
            .select_related("region")
            .prefetch_related("practices", "communities", "themes", "metrics")
        )
        for initiative in initiatives:
            for name, value in document(initiative).items():
                setattr(initiative, name, value)
        Initiative.objects.bulk_update(initiatives, SEARCH_FIELDS)
        return len(initiatives)

    def rebuild(self, batch_size: int, progress: Callable[[int, int], None] | None):
        ids = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), batch_size):
            done += self.index(ids[start : start + batch_size])
            if progress:
                progress(done, len(ids))
        return done

    @staticmethod
    def exact_practice(terms: list[Term]):
        """1 where a practice name equals the query or one of its terms (吃茶话事)."""
        names = {term.text for term in terms} | {" ".join(t.text for t in terms)}
        through = Initiative.practices.through
        return Case(
            When(
                Exists(
                    through.objects.filter(
                        initiative=OuterRef("pk"), practice__name__in=names
                    )
                ),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
