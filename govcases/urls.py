from django.contrib import admin
from django.urls import include, path

from cases.admin_import import import_urls

urlpatterns = [
    *import_urls(),  # /admin/cases/import-article/: paste an article, get drafts
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
]

# Errors under /api/ answer in JSON like the API itself; the site keeps its pages.
handler400 = "cases.views.errors.bad_request"
handler404 = "cases.views.errors.page_not_found"
handler500 = "cases.views.errors.server_error"
