"""Refuse requests whose parameters hold NUL bytes before any view sees them.

PostgreSQL cannot store or compare text containing NUL, so such a value would fail
deep in a query; no legitimate parameter holds one.
"""

from django.http import HttpResponseBadRequest, JsonResponse


class RejectNulBytesMiddleware:
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
