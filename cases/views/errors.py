"""Error handlers (govcases.urls): JSON under /api/, as the API documents; the
site's own pages elsewhere. They read nothing from the request but its path: the
error may be that its parameters or its host cannot be read."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.views import defaults

from cases import api


def _for_the_api(request) -> bool:
    return request.path_info.startswith(api.PATH_PREFIX)


def bad_request(request, exception):
    if not _for_the_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return api.error_response(f"查询参数过多（最多 {limit} 个）", 400)
    return api.error_response("请求无效", 400)


def page_not_found(request, exception):
    if not _for_the_api(request):
        return defaults.page_not_found(request, exception)
    return api.error_response("没有这个接口地址", 404)


def server_error(request):
    if not _for_the_api(request):
        return defaults.server_error(request)
    return api.error_response("服务器出错，请稍后再试", 500)
