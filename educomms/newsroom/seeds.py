"""Seed data for the newsroom: the sector's communication priorities (themes) and the school year's key
dates. Both are idempotent: running them again changes nothing.

Lunar dates (Tết Nguyên đán) move every year, so key dates are entered per school year with their actual
Gregorian dates; only the school years listed in `_YEARLY` are known. Tết Nguyên đán: 17/02/2026 (Bính Ngọ)
for 2025–2026 and 06/02/2027 (Đinh Mùi) for 2026–2027. The 2026 upper-secondary graduation exam is on
11–12/06/2026 (Bộ GD&ĐT); the 2027 dates and both years' grade-10 admissions are estimates, said so in
their notes ("dự kiến") until the official schedules are published.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from educomms.core.text import fold
from educomms.newsroom.models import KeyDate, Theme
from educomms.org.models import Unit

THEMES: list[str] = [
    "Giải pháp giáo dục",
    "Khoa học và học liệu số",
    "Ứng dụng CNTT trong dạy học và nền tảng trực tuyến",
    "Thi cử, cuộc thi và đánh giá chất lượng",
    "Chương trình GDPT 2018",
    "Người tốt, việc tốt, điển hình tiên tiến, nhà giáo và cán bộ quản lý đổi mới sáng tạo",
    "Hoạt động trải nghiệm",
    "Thiện nguyện và huy động nguồn lực xã hội",
    "Giải thích chính sách (quy định mới của Đảng, Nhà nước và của ngành)",
]


def theme_slug(name: str) -> str:
    return slugify(fold(name))[:120] or "chu-de"


def seed_themes(department: Unit, *, using: str = "default") -> list[Theme]:
    """The sector's priority themes for `department` (existing ones, matched by slug, are left as they are)."""
    themes = []
    with transaction.atomic(using=using):
        for order, name in enumerate(THEMES, start=1):
            theme, _created = Theme.objects.using(using).get_or_create(
                unit=department, slug=theme_slug(name), defaults={"name": name, "order": order * 10})
            themes.append(theme)
    return themes


@dataclass(frozen=True)
class SeedDate:
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    description: str = ""
    national: bool = True  # False: the department's own (e.g. grade-10 admissions are set by each province)


def _fixed(first: int) -> list[SeedDate]:
    """Dates on the same day every year, for the school year starting in September of `first`."""
    nxt = first + 1
    d = dt.date
    national, sector = KeyDate.Kind.NATIONAL, KeyDate.Kind.SECTOR
    return [
        SeedDate("Quốc khánh", national, d(first, 9, 2)),
        SeedDate("Khai giảng năm học mới", sector, d(first, 9, 5)),
        SeedDate("Ngày Phụ nữ Việt Nam", national, d(first, 10, 20)),
        SeedDate("Ngày Nhà giáo Việt Nam", sector, d(first, 11, 20)),
        SeedDate("Tết Dương lịch", national, d(nxt, 1, 1)),
        SeedDate("Ngày thành lập Đoàn TNCS Hồ Chí Minh", national, d(nxt, 3, 26)),
        SeedDate("Ngày sách và văn hóa đọc Việt Nam", national, d(nxt, 4, 21)),
        SeedDate("Ngày Quốc tế Thiếu nhi", national, d(nxt, 6, 1)),
    ]


_ESTIMATE = "Ngày dự kiến; cập nhật khi có lịch chính thức."
_YEARLY: dict[int, list[SeedDate]] = {
    2025: [
        SeedDate("Tết Nguyên đán Bính Ngọ", KeyDate.Kind.NATIONAL, dt.date(2026, 2, 17),
                 description="Mùng 1 Tết âm lịch (17/02/2026)."),
        SeedDate("Kỳ thi tốt nghiệp THPT năm 2026", KeyDate.Kind.SECTOR, dt.date(2026, 6, 11), dt.date(2026, 6, 12),
                 description="Mùa thi tốt nghiệp THPT theo lịch của Bộ GD&ĐT."),
        SeedDate("Kỳ thi tuyển sinh lớp 10 năm học 2026–2027", KeyDate.Kind.LOCAL, dt.date(2026, 6, 2),
                 dt.date(2026, 6, 3), description=_ESTIMATE, national=False),
    ],
    2026: [
        SeedDate("Tết Nguyên đán Đinh Mùi", KeyDate.Kind.NATIONAL, dt.date(2027, 2, 6),
                 description="Mùng 1 Tết âm lịch (06/02/2027)."),
        SeedDate("Kỳ thi tốt nghiệp THPT năm 2027", KeyDate.Kind.SECTOR, dt.date(2027, 6, 10), dt.date(2027, 6, 11),
                 description="Mùa thi tốt nghiệp THPT. " + _ESTIMATE),
        SeedDate("Kỳ thi tuyển sinh lớp 10 năm học 2027–2028", KeyDate.Kind.LOCAL, dt.date(2027, 6, 2),
                 dt.date(2027, 6, 3), description=_ESTIMATE, national=False),
    ],
}
SEEDED_SCHOOL_YEARS = tuple(f"{y}-{y + 1}" for y in sorted(_YEARLY))


def seed_key_dates(department: Unit, school_year: str, *, using: str = "default") -> list[KeyDate]:
    """The national and sector key dates of `school_year` ("2025-2026"), shared by every unit, and the
    department's own seeded dates. Raises ValueError for a school year whose lunar dates are not known."""
    try:
        first = int(school_year.split("-")[0])
    except ValueError as exc:
        raise ValueError(school_year) from exc
    if first not in _YEARLY:
        raise ValueError(f"Chưa có dữ liệu ngày trọng điểm cho năm học {school_year}")
    created = []
    with transaction.atomic(using=using):
        for seed in _fixed(first) + _YEARLY[first]:
            key_date, _new = KeyDate.objects.using(using).get_or_create(
                unit=None if seed.national else department, title=seed.title, starts_on=seed.starts_on,
                defaults={"kind": seed.kind, "ends_on": seed.ends_on, "description": seed.description})
            created.append(key_date)
    return created
