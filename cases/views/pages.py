from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from cases import browse, english, maps, search
from cases.caching import cached
from cases.citations import case_citations
from cases.filters import CaseFilter
from cases.lib.provenance import split_by_quotes
from cases.models import Case, Metric, Practice, Region, SourceArticle, Theme
from cases.paging import SearchWindowPaginator, search_window, without_empty
from cases.similar import similar_cases

PAGE_SIZE = 20
FIGURES_PAGE_SIZE = 100


def home(request):
    published = Case.objects.published()
    context = cached(
        "home",
        (),
        lambda: {
            "stats": browse.knowledge_base_stats(),
            "provinces": published.child_region_counts(None),
            "themes": published.theme_counts(),
        },
    )
    context["newest"] = published.for_listing().order_by("-published_at", "-pk")[:6]
    context["region_map"] = maps.region_map(context["provinces"])
    return render(request, "cases/home.html", context)


def case_list(request):
    parameters = without_empty(request.GET)
    if parameters != request.GET:  # a form submitted without its script
        return redirect(f"{request.path}?{parameters.urlencode()}".rstrip("?"))
    named = english.query_as_filter(request.GET)
    if named is not None:  # the English name of a theme, a kind or a region
        return redirect(f"{request.path}?{named.urlencode()}")
    filterset = CaseFilter(request.GET, queryset=Case.objects.published())
    if not filterset.is_valid():
        return render(
            request, "cases/case_list.html", {"filter": filterset}, status=400
        )
    query = filterset.query
    if query:
        # A search pages through its first results and counts what is on them.
        paginator = SearchWindowPaginator(
            search_window(filterset), PAGE_SIZE, Case.objects.for_listing()
        )
    else:
        paginator = Paginator(filterset.newest_pages.for_listing(), PAGE_SIZE)
    window = paginator.object_list if query else None
    # Counts are cached until content changes.
    counts = cached(
        "list-counts",
        sorted(filterset.form.cleaned_data.items(), key=str),
        lambda: _list_counts(filterset, window),
    )
    if counts["case_count"] is not None:
        paginator.count = counts["case_count"]
    filterset.show_counts(counts["theme_counts"], counts["kind_counts"])
    page = _page(request, paginator)
    matched = filterset.matched_figures([case.pk for case in page])
    for case in page:
        case.matched_figures = matched.get(case.pk, [])
    context = {
        "filter": filterset,
        "page": page,
        "terms": search.highlight_terms(
            filterset.searched_query, filterset.interpretation
        ),
        "interpretation": filterset.interpretation,
        "named": english.shown_by_name(request.GET),
        "suggestions": None if page.paginator.count else browse.suggestions(filterset),
        "region_map": maps.region_map(
            counts["region_counts"], filterset.form.cleaned_data.get("region")
        ),
        **counts,
    }
    return render(request, "cases/case_list.html", context)


def case_detail(request, pk):
    case = get_object_or_404(
        Case.objects.published()
        .for_listing()
        .with_sources()
        .prefetch_related(
            "themes", Prefetch("metrics__source", SourceArticle.objects.defer("text"))
        ),
        pk=pk,
    )
    context = {
        "case": case,
        "similar": similar_cases(case),
        "citation": case_citations(case, request.build_absolute_uri),
    }
    return render(request, "cases/case_detail.html", context)


def region_index(request):
    tree = cached(
        "region-tree", (), lambda: browse.region_tree(Case.objects.published())
    )
    return render(request, "cases/region_index.html", {"tree": tree})


def region_detail(request, pk):
    region = get_object_or_404(Region, pk=pk)
    cases = Case.objects.published().in_region(region)
    page = _page(request, cases.for_listing().order_by("-published_at", "-pk"))
    if not page.paginator.count:
        raise Http404("此地区没有已发布的案例")
    below = cached(
        "region-below",
        region.pk,
        lambda: {
            "tree": browse.region_tree(cases, under=region, levels=1),
            "communities": browse.communities_with_counts(cases, region),
            "figure_kinds": Metric.objects.published().in_region(region).kind_totals(),
        },
    )
    context = {
        "region": region,
        "ancestors": region.ancestor_links(),
        "case_count": page.paginator.count,
        "page": page,
        "figure_count": sum(n for _, _, n in below["figure_kinds"]),
        "region_map": maps.region_map(
            [(node.region, node.case_count) for node in below["tree"]], region
        ),
        **below,
    }
    return render(request, "cases/region_detail.html", context)


def region_figures(request, pk):
    """Every figure of the published cases at or below a region, a page at a time:
    the full table the region page summarises."""
    region = get_object_or_404(Region, pk=pk)
    figures = (
        Metric.objects.published()
        .in_region(region)
        .with_case_and_source()
        .order_by("case__region__chain", "case_id", "position", "pk")
    )
    page = _page(request, Paginator(figures, FIGURES_PAGE_SIZE))
    if not page.paginator.count:
        raise Http404("此地区没有已发布的数据")
    context = {"region": region, "ancestors": region.ancestor_links(), "page": page}
    return render(request, "cases/region_figures.html", context)


def practice_detail(request, pk):
    practice = get_object_or_404(Practice.objects.published(), pk=pk)
    cases = practice.cases.published().for_listing()
    variants = browse.practice_variants(practice).prefetch_related("cases__region")
    context = {
        "practice": practice,
        "cases": cases,
        "variants": variants,
        "terms": [practice.name],  # each card shows this practice first, marked
    }
    return render(request, "cases/practice_detail.html", context)


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    cases = theme.cases.published().for_listing()
    context = {"theme": theme, "page": _page(request, cases)}
    return render(request, "cases/theme_detail.html", context)


def article_detail(request, pk):
    article = get_object_or_404(SourceArticle.objects.published(), pk=pk)
    metrics = article.metrics.published().select_related("case")
    context = {
        "article": article,
        "passages": split_by_quotes(article.text, metrics),
        "cases": article.cases.published().select_related("region"),
    }
    return render(request, "cases/article_detail.html", context)


def _list_counts(filterset, window: list[int] | None) -> dict:
    """The case list's total and facet counts; a search's are those of its
    ``window`` of first results, counted from their stored facet keys."""
    region = filterset.form.cleaned_data.get("region")
    if window is not None:
        return {
            "case_count": None,
            **Case.objects.among(window).stored_facets(region),
        }
    matches = filterset.matches
    return {"case_count": matches.count(), **matches.facets(region)}


def _page(request, items):
    """The requested page; a page number that is not a page is a 404."""
    paginator = items if isinstance(items, Paginator) else Paginator(items, PAGE_SIZE)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404("没有这一页") from error
