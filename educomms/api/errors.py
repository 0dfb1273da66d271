"""One error format for every error /api/v1 returns:

    {"error": {"code": "not_found", "message": "<Vietnamese, for people>", "details": [...]}}

`code` is stable, for programs; `message` is for people and follows the request's language;
`details` lists field problems as {"field", "message", "type"} (empty when there are none).
Internals (tracebacks, SQL, exception texts) never leave the server.
"""

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("educomms.api")


class ApiError(HttpError):
    """An error we raise ourselves, with its code and a message already written for people."""

    def __init__(self, status_code: int, code: str, message: str, details: list[dict] | None = None) -> None:
        super().__init__(status_code, message)
        self.code = code
        self.details = details or []


class InvalidToken(ApiError, AuthenticationError):
    """A token was presented and is wrong, revoked or expired, or its person is inactive."""

    def __init__(self) -> None:
        ApiError.__init__(self, 401, "unauthorized", _("Mã truy cập không hợp lệ, đã bị thu hồi hoặc đã hết hạn."))


class SecondFactorRequired(ApiError, AuthenticationError):
    def __init__(self) -> None:
        ApiError.__init__(self, 401, "second_factor_required",
                          _("Đơn vị của bạn yêu cầu xác thực hai lớp: hãy hoàn tất trên trang web rồi thử lại."))


class CsrfFailed(ApiError):
    def __init__(self) -> None:
        super().__init__(403, "csrf_failed",
                         _("Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại."))


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "payload_too_large", 422: "validation_error", 429: "rate_limited"}


def _default_message(status: int) -> str:
    messages = {
        400: _("Yêu cầu không hợp lệ (không đọc được dữ liệu gửi lên)."),
        401: _("Cần đăng nhập hoặc gửi mã truy cập trong tiêu đề “Authorization: Bearer <mã>”."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy."),
        405: _("Phương thức này không được hỗ trợ tại địa chỉ này."),
        409: _("Dữ liệu xung đột với dữ liệu đã có."),
        413: _("Dữ liệu gửi lên quá lớn."),
        422: _("Dữ liệu gửi lên chưa hợp lệ."),
        429: _("Quá nhiều yêu cầu. Hãy thử lại sau ít phút."),
    }
    return messages.get(status, _("Đã có lỗi xảy ra."))


def error_body(code: str, message: str, details: list[dict] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "details": details or []}}


def error_response(api: "NinjaAPI", request: HttpRequest, status: int, code: str, message: str,
                   details: list[dict] | None = None) -> HttpResponse:
    response = api.create_response(request, error_body(code, message, details), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="educomms"'
    return response


# --- Pydantic validation errors in Vietnamese -------------------------------------------------------

def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Cần một số nguyên.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Cần giá trị đúng/sai (true hoặc false).")
    if kind in ("string_type",):
        return _("Cần một chuỗi ký tự.")
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _("Ngày không hợp lệ: dùng dạng NNNN-TT-NN, ví dụ 2026-02-05.")
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")  # pydantic writes "'a', 'b' or 'c'"
        return _("Giá trị không hợp lệ. Chấp nhận: %(expected)s.") % {"expected": expected}
    if kind == "string_too_short":
        return _("Không được để trống.") if ctx.get("min_length") == 1 else _(
            "Quá ngắn (tối thiểu %(n)s ký tự).") % {"n": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("Quá dài (tối đa %(n)s ký tự).") % {"n": ctx.get("max_length")}
    if kind == "greater_than_equal":
        return _("Phải lớn hơn hoặc bằng %(n)s.") % {"n": ctx.get("ge")}
    if kind == "greater_than":
        return _("Phải lớn hơn %(n)s.") % {"n": ctx.get("gt")}
    if kind == "less_than_equal":
        return _("Phải nhỏ hơn hoặc bằng %(n)s.") % {"n": ctx.get("le")}
    if kind == "less_than":
        return _("Phải nhỏ hơn %(n)s.") % {"n": ctx.get("lt")}
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return _("Dữ liệu gửi lên phải là một đối tượng JSON.")
    if kind == "json_invalid":
        return _("Không đọc được JSON.")
    if kind == "extra_forbidden":
        return _("Trường này không được hỗ trợ.")
    if kind == "value_error":
        # Our own validators raise ValueError with a message already in Vietnamese.
        return str(ctx.get("error") or "") or _("Giá trị không hợp lệ.")
    return _("Giá trị không hợp lệ.")


def _field_name(loc: tuple | list) -> str:
    """("body", "payload", "name") → "name"; ("query", "limit") → "limit". The location is kept apart."""
    parts = [str(p) for p in loc[1:]]
    if len(parts) > 1 and parts[0] in ("payload", "data", "body", "filters"):
        parts = parts[1:]
    return ".".join(parts)


def ninja_validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for error in errors:
        loc = error.get("loc") or ()
        details.append({
            "field": _field_name(loc) if loc else "",
            "location": str(loc[0]) if loc else "",
            "message": _pydantic_message(error),
            "type": error.get("type", ""),
        })
    return details


def django_validation_details(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if field == NON_FIELD_ERRORS else field, "message": str(message), "type": "invalid",
             "location": None}
            for field, messages in exc.message_dict.items() for message in messages
        ]
    return [{"field": "", "message": str(message), "type": "invalid", "location": None} for message in exc.messages]


# --- Handlers -----------------------------------------------------------------------------------------

def install(api: "NinjaAPI") -> None:
    """Register the handlers on `api` (replacing django-ninja's defaults)."""

    def on_404(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _default_message(404))

    def on_permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", _default_message(403))

    def on_django_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        details = django_validation_details(exc)
        message = details[0]["message"] if len(details) == 1 else _default_message(422)
        return error_response(api, request, 400, "validation_error", message, details)

    def on_ninja_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        details = ninja_validation_details(exc.errors)
        message = (f'{details[0]["field"]}: {details[0]["message"]}' if len(details) == 1 and details[0]["field"]
                   else _default_message(422))
        return error_response(api, request, 422, "validation_error", message, details)

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, ApiError):
            return error_response(api, request, exc.status_code, exc.code, exc.message, exc.details)
        status = exc.status_code
        return error_response(api, request, status, _CODES.get(status, "error"), _default_message(status))

    def on_integrity_error(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.warning("API integrity error on %s %s: %s", request.method, request.path, exc)
        return error_response(api, request, 409, "conflict", _default_message(409))

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("Unexpected API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(api, request, 500, "internal_error", _(
            "Đã có lỗi không mong muốn. Hãy thử lại sau; nếu lỗi lặp lại, hãy báo quản trị hệ thống."))

    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(NinjaValidationError, on_ninja_validation)
    api.add_exception_handler(AuthenticationError, on_http_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(IntegrityError, on_integrity_error)
    api.add_exception_handler(Exception, on_unexpected)
