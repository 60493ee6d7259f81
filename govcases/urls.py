from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),  # Chinese only
    path("", include("cases.endpoint_urls")),
    # The pages in Chinese at / and in English at /en/ (cases.middleware reads the
    # language from the URL alone).
    *i18n_patterns(path("", include("cases.urls")), prefix_default_language=False),
]

# Errors under /api/ answer in JSON like the API itself; the site keeps its pages.
handler400 = "cases.views.errors.bad_request"
handler404 = "cases.views.errors.page_not_found"
handler500 = "cases.views.errors.server_error"
