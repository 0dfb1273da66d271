"""/api/v1 endpoints of the network: units, people, memberships, and "who am I".

Scoped exactly like the pages: every id from the caller goes through `access.access_*` (out of scope is
404, the same as missing); a visible object without the capability is 403; reads are selectors and
writes are the same services the pages call.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import field_validator

from educomms.api.schemas import READ_ERRORS, WRITE_ERRORS, Page, gettext_lazy
from educomms.org import access, selectors, services
from educomms.org.middleware import my_units
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import ROLE_CAPABILITIES, ROLE_ORDER, Capability, Role

router = Router()
UNITS = [gettext_lazy("Đơn vị")]
PEOPLE = [gettext_lazy("Nhân sự")]
ME = [gettext_lazy("Tài khoản")]


# --- Schemas ---------------------------------------------------------------------------------------

class UnitRef(Schema):
    id: int
    name: str
    short_name: str
    kind: str


class UnitOut(Schema):
    id: int
    parent_id: int | None
    name: str
    short_name: str
    code: str | None
    kind: Unit.Kind
    kind_label: str = Field(..., description=gettext_lazy("Tên loại đơn vị theo ngôn ngữ của yêu cầu."))
    school_level: str = Field(..., description=gettext_lazy("Cấp học (chỉ với trường học; rỗng nếu không có)."))
    school_level_label: str
    depth: int = Field(..., description=gettext_lazy("Độ sâu trong cây (0 là gốc)."))
    address: str
    phone: str
    email: str
    website: str
    active: bool
    deactivated_at: dt.datetime | None
    child_count: int | None = Field(None, description=gettext_lazy("Số đơn vị trực thuộc đang hoạt động (chỉ ở /children)."))

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_school_level_label(obj: Unit) -> str:
        return str(obj.get_school_level_display()) if obj.school_level else ""

    @staticmethod
    def resolve_child_count(obj: Unit) -> int | None:
        return getattr(obj, "child_count", None)


class UnitDetailOut(UnitOut):
    ancestors: list[UnitRef] = Field(..., description=gettext_lazy("Các đơn vị cấp trên, từ gốc xuống."))

    @staticmethod
    def resolve_ancestors(obj: Unit) -> list[Unit]:
        return selectors.ancestors(obj)


class MembershipOut(Schema):
    id: int
    person_id: int
    role: Role
    role_label: str
    unit: UnitRef
    since: dt.date
    until: dt.date | None = Field(..., description=gettext_lazy("Ngày kết thúc (không tính ngày này); rỗng nếu còn giữ."))
    active: bool

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_active(obj: Membership) -> bool:
        return obj.is_active


class PersonOut(Schema):
    id: int
    full_name: str
    title: str
    email: str | None
    phone: str | None
    zalo_phone: str
    is_active: bool
    memberships: list[MembershipOut] = Field(
        ..., description=gettext_lazy("Vai trò hiện tại của người này trong phạm vi bạn được xem."))

    @staticmethod
    def resolve_memberships(obj: Person, context: Any) -> list[Membership]:
        current = getattr(obj, "current_memberships", None)  # preloaded and scoped by selectors.people
        if current is None:
            current = [m for m in selectors.visible_memberships(context["request"].user, obj) if m.is_active]
        return current


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut] = Field(
        ..., description=gettext_lazy("Mọi vai trò trong phạm vi bạn được xem: đang giữ trước, rồi đã kết thúc (mới nhất trước)."))

    @staticmethod
    def resolve_memberships(obj: Person, context: Any) -> list[Membership]:
        return selectors.visible_memberships(context["request"].user, obj)


class RoleCountOut(Schema):
    unit: UnitRef
    total: int = Field(..., description=gettext_lazy("Tổng số lượt giữ vai trò (một người giữ hai vai trò được tính hai lần)."))
    by_role: dict[str, int]


class CountsOut(RoleCountOut):
    children: list[RoleCountOut] = Field(..., description=gettext_lazy("Số liệu của từng đơn vị trực thuộc đang hoạt động."))


class SpokespersonOut(Schema):
    person_id: int
    full_name: str
    title: str
    role: Role
    role_label: str
    phone: str | None
    email: str | None

    @staticmethod
    def resolve_person_id(obj: Membership) -> int:
        return obj.person_id

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_title(obj: Membership) -> str:
        return obj.person.title

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_phone(obj: Membership) -> str | None:
        return obj.person.phone

    @staticmethod
    def resolve_email(obj: Membership) -> str | None:
        return obj.person.email


class MyRoleOut(MembershipOut):
    capabilities: list[str]

    @staticmethod
    def resolve_capabilities(obj: Membership) -> list[str]:
        return sorted(ROLE_CAPABILITIES.get(obj.role, ()))


class TokenInfo(Schema):
    id: int
    name: str
    key_prefix: str
    expires_at: dt.datetime | None


class MeOut(Schema):
    id: int
    full_name: str
    title: str
    email: str | None
    phone: str | None
    is_system_admin: bool
    authenticated_by: str = Field(..., description=gettext_lazy("token hoặc session"))
    token: TokenInfo | None
    roles: list[MyRoleOut] = Field(..., description=gettext_lazy("Vai trò đang giữ (tại đơn vị đang hoạt động)."))
    units: list[UnitRef] = Field(..., description=gettext_lazy("Đơn vị làm việc (quản trị hệ thống: các đơn vị gốc)."))


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def _check_email(value: str | None) -> str | None:
    if value:
        try:
            validate_email(value.strip())
        except ValidationError:
            raise ValueError(_("Thư điện tử “%(v)s” không hợp lệ.") % {"v": value}) from None
    return value


def _check_url(value: str | None) -> str | None:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value.strip())
        except ValidationError:
            raise ValueError(_("Địa chỉ trang “%(v)s” không hợp lệ (cần bắt đầu bằng http:// hoặc https://).")
                             % {"v": value}) from None
    return value


class UnitFieldsIn(Schema):
    short_name: str = Field("", max_length=80)
    code: str | None = Field(None, max_length=40, description=gettext_lazy("Mã đơn vị, duy nhất trong hệ thống."))
    school_level: Unit.SchoolLevel | None = Field(None, description=gettext_lazy("Cấp học, chỉ với trường học."))
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)

    _blanks = field_validator("short_name", "address", "phone", "email", "website", mode="before")(
        _blank_if_none)
    _email = field_validator("email")(_check_email)
    _url = field_validator("website")(_check_url)


class UnitCreateIn(UnitFieldsIn):
    parent_id: int = Field(..., description=gettext_lazy("Đơn vị cấp trên (cần quyền quản lý đơn vị tại đó)."))
    kind: Unit.Kind
    name: str = Field(..., min_length=1, max_length=255)


class UnitUpdateIn(UnitFieldsIn):
    """Only the fields sent are changed."""

    kind: Unit.Kind | None = None
    name: str | None = Field(None, max_length=255)

    _name = field_validator("name", mode="before")(_blank_if_none)


class MoveIn(Schema):
    new_parent_id: int = Field(..., description=gettext_lazy("Đơn vị cấp trên mới (cần quyền quản lý đơn vị tại đó)."))


class PersonCreateIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=150)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=20, description=gettext_lazy("Số điện thoại di động, ví dụ 0912345678."))
    title: str = Field("", max_length=150)
    zalo_phone: str = Field("", max_length=20)
    unit_id: int = Field(..., description=gettext_lazy("Đơn vị của nhiệm vụ đầu tiên (cần quyền quản lý nhân sự tại đó)."))
    role: Role

    _blanks = field_validator("title", "zalo_phone", mode="before")(_blank_if_none)
    _email = field_validator("email")(_check_email)


class MembershipCreateIn(Schema):
    unit_id: int
    role: Role
    since: dt.date | None = Field(None, description=gettext_lazy("Ngày bắt đầu (mặc định hôm nay)."))
    until: dt.date | None = Field(None, description=gettext_lazy("Ngày kết thúc, không tính ngày này (mặc định: không thời hạn)."))


class UnitFilters(Schema):
    q: str = Field("", max_length=200, description=gettext_lazy("Tìm theo tên, tên viết tắt, mã; có dấu hoặc không dấu."))
    parent: int | None = Field(None, description=gettext_lazy("Chỉ các đơn vị trực thuộc trực tiếp đơn vị này."))
    kind: Unit.Kind | None = None
    school_level: Unit.SchoolLevel | None = None
    active: bool | None = Field(None, description=gettext_lazy("true: đang hoạt động; false: đã ngừng; bỏ trống: tất cả."))


class PeopleFilters(Schema):
    unit: int | None = Field(None, description=gettext_lazy("Chỉ người có vai trò trong đơn vị này hoặc cấp dưới."))
    role: Role | None = None
    active: bool | None = Field(True, description=gettext_lazy("true (mặc định): đang giữ vai trò; false: đã thôi."))
    q: str = Field("", max_length=200,
                   description=gettext_lazy("Tìm theo họ tên (có dấu hoặc không dấu), thư điện tử, số điện thoại."))


class MembershipEndIn(Schema):
    until: dt.date | None = Field(None, description=gettext_lazy("Ngày kết thúc, không tính ngày này (mặc định hôm nay)."))


# --- Helpers ---------------------------------------------------------------------------------------

def _role_counts(unit: Unit, counts: dict[int, dict[str, int]]) -> dict[str, Any]:
    mine = counts.get(unit.pk, {})
    return {"unit": unit, "total": mine.get("total", 0), "by_role": {r.value: mine.get(r.value, 0) for r in ROLE_ORDER}}


def _require_structure(user: Any, unit: Unit) -> None:
    """As on the pages: moving or closing a unit changes its parent's structure, so the capability is
    needed on the unit and on its parent (nobody cuts their own unit loose); roots are for administrators."""
    access.require(user, unit, Capability.MANAGE_UNITS)
    if unit.parent is not None:
        access.require(user, unit.parent, Capability.MANAGE_UNITS)
    elif not getattr(user, "is_superuser", False):
        raise PermissionDenied


# --- Me ----------------------------------------------------------------------------------------------

@router.get("/me", response={200: MeOut, **READ_ERRORS}, tags=ME, summary=gettext_lazy("Tôi là ai: vai trò và đơn vị"))
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user  # a Person: authentication ran before this view
    token = getattr(request, "api_token", None)
    roles = [m for m in selectors.person_memberships(user) if m.is_active and m.unit.active]
    return {
        "id": user.pk, "full_name": user.full_name, "title": user.title, "email": user.email,
        "phone": user.phone, "is_system_admin": user.is_superuser,
        "authenticated_by": "token" if token is not None else "session",
        "token": token,
        "roles": roles,
        "units": my_units(user),
    }


# --- Units: reads --------------------------------------------------------------------------------------

@router.get("/units", response={200: list[UnitOut], **READ_ERRORS}, tags=UNITS, summary=gettext_lazy("Danh sách đơn vị"))
@paginate(Page)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[Unit]:
    user = request.user
    parent = access.access_unit(user, filters.parent) if filters.parent is not None else None
    if filters.q.strip():
        # limit=None keeps the queryset whole so that paging and filters apply.
        units = selectors.search_units(user, filters.q, limit=None)
    else:
        units = access.visible_units(user).order_by("path")
    if parent is not None:
        units = units.filter(parent=parent)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.school_level:
        units = units.filter(school_level=filters.school_level)
    if filters.active is not None:
        units = units.filter(active=filters.active)
    return units


@router.get("/units/{unit_id}", response={200: UnitDetailOut, **READ_ERRORS}, tags=UNITS, summary=gettext_lazy("Một đơn vị"))
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    return access.access_unit(request.user, unit_id)


@router.get("/units/{unit_id}/children", response={200: list[UnitOut], **READ_ERRORS}, tags=UNITS,
            summary=gettext_lazy("Các đơn vị trực thuộc đang hoạt động"))
@paginate(Page)
def unit_children(request: HttpRequest, unit_id: int) -> QuerySet[Unit]:
    unit = access.access_unit(request.user, unit_id)
    return selectors.children(request.user, unit)


@router.get("/units/{unit_id}/counts", response={200: CountsOut, **READ_ERRORS}, tags=UNITS,
            summary=gettext_lazy("Số người theo vai trò trong toàn bộ cây đơn vị"))
def unit_counts(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    unit = access.access_unit(request.user, unit_id)
    counts = selectors.subtree_counts(unit)
    return {**_role_counts(unit, counts),
            "children": [_role_counts(child, counts) for child in selectors.children(request.user, unit)]}


@router.get("/units/{unit_id}/spokespersons", response={200: list[SpokespersonOut], **READ_ERRORS}, tags=UNITS,
            summary=gettext_lazy("Người đứng đầu và người phát ngôn của đơn vị"))
def unit_spokespersons(request: HttpRequest, unit_id: int) -> list[Membership]:
    unit = access.access_unit(request.user, unit_id)
    return selectors.spokesperson_register(unit)


# --- Units: writes ---------------------------------------------------------------------------------------

@router.post("/units", response={201: UnitDetailOut, **WRITE_ERRORS}, tags=UNITS,
             summary=gettext_lazy("Thêm đơn vị (cần quyền quản lý đơn vị tại đơn vị cấp trên)"))
def create_unit(request: HttpRequest, payload: UnitCreateIn) -> Status:
    parent = access.access_unit(request.user, payload.parent_id)
    access.require(request.user, parent, Capability.MANAGE_UNITS)
    fields = payload.dict(exclude={"parent_id", "kind", "name"})
    fields["school_level"] = fields["school_level"] or ""
    unit = services.create_unit(actor=request.user, parent=parent, kind=payload.kind, name=payload.name, **fields)
    return Status(201, unit)


@router.patch("/units/{unit_id}", response={200: UnitDetailOut, **WRITE_ERRORS}, tags=UNITS,
              summary=gettext_lazy("Sửa thông tin đơn vị (chỉ các trường được gửi)"))
def update_unit(request: HttpRequest, unit_id: int, payload: UnitUpdateIn) -> Unit:
    unit = access.access_unit(request.user, unit_id)
    access.require(request.user, unit, Capability.MANAGE_UNITS)
    fields = payload.dict(exclude_unset=True)
    if "school_level" in fields:
        fields["school_level"] = fields["school_level"] or ""
    if "kind" in fields and fields["kind"] is None:
        del fields["kind"]
    if not fields:
        raise ValidationError(_("Không có trường nào để cập nhật."))
    return services.update_unit(actor=request.user, unit=unit, **fields)


@router.post("/units/{unit_id}/move", response={200: UnitDetailOut, **WRITE_ERRORS}, tags=UNITS,
             summary=gettext_lazy("Chuyển đơn vị (cùng toàn bộ cấp dưới) sang đơn vị cấp trên khác"))
def move_unit(request: HttpRequest, unit_id: int, payload: MoveIn) -> Unit:
    unit = access.access_unit(request.user, unit_id)
    new_parent = access.access_unit(request.user, payload.new_parent_id)
    _require_structure(request.user, unit)
    access.require(request.user, new_parent, Capability.MANAGE_UNITS)
    return services.move_unit(actor=request.user, unit=unit, new_parent=new_parent)


@router.post("/units/{unit_id}/deactivate", response={200: UnitDetailOut, **WRITE_ERRORS}, tags=UNITS,
             summary=gettext_lazy("Ngừng hoạt động đơn vị (giữ nguyên nhân sự và lịch sử)"))
def deactivate_unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = access.access_unit(request.user, unit_id)
    _require_structure(request.user, unit)
    return services.set_unit_active(actor=request.user, unit=unit, active=False)


# --- People and memberships ----------------------------------------------------------------------------

@router.get("/people", response={200: list[PersonOut], **READ_ERRORS}, tags=PEOPLE, summary=gettext_lazy("Danh sách nhân sự"))
@paginate(Page)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> selectors.PeopleList:
    within = access.access_unit(request.user, filters.unit) if filters.unit is not None else None
    return selectors.people(request.user, unit=within, role=filters.role or "", active=filters.active,
                            query=filters.q, scoped_roles=True)


@router.get("/people/{person_id}", response={200: PersonDetailOut, **READ_ERRORS}, tags=PEOPLE,
            summary=gettext_lazy("Một người, với các vai trò (cả đã kết thúc)"))
def get_person(request: HttpRequest, person_id: int) -> Person:
    return access.access_person(request.user, person_id, former=True)


@router.post("/people", response={201: PersonDetailOut, **WRITE_ERRORS}, tags=PEOPLE,
             summary=gettext_lazy("Thêm người cùng nhiệm vụ đầu tiên (cần quyền quản lý nhân sự tại đơn vị)"))
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Status:
    unit = access.access_unit(request.user, payload.unit_id)
    access.require(request.user, unit, Capability.MANAGE_MEMBERS)
    person = services.create_person(
        actor=request.user, full_name=payload.full_name, email=payload.email, phone=payload.phone,
        title=payload.title, zalo_phone=payload.zalo_phone, unit=unit, role=payload.role,
    )
    return Status(201, person)


@router.post("/people/{person_id}/memberships", response={201: MembershipOut, **WRITE_ERRORS}, tags=PEOPLE,
             summary=gettext_lazy("Giao thêm một vai trò (cần quyền quản lý nhân sự tại đơn vị)"))
def add_membership(request: HttpRequest, person_id: int, payload: MembershipCreateIn) -> Status:
    person = access.access_person(request.user, person_id, former=True)
    unit = access.access_unit(request.user, payload.unit_id)
    access.require(request.user, unit, Capability.MANAGE_MEMBERS)
    membership = services.add_membership(actor=request.user, person=person, unit=unit, role=payload.role,
                                         since=payload.since, until=payload.until)
    return Status(201, membership)


@router.post("/memberships/{membership_id}/end", response={200: MembershipOut, **WRITE_ERRORS}, tags=PEOPLE,
             summary=gettext_lazy("Kết thúc một vai trò (giữ lại làm lịch sử)"))
def end_membership(request: HttpRequest, membership_id: int, payload: MembershipEndIn | None = None) -> Membership:
    membership = access.access_membership(request.user, membership_id)
    access.require(request.user, membership.unit, Capability.MANAGE_MEMBERS)
    until = payload.until if payload is not None else None
    return services.end_membership(actor=request.user, membership=membership, until=until)
