"""Excel workbooks of a directive's coverage (one row per unit, totals first) and of the people who have
not acknowledged it. Written in write-only mode, so the people list stays flat in memory however long
it is."""

from collections.abc import Iterable
from typing import IO, Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from educomms.core import periods
from educomms.core.text import fold

from .coverage import CoverageRow
from .models import Directive, Receipt

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="206BC4")
BOLD = Font(bold=True)
PERCENT = "0.0%"


def _title_rows(ws: WriteOnlyWorksheet, directive: Directive, heading: str, unit_name: str) -> None:
    ws.append([WriteOnlyCell(ws, value=heading)])
    ws.append([str(directive)])
    ws.append([_("Đơn vị: %(u)s") % {"u": unit_name}])
    ws.append([_("Số liệu lúc %(t)s") % {"t": periods.format_datetime(timezone.now())}])
    ws.append([])


def _header(ws: WriteOnlyWorksheet, labels: list[str], widths: list[int]) -> None:
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    cells = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    ws.append(cells)


def _share(ws: WriteOnlyWorksheet, value: float, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=round(value, 4))
    cell.number_format = PERCENT
    if bold:
        cell.font = BOLD
    return cell


def write_coverage(directive: Directive, total: CoverageRow, rows: Iterable[CoverageRow], out: IO[bytes]) -> None:
    """The unit's totals, then one row per child unit (as on the page's first level)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Tình hình tiếp nhận"))
    _header_labels = [_("Đơn vị"), _("Số người nhận"), _("Đã đọc"), _("Tỷ lệ đã đọc"), _("Đã xác nhận"),
                      _("Tỷ lệ đã xác nhận"), _("Chưa xác nhận"), _("Đơn vị chưa chuyển tiếp")]
    unit_name = total.unit.name if total.unit else ""
    _title_rows(ws, directive, _("TÌNH HÌNH TIẾP NHẬN VĂN BẢN CHỈ ĐẠO"), unit_name)
    _header(ws, _header_labels, [48, 14, 12, 12, 14, 16, 14, 22])

    def line(row: CoverageRow, name: str, *, bold: bool = False) -> list[Any]:
        first = WriteOnlyCell(ws, value=name)
        if bold:
            first.font = BOLD
        return [first, row.recipients, row.opened, _share(ws, row.opened_share, bold=bold), row.acknowledged,
                _share(ws, row.acknowledged_share, bold=bold), row.not_acknowledged, row.awaiting_forward]

    ws.append(line(total, _("Toàn đơn vị: %(u)s") % {"u": unit_name}, bold=True))
    for row in rows:
        name = row.unit.name if row.unit else str(row.unit_id)
        if total.unit is not None and row.unit_id == total.unit.pk:
            name = _("%(u)s (cán bộ của chính đơn vị)") % {"u": name}
        ws.append(line(row, name))
    wb.save(out)


def write_not_acknowledged(directive: Directive, unit_name: str, receipts: Iterable[Receipt], out: IO[bytes]) -> None:
    """People who have not acknowledged, by unit then name, with their contacts and whether they opened it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Chưa xác nhận"))
    _title_rows(ws, directive, _("DANH SÁCH CHƯA XÁC NHẬN ĐÃ ĐỌC VĂN BẢN"), unit_name)
    _header(ws, [_("STT"), _("Họ và tên"), _("Đơn vị"), _("Thư điện tử"), _("Điện thoại"), _("Nhận lúc"),
                 _("Đã đọc lúc")], [6, 30, 40, 32, 14, 18, 18])
    for number, receipt in enumerate(receipts.iterator(chunk_size=2000) if hasattr(receipts, "iterator")
                                     else receipts, start=1):
        person = receipt.person
        ws.append([number, person.full_name, receipt.unit.name, person.email or "", person.phone or "",
                   periods.format_datetime(receipt.delivered_at),
                   periods.format_datetime(receipt.opened_at) if receipt.opened_at else _("Chưa đọc")])
    wb.save(out)


def filename(kind: str, directive: Directive, unit_name: str) -> str:
    """tiep-nhan-125-sgddt-vp-thpt-an-phu-2026-11-22.xlsx"""
    what = slugify(fold(directive.number_symbol or f"van-ban-{directive.pk}").replace("/", "-"))[:40]
    where = slugify(fold(unit_name))[:40]
    return f"{kind}-{what}-{where}-{timezone.localdate():%Y-%m-%d}.xlsx"
