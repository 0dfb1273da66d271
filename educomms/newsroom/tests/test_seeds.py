"""Seeding the sector's themes and the school year's key dates."""

import datetime as dt

import pytest

from educomms.newsroom import calendar_selectors as selectors
from educomms.newsroom.models import KeyDate, Theme
from educomms.newsroom.seeds import THEMES, seed_key_dates, seed_themes


def test_it_seeds_the_sector_themes_once(world):
    seed_themes(world.department)
    seed_themes(world.department)
    names = list(Theme.objects.filter(unit=world.department).values_list("name", flat=True))
    assert names == THEMES
    assert "Chương trình GDPT 2018" in names


def test_it_applies_the_department_themes_to_a_school_below_it(world):
    seed_themes(world.department)
    assert list(selectors.themes_for(world.school_a).values_list("name", flat=True)) == THEMES
    Theme.objects.filter(name="Hoạt động trải nghiệm").update(active=False)
    assert "Hoạt động trải nghiệm" not in set(selectors.themes_for(world.school_a).values_list("name", flat=True))


def test_it_seeds_the_key_dates_of_2025_2026_with_the_real_tet_date(world):
    seed_key_dates(world.department, "2025-2026")
    tet = KeyDate.objects.get(title__startswith="Tết Nguyên đán")
    assert tet.starts_on == dt.date(2026, 2, 17) and tet.unit is None and tet.kind == KeyDate.Kind.NATIONAL
    exam = KeyDate.objects.get(title="Kỳ thi tốt nghiệp THPT năm 2026")
    assert (exam.starts_on, exam.ends_on) == (dt.date(2026, 6, 11), dt.date(2026, 6, 12))
    assert KeyDate.objects.get(title="Ngày Nhà giáo Việt Nam").starts_on == dt.date(2025, 11, 20)
    assert KeyDate.objects.get(title="Khai giảng năm học mới").starts_on == dt.date(2025, 9, 5)
    admissions = KeyDate.objects.get(title__startswith="Kỳ thi tuyển sinh lớp 10")
    assert admissions.unit == world.department and "dự kiến" in admissions.description


def test_it_marks_the_2027_exam_dates_as_estimates_and_enters_tet_2027(world):
    seed_key_dates(world.department, "2026-2027")
    assert KeyDate.objects.get(title__startswith="Tết Nguyên đán").starts_on == dt.date(2027, 2, 6)
    assert "dự kiến" in KeyDate.objects.get(title="Kỳ thi tốt nghiệp THPT năm 2027").description


def test_it_seeds_key_dates_idempotently(world):
    first = len(seed_key_dates(world.department, "2025-2026"))
    count = KeyDate.objects.count()
    seed_key_dates(world.department, "2025-2026")
    assert KeyDate.objects.count() == count == first == 11


def test_it_refuses_a_school_year_without_known_lunar_dates(world):
    with pytest.raises(ValueError, match="2030-2031"):
        seed_key_dates(world.department, "2030-2031")


def test_the_demo_province_comes_with_themes_and_key_dates(db):
    from educomms.demo import province

    province.load(schools=3)
    department = Theme.objects.first().unit
    assert department.kind == department.Kind.DEPARTMENT
    assert list(selectors.themes_for(department).values_list("name", flat=True)) == THEMES
    assert KeyDate.objects.filter(title__startswith="Tết Nguyên đán").count() == 2
    count = KeyDate.objects.count()
    province.load(schools=3)
    assert KeyDate.objects.count() == count and Theme.objects.count() == len(THEMES)
