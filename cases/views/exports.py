"""CSV downloads of the case list and of its figures, filtered like the list page.

UTF-8 with a BOM so that Excel reads the Chinese; streamed in chunks, each chunk a
fixed number of queries whatever the number of rows.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from cases.case_rows import CaseRow, SourceRow, case_rows, case_url_format
from cases.filters import CaseFilter, FigureScopeForm
from cases.models import Case, Metric

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000  # cases read at once
ROWS_PER_PIECE = 200  # rows sent at once
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
    "年份",
    "收录时间",
    "更新时间",
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
    "类别",
    "起始年份",
    "截止年份",
    "来源刊载媒体",
    "来源发表日期",
]


def case_export(request):
    filterset = CaseFilter(request.GET, queryset=Case.objects.published())
    if not filterset.is_valid():
        return _bad_request(filterset.form)
    ids = list(filterset.qs.values_list("pk", flat=True))
    case_url = case_url_format(request)
    rows = (
        _case_row(case_url, case)
        for start in range(0, len(ids), CHUNK_SIZE)
        for case in case_rows(ids[start : start + CHUNK_SIZE])
    )
    return _csv_response("govcases-cases.csv", CASE_HEADER, rows)


def metric_export(request):
    """The figures of the filtered cases; under a figure filter only those that met
    it, unless ``figures=all``."""
    filterset = CaseFilter(request.GET, queryset=Case.objects.published())
    scope = FigureScopeForm(request.GET)
    if not filterset.is_valid():
        return _bad_request(filterset.form)
    if not scope.is_valid():
        return _bad_request(scope)
    metrics = (
        filterset.figures(every=scope.every)
        .with_case_and_source()
        .order_by("case__region__chain", "case_id", "position", "pk")
    )
    rows = (_metric_row(metric) for metric in metrics.iterator(CHUNK_SIZE))
    return _csv_response("govcases-metrics.csv", METRIC_HEADER, rows)


def _case_row(case_url: str, case: CaseRow) -> list:
    return [
        case.pk,
        case.title,
        case.region_chain,
        LIST_SEPARATOR.join(case.communities),
        LIST_SEPARATOR.join(case.practices),
        LIST_SEPARATOR.join(case.themes),
        case.summary,
        case.metrics_count,
        "；".join(_source(source) for source in case.sources),
        case_url.format(case.pk),
        _blank_if_none(case.year),
        _date(case.published_at),
        _date(case.updated_at),
    ]


def _source(source: SourceRow) -> str:
    """标题（刊载媒体，发表日期，原始文件名或网址）."""
    publication = source.publication or "刊载媒体不详"
    published = _date(source.published_on) or "日期不详"
    return f"{source.title}（{publication}，{published}，{source.origin}）"


def _metric_row(metric: Metric) -> list:
    return [
        metric.case.title,
        metric.case.region.chain,
        metric.subject,
        _number(metric.value),
        _number(metric.value_max),
        metric.unit,
        metric.qualifier,
        metric.period,
        metric.quote,
        metric.source.title,
        metric.source.origin,
        metric.get_kind_display(),
        _blank_if_none(metric.year_from),
        _blank_if_none(metric.year_to),
        metric.source.publication,
        _date(metric.source.published_on),
    ]


def _blank_if_none(value) -> str:
    return "" if value is None else str(value)


def _date(value: date | datetime | None) -> str:
    """2025-12-16; a moment as its local date; nothing → empty."""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return "" if value is None else value.isoformat()


def _number(value: Decimal | None) -> str:
    """85.7000 → 85.7, 15000.0000 → 15000; no value → empty."""
    return "" if value is None else format(value.normalize(), "f")


def neutralise(value) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_response(filename: str, header: list[str], rows: Iterable[list]):
    def chunks() -> Iterator[str]:
        """The file in pieces of ROWS_PER_PIECE rows: a piece per row made the
        server write (and the test client join) a thousand pieces per export."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(BOM)
        writer.writerow(header)
        for number, row in enumerate(rows, start=1):
            writer.writerow([neutralise(cell) for cell in row])
            if number % ROWS_PER_PIECE == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad_request(form) -> HttpResponse:
    lines = ["参数无效，无法导出。请修改以下条件后重试："]
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field else "筛选条件"
        lines += [f"{label}：{error}" for error in errors]
    return HttpResponse(
        "\n".join(lines), status=400, content_type="text/plain; charset=utf-8"
    )
