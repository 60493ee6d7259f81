from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from cases import api, views
from cases.feeds import LatestCasesFeed
from cases.sitemaps import SITEMAPS

app_name = "cases"


class IdConverter:
    """A database id: at most 18 digits, so a huge number is a 404, not an overflow."""

    regex = "[0-9]{1,18}"
    to_python = int
    to_url = str


register_converter(IdConverter, "id")

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<id:pk>/", views.case_detail, name="case-detail"),
    path("regions/", views.region_index, name="region-index"),
    path("regions/<id:pk>/", views.region_detail, name="region-detail"),
    path("regions/<id:pk>/figures/", views.region_figures, name="region-figures"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("practices/<id:pk>/", views.practice_detail, name="practice-detail"),
    path("articles/<id:pk>/", views.article_detail, name="article-detail"),
    path("compare/", views.compare, name="compare"),
    path("cases/export.csv", views.case_export, name="case-export"),
    path("metrics/export.csv", views.metric_export, name="metric-export"),
    path("feeds/cases.atom", LatestCasesFeed(), name="case-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("api/cases/", api.case_list, name="api-case-list"),
    path("api/metrics/", api.metric_list, name="api-metric-list"),
    path("api/schema/", api.schema, name="api-schema"),
    path("favicon.ico", views.favicon, name="favicon"),
]
