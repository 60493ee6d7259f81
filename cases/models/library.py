"""What cases are told by and named with: source articles, themes and practices."""

import reversion
from django.db import models
from django.utils import translation

from cases.bulk import listed
from cases.models.base import PublishedLinkQuerySet, detail_url, web_address


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
