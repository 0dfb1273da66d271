"""Schemas shared by every /api/v1 router: the error format and limit/offset paging."""

from collections.abc import Callable
from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _gettext_lazy
from ninja import Field, Schema
from ninja.pagination import PaginationBase

# Lazy at runtime (translated in each request's language when the OpenAPI document is rendered), but
# typed `str` because django-ninja and pydantic declare `str` parameters. Keeps the name gettext_lazy so
# that makemessages finds the strings.
gettext_lazy = cast(Callable[[str], str], _gettext_lazy)


class ErrorDetail(Schema):
    field: str = Field("", description=gettext_lazy("Trường có lỗi (rỗng khi lỗi chung)."))
    message: str = Field(..., description=gettext_lazy("Mô tả lỗi cho người đọc, theo ngôn ngữ của yêu cầu (mặc định tiếng Việt)."))
    type: str = Field("", description=gettext_lazy("Loại lỗi, ổn định cho chương trình (missing, invalid, ...)."))
    location: str | None = Field(None, description=gettext_lazy("Nơi chứa trường: body, query, path."))


class ErrorBody(Schema):
    code: str = Field(..., description=gettext_lazy("not_found, validation_error, unauthorized, forbidden, conflict, ..."))
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


# The error responses documented on every operation (the body is always ErrorOut).
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}

MAX_LIMIT = 200


class PageInput(PaginationBase.Input):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=gettext_lazy("Số mục mỗi trang (1–200)."))
    offset: int = Field(0, ge=0, description=gettext_lazy("Bỏ qua bao nhiêu mục đầu."))


class Page(PaginationBase):
    """limit/offset paging that says back what it used: {"items", "count", "limit", "offset"}."""

    Input = PageInput  # type: ignore[assignment]  # a named class: the OpenAPI schema reads "PageInput", not "Input"

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description=gettext_lazy("Tổng số mục khớp bộ lọc."))
        limit: int
        offset: int

    def paginate_queryset(self, queryset: QuerySet, pagination: PageInput, request: HttpRequest,
                          **params: Any) -> Any:
        start, limit = pagination.offset, pagination.limit
        return {"items": queryset[start:start + limit], "count": self._items_count(queryset),
                "limit": limit, "offset": start}
