import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from educomms.core import periods


def test_it_places_a_day_in_its_school_year():
    assert periods.school_year(dt.date(2026, 11, 22)).key == "2026-2027"
    assert periods.school_year(dt.date(2027, 5, 31)).key == "2026-2027"
    assert periods.school_year(dt.date(2026, 7, 1)).key == "2025-2026"


def test_it_knows_semesters_quarters_and_months():
    with translation.override("vi"):
        assert periods.semester(dt.date(2026, 12, 1)).key == "2026-2027-HK1"
        assert periods.semester(dt.date(2027, 3, 1)).key == "2026-2027-HK2"
        assert periods.semester(dt.date(2027, 7, 1)) is None
        q = periods.quarter(dt.date(2026, 11, 22))
        assert (q.key, q.start, q.end, q.label) == ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "Quý IV/2026")
        m = periods.month(dt.date(2027, 2, 10))
        assert (m.end, m.label) == (dt.date(2027, 2, 28), "Tháng 02/2027")
    year = periods.school_year_starting(2026)
    assert len(periods.months_of(year)) == 12


def test_it_formats_dates_as_vietnamese_users_write_them():
    assert periods.format_date(dt.date(2026, 2, 5)) == "05/02/2026"
    utc_moment = dt.datetime(2026, 2, 4, 20, 30, tzinfo=ZoneInfo("UTC"))
    assert periods.format_datetime(utc_moment) == "03:30 05/02/2026"  # Asia/Ho_Chi_Minh is UTC+7
    assert periods.format_long_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert periods.format_long_date(dt.date(2026, 11, 5), place="Bình Sơn") == "Bình Sơn, ngày 05 tháng 11 năm 2026"
    assert periods.format_long_date(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
