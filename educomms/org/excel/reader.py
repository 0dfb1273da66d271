"""Reading an uploaded workbook into plain rows (openpyxl in read-only mode: constant memory)."""

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from educomms.core.text import normalize
from educomms.org.excel.columns import Column, match_headers

# Past this many data rows a file is refused outright (a province has about 50,000 people).
MAX_ROWS = 200_000
PROGRESS_EVERY = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    """One problem, at an Excel row number (1 is the header row; None for the whole file)."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))


class FileError(Exception):
    """The file as a whole cannot be read (not a workbook, no header, missing columns...)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ".0", dates as dd/mm/yyyy, text NFC-normalized."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.isascii():  # codes, e-mails, phones: nothing to normalise but spaces
        return " ".join(text.split())
    return normalize(text)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def cell_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text "dd/mm/yyyy"; ValueError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        day = from_excel(value)
        day = day.date() if isinstance(day, dt.datetime) else day
        if not isinstance(day, dt.date):
            raise ValueError(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        for fmt in _DATE_FORMATS:
            try:
                day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day, no time)
                break
            except ValueError:
                continue
        else:
            raise ValueError(value)
    if not 1900 < day.year < 2100:
        raise ValueError(value)
    return day


def read_rows(stream: IO[bytes], columns: tuple[Column, ...], *, sheet: str,
              progress: Progress | None = None) -> list[Row]:
    """The non-empty data rows of the workbook, keyed by column; raises FileError for an unreadable file.

    The data sheet is the one named `sheet` (as in our templates) or else the first sheet. The first
    row holds the headers, in any order; unknown columns are ignored.
    """
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileError([RowError(None, "", _("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu."))]) from exc
    try:
        ws = workbook[sheet] if sheet in workbook.sheetnames else workbook.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise FileError([RowError(None, "", _("Tệp không có dữ liệu."))])
        positions = match_headers(header, columns)
        missing = [c for c in columns if c.required and c.key not in positions]
        if missing:
            raise FileError([
                RowError(1, c.header, _("Thiếu cột “%(column)s” ở dòng tiêu đề.") % {"column": c.header})
                for c in missing
            ])
        total = max((ws.max_row or 0) - 1, 0)
        out: list[Row] = []
        for number, cells in enumerate(rows, start=2):
            values = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            out.append(Row(number, values))
            if len(out) > MAX_ROWS:
                raise FileError([RowError(None, "", _("Tệp có quá %(n)s dòng; hãy chia thành nhiều tệp.")
                                          % {"n": f"{MAX_ROWS:,}".replace(",", ".")})])
            if progress is not None and (number - 1) % PROGRESS_EVERY == 0:
                progress(number - 1, max(total, number - 1))
        if not out:
            raise FileError([RowError(None, "", _("Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề)."))])
        if progress is not None:
            progress(len(out) and out[-1].number - 1, max(total, out[-1].number - 1))
        return out
    finally:
        workbook.close()


def count_rows(stream: IO[bytes], *, sheet: str) -> int | None:
    """The number of rows below the header, from the sheet's recorded dimensions (None when unknown)."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return None
    try:
        ws = workbook[sheet] if sheet in workbook.sheetnames else workbook.worksheets[0]
        return max(ws.max_row - 1, 0) if ws.max_row else None
    finally:
        workbook.close()
        stream.seek(0)
