"""Manual import of lists exported from other listening tools (CSV or Excel), with a column-mapping step.

    table = read_table(upload.read(), upload.name)         # raises TableError for an unreadable file
    mapping = guess_mapping(table.headers)                 # shown to the user, who corrects it
    items, errors = apply_mapping(table, mapping)          # errors at spreadsheet line numbers

Line numbers are the spreadsheet's: the header is line 1, the first data row line 2 (for CSV, a record
whose quoted text spans several physical lines still counts as one line).
"""

import codecs
import csv
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from educomms.core.text import fold, normalize
from educomms.monitoring.fetch.text import MAX_TEXT, clean_text, clean_title, site_of, tidy, truncate
from educomms.monitoring.fetch.types import RawItem

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise

MAX_ROWS = 20_000
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
Cell = str | int | float | datetime | date | time | None

# The fields a column can be mapped to, with the labels shown in the mapping step.
FIELDS: "dict[str, StrOrPromise]" = {
    "url": gettext_lazy("Đường dẫn"),
    "title": gettext_lazy("Tiêu đề"),
    "text": gettext_lazy("Nội dung"),
    "published_at": gettext_lazy("Ngày đăng"),
    "author": gettext_lazy("Tác giả"),
    "site": gettext_lazy("Nguồn"),
    "reach": gettext_lazy("Lượt tương tác"),
    "label": gettext_lazy("Sắc thái"),
}

# Header names seen in exports of Vietnamese and international listening tools, in folded form.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "url": ("link", "url", "duong dan", "lien ket", "duong link", "link bai viet", "permalink", "dia chi"),
    "title": ("tieu de", "title", "headline", "tua de", "ten bai", "ten bai viet"),
    "text": (
        "noi dung", "content", "text", "message", "mo ta", "description", "tom tat", "snippet", "body",
        "noi dung bai viet", "trich dan", "summary",
    ),
    "published_at": (
        "ngay dang", "thoi gian", "ngay", "date", "published", "published at", "publish date", "time",
        "created time", "created at", "ngay xuat ban", "thoi gian dang", "ngay gio", "datetime",
    ),
    "author": ("tac gia", "author", "nguoi dang", "tai khoan", "ten tai khoan", "user", "username", "nguoi viet"),
    "site": ("nguon", "source", "site", "trang", "domain", "ten mien", "website", "kenh", "trang web", "bao"),
    "reach": (
        "luot tuong tac", "tuong tac", "reach", "engagement", "interactions", "luot xem", "views",
        "luot tiep can", "luot thich", "likes", "luot chia se", "shares", "followers",
    ),
    "label": ("sac thai", "sentiment", "cam xuc", "label", "nhan", "tone", "danh gia", "thai do"),
}
_LABELS = {
    # No digits: tools disagree on them (-1/0/1 here, 0/1/2 in UIT-VSFC).
    "negative": ("tieu cuc", "negative", "neg", "xau"),
    "neutral": ("trung lap", "trung tinh", "neutral", "neu", "binh thuong"),
    "positive": ("tich cuc", "positive", "pos", "tot"),
}
_SOCIAL = ("facebook.com", "fb.com", "tiktok.com", "youtube.com", "instagram.com", "x.com", "twitter.com", "threads.net")
_SOCIAL_NAMES = {"facebook", "tiktok", "youtube", "instagram", "twitter", "x", "threads", "zalo"}
_DATE_FORMATS = (
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y",
    "%H:%M %d/%m/%Y", "%H:%M:%S %d/%m/%Y",
)
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_PUNCTUATION = re.compile(r"[^\w ]+")


@dataclass(frozen=True)
class TableRow:
    line: int  # the spreadsheet line (the header is line 1)
    cells: list[Cell]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[TableRow]

    def column(self, header: str) -> int:
        return self.headers.index(header)


@dataclass(frozen=True)
class RowError:
    line: int
    message: str  # "Dòng 7: ..." — the line number is part of the message shown to the user


class TableError(Exception):
    """The file as a whole cannot be used (not CSV/Excel, no header row, too many rows...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- reading -----------------------------------------------------------------------------------

def read_table(data: bytes, filename: str) -> Table:
    """The header and data rows of a CSV (UTF-8, UTF-8 with BOM or Windows-1258; "," or ";") or .xlsx file.

    Blank rows are skipped (line numbers still count them). Raises TableError.
    """
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        raw = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        raw = _csv_rows(data)
    elif name.endswith(".xls"):
        raise TableError(_("Tệp Excel 97-2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV."))
    else:
        raise TableError(_("Chỉ nhận tệp CSV hoặc Excel (.xlsx)."))
    return _table(raw)


def _table(raw: Any) -> Table:
    headers: list[str] | None = None
    rows: list[TableRow] = []
    for line, values in enumerate(raw, start=1):
        cells = [_cell(v) for v in values]
        if headers is None:
            if line > 1 or not any(c not in (None, "") for c in cells):
                raise TableError(_("Dòng 1 của tệp phải là dòng tiêu đề cột."))
            headers = _headers(cells)
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise TableError(
                _("Tệp có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        rows.append(TableRow(line=line, cells=(cells + [None] * len(headers))[: len(headers)]))
    if headers is None:
        raise TableError(_("Tệp không có dữ liệu."))
    return Table(headers=headers, rows=rows)


def _headers(cells: list[Cell]) -> list[str]:
    while cells and cells[-1] in (None, ""):
        cells = cells[:-1]
    headers: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = normalize(str(cell)) if cell not in (None, "") else _("Cột %(letter)s") % {"letter": get_column_letter(index)}
        unique, n = name, 2
        while unique in headers:  # two "Link" columns must stay distinguishable in the mapping step
            unique, n = f"{name} ({n})", n + 1
        headers.append(unique)
    return headers


def _cell(value: Any) -> Cell:
    if isinstance(value, str):
        return value.strip()
    if value is None or isinstance(value, int | float | datetime | date | time):
        return value
    return str(value)


def _xlsx_rows(data: bytes) -> Any:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.")) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise TableError(_("Tệp Excel không có trang tính nào."))
    # read-only worksheets iterate lazily: rows beyond the limit are never loaded
    return sheet.iter_rows(values_only=True)


def _csv_rows(data: bytes) -> Any:
    text = _decode_csv(data)
    # The header line decides: it rarely holds quotes or punctuation, unlike the text cells that
    # csv.Sniffer would also look at (Vietnamese prose is full of commas).
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _decode_csv(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # Excel's "Unicode text" export
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on a Vietnamese Windows saves "CSV" in the ANSI code page, Windows-1258.
        return data.decode("cp1258", errors="replace")


# --- mapping -----------------------------------------------------------------------------------

def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field → header for the columns whose names we recognise; each header used at most once.

    Exact names win over partial ones ("Nội dung" is the text even when "Nội dung tóm tắt" exists).
    """
    folded = {header: _PUNCTUATION.sub(" ", fold(header)).split() for header in headers}
    names = {header: " ".join(words) for header, words in folded.items()}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for field, synonyms in _SYNONYMS.items():
            if field in mapping:
                continue
            for header in headers:
                if header in used:
                    continue
                name = names[header]
                hit = name in synonyms if exact else any(
                    f" {s} " in f" {name} " for s in synonyms if len(s) >= 3
                )
                if hit:
                    mapping[field] = header
                    used.add(header)
                    break
    return mapping


def apply_mapping(table: Table, mapping: dict[str, str]) -> tuple[list[RawItem], list[RowError]]:
    """The rows as RawItems, and one RowError per unusable row (that row is left out).

    `mapping` is field → header (fields from FIELDS). Without a title or text column every row is an
    error ("cần có tiêu đề hoặc nội dung"): the mapping step shows it while the person is still choosing.
    Raises TableError for a field not in FIELDS or a header not in the table (a tampered form).
    """
    columns: dict[str, int] = {}
    for field, header in mapping.items():
        if field not in FIELDS:
            raise TableError(_("Trường “%(field)s” không tồn tại.") % {"field": field})
        if header not in table.headers:
            raise TableError(_("Tệp không có cột “%(header)s”.") % {"header": header})
        columns[field] = table.column(header)
    items: list[RawItem] = []
    errors: list[RowError] = []
    for row in table.rows:
        try:
            items.append(_row_item(row, columns))
        except _RowProblem as problem:
            errors.append(RowError(line=row.line, message=_("Dòng %(line)d: %(problem)s") % {
                "line": row.line, "problem": problem.message,
            }))
    return items, errors


class _RowProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _row_item(row: TableRow, columns: dict[str, int]) -> RawItem:
    def get(field: str) -> Cell:
        return row.cells[columns[field]] if field in columns else None

    title = clean_title(_text(get("title")))
    text = clean_text(_text(get("text")))
    if not title and not text:
        raise _RowProblem(_("cần có tiêu đề hoặc nội dung"))
    url = _url(get("url"))
    site = _site(get("site"), url)
    return RawItem(
        url=url,
        title=title,
        text=truncate(text, MAX_TEXT),
        published_at=parse_vietnamese_datetime(get("published_at")),
        author=clean_title(_text(get("author"))),
        site=site,
        kind="post" if _is_social(url, site) else "article",
        reach=_reach(get("reach")),
        label=_label(get("label")),
    )


def _is_social(url: str, site: str) -> bool:
    """A row from a social network is a post, not a press article."""
    host = site_of(url) or site.lower()
    if any(host == domain or host.endswith("." + domain) for domain in _SOCIAL):
        return True
    return not url and fold(site) in _SOCIAL_NAMES


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _url(value: Cell) -> str:
    raw = "".join(_text(value).split())
    if not raw:
        return ""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.IGNORECASE):
        raw = "https://" + raw  # exports often drop the scheme ("vnexpress.net/...")
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise _RowProblem(_("đường dẫn “%(value)s” không hợp lệ") % {"value": _text(value)})
    return raw


def _site(value: Cell, url: str) -> str:
    """A domain, like every other source's `site`: the column's when it holds one, else the URL's;
    a bare name ("Báo Tuổi Trẻ", "Facebook") only when the row has no URL."""
    raw = _text(value).strip()
    if raw and " " not in raw and "." in raw:
        return site_of(raw if "://" in raw else f"https://{raw}")
    return site_of(url) or tidy(raw)


def _reach(value: Cell) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _RowProblem(_("lượt tương tác “%(value)s” không phải là số") % {"value": value})
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    else:
        number = _parse_count(str(value))
    if number < 0:
        raise _RowProblem(_("lượt tương tác “%(value)s” không phải là số") % {"value": _text(value)})
    return round(number)


def _parse_count(raw: str) -> float:
    text = fold(raw).replace(" ", "")
    multiplier = 1
    for suffix, factor in (("k", 1_000), ("ngan", 1_000), ("nghin", 1_000), ("tr", 1_000_000), ("m", 1_000_000)):
        if text.endswith(suffix):
            text, multiplier = text[: -len(suffix)], factor
            break
    if multiplier > 1:
        number = text.replace(",", ".")  # "1,2K" and "1.2K" both mean 1,200
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        number = re.sub(r"[.,]", "", text)  # "12.345" or "12,345": thousands separators
    else:
        number = text.replace(",", ".")
    try:
        return float(number) * multiplier
    except ValueError:
        raise _RowProblem(_("lượt tương tác “%(value)s” không phải là số") % {"value": raw}) from None


@functools.lru_cache(maxsize=256)
def _label_named(raw: str) -> str:
    # An export repeats three or four spellings thousands of times: fold each once.
    key = fold(raw)
    return next((label for label, names in _LABELS.items() if key in names), "")


def _label(value: Cell) -> str:
    raw = _text(value).strip()
    if not raw:
        return ""
    label = _label_named(raw)
    if label:
        return label
    raise _RowProblem(
        _("sắc thái “%(value)s” không rõ (dùng Tích cực, Tiêu cực hoặc Trung lập)") % {"value": raw}
    )


def parse_vietnamese_datetime(value: Cell) -> datetime | None:
    """A date as Vietnamese write it (05/02/2026, 05/02/2026 14:30), ISO 8601, an Excel date cell or
    serial number; read in Asia/Ho_Chi_Minh unless it carries an offset. Returns aware UTC."""
    if value is None or value == "":
        return None
    moment: datetime | None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            converted = None
        moment = converted if isinstance(converted, datetime) else None
    else:
        moment = _parse_text_date(str(value))
    if moment is None:
        raise _RowProblem(
            _("ngày đăng “%(value)s” không hợp lệ (dạng 05/02/2026 hoặc 05/02/2026 14:30)") % {"value": _text(value)}
        )
    return (moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)).astimezone(UTC)


def _parse_text_date(raw: str) -> datetime | None:
    text = " ".join(raw.split())
    # The common shape first, without strptime (a sixth of the cost of a 20,000-row import).
    if match := _VN_DATE.fullmatch(text):
        day, month, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 (made aware by the caller)
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)  # noqa: DTZ007 (made aware by the caller)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
