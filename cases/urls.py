"""The pages, in Chinese at / and in English at /en/ (govcases.urls); what machines
read is in cases.endpoint_urls."""

from django.urls import path, register_converter

from cases import views

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
]
