"""CSV downloads of the case list and of its figures, filtered like the list page.

UTF-8 with a BOM so that Excel reads the Chinese; streamed in chunks, each chunk a
fixed number of queries whatever the number of rows.
"""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Count, Value
from django.db.models.functions import Concat
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from cases.filters import InitiativeFilter
from cases.models import Initiative, Metric, linked_names

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000
LIST_SEPARATOR = "、"

CASE_HEADER = [
    "id",
    "标题",
    "地区",
    "社区",
    "做法",
    "主题",
    "摘要",
    "数据条数",
    "来源",
    "网址",
]
METRIC_HEADER = [
    "案例",
    "地区",
    "统计对象",
    "数值",
    "上限",
    "单位",
    "限定词",
    "时期",
    "原文引述",
    "来源文章",
    "来源",
]


def case_export(request):
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        return _bad_request(filterset)
    ids = list(filterset.qs.values_list("pk", flat=True))
    case_url = _case_url_format(request)
    rows = (
        row
        for start in range(0, len(ids), CHUNK_SIZE)
        for row in _case_rows(case_url, ids[start : start + CHUNK_SIZE])
    )
    return _csv_response("govcases-cases.csv", CASE_HEADER, rows)


def metric_export(request):
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        return _bad_request(filterset)
    metrics = (
        Metric.objects.filter(initiative__in=filterset.qs.order_by().values("pk"))
        .with_case_and_source()
        .order_by("initiative__region__chain", "initiative_id", "position", "pk")
    )
    rows = (_metric_row(metric) for metric in metrics.iterator(CHUNK_SIZE))
    return _csv_response("govcases-metrics.csv", METRIC_HEADER, rows)


def _case_url_format(request) -> str:
    """A case page's absolute URL with ``{}`` for its id: reversing the URL for each
    of a thousand rows took a sixth of the export."""
    marker = 987654321
    url = reverse("cases:initiative-detail", args=[marker])
    return request.build_absolute_uri(url).replace(str(marker), "{}")


def _case_rows(case_url: str, ids: list[int]) -> Iterator[list]:
    """The rows of these cases, in this order, read as plain rows with one query
    per relation: model instances cost more than the rest of an export."""
    cases = {
        pk: rest
        for pk, *rest in Initiative.objects.filter(pk__in=ids).values_list(
            "pk", "title", "region__chain", "summary"
        )
    }
    communities = linked_names(
        Initiative.communities, ids, "community__name", "community__region__path"
    )
    practices = linked_names(Initiative.practices, ids, "practice__name")
    themes = linked_names(Initiative.themes, ids, "theme__name", "theme__position")
    sources = linked_names(
        Initiative.sources,
        ids,
        Concat(
            "sourcearticle__title", Value("（"), "sourcearticle__origin", Value("）")
        ),
        "sourcearticle__origin",
    )
    counts = dict(
        Metric.objects.filter(initiative__in=ids)
        .values_list("initiative")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk in ids:
        title, chain, summary = cases[pk]
        yield [
            pk,
            title,
            chain,
            LIST_SEPARATOR.join(communities[pk]),
            LIST_SEPARATOR.join(practices[pk]),
            LIST_SEPARATOR.join(themes[pk]),
            summary,
            counts.get(pk, 0),
            "；".join(sources[pk]),
            case_url.format(pk),
        ]


def _metric_row(metric: Metric) -> list:
    return [
        metric.initiative.title,
        metric.initiative.region.chain,
        metric.subject,
        _number(metric.value),
        _number(metric.value_max),
        metric.unit,
        metric.qualifier,
        metric.period,
        metric.quote,
        metric.source.title,
        metric.source.origin,
    ]


def _number(value: Decimal | None) -> str:
    """85.7000 → 85.7, 15000.0000 → 15000; no value → empty."""
    return "" if value is None else format(value.normalize(), "f")


def neutralise(value) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, line: str) -> str:
        return line


def _csv_response(filename: str, header: list[str], rows: Iterable[list]):
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield BOM
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad_request(filterset) -> HttpResponse:
    lines = ["参数无效，无法导出。请修改以下条件后重试："]
    for name, errors in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = field.label if field else "筛选条件"
        lines += [f"{label}：{error}" for error in errors]
    return HttpResponse(
        "\n".join(lines), status=400, content_type="text/plain; charset=utf-8"
    )
