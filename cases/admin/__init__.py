"""Curation: curators review, edit and publish cases here, in Chinese. The history
and revert views (versions), the import and its review (imports) and the auth admin
in Chinese (auth) are modules of this package."""

from decimal import Decimal
from functools import partial

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.db import models, transaction
from django.db.models import Count, DecimalField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms import CheckboxSelectMultiple
from django.urls import path, reverse
from django.utils.html import format_html

from cases import history, search
from cases.admin import auth  # noqa: F401  (the auth admin, permissions in Chinese)
from cases.admin.imports import import_view
from cases.admin.versions import (
    CaseHistoryAdmin,
    FigureHistoryAdmin,
    HistoryAdmin,
    VersionCheckedForm,
)
from cases.lib.provenance import locate_quote
from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)

admin.site.site_header = "治理案例库 · 管理后台"
admin.site.site_title = "治理案例库管理"
admin.site.index_title = "内容管理"

CONTEXT_CHARS = 60


class UncasedSearchAdmin(admin.ModelAdmin):
    """Search fields compared as they are (LIKE) when the words searched have no
    letter case, as Chinese has none, rather than upper-cased (UPPER(...) LIKE): on
    PostgreSQL, upper-casing every article's text cost most of each count of a
    large library (docs/profiles.md). SQLite's LIKE ignores case either way."""

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        words = request.GET.get(SEARCH_VAR, "")
        if words.upper() != words.lower():
            return fields
        return [f"{field}__contains" for field in fields]


def related_count(model, field: str):
    """How many ``model`` rows point at each listed row through ``field``, counted
    for the rows shown: joining and grouping every row first made a large list slow
    to page and to count (docs/profiles.md)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


def quote_in_context(metric: Metric):
    """The quote highlighted inside the article text around it."""
    if not (metric.source_id and metric.quote):
        return "—"
    text = metric.source.text
    found = locate_quote(metric.quote, text)
    if found is None:
        return format_html('<span class="errornote">{}</span>', "引述未在文章中找到")
    start, end = found
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return format_html(
        '<span class="quote-context">…{}<mark>{}</mark>{}…</span>',
        before,
        text[start:end],
        after,
    )


@admin.register(Region)
class RegionAdmin(HistoryAdmin, UncasedSearchAdmin):
    list_display = ["chain", "level", "inferred", "code"]
    list_filter = ["level", "inferred"]
    search_fields = ["name", "chain"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["chain"]
    fields = ["name", "level", "parent", "inferred", "code", "chain"]


@admin.register(Community)
class CommunityAdmin(HistoryAdmin, UncasedSearchAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    list_select_related = ["region"]
    search_fields = ["name", "region__chain"]
    autocomplete_fields = ["region"]


class PlainNumberInput(forms.NumberInput):
    """A decimal as typed: 89, 85.7 (the column keeps four places: 89.0000)."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().format_value(value)


class PlainNumbers:
    """Admin forms that show figures' values without trailing zeros."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, DecimalField):
            kwargs["widget"] = PlainNumberInput(attrs={"step": "any"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class QuotedMetricInline(admin.TabularInline):
    model = Metric
    fields = [
        "subject",
        "kind",
        "display_value",
        "period",
        "case",
        "quote_context",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "本文引述的数据"

    @admin.display(description="原文位置")
    def quote_context(self, metric):
        return quote_in_context(metric)

    @admin.display(description="数值")
    def display_value(self, metric):
        return metric.display_value

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SourceArticle)
class SourceArticleAdmin(HistoryAdmin, UncasedSearchAdmin):
    list_display = [
        "title",
        "publication",
        "published_on",
        "origin",
        "metric_count",
        "case_link",
    ]
    search_fields = ["title", "origin", "author", "text"]
    date_hierarchy = "published_on"
    inlines = [QuotedMetricInline]

    def get_urls(self):
        view = self.admin_site.admin_view(partial(import_view, self))
        return [
            path("import/", view, name="cases_sourcearticle_import"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(metric_count=related_count(Metric, "source"))
        )

    @admin.display(description="数据条数", ordering="metric_count")
    def metric_count(self, article):
        return article.metric_count

    @admin.display(description="案例")
    def case_link(self, article):
        changelist = reverse("admin:cases_case_changelist")
        return format_html(
            '<a href="{}?{}={}">查看案例</a>',
            changelist,
            SourceFilter.parameter_name,
            article.pk,
        )


@admin.register(Theme)
class ThemeAdmin(UncasedSearchAdmin):
    list_display = ["name", "slug", "position", "description"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Practice)
class PracticeAdmin(HistoryAdmin, UncasedSearchAdmin):
    list_display = ["name", "case_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(case_count=related_count(Case.practices.through, "practice"))
        )

    @admin.display(description="案例数", ordering="case_count")
    def case_count(self, practice):
        return practice.case_count


class MetricInline(PlainNumbers, admin.TabularInline):
    """The case's figures as a table, one row each, the quote in its article
    folded until opened."""

    model = Metric
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        "position",
        "subject",
        "kind",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "period",
        "year_from",
        "year_to",
        "source",
        "quote",
        "quote_context",
    ]
    readonly_fields = ["quote_context"]
    show_change_link = True
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})},
    }

    @admin.display(description="在文章中的位置")
    def quote_context(self, metric):
        return format_html(
            "<details><summary>查看</summary>{}</details>", quote_in_context(metric)
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class ProvinceFilter(admin.SimpleListFilter):
    """Everything at or below a province or city, by the region's materialised path."""

    title = "地区"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Region.objects.filter(depth__lte=1).order_by("path")
        return [(region.pk, "　" * region.depth + region.name) for region in regions]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        region = Region.objects.filter(pk=self.value()).first()
        if region is None:
            return queryset.none()
        return queryset.in_region(region)


class SourceFilter(admin.SimpleListFilter):
    """The cases of one article, opened from the article list's 查看案例 link: a
    library's articles are too many to list beside the cases. Shown only while in use, to be cleared; one that names no article lists
    no case."""

    title = "来源文章"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        if self.value() is None:
            return []
        chosen = SourceArticle.objects.filter(pk=self.article_id()).only("title")
        title = next((article.title for article in chosen), "（没有这篇来源文章）")
        return [(self.value(), title)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.article_id() is None:
            return queryset.none()
        return queryset.filter(sources=self.article_id())

    def article_id(self) -> int | None:
        value = self.value() or ""
        return int(value) if value.isascii() and value.isdigit() else None


class CaseAdminForm(VersionCheckedForm, forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "title",
            "slug",
            "status",
            "summary",
            "description",
            "region",
            "communities",
            "practices",
            "themes",
            "sources",
        ]

    def checked_case_id(self):
        return self.instance.pk


@admin.register(Case)
class CaseAdmin(CaseHistoryAdmin):
    form = CaseAdminForm
    list_display = ["title", "region", "status", "metric_count", "updated_at"]
    list_filter = ["status", ProvinceFilter, "themes", SourceFilter]
    list_select_related = ["region"]
    search_fields = ["title", "summary", "practices__name", "region__chain"]
    autocomplete_fields = ["region", "communities", "practices", "sources"]
    readonly_fields = ["created_at", "updated_at", "published_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    "summary",
                    "loaded_version",
                ]
            },
        ),
        ("详细介绍", {"fields": ["description"], "classes": ["collapse"]}),
        ("地点", {"fields": ["region", "communities"]}),
        ("做法与主题", {"fields": ["practices", "themes"]}),
        ("来源", {"fields": ["sources"]}),
        ("时间", {"fields": ["created_at", "updated_at", "published_at"]}),
    ]
    inlines = [MetricInline]
    actions = ["publish", "send_to_review", "send_back_to_draft"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(metric_count=related_count(Metric, "case"))
        )

    def get_search_results(self, request, queryset, search_term):
        """The site's search engine, so that 吃茶话事 or 网格+ find what they should;
        the list keeps its own order (newest first, or the column clicked), so the
        matches are not ranked."""
        return search.matching(queryset, search_term), False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="数据条数", ordering="metric_count")
    def metric_count(self, case):
        return case.metric_count

    def _set_status(self, request, queryset, status, verb):
        with transaction.atomic():
            # Read locked, so that no edit saved meanwhile is written over.
            cases = list(
                Case.objects.filter(pk__in=queryset.values("pk"))
                .exclude(status=status)
                .select_for_update()
            )
            history.record_baseline(Case, [case.pk for case in cases])
            for case in cases:
                case.status = status
                case.save()  # Case.save stamps published_at on publishing
            if reversion.is_active():
                reversion.set_comment(f"批量{verb}（{len(cases)} 个案例）")
        self.message_user(
            request, f"已将 {len(cases)} 个案例{verb}。", messages.SUCCESS
        )

    @admin.action(description="发布所选案例", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Case.Status.PUBLISHED, "发布")

    @admin.action(description="撤回发布（转为待审核）", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._set_status(request, queryset, Case.Status.REVIEW, "转为待审核")

    @admin.action(description="退回草稿", permissions=["change"])
    def send_back_to_draft(self, request, queryset):
        self._set_status(request, queryset, Case.Status.DRAFT, "退回草稿")


class MetricAdminForm(VersionCheckedForm, forms.ModelForm):
    class Meta:
        model = Metric
        fields = [
            "case",
            "source",
            "subject",
            "kind",
            "value",
            "value_max",
            "unit",
            "qualifier",
            "period",
            "year_from",
            "year_to",
            "quote",
            "position",
        ]

    def checked_case_id(self):
        return self.instance.case_id


@admin.register(Metric)
class MetricAdmin(FigureHistoryAdmin, PlainNumbers, UncasedSearchAdmin):
    form = MetricAdminForm
    list_display = ["subject", "display_value", "period", "years", "case"]
    list_filter = ["kind", "unit"]
    list_select_related = ["case"]
    # The newest figures first, by the primary key: the model's order, by each
    # case's date, sorted every figure joined to its case.
    ordering = ["-pk"]
    search_fields = ["subject", "quote", "case__title"]
    autocomplete_fields = ["case", "source"]
    readonly_fields = ["quote_context"]

    @admin.display(description="数值")
    def display_value(self, metric):
        return metric.display_value

    @admin.display(description="年份")
    def years(self, metric):
        return metric.years or "—"

    @admin.display(description="在文章中的位置")
    def quote_context(self, metric):
        return quote_in_context(metric)
