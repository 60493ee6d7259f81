"""What machines read, in one language at one address (never under /en/): the JSON
API, the CSV exports, the Atom feed, sitemap.xml (which lists the pages in both
languages), robots.txt, security.txt and the favicon."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from cases import api, views
from cases.feeds import LatestCasesFeed
from cases.sitemaps import SITEMAPS

app_name = "endpoints"

urlpatterns = [
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
