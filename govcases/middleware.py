"""Site-wide middleware: one content version per request, a cache of whole public
pages, and the refusal of NUL bytes."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import get_cache_key, learn_cache_key

from cases import caching

UNCACHED_PREFIXES = ("/admin/", settings.STATIC_URL)


def is_public_read(request) -> bool:
    """A GET of a public page: what writes nothing and looks the same to everyone."""
    return request.method == "GET" and not request.path.startswith(UNCACHED_PREFIXES)


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


class PinnedContentVersionMiddleware:
    """Read the content version once for a public GET and keep it for the request,
    so a page and every cached count in it belong to one version (cases.caching)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        with caching.version_pinned():
            return self.get_response(request)


class PublicPageCacheMiddleware:
    """Whole public pages, kept in each process until content changes.

    At the top of MIDDLEWARE (below the version pin), so a kept page carries every
    header the others added and its key honours their Vary headers.
    Only a plain 200 answer to a public GET that sets no cookie and is not private is
    kept: admin pages, errors, streamed exports and static files are not. Every key
    holds the content version (cases.caching), so a publish, edit or delete shows on
    the next request in every process; nothing a signed-in curator sees on a public
    page differs from what a visitor sees.
    """

    MAX_BYTES = 256 * 1024

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        prefix = f"pages:{caching.content_version()}"
        key = get_cache_key(request, prefix, "GET", cache=self.cache)
        kept = self.cache.get(key) if key else None
        if kept is not None:
            return kept
        response = self.get_response(request)
        if self.keepable(response):
            key = learn_cache_key(
                request, response, caching.TIMEOUT, prefix, self.cache
            )
            self.cache.set(key, response, caching.TIMEOUT)
        return response

    def keepable(self, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and len(response.content) <= self.MAX_BYTES
        )
