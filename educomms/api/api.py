"""The /api/v1 instance: authentication, the error format, the documentation pages and the routers.

Each module keeps its endpoints in its own `api.py` (a django-ninja Router) and is mounted here.
"""

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from educomms.api import errors
from educomms.api.auth import bearer, session
from educomms.api.schemas import gettext_lazy
from educomms.directives.api import router as directives_router
from educomms.monitoring.api import router as monitoring_router
from educomms.newsroom.api import router as newsroom_router
from educomms.org.api import router as org_router


class VendoredSwagger(DocsBase):
    """Swagger UI from our own static files (the CSP forbids inline script and outside assets)."""

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        return render(request, "api/docs.html", {"openapi_url": self.get_openapi_url(api, kwargs), "api": api})


class ReadableJSON(JSONRenderer):
    """UTF-8 JSON without \\u escapes: Vietnamese stays readable (and shorter) in every client."""

    json_dumps_params = {"ensure_ascii": False}


class EducommsAPI(NinjaAPI):
    """NinjaAPI whose every answer under /api/v1 — also a wrong address or a wrong method — is JSON in the
    one error format."""

    def _get_urls(self) -> list[Any]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    pattern.callback = self._index_view()
                else:
                    pattern.callback = self._json_not_allowed(pattern.callback)
        urls.append(re_path(r"^.*$", self._not_found_view(), name="not-found"))
        return urls

    def _json_not_allowed(self, view: Any) -> Any:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = errors.error_response(self, request, 405, "method_not_allowed",
                                                 _("Phương thức %(method)s không được hỗ trợ tại địa chỉ này.")
                                                 % {"method": request.method})
                response["Allow"] = allowed
            return response

        return wrapper

    def _not_found_view(self) -> Any:
        @csrf_exempt
        def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return errors.error_response(self, request, 404, "not_found",
                                         _("Không có địa chỉ API này. Xem tài liệu tại /api/v1/docs."))

        return not_found

    def _index_view(self) -> Any:
        def index(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return self.create_response(request, {
                "name": self.title,
                "version": self.version,
                "openapi": reverse(f"{self.urls_namespace}:openapi-json"),
                "docs": reverse(f"{self.urls_namespace}:openapi-view"),
            }, status=200)

        return index


api = EducommsAPI(
    title="educomms API",
    version="1",
    description=gettext_lazy(
        "API của educomms, nền tảng truyền thông ngành Giáo dục. Xác thực bằng mã truy cập cá nhân "
        "(`Authorization: Bearer <mã>`, tạo tại trang Tài khoản → Mã truy cập API) hoặc phiên đăng nhập "
        "(kèm X-CSRFToken cho yêu cầu ghi). Phạm vi dữ liệu giống hệt trên trang web: ngoài phạm vi trả về 404. "
        "Mọi lỗi có dạng {\"error\": {\"code\", \"message\", \"details\"}}; ngày giờ theo ISO 8601."
    ),
    urls_namespace="api",
    auth=[bearer, session],
    renderer=ReadableJSON(),
    docs=VendoredSwagger(),
)
errors.install(api)
api.add_router("", org_router)
api.add_router("", newsroom_router)
api.add_router("", directives_router)
api.add_router("", monitoring_router)
