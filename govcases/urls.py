from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
]

# Errors under /api/ answer in JSON like the API itself; the site keeps its pages.
handler400 = "cases.views.errors.bad_request"
handler404 = "cases.views.errors.page_not_found"
handler500 = "cases.views.errors.server_error"
