"""A case: one place's practice, as its source articles report it."""

from collections import Counter, defaultdict

import reversion
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from cases import facets, search
from cases.bulk import listed
from cases.lib.periods import latest_year
from cases.models.base import detail_url
from cases.models.figures import Metric
from cases.models.library import Practice, SourceArticle, Theme
from cases.models.places import Community, Region


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Case.Status.PUBLISHED)

    def unpublished(self):
        """Drafts and cases in review, as an index look-up (not a NOT-equal scan)."""
        published = Case.Status.PUBLISHED
        return self.filter(status__in=[s for s in Case.Status if s != published])

    def in_region(self, region: Region):
        return self.filter(region__in=Region.objects.below(region))

    def among(self, ids: list[int]):
        """These cases, their ids sent as one parameter (``listed``)."""
        return self.filter(pk__in=listed(ids))

    def search(self, query: str):
        return search.search(self, query)

    def update(self, **kwargs):
        """Also re-index the cases when their status or date changes: the search
        index keeps copies of both, which a bulk update would otherwise leave
        behind (a withdrawn case still found by searches of published cases)."""
        if not {"status", "published_at"} & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic():
            ids = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            search.index(ids)
        return updated

    def with_metric(
        self, subject="", kind="", minimum=None, maximum=None, per_case=False
    ):
        """Cases reporting one figure that matches all of these (办结率 ≥ 85).

        The matching figures' cases are listed once, what counting every match
        needs; ``per_case`` checks each case instead, for a list read newest first
        that stops after a page: on SQLite, listing every case with a rate first
        made such a page's query many times slower, while counting every match case
        by case is slower than the list (docs/profiles.md)."""
        if not subject and not kind and minimum is None and maximum is None:
            return self
        figures = Metric.objects.meeting(subject, kind, minimum, maximum)
        if per_case:
            return self.filter(
                models.Exists(figures.filter(case=models.OuterRef("pk")))
            )
        return self.filter(pk__in=figures.values("case"))

    def advance_version(self) -> None:
        """Record that these cases changed through their links or figures, which
        their own save does not see: their version and last change move on."""
        self.update(version=F("version") + 1, updated_at=timezone.now())

    def years(self) -> list[int]:
        """The years of these cases, newest first."""
        rows = self.exclude(year=None).order_by("-year").values_list("year", flat=True)
        return list(rows.distinct())

    def by_year(self):
        """Newest year first, then newest published; cases of no known year last."""
        return self.order_by(
            models.F("year").desc(nulls_last=True), "-published_at", "-pk"
        )

    def refresh_years(self) -> list["Case"]:
        """Recompute these cases' ``year``: the year their newest dated source
        article was published or, when no source has a date, the latest year their
        figures' periods name (2024年, 截至2025年); None when neither says. Returns
        the cases whose year changed."""
        ids = list(self.order_by().values_list("pk", flat=True))
        dated = Case.sources.through.objects.filter(
            case__in=listed(ids), sourcearticle__published_on__isnull=False
        )
        newest = dict(
            dated.order_by()
            .values_list("case")
            .annotate(newest=models.Max("sourcearticle__published_on"))
        )
        figure_years = defaultdict(set)
        resolved = (
            Metric.objects.filter(case__in=listed(ids))
            .exclude(year_from=None, year_to=None)
            .values_list("case", "year_from", "year_to")
        )
        for pk, start, end in resolved:
            figure_years[pk].add(latest_year(start, end))
        changed = []
        for case in Case.objects.filter(pk__in=listed(ids)).only("pk", "year"):
            published = newest.get(case.pk)
            year = published.year if published else max(figure_years[case.pk] or [None])
            if case.year != year:
                case.year = year
                changed.append(case)
        Case.objects.bulk_update(changed, ["year"])
        return changed

    def for_listing(self):
        """What a case's card shows besides its own fields."""
        return self.select_related("region").prefetch_related(
            "practices", "communities"
        )

    def with_sources(self):
        """Each case's source articles, without their full text (up to 20,000
        characters each, never shown beside a case)."""
        return self.prefetch_related(
            models.Prefetch("sources", SourceArticle.objects.defer("text"))
        )

    def facets(self, region: "Region | None") -> dict:
        """The case list's facet counts of these cases, each from its own query."""
        return {
            "theme_counts": self.theme_counts(),
            "region_counts": self.child_region_counts(region),
            "practice_counts": list(self.practice_counts()),
            "kind_counts": Metric.objects.kind_counts(self),
        }

    def stored_facets(self, region: "Region | None") -> dict:
        """``facets`` counted from the facet keys each case's search index entry
        keeps, in one read: for a search's results (at most 1,000 cases), where
        joining them to three link tables was half of a first search's time
        (docs/profiles.md)."""
        in_region: Counter = Counter()
        keys = []
        rows = self.order_by().values_list("region", "search_entry__facets")
        for region_id, keys_of_case in rows:
            in_region[region_id] += 1
            keys += (keys_of_case or "").split()
        themes, practices, kinds = facets.counted(keys)
        counts = Region.objects.rolled_up(in_region)
        return {
            "theme_counts": Theme.counted(themes),
            "region_counts": Region.objects.children_counted(counts, region),
            "practice_counts": Practice.most_used(practices),
            "kind_counts": Metric.kinds_counted(kinds),
        }

    def theme_counts(self) -> list["Theme"]:
        """Each theme with how many of these cases carry it (``case_count``), most
        first; counted from the link table, driven by these cases."""
        links = Case.themes.through.objects.filter(
            case__in=self.order_by().values("pk")
        )
        return Theme.counted(
            dict(links.order_by().values_list("theme").annotate(n=models.Count("pk")))
        )

    def region_counts(self) -> Counter:
        """Cases at or below each region: one GROUP BY, rolled up through paths."""
        direct = self.order_by().values_list("region").annotate(n=models.Count("pk"))
        return Region.objects.rolled_up(Counter(dict(direct)))

    def practice_counts(self, limit: int = 12):
        """The practices most of these cases use, with how many use each."""
        return (
            Practice.objects.filter(cases__in=self.order_by().values("pk"))
            .annotate(case_count=models.Count("pk"))
            .order_by("-case_count", "name")[:limit]
        )

    def child_region_counts(self, parent: "Region | None"):
        """The regions right below ``parent`` (provinces when None), with counts."""
        return Region.objects.children_counted(self.region_counts(), parent)


# Each revision of a case holds its figures (cases.history).
@reversion.register(follow=("metrics",))
class Case(models.Model):
    """A case: one place's practice, as reported by its source articles."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"

    slug = models.SlugField(
        "标识", max_length=100, unique=True, help_text="稳定的英文标识，用于导入。"
    )
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("摘要")
    description = models.TextField("详细介绍", blank=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="cases", verbose_name="地区"
    )
    communities = models.ManyToManyField(
        Community, blank=True, related_name="cases", verbose_name="社区/村"
    )
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="cases", verbose_name="做法/品牌"
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="cases", verbose_name="主题"
    )
    sources = models.ManyToManyField(
        SourceArticle, related_name="cases", verbose_name="来源文章"
    )
    status = models.CharField(
        "状态", max_length=16, choices=Status, default=Status.DRAFT
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # The last change to the case, its links or its figures.
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # Advanced by every change to the case, its links or its figures (save(),
    # cases.signals), so that an edit begun before one of them is refused rather
    # than saved over it (cases.admin.versions.VersionCheckedForm). The database
    # default serves rows written outside the ORM (the benchmark corpus).
    version = models.PositiveIntegerField(
        "版本", default=1, db_default=1, editable=False
    )
    # Derived (CaseQuerySet.refresh_years, kept by cases.signals), so the list can
    # filter and sort by it.
    year = models.PositiveSmallIntegerField(
        "年份",
        null=True,
        blank=True,
        editable=False,
        help_text="来源文章的发表年份；来源文章都未注明日期时，取数据所属的最晚年份。",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "案例"
        verbose_name_plural = "案例"
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Public lists: published cases, newest first; with the region, the
            # index alone answers "published, in these regions, newest first".
            models.Index(
                fields=["status", "-published_at", "region"],
                name="cases_init_status_pub_region",
            ),
            # Everything under a region: the region ids come from a path range;
            # the date makes the index cover a region page's count and order.
            models.Index(
                fields=["region", "status", "-published_at"],
                name="cases_init_region_pub",
            ),
            # Every case, newest first (the admin's list): without it, the whole
            # list was sorted, with each case's figures counted first.
            models.Index(fields=["-published_at", "-id"], name="cases_init_newest"),
            # The list filtered or sorted by year, newest first within a year.
            models.Index(
                fields=["status", "-year", "-published_at"], name="cases_case_year"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with transaction.atomic():
            if not self._state.adding:
                # From the stored version, locked until the save commits: this
                # instance may have been read before a figure changed it.
                current = Case.objects.select_for_update().filter(pk=self.pk)
                self.version = current.values_list("version", flat=True).get() + 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {
                        *kwargs["update_fields"],
                        "version",
                        "updated_at",
                    }
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return detail_url("cases:case-detail", self.pk)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
