"""Building the workbooks: blank templates (with instructions, drop-down lists and examples), exports in
the same layout (so an export re-imports), and the list of errors of an import."""

import re
from collections.abc import Iterable
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from educomms.core.text import fold
from educomms.org.excel.columns import (
    LISTS_SHEET,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    UNIT_COLUMNS,
    UNITS_SHEET,
    Column,
    kind_labels,
    label_of,
    level_labels,
    role_labels,
)
from educomms.org.models import ImportJob, Unit
from educomms.org.roles import Role

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="206BC4")
REQUIRED_FILL = PatternFill("solid", fgColor="D63939")
DATE_FORMAT = "DD/MM/YYYY"
VALIDATED_ROWS = 20_000

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns_for(kind: str) -> tuple[tuple[Column, ...], str]:
    if kind == ImportJob.Kind.UNITS:
        return UNIT_COLUMNS, UNITS_SHEET
    return PEOPLE_COLUMNS, PEOPLE_SHEET


def _header(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    ws.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.text:
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"


def _lists_sheet(wb: Workbook) -> dict[str, str]:
    """A hidden sheet with the accepted labels; returns {list name: absolute range} for validations."""
    ws = wb.create_sheet(LISTS_SHEET)
    ranges = {}
    for index, (name, labels) in enumerate((("kind", kind_labels()), ("level", level_labels()),
                                            ("role", role_labels())), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value={"kind": "Loại đơn vị", "level": "Cấp học", "role": "Vai trò"}[name])
        for row, label in enumerate(labels, start=2):
            ws.cell(row=row, column=index, value=label)
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _validation(ws: Worksheet, columns: tuple[Column, ...], key: str, source: str, title: str) -> None:
    index = next(i for i, c in enumerate(columns, start=1) if c.key == key)
    letter = get_column_letter(index)
    # A warning, not a stop: the code values ("school", "staff") are accepted as well as the labels.
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="warning", showInputMessage=True,
                        errorTitle=title, error=_("Giá trị không có trong danh mục. Hãy chọn trong danh sách."),
                        promptTitle=title, prompt=_("Chọn trong danh sách."))
    dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    ws.add_data_validation(dv)


def _instructions(ws: Worksheet, kind: str, columns: tuple[Column, ...], unit: Unit) -> None:
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 90
    title = _("HƯỚNG DẪN NHẬP ĐƠN VỊ") if kind == ImportJob.Kind.UNITS else _("HƯỚNG DẪN NHẬP NHÂN SỰ")
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    general = [
        _("Ghi dữ liệu vào trang tính “%(sheet)s”, mỗi dòng một %(what)s, bắt đầu từ dòng 2. Không đổi tên cột.")
        % {"sheet": UNITS_SHEET if kind == ImportJob.Kind.UNITS else PEOPLE_SHEET,
           "what": _("đơn vị") if kind == ImportJob.Kind.UNITS else _("nhiệm vụ của một người")},
        _("Cột có tiêu đề màu đỏ là bắt buộc. Trang tính “Ví dụ” có các dòng mẫu."),
        _("Hệ thống kiểm tra mọi dòng trước khi nhập. Nếu có bất kỳ dòng nào sai, không dữ liệu nào được nhập "
          "và trang kết quả liệt kê từng lỗi kèm số dòng; sửa tệp rồi tải lên lại."),
        _("Chỉ được nhập vào %(unit)s (mã: %(code)s) và các đơn vị trực thuộc.")
        % {"unit": unit.name, "code": unit.code or _("chưa có mã")},
    ]
    if kind == ImportJob.Kind.PEOPLE:
        general += [
            _("Người đã có trong hệ thống (trùng thư điện tử hoặc số điện thoại) không bị tạo lại: dòng đó thêm "
              "nhiệm vụ cho người ấy, thông tin cá nhân của họ giữ nguyên. Họ tên phải khớp với họ tên đã có."),
            _("Một người giữ nhiều vai trò hoặc ở nhiều đơn vị: ghi mỗi nhiệm vụ một dòng, cùng họ tên và liên hệ."),
            _("Nhiệm vụ đã có (cùng người, đơn vị, vai trò) được giữ nguyên, nên nhập lại một tệp không tạo trùng."),
            _("Người mới chưa có mật khẩu; họ đặt mật khẩu bằng chức năng “Quên mật khẩu” với thư điện tử "
              "hoặc số điện thoại của mình."),
        ]
    else:
        general += [
            _("Để trống “Mã đơn vị cấp trên” để đặt đơn vị ngay dưới %(unit)s. Đơn vị cấp trên có thể là đơn vị "
              "đã có hoặc đơn vị được khai ở một dòng khác trong cùng tệp.") % {"unit": unit.name},
        ]
    for line in general:
        ws.append(["• " + line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[ws.max_row].height = 32
    ws.append([])
    ws.append([_("Cột"), _("Bắt buộc"), _("Cách ghi")])
    for cell in ws[ws.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    help_texts = _column_help(kind)
    for column in columns:
        ws.append([column.header, _("Có") if column.required else "", help_texts.get(column.key, "")])
        ws.cell(row=ws.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")


def _column_help(kind: str) -> dict[str, str]:
    phone = _("10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678); số cố định 11 chữ số (02xx).")
    if kind == ImportJob.Kind.UNITS:
        return {
            "code": _("Mã định danh duy nhất của đơn vị (tối đa 40 ký tự), ví dụ mã trường trên CSDL ngành."),
            "name": _("Tên đầy đủ, có dấu, ví dụ “Trường THCS An Phú”."),
            "short_name": _("Không bắt buộc, ví dụ “THCS An Phú”."),
            "kind": _("Chọn trong danh sách: %(v)s.") % {"v": "; ".join(kind_labels())},
            "school_level": _("Chỉ ghi khi loại đơn vị là Trường học: %(v)s.") % {"v": "; ".join(level_labels())},
            "parent_code": _("Mã của đơn vị cấp trên; để trống nếu là đơn vị đang chọn."),
            "phone": phone,
            "email": _("Ví dụ vanphong@truong.edu.vn."),
            "website": _("Ví dụ https://thcsanphu.edu.vn."),
        }
    return {
        "full_name": _("Họ và tên đầy đủ, có dấu."),
        "email": _("Dùng để đăng nhập. Cần ít nhất thư điện tử hoặc số điện thoại."),
        "phone": phone + " " + _("Dùng để đăng nhập."),
        "zalo_phone": _("Không bắt buộc; cùng cách ghi như số điện thoại."),
        "title": _("Ví dụ “Giáo viên Ngữ văn”, “Hiệu trưởng”."),
        "unit_code": _("Mã của đơn vị nơi người này giữ vai trò."),
        "role": _("Chọn trong danh sách: %(v)s.") % {"v": "; ".join(role_labels())},
        "since": _("Ngày bắt đầu giữ vai trò, dạng ngày/tháng/năm (05/09/2025). Để trống là hôm nay."),
    }


def _examples(kind: str, unit: Unit) -> list[list[Any]]:
    parent = unit.code or ""
    if kind == ImportJob.Kind.UNITS:
        return [
            ["XA-VIDU", "Xã Ví Dụ", "", label_of(Unit.Kind, Unit.Kind.COMMUNE), "", parent,
             "Thôn Đông, xã Ví Dụ", "02203111222", "ubnd@xavidu.gov.vn", ""],
            ["TH-VIDU", "Trường Tiểu học Ví Dụ", "TH Ví Dụ", label_of(Unit.Kind, Unit.Kind.SCHOOL),
             label_of(Unit.SchoolLevel, Unit.SchoolLevel.PRIMARY), "XA-VIDU", "Thôn Đông, xã Ví Dụ",
             "0912345678", "thvidu@edu.vn", "https://thvidu.edu.vn"],
        ]
    return [
        ["Nguyễn Thị Ví Dụ", "vidu.nguyen@edu.vn", "0912345678", "0912345678", "Giáo viên Toán", parent,
         label_of(Role, Role.STAFF), "05/09/2025"],
        ["Trần Văn Mẫu", "", "0987654321", "", "Phó Hiệu trưởng", parent, label_of(Role, Role.COMMS_OFFICER),
         "05/09/2025"],
        ["Trần Văn Mẫu", "", "0987654321", "", "Phó Hiệu trưởng", parent, label_of(Role, Role.DEPUTY_HEAD),
         "05/09/2025"],
    ]


def write_template(kind: str, unit: Unit, out: IO[bytes]) -> None:
    """The blank template for importing `kind` ("units" or "people") into `unit`."""
    columns, sheet = columns_for(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    _header(ws, columns)
    ranges = _lists_sheet(wb)
    if kind == ImportJob.Kind.UNITS:
        _validation(ws, columns, "kind", ranges["kind"], "Loại đơn vị")
        _validation(ws, columns, "school_level", ranges["level"], "Cấp học")
    else:
        _validation(ws, columns, "role", ranges["role"], "Vai trò")
    # The instructions follow the interface language; headers and list values stay Vietnamese.
    _instructions(wb.create_sheet(_("Hướng dẫn"), 1), kind, columns, unit)
    example = wb.create_sheet(_("Ví dụ"), 2)
    _header(example, columns)
    for row in _examples(kind, unit):
        example.append(row)
    wb.active = 0
    wb.save(out)


def _write_only(columns: tuple[Column, ...], sheet: str) -> tuple[Workbook, Any]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        header.append(cell)
    ws.append(header)
    return wb, ws


def write_units(rows: Iterable[tuple], out: IO[bytes]) -> int:
    """Rows of (code, name, short_name, kind, school_level, parent_code, address, phone, email, website)
    as an export in the template's layout (write-only: constant memory). Returns the number of rows."""
    wb, ws = _write_only(UNIT_COLUMNS, UNITS_SHEET)
    n = 0
    for code, name, short_name, kind, level, parent_code, address, phone, email, website in rows:
        ws.append([code or "", name, short_name, label_of(Unit.Kind, kind), label_of(Unit.SchoolLevel, level),
                   parent_code or "", address, phone, email, website])
        n += 1
    wb.save(out)
    return n


def write_people(rows: Iterable[tuple], out: IO[bytes]) -> int:
    """Rows of (full_name, email, phone, zalo_phone, title, unit_code, role, since) as an export in the
    template's layout. Returns the number of rows."""
    wb, ws = _write_only(PEOPLE_COLUMNS, PEOPLE_SHEET)
    roles = {value: label_of(Role, value) for value in Role.values}
    n = 0
    for full_name, email, phone, zalo, title, unit_code, role, since in rows:
        day = WriteOnlyCell(ws, value=since)
        day.number_format = DATE_FORMAT
        ws.append([full_name, email or "", phone or "", zalo, title, unit_code or "", roles.get(role, role), day])
        n += 1
    wb.save(out)
    return n


def write_errors(errors: list[dict[str, Any]], out: IO[bytes]) -> None:
    """The errors of an import job: row, column, message."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Lỗi"))
    for letter, width in zip("ABC", (8, 24, 100), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([_("Dòng"), _("Cột"), _("Lỗi")])
    for error in errors:
        ws.append([error.get("row"), error.get("column") or "", error.get("message")])
    wb.save(out)


def export_filename(prefix: str, unit: Unit) -> str:
    """An ASCII file name: "nhan-su-thcs-ap-2026-02-05.xlsx"."""
    stem = fold(f"{prefix} {unit.code or unit.short_name or unit.name}")
    stem = re.sub(r"[^a-z0-9]+", "-", stem.encode("ascii", "ignore").decode()).strip("-")[:80]
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx"
