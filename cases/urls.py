from django.urls import path

from cases import api, views

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.initiative_list, name="initiative-list"),
    path("cases/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("regions/<int:pk>/", views.region_detail, name="region-detail"),
    path("practices/<int:pk>/", views.practice_detail, name="practice-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("api/cases/", api.case_list, name="api-case-list"),
    path("api/metrics/", api.metric_list, name="api-metric-list"),
]
