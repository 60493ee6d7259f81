"""Paging through search results by id: the first SEARCH_WINDOW results of a search,
best first, counted no further than that.

Sorting or even counting every match of a very common word (网格 is in most cases
of a large library) is what made search slow at scale (docs/profiles.md); like most
search engines, GovCases shows the first thousand and says there are more.
"""

from django.core.paginator import Paginator
from django.http import QueryDict

from cases import search

SEARCH_WINDOW = 1000


class SearchWindowPaginator(Paginator):
    """Pages over ``ids`` (at most SEARCH_WINDOW + 1, best first); each page's
    cases are read from ``cases`` in one query and keep the ids' order."""

    def __init__(self, ids: list[int], per_page: int, cases):
        shown, self.capped = first_results(ids)
        super().__init__(shown, per_page)
        self.cap = SEARCH_WINDOW
        self.cases = cases

    def _get_page(self, object_list, number, paginator):
        found = self.cases.in_bulk(object_list)
        ordered = [found[pk] for pk in object_list if pk in found]
        return super()._get_page(ordered, number, paginator)


def first_results(window: list[int]) -> tuple[list[int], bool]:
    """The first SEARCH_WINDOW ids of a search's window, and whether it held more."""
    return window[:SEARCH_WINDOW], len(window) > SEARCH_WINDOW


def search_window(filterset) -> list[int]:
    """The ids of the first SEARCH_WINDOW + 1 results of a filtered search."""
    if filterset.relevance_query:
        return search.ranked_ids(
            filterset.unsearched, filterset.relevance_query, SEARCH_WINDOW + 1
        )
    return list(filterset.qs.values_list("pk", flat=True)[: SEARCH_WINDOW + 1])


def without_empty(query: QueryDict) -> QueryDict:
    """``query`` without its empty values (a GET form sends every field, the empty
    ones too): what the list's URLs and the API's page links carry."""
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        if filled := [value for value in values if value.strip()]:
            kept.setlist(key, filled)
    return kept
