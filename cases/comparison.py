"""The compare page: one kind of figure across places, as a table and bar charts.

The charts are laid out here, in numbers, so the template only draws them: one chart
per unit, because 85% and 131个 cannot share an axis.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from cases import search
from cases.models import Case, Metric, subjects_containing

MAX_ROWS = 100  # a subject like 社 matches most figures; a chart stays readable
COMMON_TERMS = 24

SORTS = {  # name: (described as, ordering)
    "value": ("按数值从小到大", ("value", "pk")),
    "-value": ("按数值从大到小", ("-value", "-pk")),
    "place": ("按地区", ("case__region__chain", "case_id", "position")),
    "subject": ("按统计对象", ("subject", "-value", "pk")),
}
DEFAULT_SORT = "-value"
VALUE_SORTS = ("value", "-value")
# Up to this many subjects, a value sort reads each subject's first figures and
# merges them (MetricQuerySet.first_ids_by_value); past it, one sort of them all.
MERGED = 20


class CompareForm(forms.Form):
    subject = forms.CharField(
        label="统计对象包含",
        max_length=50,
        required=False,
        error_messages={"max_length": "统计对象最多 %(limit_value)d 个字。"},
    )
    kind = forms.ChoiceField(
        label="数据类别",
        choices=[("", "全部类别"), *Metric.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "没有“%(value)s”这一数据类别。"},
    )
    unit = forms.CharField(
        label="单位",
        max_length=12,
        required=False,
        error_messages={"max_length": "单位最多 %(limit_value)d 个字。"},
    )
    sort = forms.ChoiceField(
        choices=[(name, name) for name in SORTS],
        required=False,
        error_messages={
            "invalid_choice": "排序方式无效，可用 value、-value、place 或 subject。"
        },
    )

    @property
    def criteria(self) -> dict[str, str]:
        """The subject, kind and unit asked for, without the empty ones."""
        data = self.cleaned_data
        return {name: data[name] for name in ("subject", "kind", "unit") if data[name]}


def first_ids(subject="", kind="", unit="", sort=DEFAULT_SORT, limit=MAX_ROWS):
    """The ids of the first ``limit`` published figures whose subject contains
    ``subject``, of ``kind`` and ``unit`` where given, in ``sort`` order."""
    figures = Metric.objects.all()
    if kind:
        figures = figures.filter(kind=kind)
    if unit:
        figures = figures.filter(unit=unit)
    ordering = SORTS[sort][1]
    subjects = subjects_containing(subject) if subject else None
    if sort in VALUE_SORTS and subjects is not None and len(subjects) <= MERGED:
        return figures.first_ids_by_value(subjects, ordering, limit) if subjects else []
    figures = figures.published()
    if subject:
        figures = figures.about(subject)
    return figures.first_ids(ordering, limit)


@dataclass
class Comparison:
    metrics: list[Metric]
    truncated: bool  # more than MAX_ROWS figures matched
    charts: list["Chart"]
    sort_label: str


def compare(subject="", kind="", unit="", sort=DEFAULT_SORT) -> Comparison:
    """The first MAX_ROWS matching figures and their charts."""
    # Choose the rows on figures alone, then read their cases and sources.
    ids = first_ids(subject, kind, unit, sort, MAX_ROWS + 1)
    figures = (
        Metric.objects.filter(pk__in=ids)
        .with_case_and_source()
        .prefetch_related("case__communities")
    )
    position = {pk: i for i, pk in enumerate(ids)}
    found = sorted(figures, key=lambda metric: position[metric.pk])
    metrics = found[:MAX_ROWS]
    label = SORTS[sort][0]
    return Comparison(metrics, len(found) > MAX_ROWS, bar_charts(metrics), label)


@dataclass
class CommonTerm:
    word: str
    figures: int
    cases: int


def common_terms(limit: int = COMMON_TERMS) -> list[CommonTerm]:
    """Words that figures of two or more cases share (办结, 诉求, 网格), most first.

    Counts are of subjects that contain the word, which is what comparing it lists.
    """
    rows = list(Metric.objects.published().order_by().values_list("subject", "case_id"))
    subjects = {subject for subject, _ in rows}
    words = {word for subject in subjects for word in search.split_query(subject)}
    terms = []
    for word in words:
        cases = {case for subject, case in rows if word in subject}
        if len(cases) >= 2:
            figures = sum(word in subject for subject, _ in rows)
            terms.append(CommonTerm(word, figures, len(cases)))
    terms.sort(key=lambda term: (-term.cases, -term.figures, term.word))
    return terms[:limit]


# Chart geometry, in SVG user units.
CHART_WIDTH = 720
LABEL_WIDTH = 260  # place and subject, right-aligned left of the axis
BAR_SPACE = 360  # the longest bar; the rest is left for its value label
ROW_HEIGHT = 44
PADDING = 8
LABEL_CHARS = 16


@dataclass
class Bar:
    metric: Metric
    place: str
    subject: str
    top: int
    width: float

    @property
    def label_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass
class Chart:
    unit: str
    bars: list[Bar] = field(default_factory=list)
    width: int = CHART_WIDTH
    axis_x: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return 2 * PADDING + ROW_HEIGHT * len(self.bars)

    @property
    def highest(self) -> Bar:
        return max(self.bars, key=lambda bar: bar.metric.value)

    @property
    def lowest(self) -> Bar:
        return min(self.bars, key=lambda bar: bar.metric.value)


def bar_charts(metrics) -> list[Chart]:
    """A horizontal bar chart per unit, bars in the order given, scaled to the max."""
    by_unit: dict[str, list[Metric]] = defaultdict(list)
    for metric in metrics:
        by_unit[metric.unit].append(metric)
    charts = []
    for unit, group in by_unit.items():
        top_value = max(metric.value for metric in group)
        chart = Chart(unit)
        for row, metric in enumerate(group):
            chart.bars.append(
                Bar(
                    metric=metric,
                    place=_shorten(short_place(metric.case)),
                    subject=_shorten(metric.subject),
                    top=PADDING + row * ROW_HEIGHT,
                    width=_scaled(metric.value, top_value),
                )
            )
        charts.append(chart)
    return charts


def short_place(case: Case) -> str:
    """The lowest region and the communities: 学苑街道 · 滨溪社区."""
    names = [case.region.chain_names[-1]]
    names += [community.name for community in case.communities.all()]
    return " · ".join(names)


def _scaled(value: Decimal, top_value: Decimal) -> float:
    if not value or not top_value:
        return 0
    return round(max(float(value / top_value) * BAR_SPACE, 1), 1)


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
