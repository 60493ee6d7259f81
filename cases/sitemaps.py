"""sitemap.xml: the public pages that show published content, each in Chinese and
in English, with the other language and the default (Chinese) as alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import Case, Practice, Region, SourceArticle


class LocalisedSitemap(Sitemap):
    i18n = True  # every page at / (Chinese) and at /en/
    alternates = True
    x_default = True


class CaseSitemap(LocalisedSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Case.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class RegionSitemap(LocalisedSitemap):
    """Every region that has published cases at or below it."""

    changefreq = "weekly"

    def items(self):
        ids = Case.objects.published().region_counts()
        return Region.objects.filter(pk__in=list(ids)).only("pk").order_by("path")


class PracticeSitemap(LocalisedSitemap):
    changefreq = "weekly"

    def items(self):
        published = Case.objects.published().values("pk")
        practices = Practice.objects.filter(cases__in=published)
        return practices.distinct().order_by("pk")


class ThemeSitemap(LocalisedSitemap):
    changefreq = "weekly"

    def items(self):
        themes = Case.objects.published().theme_counts()
        return sorted(themes, key=lambda theme: (theme.position, theme.pk))

    def location(self, item):
        return reverse("cases:theme-detail", args=[item.slug])


class ArticleSitemap(LocalisedSitemap):
    """Source articles of published cases: an article only a draft cites stays out."""

    changefreq = "yearly"

    def items(self):
        published = Case.objects.published().values("pk")
        return (
            SourceArticle.objects.filter(cases__in=published)
            .defer("text")
            .distinct()
            .order_by("pk")
        )


class StaticSitemap(LocalisedSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "cases:home",
            "cases:case-list",
            "cases:region-index",
            "cases:compare",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "static": StaticSitemap,
    "cases": CaseSitemap,
    "regions": RegionSitemap,
    "themes": ThemeSitemap,
    "practices": PracticeSitemap,
    "articles": ArticleSitemap,
}
