"""Read-only JSON API of published content: /api/cases/ and /api/metrics/, described
at /api/schema/ (OpenAPI 3)."""

from datetime import date, datetime
from decimal import Decimal
from functools import wraps

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cases import paging
from cases.api_schema import openapi_schema
from cases.case_rows import CaseRow, article_url_format, case_rows, case_url_format
from cases.filters import CaseFilter, FigureScopeForm, PageSizeForm
from cases.models import Case

DEFAULT_PAGE_SIZE = 50
PATH_PREFIX = "/api/"


def error_response(message: str, status: int, **details) -> JsonResponse:
    """Every API error: ``{"error": <Chinese message>, ...}`` with its status."""
    return JsonResponse(
        {"error": message, **details},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def read_only(view):
    """GET and HEAD only; anything else is refused in JSON like every API error.
    Exempt from CSRF, which guards writes, so that a POST gets this answer rather
    than the site's CSRF page."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request):
        if request.method not in ("GET", "HEAD"):
            response = error_response("只支持 GET 请求", 405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request)

    return wrapper


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
        return error_response("参数无效", 400, details=error.args[0])
    except LookupError:
        return error_response("页码超出范围", 404)


@read_only
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
        urls = {
            "case": case_url_format(request),
            "article": article_url_format(request),
        }
        rows = case_rows(list(page.object_list))
        envelope["results"] = [_case(urls, case) for case in rows]
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
    elif interpretation.aliases:
        message = "；".join(
            f"{match.kind} {match.written} 匹配：{'、'.join(match.names)}"
            for match in interpretation.aliases
        )
    return {
        "query": filterset.query,
        "terms": list(interpretation.terms),
        "dropped": list(interpretation.dropped),
        "loosened": filterset.loosened,
        "relaxed": interpretation.relaxed,
        "unsearchable": interpretation.unsearchable,
        "exact_query": filterset.exact_query if filterset.loosened else None,
        "aliases": [
            {"kind": match.kind, "written": match.written, "names": list(match.names)}
            for match in interpretation.aliases
        ],
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


@read_only
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


@read_only
def schema(request):
    """The API's OpenAPI 3 description (cases.api_schema)."""
    return JsonResponse(openapi_schema(), json_dumps_params={"ensure_ascii": False})


def _case(urls: dict[str, str], case: CaseRow) -> dict:
    return {
        "id": case.pk,
        "title": case.title,
        "url": urls["case"].format(case.pk),
        "region": case.region_names,
        "communities": case.communities,
        "practices": case.practices,
        "themes": case.themes,
        "summary": case.summary,
        "year": case.year,
        "published_at": _datetime(case.published_at),
        "updated_at": _datetime(case.updated_at),
        "metrics_count": case.metrics_count,
        "sources": [
            _source(urls["article"].format(source.pk), source)
            for source in case.sources
        ],
    }


def _metric(request, metric):
    case = metric.case
    source = metric.source
    return {
        "subject": metric.subject,
        "kind": metric.kind,
        "value": number(metric.value),
        "value_max": number(metric.value_max),
        "unit": metric.unit,
        "qualifier": metric.qualifier,
        "period": metric.period,
        "year_from": metric.year_from,
        "year_to": metric.year_to,
        "quote": metric.quote,
        "case": {
            "id": case.pk,
            "title": case.title,
            "url": request.build_absolute_uri(case.get_absolute_url()),
            "region": case.region.chain_names,
        },
        "source": _source(
            request.build_absolute_uri(source.get_absolute_url()), source
        ),
    }


def _source(url: str, source) -> dict:
    """A source article (model or SourceRow): ``url`` is its page here, with its
    text as published; ``origin`` its file name or its own address."""
    return {
        "title": source.title,
        "publication": source.publication,
        "published_on": _date(source.published_on),
        "origin": source.origin,
        "url": url,
    }


def number(value: Decimal | None) -> int | float | None:
    """A stored value as JSON writes it: 131, not 131.0; 85.7."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()
