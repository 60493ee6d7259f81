from django.contrib import admin
from django.urls import include, path

from cases.admin_import import import_urls

urlpatterns = [
    *import_urls(),  # /admin/cases/import-article/: paste an article, get drafts
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
]
