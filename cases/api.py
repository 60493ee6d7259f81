"""Read-only JSON API of published content: /api/cases/ and /api/metrics/."""

from django.core.paginator import Paginator
from django.http import JsonResponse

from cases import paging
from cases.case_rows import CaseRow, case_rows, case_url_format
from cases.filters import CaseFilter, FigureScopeForm, PageSizeForm
from cases.models import Case

DEFAULT_PAGE_SIZE = 50


def _error(errors) -> JsonResponse:
    return JsonResponse(
        {"error": "参数无效", "details": errors},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _paginate(request, items, capped: bool = False):
    """(page, envelope) or raises ValueError with the errors of page / page_size.
    ``capped``: ``items`` are a search's first SEARCH_WINDOW results of more, so
    ``count`` stops there (``count_exact`` is false)."""
    form = PageSizeForm(request.GET)
    if not form.is_valid():
        raise ValueError(form.errors.get_json_data())
    size = form.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
    number = form.cleaned_data["page"] or 1
    paginator = Paginator(items, size)
    if number > max(paginator.num_pages, 1):
        raise LookupError
    page = paginator.page(number)

    def link(n):
        query = paging.without_empty(request.GET)
        query["page"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    envelope = {
        "count": paginator.count,
        "count_exact": not capped,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
    return page, envelope


def _filterset(request) -> CaseFilter:
    filterset = CaseFilter(request.GET, queryset=Case.objects.published())
    if not filterset.is_valid():
        raise ValueError(filterset.errors.get_json_data())
    return filterset


def _respond(request, build):
    try:
        return JsonResponse(build(), json_dumps_params={"ensure_ascii": False})
    except ValueError as error:
        return _error(error.args[0])
    except LookupError:
        return JsonResponse(
            {"error": "页码超出范围"},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )


def case_list(request):
    def build():
        filterset = _filterset(request)
        if filterset.form.cleaned_data.get("q"):
            ids, capped = paging.first_results(paging.search_window(filterset))
            page, envelope = _paginate(request, ids, capped)
        else:
            ids = filterset.qs.values_list("pk", flat=True)
            page, envelope = _paginate(request, ids)
        if filterset.interpretation is not None:
            envelope["interpretation"] = _interpretation(filterset)
        case_url = case_url_format(request)
        rows = case_rows(list(page.object_list))
        envelope["results"] = [_case(case_url, case) for case in rows]
        if filterset.figure_filter:
            _add_matched_figures(request, filterset, envelope["results"])
        return envelope

    return _respond(request, build)


def _interpretation(filterset) -> dict:
    """What the search query was searched as (cases.search.Interpretation)."""
    interpretation = filterset.interpretation
    message = ""
    if interpretation.unsearchable:
        message = "搜索词中没有可检索的文字（汉字、字母或数字），因此没有结果。"
    elif filterset.loosened:
        dropped = "、".join(interpretation.dropped)
        message = (
            f"没有案例包含完整的“{filterset.query}”，"
            + (f"已忽略：{dropped}；" if dropped else "")
            + f"按 {'、'.join(interpretation.terms)} 搜索。"
            + "exact_query 只搜索完整的原文。"
        )
    return {
        "query": filterset.query,
        "terms": list(interpretation.terms),
        "dropped": list(interpretation.dropped),
        "loosened": filterset.loosened,
        "relaxed": interpretation.relaxed,
        "unsearchable": interpretation.unsearchable,
        "exact_query": filterset.exact_query if filterset.loosened else None,
        "message": message,
    }


def _add_matched_figures(request, filterset, results: list[dict]) -> None:
    """Each case's figures that met the figure filter, best first, from one query
    for the page."""
    matched = filterset.matched_figures([result["id"] for result in results])
    for result in results:
        result["matched_metrics"] = [
            {
                key: value
                for key, value in _metric(request, figure).items()
                if key != "case"
            }
            for figure in matched.get(result["id"], [])
        ]


def metric_list(request):
    """The figures of the filtered cases; under a figure filter only those that met
    it, unless ``figures=all``."""

    def build():
        filterset = _filterset(request)
        scope = FigureScopeForm(request.GET)
        if not scope.is_valid():
            raise ValueError(scope.errors.get_json_data())
        metrics = (
            filterset.figures(every=scope.every)
            .with_case_and_source()
            .order_by("case_id", "position", "pk")
        )
        page, envelope = _paginate(request, metrics)
        envelope["results"] = [_metric(request, m) for m in page]
        return envelope

    return _respond(request, build)


def _case(case_url: str, case: CaseRow) -> dict:
    return {
        "id": case.pk,
        "title": case.title,
        "url": case_url.format(case.pk),
        "region": case.region_names,
        "communities": case.communities,
        "practices": case.practices,
        "themes": case.themes,
        "summary": case.summary,
        "metrics_count": case.metrics_count,
        "sources": [
            {"title": title, "origin": origin} for title, origin in case.sources
        ],
    }


def _metric(request, metric):
    case = metric.case
    return {
        "subject": metric.subject,
        "kind": metric.kind,
        "value": float(metric.value),
        "value_max": None if metric.value_max is None else float(metric.value_max),
        "unit": metric.unit,
        "qualifier": metric.qualifier,
        "period": metric.period,
        "quote": metric.quote,
        "case": {
            "id": case.pk,
            "title": case.title,
            "url": request.build_absolute_uri(case.get_absolute_url()),
            "region": case.region.chain_names,
        },
        "source": {"title": metric.source.title, "origin": metric.source.origin},
    }
