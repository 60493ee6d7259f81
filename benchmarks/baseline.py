"""The straightforward Django versions of what the pages compute, to compare against.

Each function returns the data its page needs (no template rendering, so a baseline
is if anything flattered): ``icontains`` search ORed across fields and ANDed across
words, newest first; one COUNT per facet option; region roll-ups that walk the tree
with one query per node.
"""

from django.core.paginator import Paginator
from django.db.models import Q

from cases.filters import CaseFilter
from cases.models import Case, Metric, Region, Theme

SEARCH_FIELDS = ["title", "summary", "description"]
QUOTES = "\"'“”‘’「」『』《》"


def icontains_search(queryset, query: str):
    """Every word in some field, case-insensitively; newest first."""
    for word in query.translate({ord(c): " " for c in QUOTES}).split():
        matches = Q()
        for name in SEARCH_FIELDS:
            matches |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset.order_by("-published_at", "-pk")


def search_results(query: str, size: int = 20) -> tuple[list[int], int]:
    """The engine's job done with LIKE: the first ids and the number of matches."""
    found = icontains_search(Case.objects.published(), query)
    return list(found.values_list("pk", flat=True)[:size]), found.count()


def facet_counts(queryset) -> dict:
    """One COUNT per theme, per province and per metric kind."""
    return {
        "themes": {
            t.pk: queryset.filter(themes=t).count() for t in Theme.objects.all()
        },
        "provinces": {
            p.pk: queryset.filter(region__path__startswith=p.path).count()
            for p in Region.objects.filter(parent=None)
        },
        "kinds": {
            kind: queryset.filter(metrics__kind=kind).distinct().count()
            for kind in Metric.Kind.values
        },
    }


def listing(queryset, size: int = 20) -> list[Case]:
    page = Paginator(
        queryset.for_listing().order_by("-published_at", "-pk"), size
    ).page(1)
    return [*page]  # the count, then the page with its relations


def case_list(params: dict) -> dict:
    """The list page: the filtered page of cases and a COUNT per facet option."""
    filterset = CaseFilter(params, queryset=Case.objects.published())
    filterset.is_valid()
    results = filterset.qs
    if params.get("q"):
        results = icontains_search(
            CaseFilter({**params, "q": ""}, queryset=Case.objects.published()).qs,
            params["q"],
        )
    return {"page": listing(results), "facets": facet_counts(results)}


def home() -> dict:
    published = Case.objects.published()
    return {"newest": listing(published, 6), "facets": facet_counts(published)}


def rolled_up_count(region: Region, seen: list | None = None) -> int:
    """Cases at or below ``region``: its own plus each child's, two queries per node."""
    count = Case.objects.published().filter(region=region).count()
    for child in Region.objects.filter(parent=region):
        count += rolled_up_count(child, seen)
    if seen is not None:
        seen.append((region, count))
    return count


def region_tree(under: Region | None = None) -> list[tuple[Region, int]]:
    """Every region below ``under`` (or all of them) with its roll-up count."""
    nodes: list[tuple[Region, int]] = []
    for region in Region.objects.filter(parent=under):
        rolled_up_count(region, nodes)
    return nodes


def region_page(region: Region) -> dict:
    cases = Case.objects.published().filter(region__path__startswith=region.path)
    tree = region_tree(region)
    return {
        "tree": tree,
        "count": sum(n for r, n in tree if r.parent_id == region.pk)
        + cases.filter(region=region).count(),
        "page": listing(cases),
    }


def api_cases(query: str, size: int = 50) -> dict:
    found = icontains_search(Case.objects.published(), query)
    return {"results": listing(found, size)}
