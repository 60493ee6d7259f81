"""Where cases happen: the administrative tree (Region) and its communities."""

from collections import Counter
from collections.abc import Iterable

import reversion
from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from cases.lib.gazetteer import by_name
from cases.models.base import CHAIN_SEPARATOR, SiteState, detail_url


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
        cases = self.model._meta.get_field("cases").related_model.objects
        below = cases.published().filter(
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
