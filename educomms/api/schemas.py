"""Schemas shared by every /api/v1 router: the error format and limit/offset paging."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class ErrorDetail(Schema):
    field: str = Field("", description="Trường có lỗi (rỗng khi lỗi chung).")
    message: str = Field(..., description="Mô tả lỗi bằng tiếng Việt.")
    type: str = Field("", description="Loại lỗi, ổn định cho chương trình (missing, invalid, ...).")
    location: str | None = Field(None, description="Nơi chứa trường: body, query, path.")


class ErrorBody(Schema):
    code: str = Field(..., description="not_found, validation_error, unauthorized, forbidden, conflict, ...")
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


# The error responses documented on every operation (the body is always ErrorOut).
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}

MAX_LIMIT = 200


class PageInput(PaginationBase.Input):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Số mục mỗi trang (1–{MAX_LIMIT}).")
    offset: int = Field(0, ge=0, description="Bỏ qua bao nhiêu mục đầu.")


class Page(PaginationBase):
    """limit/offset paging that says back what it used: {"items", "count", "limit", "offset"}."""

    Input = PageInput  # type: ignore[assignment]  # a named class: the OpenAPI schema reads "PageInput", not "Input"

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Tổng số mục khớp bộ lọc.")
        limit: int
        offset: int

    def paginate_queryset(self, queryset: QuerySet, pagination: PageInput, request: HttpRequest,
                          **params: Any) -> Any:
        start, limit = pagination.offset, pagination.limit
        return {"items": queryset[start:start + limit], "count": self._items_count(queryset),
                "limit": limit, "offset": start}
