"""A figure a case reports (Metric), tied to the verbatim sentence it came from."""

from decimal import Decimal

import reversion
from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.lib.numbers import states_value
from cases.lib.provenance import quote_is_in
from cases.lib.subjects import subject_key
from cases.models.library import SourceArticle

# Past this many distinct subjects containing a word, a LIKE over the figures is cheaper
# than an IN list of them.
SUBJECT_LIST_LIMIT = 500


def _subjects() -> list[tuple[str, str, str]]:
    """Every distinct figure subject, case-folded and with its ``subject_key``,
    cached until content changes."""
    return shared_cache.get_or_set(
        "metric-subjects",
        lambda: [
            (subject, subject.casefold(), subject_key(subject))
            for subject in Metric.objects.order_by()
            .values_list("subject", flat=True)
            .distinct()
        ],
    )


def subjects_containing(word: str) -> list[str] | None:
    """The distinct figure subjects that contain ``word``, ignoring case, or whose
    key it is (解决问题 finds 解决群众急难愁盼问题: cases.lib.subjects); None when
    there are more than SUBJECT_LIST_LIMIT. Figures are many and their distinct
    subjects few: the subjects are cached until content changes, so a search of
    them costs no scan of every figure."""
    wanted = word.casefold()
    matching = [
        subject
        for subject, folded, key in _subjects()
        if wanted in folded or key == word
    ]
    return None if len(matching) > SUBJECT_LIST_LIMIT else matching


def subjects_keyed(word: str) -> list[str]:
    """The subjects whose key is ``word`` but that do not contain it."""
    wanted = word.casefold()
    return [
        subject
        for subject, folded, key in _subjects()
        if key == word and wanted not in folded
    ]


class MetricQuerySet(models.QuerySet):
    def published(self):
        """Figures of published cases. Few cases are unpublished, so their figures are
        left out, rather than each figure's case read (a join touches every case row)
        or matched against every published id (a list as long as the library)."""
        return self.exclude(case__in=self._cases().unpublished().values("pk"))

    def _cases(self):
        """The cases figures belong to (a model above this module)."""
        return self.model._meta.get_field("case").related_model.objects

    def in_region(self, region):
        """Figures of cases at or below ``region``."""
        return self.filter(case__region__in=type(region).objects.below(region))

    def kind_totals(self) -> list[tuple[str, str, int]]:
        """(kind, label, figures) of each kind among these figures, most first."""
        rows = self.order_by().values_list("kind").annotate(n=models.Count("pk"))
        return Metric.kinds_counted(dict(rows))

    def first_ids(self, ordering: tuple[str, ...], limit: int) -> list[int]:
        """The ids of the first ``limit`` figures in ``ordering``."""
        return list(self.order_by(*ordering).values_list("pk", flat=True)[:limit])

    def first_ids_by_value(
        self, subjects: list[str], ordering: tuple[str, ...], limit: int
    ) -> list[int]:
        """``first_ids`` of the published figures of a few ``subjects`` by value:
        each subject's first ``limit`` read in index order from (subject, value, id),
        then merged, instead of every figure of them read and sorted (a common
        subject has thousands: docs/profiles.md). Unpublished cases are left out
        figure by figure here (NOT EXISTS): only the figures read are checked. A
        database that cannot order the parts of a UNION (SQLite, where a plain sort
        of them is quick) sorts them all."""
        if not connection.features.supports_slicing_ordering_in_compound:
            return (
                self.published().filter(subject__in=subjects).first_ids(ordering, limit)
            )
        unpublished = self._cases().unpublished().filter(pk=OuterRef("case"))
        figures = self.exclude(Exists(unpublished))
        parts = [
            figures.filter(subject=subject)
            .values_list("pk", "value")
            .order_by(*ordering)[:limit]
            for subject in subjects
        ]
        if len(parts) == 1:
            return [pk for pk, _ in parts[0]]
        merged = parts[0].union(*parts[1:], all=True).order_by(*ordering)[:limit]
        return [pk for pk, _ in merged]

    def meeting(self, subject="", kind="", minimum=None, maximum=None):
        """Figures that match all of these (办结率 ≥ 85): what a figure filter
        selects."""
        figures = self.about(subject) if subject else self.all()
        if kind:
            figures = figures.filter(kind=kind)
        if minimum is not None:
            figures = figures.filter(value__gte=minimum)
        if maximum is not None:
            figures = figures.filter(value__lte=maximum)
        return figures

    def about(self, word: str):
        """Figures whose subject contains ``word`` (办结 finds 议事办结率), ignoring
        case, or whose subject's key it is (解决问题): an index look-up of
        ``subjects_containing`` it where they are few enough to list."""
        subjects = subjects_containing(word)
        if subjects is None:
            return self.filter(
                models.Q(subject__icontains=word)
                | models.Q(subject__in=subjects_keyed(word))
            )
        return self.filter(subject__in=subjects)

    def for_table(self, cases) -> list["Metric"]:
        """The figures of these cases, in the cases' order, with what a table of
        them shows. The cases come from a public list, so they are published."""
        order = {case.pk: i for i, case in enumerate(cases)}
        figures = self.filter(case__in=list(order)).with_case_and_source()
        return sorted(figures, key=lambda m: (order[m.case_id], m.position, m.pk))

    def with_case_and_source(self):
        """Each figure's case, region and source in the same query, without the
        article text, which a table of figures never shows."""
        return self.select_related("case__region", "source").defer("source__text")

    def kind_counts(self, cases):
        """How many of ``cases`` report at least one figure of each kind."""
        rows = (
            self.filter(case__in=cases.order_by().values("pk"))
            .order_by()
            .values_list("kind")
            .annotate(case_count=models.Count("case", distinct=True))
        )
        return Metric.kinds_counted(dict(rows))


@reversion.register()
class Metric(models.Model):
    """A figure a case reports, tied to the verbatim sentence it came from."""

    class Kind(models.TextChoices):
        COUNT = "count", _("数量")
        PEOPLE = "people", _("人数")
        RATE = "rate", _("比率")
        MONEY = "money", _("金额")
        AREA = "area", _("面积")
        DURATION = "duration", _("时长")
        TIME_LIMIT = "time_limit", _("时限")
        OTHER = "other", _("其他")
        # A difference between two levels (较上年度增长25%, 同比减少8.1%): never
        # compared with levels (cases.lib.changes).
        CHANGE = "change", _("增减变化")

    QUALIFIERS = [
        "余",
        "多",
        "以上",
        "超",
        "近",
        "约",
        "逾",
        "左右",
        "数十",
        "数百",
        "数千",
        "数万",
    ]

    case = models.ForeignKey(
        "cases.Case", models.CASCADE, related_name="metrics", verbose_name="案例"
    )
    source = models.ForeignKey(
        SourceArticle, models.PROTECT, related_name="metrics", verbose_name="来源文章"
    )
    subject = models.CharField("统计对象", max_length=100, help_text="如：收集居民诉求")
    kind = models.CharField("类别", max_length=16, choices=Kind)
    value = models.DecimalField("数值", max_digits=16, decimal_places=4)
    value_max = models.DecimalField(
        "上限",
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="范围的上限，如“2—3次”中的 3。",
    )
    unit = models.CharField("单位", max_length=12, blank=True)
    qualifier = models.CharField(
        "限定词",
        max_length=8,
        blank=True,
        choices=[(q, q) for q in QUALIFIERS],
        help_text="数值是约数或下限时填写，如“余”“超”“以上”。",
    )
    period = models.CharField("时期", max_length=40, blank=True)
    # The years the period names, resolved with the article's date
    # (cases.lib.periods): 2023年以来 is 2023–; 目前 is up to the article's year.
    year_from = models.PositiveSmallIntegerField(
        "起始年份",
        null=True,
        blank=True,
        help_text="时期所指的第一年，如“2023年以来”为 2023；无从确定时留空。",
    )
    year_to = models.PositiveSmallIntegerField(
        "截止年份",
        null=True,
        blank=True,
        help_text="时期所指的最后一年，如 2024 年文章中的“今年”为 2024；无从确定时留空。",
    )
    quote = models.TextField("原文引述", help_text="来源文章中包含此数字的原句。")
    position = models.PositiveSmallIntegerField("排序", default=0)

    objects = MetricQuerySet.as_manager()

    class Meta:
        verbose_name = "数据"
        verbose_name_plural = "数据"
        ordering = ["case", "position", "pk"]
        indexes = [
            # Compare page and metric filters: one subject across places.
            # The compare page reads a subject's figures by value, ties by id.
            models.Index(
                fields=["subject", "value", "id"], name="cases_metric_subject_value"
            ),
            models.Index(fields=["kind", "unit"], name="cases_metric_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="cases_metric_value_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="rate") | models.Q(value__lte=100),
                name="cases_metric_rate_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(year_from__isnull=True)
                | models.Q(year_to__isnull=True)
                | models.Q(year_from__lte=models.F("year_to")),
                name="cases_metric_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.subject} {self.display_value}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#metric-{self.pk}"

    @classmethod
    def kinds_counted(cls, counts: dict[str, int]) -> list[tuple[str, str, int]]:
        """(kind, label, cases) for each kind in ``counts``, most cases first."""
        order = {kind: i for i, kind in enumerate(cls.Kind.values)}
        labels = dict(cls.Kind.choices)
        return [
            (kind, labels[kind], n)
            for kind, n in sorted(counts.items(), key=lambda i: (-i[1], order[i[0]]))
        ]

    @property
    def display_value(self) -> str:
        """The figure as a reader says it: 超200名, 1.5万余个 → 15000余个, 2—3次."""
        if self.qualifier.startswith("数"):
            return f"{self.qualifier}{self.unit}"
        number = _plain(self.value)
        if self.value_max is not None:
            number = f"{number}—{_plain(self.value_max)}"
        if self.qualifier in ("超", "近", "约", "逾"):
            return f"{self.qualifier}{number}{self.unit}"
        if self.qualifier in ("余", "多"):
            return f"{number}{self.qualifier}{self.unit}"
        return f"{number}{self.unit}{self.qualifier}"  # 以上, 左右

    @property
    def years(self) -> str:
        """The years of the period in the page's language: 2024年, 2023—2025年,
        2023年以来, 截至2025年 (2024, 2023–2025, since 2023, up to 2025); "" if
        unknown."""
        start, end = self.year_from, self.year_to
        if start is not None and end is not None:
            if start == end:
                return gettext("%(year)s年") % {"year": start}
            return gettext("%(start)s—%(end)s年") % {"start": start, "end": end}
        if start is not None:
            return gettext("%(year)s年以来") % {"year": start}
        if end is not None:
            return gettext("截至%(year)s年") % {"year": end}
        return ""

    def clean(self):
        errors = {}
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            errors["year_to"] = "截止年份不能早于起始年份。"
        if self.value is not None and self.value < 0:
            errors["value"] = "数值不能为负数。"
        if self.kind == self.Kind.RATE and self.value is not None and self.value > 100:
            errors["value"] = "比率不能超过 100%。"
        if (
            self.value_max is not None
            and self.value is not None
            and self.value_max < self.value
        ):
            errors["value_max"] = "上限不能小于数值。"
        if self.source_id and self.quote:
            if not quote_is_in(self.quote, self.source.text):
                errors["quote"] = "原文引述在来源文章中找不到，请逐字复制原句。"
            elif self.value is not None and not states_value(
                self.quote, self.value, self.value_max, self.unit
            ):
                errors["quote"] = (
                    f"原文引述中没有写出数值 {self.display_value}，请核对数值、单位与引述。"
                )
        if errors:
            raise ValidationError(errors)


def _plain(value: Decimal) -> str:
    """15000.0000 → 15000, 85.7000 → 85.7."""
    return format(value.normalize(), "f")
