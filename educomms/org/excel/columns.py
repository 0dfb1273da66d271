"""The file format of the Excel templates, imports and exports: columns, and the values accepted for
unit kinds, school levels and roles.

The header texts are a file format, not interface text: they stay Vietnamese whatever the interface
language, so that a file exported by one user re-imports for any other. Values are accepted as the
Vietnamese label ("Trường học"), the English label, the code ("school") or a common short form
("THCS", "Hiệu trưởng"), compared without diacritics or case.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils import translation

from educomms.core.text import fold
from educomms.org.models import Unit
from educomms.org.roles import ROLE_ORDER, Role


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18
    text: bool = True  # formatted as text in the template, so Excel keeps leading zeros and dd/mm/yyyy


UNIT_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã đơn vị", required=True, width=16),
    Column("name", "Tên đơn vị", required=True, width=40),
    Column("short_name", "Tên viết tắt", width=22),
    Column("kind", "Loại đơn vị", required=True, width=22),
    Column("school_level", "Cấp học", width=22),
    Column("parent_code", "Mã đơn vị cấp trên", width=20),
    Column("address", "Địa chỉ", width=36),
    Column("phone", "Điện thoại", width=16),
    Column("email", "Thư điện tử", width=30),
    Column("website", "Trang thông tin", width=30),
)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", required=True, width=28),
    Column("email", "Thư điện tử", width=30),
    Column("phone", "Số điện thoại", width=16),
    Column("zalo_phone", "Số Zalo", width=16),
    Column("title", "Chức danh", width=28),
    Column("unit_code", "Mã đơn vị", required=True, width=16),
    Column("role", "Vai trò", required=True, width=30),
    Column("since", "Từ ngày (dd/mm/yyyy)", width=20),
)

# The sheet holding the data in templates and exports (the importer falls back to the first sheet).
UNITS_SHEET = "Đơn vị"
PEOPLE_SHEET = "Nhân sự"
LISTS_SHEET = "Danh mục"

_PARENS = re.compile(r"\(.*?\)|\*")


def header_key(text: object) -> str:
    """The comparable form of a header cell: folded, without "(dd/mm/yyyy)" hints or "*" marks."""
    return fold(_PARENS.sub(" ", str(text or "")))


# Other headers people write for the same column.
_HEADER_ALIASES = {"email": "Thư điện tử", "e-mail": "Thư điện tử", "dien thoai": "Số điện thoại",
                   "zalo": "Số Zalo", "ngay bat dau": "Từ ngày"}


def match_headers(cells: tuple[object, ...], columns: tuple[Column, ...]) -> dict[str, int]:
    """{column key: index in the row} for the header row `cells`; unknown headers are ignored."""
    wanted = {header_key(c.header): c.key for c in columns}
    out: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        key = header_key(_HEADER_ALIASES.get(key, key)) if key not in wanted else key
        if key in wanted and wanted[key] not in out:
            out[wanted[key]] = index
    return out


def _labels(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    with translation.override(language):
        return {fold(str(label)): value for value, label in choices.choices}


def vietnamese_labels(choices: type[models.TextChoices], order: list | None = None) -> list[str]:
    """The Vietnamese labels of a TextChoices, for the template's drop-down lists and the exports."""
    with translation.override("vi"):
        by_value = {value: str(label) for value, label in choices.choices}
    return [by_value[v] for v in (order or by_value)]


def label_of(choices: type[models.TextChoices], value: str) -> str:
    with translation.override("vi"):
        return str(dict(choices.choices).get(value, value)) if value else ""


_KIND_ALIASES: dict[str, str] = {
    "truong": Unit.Kind.SCHOOL, "so gd&dt": Unit.Kind.DEPARTMENT, "so giao duc va dao tao": Unit.Kind.DEPARTMENT,
    "bo gd&dt": Unit.Kind.MINISTRY, "phong": Unit.Kind.OFFICE, "xa": Unit.Kind.COMMUNE,
    "phuong": Unit.Kind.COMMUNE, "ubnd xa": Unit.Kind.COMMUNE, "ubnd phuong": Unit.Kind.COMMUNE,
    "phong/ban": Unit.Kind.DIVISION, "phong ban": Unit.Kind.DIVISION,
}
_LEVEL_ALIASES: dict[str, str] = {
    "mn": Unit.SchoolLevel.PRESCHOOL, "tieu hoc": Unit.SchoolLevel.PRIMARY, "th": Unit.SchoolLevel.PRIMARY,
    "thcs": Unit.SchoolLevel.LOWER_SECONDARY, "thpt": Unit.SchoolLevel.UPPER_SECONDARY,
    "lien cap": Unit.SchoolLevel.MULTI_LEVEL, "nhieu cap": Unit.SchoolLevel.MULTI_LEVEL,
    "gdtx": Unit.SchoolLevel.CONTINUING, "ttgdtx": Unit.SchoolLevel.CONTINUING,
}
_ROLE_ALIASES: dict[str, str] = {
    "hieu truong": Role.HEAD, "giam doc": Role.HEAD, "truong phong": Role.HEAD, "thu truong": Role.HEAD,
    "chu tich": Role.HEAD, "pho hieu truong": Role.DEPUTY_HEAD, "pho giam doc": Role.DEPUTY_HEAD,
    "pho truong phong": Role.DEPUTY_HEAD, "giao vien": Role.STAFF, "nhan vien": Role.STAFF,
    "giao vien nhan vien": Role.STAFF, "can bo truyen thong": Role.COMMS_OFFICER,
    "phu trach truyen thong": Role.COMMS_OFFICER, "phat ngon": Role.SPOKESPERSON,
    "quan tri": Role.UNIT_ADMIN, "doan the": Role.UNION_REP,
}


_LISTS: dict[str, tuple[type[models.TextChoices], dict[str, str]]] = {
    "kind": (Unit.Kind, _KIND_ALIASES), "level": (Unit.SchoolLevel, _LEVEL_ALIASES), "role": (Role, _ROLE_ALIASES)}


@cache
def _lookup(name: str) -> dict[str, str]:
    choices, aliases = _LISTS[name]
    table = {fold(str(alias)): str(value) for alias, value in aliases.items()}
    table.update(_labels(choices, "en"))
    table.update(_labels(choices, "vi"))
    table.update({fold(value): value for value in choices.values})
    return table


def parse_choice(name: str, text: str) -> str | None:
    """The code for `text` in the list `name` ("kind", "level" or "role"), or None when unknown."""
    key = fold(text).replace(",", " ").replace("  ", " ").strip()
    table = _lookup(name)
    return table.get(fold(text)) or table.get(key)


def kind_labels() -> list[str]:
    return vietnamese_labels(Unit.Kind)


def level_labels() -> list[str]:
    return vietnamese_labels(Unit.SchoolLevel)


def role_labels() -> list[str]:
    return vietnamese_labels(Role, ROLE_ORDER)
