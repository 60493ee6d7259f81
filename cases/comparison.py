"""The compare page: one kind of figure across places, as tables and bar charts.

The charts are laid out here, in numbers, so the template only draws them: one chart
per unit, because 85% and 131个 cannot share an axis, and changes (较上年度增长25%)
apart from levels (办结率85.7%), because a change is a distance between two levels.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.lib.subjects import subject_key
from cases.models import Case, Metric, subjects_containing

MAX_ROWS = 100  # a subject like 社 matches most figures; a chart stays readable
COMMON_TERMS = 24

SORTS = {  # name: (described as, ordering)
    "value": (_("按数值从小到大"), ("value", "pk")),
    "-value": (_("按数值从大到小"), ("-value", "-pk")),
    "place": (_("按地区"), ("case__region__chain", "case_id", "position")),
    "subject": (_("按统计对象"), ("subject", "-value", "pk")),
}
DEFAULT_SORT = "-value"
VALUE_SORTS = ("value", "-value")
# Up to this many subjects, a value sort reads each subject's first figures and
# merges them (MetricQuerySet.first_ids_by_value); past it, one sort of them all.
MERGED = 20


class CompareForm(forms.Form):
    subject = forms.CharField(
        label=_("统计对象包含"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("统计对象最多 %(limit_value)d 个字。")},
    )
    kind = forms.ChoiceField(
        label=_("数据类别"),
        choices=[("", _("全部类别")), *Metric.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("没有“%(value)s”这一数据类别。")},
    )
    unit = forms.CharField(
        label=_("单位"),
        max_length=12,
        required=False,
        error_messages={"max_length": _("单位最多 %(limit_value)d 个字。")},
    )
    sort = forms.ChoiceField(
        choices=[(name, name) for name in SORTS],
        required=False,
        error_messages={
            "invalid_choice": _("排序方式无效，可用 value、-value、place 或 subject。")
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
class Section:
    """Levels, or changes (较上年度增长25%): never in one chart or one ranking."""

    is_change: bool
    metrics: list[Metric]
    charts: list["Chart"]

    @property
    def title(self) -> str:
        return _("增减变化") if self.is_change else _("数值")


@dataclass
class Comparison:
    metrics: list[Metric]
    truncated: bool  # more than MAX_ROWS figures matched
    sections: list[Section]
    sort_label: str

    @property
    def charts(self) -> list["Chart"]:
        return [chart for section in self.sections for chart in section.charts]


def compare(subject="", kind="", unit="", sort=DEFAULT_SORT) -> Comparison:
    """The first MAX_ROWS matching figures, levels apart from changes, and their
    charts."""
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
    sections = []
    for is_change in (False, True):
        group = [m for m in metrics if (m.kind == Metric.Kind.CHANGE) == is_change]
        if group:
            sections.append(Section(is_change, group, bar_charts(group, is_change)))
    label = SORTS[sort][0]
    comparison = Comparison(metrics, len(found) > MAX_ROWS, sections, label)
    for number, chart in enumerate(comparison.charts, start=1):
        chart.number = number
    return comparison


@dataclass
class CommonTerm:
    word: str
    figures: int
    places: int


def common_terms(limit: int = COMMON_TERMS) -> list[CommonTerm]:
    """The figures places compare: subjects, or the key several subjects share
    (办结率, 解决问题: cases.lib.subjects), that two or more places report, those
    most places report first. A place is a case's region."""
    rows = Metric.objects.published().order_by().values_list("subject", "case__region")
    places: dict[str, set[int]] = defaultdict(set)
    figures: Counter = Counter()
    for subject, region in rows:
        for word in {subject, subject_key(subject)} - {""}:
            places[word].add(region)
            figures[word] += 1
    shared = {word: len(where) for word, where in places.items() if len(where) >= 2}
    # A subject its key already stands for, in as many places, adds nothing.
    shown = [
        CommonTerm(word, figures[word], n)
        for word, n in shared.items()
        if shared.get(subject_key(word), 0) < n or subject_key(word) == word
    ]
    shown.sort(key=lambda term: (-term.places, -term.figures, term.word))
    return shown[:limit]


# Each chart is a list of rows that the page lays out: the place and subject
# beside the bar on a wide screen, above it on a narrow one; a bar's width is a
# share of the row's bar space.
LABEL_CHARS = 16


@dataclass
class Bar:
    metric: Metric
    place: str
    subject: str
    width: float  # percent of the bar space


@dataclass
class Chart:
    unit: str
    is_change: bool
    bars: list[Bar] = field(default_factory=list)
    number: int = 0  # its place on the page, for its element ids

    @property
    def highest(self) -> Bar:
        return max(self.bars, key=lambda bar: bar.metric.value)

    @property
    def lowest(self) -> Bar:
        return min(self.bars, key=lambda bar: bar.metric.value)


def bar_charts(metrics, is_change: bool = False) -> list[Chart]:
    """A bar chart per unit, bars in the order given, scaled to the largest."""
    by_unit: dict[str, list[Metric]] = defaultdict(list)
    for metric in metrics:
        by_unit[metric.unit].append(metric)
    charts = []
    for unit, group in by_unit.items():
        top_value = max(metric.value for metric in group)
        chart = Chart(unit, is_change)
        for metric in group:
            chart.bars.append(
                Bar(
                    metric=metric,
                    place=_shorten(short_place(metric.case)),
                    subject=_shorten(metric.subject),
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
    """``value`` as a percentage of ``top_value``; a value above zero shows."""
    if not value or not top_value:
        return 0
    return round(max(float(value / top_value) * 100, 0.5), 1)


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
