"""Excel and CSV exports of any filtered list of mentions (the inbox's filters)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from .models import Mention

MAX_ROWS = 50_000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="206BC4")


def _columns() -> list[tuple[str, int]]:
    return [(_("Thời điểm đăng"), 18), (_("Nguồn"), 22), (_("Trang"), 20), (_("Loại"), 12), (_("Tiêu đề"), 50),
            (_("Nội dung"), 60), (_("Sắc thái"), 12), (_("Độc hại"), 12), (_("Điểm rủi ro"), 10),
            (_("Mức rủi ro"), 12), (_("Lượt tiếp cận"), 14), (pgettext("theo dõi dư luận", "Liên kết"), 40)]


def _row(m: Mention) -> list:
    sentiment = m.get_sentiment_label_display() if m.sentiment_label else m.get_sentiment_display()
    return [timezone.localtime(m.published_at).strftime("%d/%m/%Y %H:%M"), m.source.name, m.site,
            m.get_kind_display(), m.title, m.text[:2000], sentiment,
            m.get_toxicity_display() if m.toxicity else "", m.risk_score, m.get_risk_level_display(), m.reach,
            m.url]


def _filename(ext: str) -> str:
    return f"tin-theo-doi-{timezone.localdate():%Y%m%d}.{ext}"


def mentions_xlsx(mentions: Iterable[Mention]) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Tin theo dõi"))
    columns = _columns()
    for index, (_label, width) in enumerate(columns):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for label, _width in columns:
        cell = WriteOnlyCell(ws, value=label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    for m in mentions:
        ws.append(_row(m))
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def mentions_csv(mentions: Iterable[Mention]) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese letters only with a BOM
    writer = csv.writer(out)
    writer.writerow([label for label, _width in _columns()])
    for m in mentions:
        writer.writerow(_row(m))
    response = HttpResponse(out.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response
