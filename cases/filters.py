"""The case list's filters, shared by the list page and the JSON API."""

from django import forms
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from cases.models import Initiative, Metric, Practice, Region, SourceArticle, Theme
from cases.search.query import MAX_QUERY_CHARS


class InitiativeFilter(FilterSet):
    q = CharFilter(method="filter_q", label="关键词", max_length=MAX_QUERY_CHARS)
    region = ModelChoiceFilter(
        queryset=Region.objects.all(), method="filter_region", label="地区（含下级）"
    )
    theme = ModelChoiceFilter(
        field_name="themes", to_field_name="slug", queryset=Theme.objects.all(),
        label="主题",
    )
    practice = ModelChoiceFilter(
        field_name="practices", queryset=Practice.objects.all(), label="做法/品牌"
    )
    source = ModelChoiceFilter(
        field_name="sources", queryset=SourceArticle.objects.all(), label="来源文章"
    )
    metric_kind = ChoiceFilter(
        field_name="metrics__kind", choices=Metric.Kind.choices, label="数据类别",
        distinct=True,
    )
    metric = CharFilter(
        field_name="metrics__subject", lookup_expr="contains", label="数据名称包含",
        distinct=True, max_length=50,
    )

    class Meta:
        model = Initiative
        fields = ["q", "region", "theme", "practice", "source", "metric_kind", "metric"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)


class PageSizeForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=500, required=False)
