"""Cases as plain rows, for the JSON API and the CSV export: one query per relation
for a page or a chunk of cases. Model instances with their relations prefetched cost
more than the rest of such a response (docs/profiles.md)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count

from cases.bulk import linked, linked_names, listed
from cases.models import (
    CHAIN_SEPARATOR,
    ID_MARKER,
    Case,
    Metric,
    detail_url,
    web_address,
)


@dataclass(frozen=True)
class SourceRow:
    pk: int
    title: str
    publication: str
    published_on: date | None
    origin: str  # a file name, or the address it was published at

    @property
    def origin_url(self) -> str:
        return web_address(self.origin)


@dataclass(frozen=True)
class CaseRow:
    pk: int
    title: str
    region_chain: str
    summary: str
    year: int | None
    published_at: datetime | None
    updated_at: datetime
    communities: list[str]  # by region, then name
    practices: list[str]  # by name
    themes: list[str]  # in the themes' order
    sources: list[SourceRow]  # by origin
    metrics_count: int

    @property
    def region_names(self) -> list[str]:
        return self.region_chain.split(CHAIN_SEPARATOR)


def case_rows(ids: list[int]) -> list[CaseRow]:
    """The rows of the cases with these ids, in this order (ids of no case are
    left out)."""
    cases = {
        pk: rest
        for pk, *rest in Case.objects.filter(pk__in=listed(ids)).values_list(
            "pk",
            "title",
            "region__chain",
            "summary",
            "year",
            "published_at",
            "updated_at",
        )
    }
    communities = linked_names(
        Case.communities, ids, "community__name", "community__region__path"
    )
    practices = linked_names(Case.practices, ids, "practice__name")
    themes = linked_names(Case.themes, ids, "theme__name", "theme__position")
    sources = linked(
        Case.sources,
        ids,
        "sourcearticle",
        "sourcearticle__title",
        "sourcearticle__publication",
        "sourcearticle__published_on",
        "sourcearticle__origin",
        ordering=("sourcearticle__origin",),
    )
    counts = dict(
        Metric.objects.filter(case__in=listed(ids))
        .values_list("case")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CaseRow(
            pk,
            *cases[pk],
            communities=communities[pk],
            practices=practices[pk],
            themes=themes[pk],
            sources=[SourceRow(*source) for source in sources[pk]],
            metrics_count=counts.get(pk, 0),
        )
        for pk in ids
        if pk in cases
    ]


def case_url_format(request) -> str:
    """A case page's absolute URL with ``{}`` for its id: reversing the URL for each
    of a thousand rows took a sixth of the CSV export."""
    return _url_format(request, "cases:case-detail")


def article_url_format(request) -> str:
    """A source article page's absolute URL with ``{}`` for its id."""
    return _url_format(request, "cases:article-detail")


def _url_format(request, view_name: str) -> str:
    url = detail_url(view_name, ID_MARKER)
    return request.build_absolute_uri(url).replace(str(ID_MARKER), "{}")
