"""The site's middleware: one content version per public read, whole public pages
through Django's cache middleware, the language from the URL, and the refusal of NUL
bytes."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.cache import UpdateCacheMiddleware
from django.utils import translation
from django.utils.cache import get_max_age, patch_cache_control

from cases import caching


class RejectNulBytesMiddleware:
    """Refuse parameters holding NUL before any view sees them: PostgreSQL cannot
    store or compare such text, so it would fail deep in a query, and no legitimate
    parameter holds one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [
            *request.GET.keys(),
            *(v for vs in request.GET.lists() for v in vs[1]),
        ]
        if any("\x00" in value for value in values):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "参数中含有无效字符（NUL）"},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return HttpResponseBadRequest(
                "参数中含有无效字符（NUL），请检查链接。".encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class LanguageFromURLMiddleware:
    """A page's language is its URL's alone: English under /en/ (govcases.urls'
    i18n_patterns), Chinese everywhere else, the admin included. Never the browser's
    Accept-Language or a cookie: with Django's LocaleMiddleware a browser asking for
    English got English validation messages inside Chinese pages, and each
    Accept-Language header would have its own copy of a page in the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path_language = translation.get_language_from_path(request.path_info)
        language = path_language or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # what the page cache keys on
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PinnedContentVersionMiddleware:
    """Read the content version once for a GET or HEAD and keep it for the request,
    so that a page, its cached copy and every cached count in it belong to one
    version (cases.caching)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with caching.version_pinned():
            return self.get_response(request)


class UpdatePublicPageCacheMiddleware(UpdateCacheMiddleware):
    """Django's UpdateCacheMiddleware (with FetchFromCacheMiddleware at the end of
    MIDDLEWARE), telling browsers not to keep the pages it keeps: the server's copy
    is dropped by the next edit (its key holds the content version), a browser's
    would not be. Pages Django must not cache (the admin's, with a session cookie
    set, private or errors) are not."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if get_max_age(response) == self.cache_timeout:  # kept, or served kept
            del response["Expires"]
            patch_cache_control(response, max_age=0)
        return response
