"""The case list's filters, shared by the list page, the exports and the JSON API."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import (
    CharFilter,
    ChoiceFilter,
    FilterSet,
    ModelChoiceFilter,
    NumberFilter,
)

from cases import search
from cases.caching import cached
from cases.english import chain_html
from cases.models import Case, Metric, Practice, Region, SourceArticle, Theme
from cases.search.query import MAX_QUERY_CHARS

QUOTE_CHARS = '"“”「」『』《》'


def year_label(year: int) -> str:
    return gettext("%(year)s年") % {"year": year}


def counted_label(label: str, count: int) -> str:
    """An option's label with the number of cases it would leave: 网格化管理（3）."""
    return gettext("%(label)s（%(count)s）") % {"label": label, "count": count}


def published_years() -> list[int]:
    """The years of published cases, newest first, cached until content changes."""
    return cached("case-years", (), lambda: Case.objects.published().years())


class CaseFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("metric_min"), data.get("metric_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("数值下限不能大于上限。"))
        return data


class CaseFilter(FilterSet):
    SORTS = [
        ("relevance", _("相关度")),
        ("newest", _("最新发布")),
        ("region", _("按地区")),
        ("year", _("按年份")),
    ]

    # Room for the quotes of the exact search that a loosened query links to.
    q = CharFilter(
        method="applied_together", label=_("关键词"), max_length=MAX_QUERY_CHARS + 2
    )
    # Choices name only what published cases use: a draft's place, practice or
    # source must not appear in a public list.
    # Region, practice and source have thousands of options at scale: the page
    # offers them as facet links and keeps a chosen one in a hidden field.
    region = ModelChoiceFilter(
        widget=forms.HiddenInput,
        queryset=lambda request: Region.objects.with_published_cases(),
        method="filter_region",
        label=_("地区（含下级）"),
        empty_label=_("全部地区"),
    )
    theme = ModelChoiceFilter(
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("主题"),
        empty_label=_("全部主题"),
    )
    practice = ModelChoiceFilter(
        field_name="practices",
        label=_("做法/品牌"),
        widget=forms.HiddenInput,
        queryset=lambda request: Practice.objects.published(),
        empty_label=_("全部做法"),
    )
    source = ModelChoiceFilter(
        field_name="sources",
        label=_("来源文章"),
        widget=forms.HiddenInput,
        queryset=lambda request: SourceArticle.objects.published(),
        empty_label=_("全部来源"),
    )
    # A case's year (Case.year): its sources' publication, else its figures' years.
    year = ChoiceFilter(
        field_name="year",
        choices=lambda: [(str(year), year_label(year)) for year in published_years()],
        label=_("年份"),
        empty_label=_("全部年份"),
    )
    # One figure must satisfy these together; applied in filter_queryset.
    metric_kind = ChoiceFilter(
        choices=Metric.Kind.choices,
        label=_("数据类别"),
        method="applied_together",
        empty_label=_("全部类别"),
    )
    metric = CharFilter(
        label=_("数据名称包含"), max_length=50, method="applied_together"
    )
    metric_min = NumberFilter(
        label=_("数值不低于"),
        method="applied_together",
        max_digits=16,
        decimal_places=4,
    )
    metric_max = NumberFilter(
        label=_("数值不高于"),
        method="applied_together",
        max_digits=16,
        decimal_places=4,
    )
    sort = ChoiceFilter(
        choices=SORTS, label=_("排序"), method="applied_together", empty_label=_("默认")
    )

    class Meta:
        model = Case
        form = CaseFilterForm
        fields = [
            "q",
            "region",
            "theme",
            "practice",
            "source",
            "year",
            "metric_kind",
            "metric",
            "metric_min",
            "metric_max",
            "sort",
        ]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["theme"].label_from_instance = lambda t: t.display_name
        self._offer_one_default_sort()

    def _offer_one_default_sort(self):
        """The sort menu names the default for what is asked (relevance with a
        search, newest without) as its first, empty option, and never offers it
        twice; any sort a URL names stays valid."""
        searching = bool((self.data.get("q") or "").strip())
        default = "relevance" if searching else "newest"
        labels = dict(self.SORTS)
        self.form.fields["sort"].widget.choices = [
            ("", gettext("%(sort)s（默认）") % {"sort": labels[default]}),
            *(
                (value, label)
                for value, label in self.SORTS
                if value != default and (searching or value != "relevance")
            ),
        ]

    def show_counts(self, theme_counts, kind_counts) -> None:
        """Label the theme and figure-kind options with the counts the side links
        show (``theme_counts``, ``kind_counts`` of CaseQuerySet.facets)."""
        themes = {theme.pk: theme.case_count for theme in theme_counts}
        self.form.fields["theme"].label_from_instance = lambda theme: counted_label(
            theme.display_name, themes.get(theme.pk, 0)
        )
        kinds = {kind: n for kind, _label, n in kind_counts}
        field = self.form.fields["metric_kind"]
        field.choices = [
            (value, counted_label(label, kinds.get(value, 0)) if value else label)
            for value, label in field.choices
        ]

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def applied_together(self, queryset, name, value):
        return queryset

    @property
    def query(self) -> str:
        """The search query as the user wrote it (cleaned), or ""."""
        return self.form.cleaned_data.get("q") or ""

    @cached_property
    def interpretation(self) -> search.Interpretation | None:
        """What the search query was searched as, decided among the cases the other
        filters select; None without a query."""
        return search.interpret(self.unsearched, self.query) if self.query else None

    @property
    def loosened(self) -> bool:
        """Whether the query was searched as words of it rather than as written: a
        sentence that matches nothing is split into its words, and the words no
        case holds are dropped (``interpretation.relaxed``)."""
        if self.interpretation is None or self.interpretation.unsearchable:
            return False
        written = tuple(term.text for term in search.parse_query(self.query))
        return self.interpretation.terms != written

    @property
    def searched_query(self) -> str:
        """What the engine is given: the query, or the words a loosened one was
        searched as (as they are, so that they are not worked out twice)."""
        if self.loosened:
            return " ".join(self.interpretation.terms)
        return self.query

    @property
    def exact_query(self) -> str:
        """The query quoted whole, which is searched exactly as written."""
        return '"' + self.query.strip(QUOTE_CHARS) + '"'

    @property
    def relevance_query(self) -> str:
        """The searched query when results come in relevance order, else ""."""
        sort = self.form.cleaned_data.get("sort")
        return self.searched_query if sort in (None, "", "relevance") else ""

    @cached_property
    def matches(self):
        """The cases these filters select, in no particular order (``qs`` orders)."""
        return search.matching(self.unsearched, self.searched_query)

    @cached_property
    def unsearched(self):
        """The cases every filter but the search query selects."""
        return self._filtered(per_case=False)

    def _filtered(self, per_case: bool):
        return (
            super()
            .filter_queryset(self.queryset.all())
            .with_metric(**self.figure_filter, per_case=per_case)
        )

    @property
    def figure_filter(self) -> dict:
        """What one figure of each case must meet (subject, kind, minimum, maximum:
        MetricQuerySet.meeting); empty when no figure filter is set."""
        data = self.form.cleaned_data
        values = {
            "subject": data.get("metric") or "",
            "kind": data.get("metric_kind") or "",
            "minimum": data.get("metric_min"),
            "maximum": data.get("metric_max"),
        }
        return values if any(v not in ("", None) for v in values.values()) else {}

    def figures(self, every: bool = False):
        """The figures of the cases these filters select: only those that meet the
        figure filter, unless ``every`` one of those cases' figures is asked for."""
        figures = Metric.objects.filter(case__in=self.matches.order_by().values("pk"))
        if self.figure_filter and not every:
            figures = figures.meeting(**self.figure_filter)
        return figures

    def matched_figures(self, case_ids: list[int]) -> dict[int, list[Metric]]:
        """Each of these cases' figures that meet the figure filter, best first (the
        highest for a minimum, the lowest for a maximum alone), read in one query
        with their case and source; empty without a figure filter."""
        if not self.figure_filter:
            return {}
        # The cases' own figures, each marked whether it meets the filter: a
        # subject's figures are many in a large library, and with the filter in its
        # WHERE clause SQLite read them all from the (subject, value) index rather
        # than the page's cases' few.
        meeting = Metric.objects.meeting(**self.figure_filter).filter(pk=OuterRef("pk"))
        figures = Metric.objects.filter(case__in=case_ids).annotate(
            meets=Exists(meeting)
        )
        if self.figure_filter["minimum"] is not None:
            ordering = ("-value", "position", "pk")
        elif self.figure_filter["maximum"] is not None:
            ordering = ("value", "position", "pk")
        else:
            ordering = ("position", "pk")
        found: dict[int, list[Metric]] = {}
        for figure in figures.with_case_and_source().order_by(*ordering):
            if figure.meets:
                found.setdefault(figure.case_id, []).append(figure)
        return found

    @property
    def newest_pages(self):
        """``qs`` without a search, newest first, to read a page at a time (never
        to count or read whole): each case's figures are checked as the date order
        reaches it (with_metric's per_case)."""
        if self.form.cleaned_data.get("sort") in ("region", "year"):
            return self.qs
        return self._filtered(per_case=True).order_by("-published_at", "-pk")

    def filter_queryset(self, queryset):
        if self.relevance_query:
            return search.search(self.unsearched, self.relevance_query)
        queryset = self.matches
        data = self.form.cleaned_data
        sort = data.get("sort")
        if sort == "newest":
            return queryset.order_by("-published_at", "-pk")
        if sort == "region":
            return queryset.order_by("region__chain", "-published_at", "-pk")
        if sort == "year":  # undated cases last
            return queryset.by_year()
        return queryset  # newest (the model's ordering)

    @property
    def active(self) -> list[tuple[str, str, str]]:
        """(parameter, label, shown value) of every filter in use, for removal
        links; a region is shown by its chain, a theme by its name, each in the
        page's language."""
        shown = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "") or name == "sort":
                continue
            field = self.form.fields[name]
            if name in ("metric_kind", "year"):
                text = str(dict(field.choices).get(value, value))
            elif name == "region":
                text = chain_html(value.chain)
            elif name == "theme":
                text = value.display_name
            else:
                text = str(value)
            shown.append((name, field.label, text))
        return shown


class FigureScopeForm(forms.Form):
    """Which figures a figures export or the figures API gives under a figure
    filter: those that met it (the default), or all of the cases' figures."""

    figures = forms.ChoiceField(
        choices=[
            ("matching", _("符合数据条件的数据")),
            ("all", _("所选案例的全部数据")),
        ],
        required=False,
        label=_("数据范围"),
    )

    @property
    def every(self) -> bool:
        return self.cleaned_data.get("figures") == "all"


class PageSizeForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=500, required=False)
