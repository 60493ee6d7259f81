"""The GovCases domain: regions, communities, source articles, cases, metrics."""

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

import reversion
from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import facets, search
from cases.bulk import listed
from cases.lib.gazetteer import by_name
from cases.lib.numbers import states_value
from cases.lib.periods import latest_year
from cases.lib.provenance import quote_is_in
from cases.lib.subjects import subject_key

CHAIN_SEPARATOR = " › "
ID_MARKER = 987654321  # stands for the id in a URL reversed once


def detail_url(view_name: str, pk: int) -> str:
    """``reverse(view_name, args=[pk])`` from a format reversed once per script
    prefix, URLconf and language (/en/ on English pages): pages link dozens to
    hundreds of cases, articles and practices (the compare page 200), and each
    reverse cost ~40 µs."""
    return _detail_url_format(
        view_name, get_script_prefix(), get_urlconf(), translation.get_language()
    ).format(pk)


@cache
def _detail_url_format(view_name: str, prefix: str, urlconf, language: str) -> str:
    url = reverse(view_name, args=[ID_MARKER], urlconf=urlconf)
    return url.replace(str(ID_MARKER), "{}")


class SiteState(models.Model):
    """One row: the content version, a token that every content change replaces, so
    that cached pages and counts shared by all app servers know when to recompute
    (cases.caching). Random rather than counted: a change that was rolled back
    cannot lend its token to a later one, with the values cached meanwhile."""

    content_version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "站点状态"
        verbose_name_plural = "站点状态"

    def __str__(self):
        return f"content version {self.content_version}"

    @classmethod
    def content_changed(cls) -> None:
        new = secrets.randbits(62)
        if not cls.objects.filter(pk=1).update(content_version=new):
            cls.objects.update_or_create(pk=1, defaults={"content_version": new})


class RegionQuerySet(models.QuerySet):
    def below(self, region: "Region"):
        """``region`` and everything under it, as an index range on the path: every
        path under "/9/19/" sorts from "/9/19/" up to "/9/190" ("/" precedes "0")."""
        return self.filter(path__gte=region.path, path__lt=region.path[:-1] + "0")

    def paths(self) -> dict[int, str]:
        """Every region's materialised path, cached until content changes."""
        return shared_cache.get_or_set(
            "region-paths", lambda: dict(Region.objects.values_list("pk", "path"))
        )

    def rolled_up(self, direct: Counter) -> Counter:
        """Cases at or below each region, from the cases directly in each."""
        paths = self.paths()
        counts: Counter = Counter()
        for region_id, n in direct.items():
            for part in paths[region_id].strip("/").split("/"):
                counts[int(part)] += n
        return counts

    def children_counted(self, counts: Counter, parent: "Region | None") -> list:
        """The regions right below ``parent`` (provinces when None) that ``counts``
        (rolled up) holds, with their counts, most first."""
        depth = 0 if parent is None else parent.depth + 1
        paths = self.paths()
        # Counts hold every ancestor of every case's region: thousands of ids to send
        # to the database, where a path tells each one's depth.
        at_depth = [pk for pk in counts if paths[pk].strip("/").count("/") == depth]
        children = self.filter(pk__in=at_depth)
        if parent is not None:
            children = children.filter(parent=parent)
        return sorted(((r, counts[r.pk]) for r in children), key=lambda i: -i[1])

    def from_chain(self, chain: list[dict]) -> tuple["Region", list["Region"]]:
        """The last region of a province-first chain of {"name", "level",
        "inferred"}, each level found under its parent or created; and the regions
        this created or changed. A level the chain names outright is no longer
        marked inferred."""
        parent, written = None, []
        for node in chain:
            region = self.filter(parent=parent, name=node["name"]).first()
            if region is None:
                region = Region(
                    parent=parent,
                    name=node["name"],
                    level=node["level"],
                    inferred=node["inferred"],
                )
                region.save()
                written.append(region)
            elif region.inferred and not node["inferred"]:
                region.inferred = False
                region.save()
                written.append(region)
            parent = region
        self.fill_codes(written)
        return parent, written

    def in_national_order(self):
        """By administrative code (GB/T 2260: 北京 11, 河北 13 … 新疆 65), the order
        of official lists; regions without a code last, by name."""
        no_code = models.ExpressionWrapper(
            models.Q(code=""), output_field=models.BooleanField()
        )
        return self.order_by(no_code, "code", "name")

    def fill_codes(self, regions: Iterable["Region"] | None = None) -> list["Region"]:
        """Give ``regions`` (every region when None) without a code the code of the
        official division their chain names: a province by its name, a city or
        county by its name among the divisions of its coded parent. A code already
        set is kept; a chain that leaves the official tree (自贡高新区) stops there.
        Returns the regions that got a code."""
        official = by_name()
        regions = sorted(
            self.all() if regions is None else regions, key=lambda r: r.depth
        )
        codes = dict(self.exclude(code="").values_list("pk", "code"))
        filled = []
        for region in regions:
            if region.code:
                codes[region.pk] = region.code
                continue
            code = _division_code(official, region, codes.get(region.parent_id))
            if code:
                region.code = codes[region.pk] = code
                filled.append(region)
        self.bulk_update(filled, ["code"])
        if filled:
            SiteState.content_changed()  # bulk_update sends no signal
        return filled

    def with_published_cases(self):
        """Regions with at least one published case at or below them."""
        below = Case.objects.published().filter(
            region__path__startswith=models.OuterRef("path")
        )
        return self.filter(models.Exists(below)).order_by("chain")


def _division_code(official: dict, region: "Region", parent_code: str | None) -> str:
    """The code of the one official division named like ``region`` right under
    its parent's code (a province's when it has no parent), or ""."""
    if region.parent_id is None:
        prefix, wanted = "", ("province",)
    elif not parent_code:
        return ""
    elif parent_code.endswith("0000"):  # under a province: a city, or a county
        prefix, wanted = parent_code[:2], ("city", "county")
    elif parent_code.endswith("00"):
        prefix, wanted = parent_code[:4], ("county",)
    else:
        return ""  # below a county the tree has no codes
    found = [
        division.code
        for division in official.get(region.name, ())
        if division.level in wanted
        and division.code.startswith(prefix)
        and division.code != parent_code
    ]
    return found[0] if len(found) == 1 else ""


class PublishedLinkQuerySet(models.QuerySet):
    """For models reached from cases: only what a published case uses."""

    def published(self):
        return self.filter(cases__status=Case.Status.PUBLISHED).distinct()


@reversion.register()
class Region(models.Model):
    """A node of the administrative tree 省 → 市/州 → 区/县 → 街道/镇."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡级")

    name = models.CharField("名称", max_length=60)
    level = models.CharField("层级", max_length=16, choices=Level)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级",
    )
    inferred = models.BooleanField(
        "推断层级",
        default=False,
        help_text="来源文章未写明此层级，由下级地名确定推断而来。",
    )
    code = models.CharField("行政区划代码", max_length=12, blank=True)
    # "/3/17/42/": the ids from the root down to this node, so that everything under
    # a region is one indexed path__startswith query.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    # "河南省 › 郑州市 › 金水区", kept with the path so lists never walk the tree.
    chain = models.CharField("完整名称", max_length=255, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["path"]
        constraints = [
            # A name is unique among its siblings; top-level names are unique too.
            models.UniqueConstraint(
                fields=["parent", "name"], name="cases_region_unique_sibling"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="cases_region_unique_root",
            ),
        ]

    def __str__(self):
        return self.chain or self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs = {}
            old_path, old_chain = self.path, self.chain
            self._compute_path()
            super().save(*args, **kwargs)
            if old_path and (old_path != self.path or old_chain != self.chain):
                for child in self.children.all():
                    child.save()

    def get_absolute_url(self):
        return detail_url("cases:region-detail", self.pk)

    def _compute_path(self):
        if self.parent_id:
            parent = self.parent
            self.path = f"{parent.path}{self.pk}/"
            self.chain = f"{parent.chain}{CHAIN_SEPARATOR}{self.name}"
            self.depth = parent.depth + 1
        else:
            self.path = f"/{self.pk}/"
            self.chain = self.name
            self.depth = 0

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "上级地区不能是自身或其下级。"})
            ancestor = ancestor.parent

    @property
    def chain_names(self) -> list[str]:
        return self.chain.split(CHAIN_SEPARATOR)

    def ancestor_links(self) -> list[tuple[int, str]]:
        """(id, name) of the regions above this one, province first, read from the
        stored path and chain: a breadcrumb without a query, so that every region
        page asks as many queries whatever its depth."""
        ids = self._ancestor_ids()
        names = self.chain_names[:-1]
        if len(names) != len(ids):  # a name holding the chain's separator
            return [(region.pk, region.name) for region in self.ancestors()]
        return list(zip(ids, names, strict=True))

    def ancestors(self):
        """The regions above this one, province first."""
        return Region.objects.filter(pk__in=self._ancestor_ids()).order_by("depth")

    def _ancestor_ids(self) -> list[int]:
        """From the stored path ("/9/19/23/" is 23's), province first."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]


@reversion.register()
class Community(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "社区", "社区"
        VILLAGE = "村", "村"
        ESTATE = "小区", "小区"
        OTHER = "其他", "其他"

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=8, choices=Kind, default=Kind.COMMUNITY)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="communities", verbose_name="所属地区"
    )

    class Meta:
        verbose_name = "社区/村"
        verbose_name_plural = "社区/村"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="cases_community_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.region.chain}{CHAIN_SEPARATOR}{self.name}"


def web_address(origin: str) -> str:
    """A source's origin when it is a web address, else "" (it names a file)."""
    return origin if origin.startswith(("https://", "http://")) else ""


@reversion.register()
class SourceArticle(models.Model):
    class Medium(models.TextChoices):
        NEWSPAPER = "newspaper", "报纸"
        JOURNAL = "journal", "期刊"
        WEB = "web", "网页"

    title = models.CharField("标题", max_length=300)
    publication = models.CharField("刊载媒体", max_length=120, blank=True)
    author = models.CharField("作者", max_length=200, blank=True)
    published_on = models.DateField(
        "发表日期",
        null=True,
        blank=True,
        help_text="文章或其出处写明的日期；没有写明时留空（页面显示“日期不详”）。",
    )
    medium = models.CharField(
        "载体",
        max_length=16,
        choices=Medium,
        blank=True,
        default="",
        db_default="",  # rows written without it (bulk loads) have none known
        help_text="有依据时填写（如“本报讯”为报纸，网站页面为网页），用于规范引用。",
    )
    origin = models.CharField(
        "来源", max_length=500, unique=True, help_text="原始文件名或网址。"
    )
    text = models.TextField("全文", help_text="按原文保存，不做改动。")

    objects = PublishedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "来源文章"
        verbose_name_plural = "来源文章"
        ordering = ["origin"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("cases:article-detail", self.pk)

    @property
    def origin_url(self) -> str:
        return web_address(self.origin)


class Theme(models.Model):
    name = models.CharField("名称", max_length=30, unique=True)
    # Curated, as the Chinese name is: English pages show it, and an English query
    # that names it finds the theme's cases (cases.english).
    name_en = models.CharField(
        "英文名称", max_length=60, blank=True, help_text="英文页面显示的名称。"
    )
    slug = models.SlugField("代码", max_length=40, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题"
        verbose_name_plural = "主题"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the page's language: the English name on English pages
        (the Chinese one while no English name is given)."""
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name

    @classmethod
    def counted(cls, counts: dict[int, int]) -> list["Theme"]:
        """The themes in ``counts`` (id: cases) with their ``case_count``, most
        first."""
        themes = list(cls.objects.filter(pk__in=counts))
        for theme in themes:
            theme.case_count = counts[theme.pk]
        return sorted(themes, key=lambda t: (-t.case_count, t.position, t.name))


@reversion.register()
class Practice(models.Model):
    """A named practice, brand, mechanism or team: 网格+, 吃茶话事, 小苑同学."""

    name = models.CharField("名称", max_length=80, unique=True)

    objects = PublishedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "做法/品牌"
        verbose_name_plural = "做法/品牌"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("cases:practice-detail", self.pk)

    @classmethod
    def most_used(cls, counts: dict[int, int], limit: int = 12) -> list["Practice"]:
        """The ``limit`` practices in ``counts`` (id: cases) used most, then by
        name, with their ``case_count``; names are read only for those that can
        be among them."""
        ranked = sorted(counts.values(), reverse=True)
        if not ranked:
            return []
        least = ranked[min(limit, len(ranked)) - 1]
        contenders = [pk for pk, n in counts.items() if n >= least]
        practices = list(cls.objects.filter(pk__in=listed(contenders)))
        for practice in practices:
            practice.case_count = counts[practice.pk]
        return sorted(practices, key=lambda p: (-p.case_count, p.name))[:limit]


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
        that stops after a page: on SQLite at 100,000 cases, listing every case
        with a rate made such a page's query 54 ms against 1.4 (counting every
        match case by case took 610 ms against 66 for 办结率 ≥ 85)."""
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
    # than saved over it (cases.admin_history.VersionCheckedForm). The database
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
            # Every case, newest first (the admin's list): without it, a list of
            # 100,000 cases was sorted whole, with each one's figures counted first.
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
        return self.exclude(case__in=Case.objects.unpublished().values("pk"))

    def in_region(self, region: Region):
        """Figures of cases at or below ``region``."""
        return self.filter(case__region__in=Region.objects.below(region))

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
        then merged, instead of every figure of them read and sorted (办结率 at
        100,000 cases: 22,000 figures, PostgreSQL 38 → 9 ms). Unpublished cases are
        left out figure by figure here (NOT EXISTS): only the figures read are
        checked. A database that cannot order the parts of a UNION (SQLite, whose
        plain sort of them takes 7 ms) sorts them all."""
        if not connection.features.supports_slicing_ordering_in_compound:
            return (
                self.published().filter(subject__in=subjects).first_ids(ordering, limit)
            )
        unpublished = Case.objects.unpublished().filter(pk=OuterRef("case"))
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
        Case, models.CASCADE, related_name="metrics", verbose_name="案例"
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
