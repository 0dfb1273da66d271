"""School-year periods and Vietnamese date formatting.

The Vietnamese school year runs from September to May: semester I from 1 September to 15 January
(MOET's yearly frame ends it before mid-January), semester II from 16 January to 31 May. Reporting
also uses calendar quarters and months.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str  # "school_year" | "semester" | "quarter" | "month"
    key: str  # stable identifier, e.g. "2026-2027", "2026-2027-HK1", "2026-Q4", "2026-11"
    label: str

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _as_date(day: dt.date | dt.datetime | None) -> dt.date:
    if day is None:
        return timezone.localdate()
    if isinstance(day, dt.datetime):
        return timezone.localtime(day, VN_TZ).date() if timezone.is_aware(day) else day.date()
    return day


def school_year(day: dt.date | dt.datetime | None = None) -> Period:
    """The school year containing `day` (June–August belong to the year that just ended)."""
    d = _as_date(day)
    first = d.year if d.month >= 9 else d.year - 1
    return school_year_starting(first)


def school_year_starting(first_year: int) -> Period:
    return Period(
        dt.date(first_year, 9, 1),
        dt.date(first_year + 1, 8, 31),
        "school_year",
        f"{first_year}-{first_year + 1}",
        _("Năm học %(a)s–%(b)s") % {"a": first_year, "b": first_year + 1},
    )


def semesters(year: Period) -> list[Period]:
    a = year.start.year
    return [
        Period(dt.date(a, 9, 1), dt.date(a + 1, 1, 15), "semester", f"{year.key}-HK1",
               _("Học kỳ I năm học %(y)s") % {"y": year.key.replace("-", "–")}),
        Period(dt.date(a + 1, 1, 16), dt.date(a + 1, 5, 31), "semester", f"{year.key}-HK2",
               _("Học kỳ II năm học %(y)s") % {"y": year.key.replace("-", "–")}),
    ]


def semester(day: dt.date | dt.datetime | None = None) -> Period | None:
    """The semester containing `day`, or None in the summer break (June–August)."""
    d = _as_date(day)
    return next((p for p in semesters(school_year(d)) if d in p), None)


def quarter(day: dt.date | dt.datetime | None = None) -> Period:
    d = _as_date(day)
    q = (d.month - 1) // 3 + 1
    start = dt.date(d.year, 3 * q - 2, 1)
    end = (dt.date(d.year + 1, 1, 1) if q == 4 else dt.date(d.year, 3 * q + 1, 1)) - dt.timedelta(days=1)
    return Period(start, end, "quarter", f"{d.year}-Q{q}", _("Quý %(q)s/%(y)s") % {"q": "I II III IV".split()[q - 1], "y": d.year})


def month(day: dt.date | dt.datetime | None = None) -> Period:
    d = _as_date(day)
    start = d.replace(day=1)
    nxt = dt.date(d.year + 1, 1, 1) if d.month == 12 else dt.date(d.year, d.month + 1, 1)
    return Period(start, nxt - dt.timedelta(days=1), "month", f"{d.year}-{d.month:02d}",
                  _("Tháng %(m)02d/%(y)s") % {"m": d.month, "y": d.year})


def months_of(year: Period) -> list[Period]:
    out, d = [], year.start
    while d <= year.end:
        out.append(month(d))
        d = out[-1].end + dt.timedelta(days=1)
    return out


def format_date(day: dt.date | dt.datetime | None) -> str:
    """05/02/2026 (datetimes shown in Asia/Ho_Chi_Minh)."""
    if day is None:
        return ""
    return _as_date(day).strftime("%d/%m/%Y")


def format_datetime(moment: dt.datetime | None) -> str:
    """14:30 05/02/2026 in Asia/Ho_Chi_Minh."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, VN_TZ) if timezone.is_aware(moment) else moment
    return local.strftime("%H:%M %d/%m/%Y")


def format_long_date(day: dt.date | dt.datetime | None, place: str = "") -> str:
    """"ngày 05 tháng 02 năm 2026", or with a place "Hà Nội, ngày 05 tháng 02 năm 2026" (Decree 30/2020)."""
    if day is None:
        return ""
    d = _as_date(day)
    # Decree 30/2020, Appendix I: a leading zero for days below 10 and for months 1 and 2 only.
    month_text = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month_text} năm {d.year}"
    return f"{place}, {text}" if place else text
