"""Vietnamese names, places and contacts for generated data (the demo province and benchmark scale).

Everything here is fictional: people are drawn at random from common family, middle and given names;
schools are named after historical figures, flowers and places as Vietnamese schools usually are. No
real person is tied to a real office, and a few names of real education leaders are never generated.

All strings are already in the form `core.text.normalize` produces (NFC, "hòa"/"thủy" tone placement),
so they can be stored without normalising each one again (a test checks this).
"""

import random
from dataclasses import dataclass
from itertools import accumulate

from educomms.core.text import fold

# --- People -----------------------------------------------------------------------------------------

# Family names with their approximate share of the population (per cent).
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.0), ("Huỳnh", 2.1),
    ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8), ("Đào", 0.7), ("Trịnh", 0.6), ("Lương", 0.5),
    ("Mai", 0.5), ("Cao", 0.4), ("Lâm", 0.4), ("Hà", 0.4), ("Tạ", 0.3), ("Chu", 0.3), ("Tô", 0.3),
    ("Lưu", 0.3), ("Kiều", 0.2), ("Quách", 0.2), ("Thái", 0.2), ("Triệu", 0.2), ("Văn", 0.2), ("Trương", 0.6),
    ("Nông", 0.2), ("Lò", 0.1), ("Hứa", 0.1), ("Phùng", 0.2), ("Vương", 0.2), ("Doãn", 0.1), ("Khổng", 0.1),
]

MIDDLE_NAMES_MALE: list[tuple[str, float]] = [
    ("Văn", 30), ("Đức", 8), ("Minh", 8), ("Quốc", 6), ("Hữu", 6), ("Công", 5), ("Thành", 4), ("Xuân", 4),
    ("Quang", 4), ("Tuấn", 2), ("Hoàng", 3), ("Gia", 2), ("Anh", 2), ("Ngọc", 3), ("Trọng", 3), ("Thế", 3),
    ("Duy", 3), ("Việt", 2), ("Đình", 4), ("Bá", 2), ("Mạnh", 2), ("Tiến", 2), ("Trung", 2), ("Hải", 2),
    ("Thanh", 3), ("Kim", 1), ("Nhật", 1), ("Chí", 2), ("Khắc", 1), ("Phú", 1),
]
MIDDLE_NAMES_FEMALE: list[tuple[str, float]] = [
    ("Thị", 45), ("Thu", 5), ("Ngọc", 6), ("Thanh", 5), ("Thùy", 3), ("Hồng", 3), ("Kim", 3), ("Mai", 2),
    ("Phương", 3), ("Bích", 2), ("Minh", 3), ("Diệu", 1), ("Khánh", 2), ("Hải", 2), ("Hoài", 1), ("Lan", 1),
    ("Quỳnh", 1), ("Thảo", 1), ("Tuyết", 1), ("Mỹ", 2), ("Hà", 1), ("Bảo", 1), ("Cẩm", 1), ("Thúy", 2),
    ("Phước", 1), ("Xuân", 2), ("Hương", 1),
]
GIVEN_NAMES_MALE: list[str] = [
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Long", "Nam", "Quân", "Sơn", "Thắng", "Trung", "Cường", "Đức",
    "Hiếu", "Huy", "Khánh", "Phong", "Phúc", "Quang", "Tài", "Thành", "Tùng", "Vinh", "Bình", "Hòa",
    "Hoàng", "Khoa", "Lâm", "Lộc", "Nghĩa", "Phát", "Tâm", "Thịnh", "Toàn", "Trí", "Việt", "An", "Bảo",
    "Đạt", "Duy", "Hưng", "Kiên", "Linh", "Mạnh", "Nhân", "Tiến", "Thái", "Thuận", "Hiển", "Luân",
    "Khải", "Tú", "Vũ", "Hậu", "Định", "Chiến", "Công", "Giang", "Hiệp", "Quý", "Sang", "Tân", "Thiện",
    "Trọng", "Tường", "Vương", "Dương", "Hào", "Khang", "Nguyên", "Phương", "Quyết", "Thông", "Tín",
]
GIVEN_NAMES_FEMALE: list[str] = [
    "Hương", "Lan", "Hoa", "Mai", "Linh", "Trang", "Hà", "Thảo", "Ngọc", "Nhung", "Hằng", "Hạnh", "Huyền",
    "Loan", "Phương", "Yến", "Vân", "Thủy", "Tuyết", "Dung", "Hiền", "Liên", "Lệ", "Ly", "My", "Ngân",
    "Nga", "Oanh", "Quyên", "Quỳnh", "Tâm", "Thanh", "Thơ", "Thu", "Trâm", "Uyên", "Vy", "Xuân", "Anh",
    "Chi", "Diệp", "Giang", "Hồng", "Huệ", "Khánh", "Kiều", "Lam", "Lụa", "Nhàn", "Nhi", "Phượng", "Sen",
    "Thắm", "Thúy", "Trinh", "Tươi", "Hải", "Bích", "Duyên", "Hậu", "Hoài", "Lài", "Mơ", "Ngà", "Nguyệt",
    "Nhàn", "Phúc", "Tình", "Trúc", "Vui", "Hòa", "Diễm", "Giao", "Thoa",
]

# Names of real national education leaders (present and recent): never generated, so that no real
# person appears to hold an office in the demo.
NEVER_GENERATED = frozenset({
    "Nguyễn Kim Sơn", "Phạm Ngọc Thưởng", "Hoàng Minh Sơn", "Nguyễn Văn Phúc", "Lê Quân", "Phùng Xuân Nhạ",
    "Nguyễn Thiện Nhân", "Phạm Vũ Luận", "Nguyễn Thị Kim Chi", "Ngô Thị Minh", "Nguyễn Hữu Độ",
})


def _folded_initial(word: str) -> str:
    return fold(word)[0]


@dataclass(frozen=True)
class Name:
    full: str
    folded: str
    given_folded: str  # ascii: "hung"
    initials: str      # family and middle initials, ascii: "nv"
    female: bool


class NamePicker:
    """Draws Vietnamese full names with realistic frequencies. Deterministic for a given `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._family = [n for n, _ in FAMILY_NAMES]
        self._family_cum = list(accumulate(w for _, w in FAMILY_NAMES))
        self._mid_m = [n for n, _ in MIDDLE_NAMES_MALE]
        self._mid_m_cum = list(accumulate(w for _, w in MIDDLE_NAMES_MALE))
        self._mid_f = [n for n, _ in MIDDLE_NAMES_FEMALE]
        self._mid_f_cum = list(accumulate(w for _, w in MIDDLE_NAMES_FEMALE))
        self._fold = {w: fold(w) for w in [*self._family, *self._mid_m, *self._mid_f,
                                           *GIVEN_NAMES_MALE, *GIVEN_NAMES_FEMALE]}

    def pick(self, *, female: bool) -> Name:
        rng = self.rng
        while True:
            family = rng.choices(self._family, cum_weights=self._family_cum)[0]
            if female:
                middle = rng.choices(self._mid_f, cum_weights=self._mid_f_cum)[0]
                given = rng.choice(GIVEN_NAMES_FEMALE)
            else:
                middle = rng.choices(self._mid_m, cum_weights=self._mid_m_cum)[0]
                given = rng.choice(GIVEN_NAMES_MALE)
            if given == middle:
                continue
            # A few people have a two-word middle name ("Nguyễn Thị Thu Hà").
            extra = ""
            if female and middle == "Thị" and rng.random() < 0.12:
                extra = rng.choice(["Thu", "Ngọc", "Thanh", "Kim", "Minh", "Hồng"])
                if extra == given:
                    extra = ""
            parts = [family, middle, extra, given] if extra else [family, middle, given]
            full = " ".join(parts)
            if full in NEVER_GENERATED:
                continue
            folded = " ".join(self._fold[p] for p in parts)
            initials = "".join(self._fold[p][0] for p in parts[:-1])
            return Name(full, folded, self._fold[given], initials, female)


# --- Places -------------------------------------------------------------------------------------------

PROVINCE = "Bình Sơn"
EMAIL_DOMAIN = "binhson.example"  # RFC 2606: never a real mailbox, even if the demo runs with SMTP on
LANDLINE_AREA = "0220"

# Urban wards (phường) around the provincial capital, then rural communes (xã). Plausible names built
# from the syllables Vietnamese places are commonly named with.
WARD_NAMES = [
    "Bình Sơn", "Bắc Bình Sơn", "Nam Bình Sơn", "Đông Bình Sơn", "Tây Bình Sơn", "Hòa Bình", "Quang Trung",
    "Lê Lợi", "Thành Công", "Hồng Hà", "Phú Lâm", "Thanh Bình",
]
COMMUNE_NAMES = [
    "An Phú", "An Bình", "An Hòa", "An Khánh", "An Lạc", "An Thạnh", "Bình An", "Bình Minh", "Bình Thạnh",
    "Cẩm Giang", "Đại Đồng", "Đông Hưng", "Gia Lộc", "Hòa Lạc", "Hòa Thuận", "Hưng Đạo", "Hương Sơn",
    "Kim Sơn", "Lạc Long", "Long Hưng", "Minh Đức", "Mỹ Lộc", "Nam Sơn", "Ngọc Lâm", "Nghĩa Hưng",
    "Phú Lộc", "Phú Mỹ", "Phúc Thành", "Quảng Phú", "Tam Hiệp", "Tân An", "Tân Lập", "Tân Phong",
    "Tân Thành", "Thạch Bàn", "Thanh Sơn", "Thạnh Mỹ", "Thịnh Đức", "Thuận Thành", "Tiên Lữ", "Trung Hòa",
    "Trường Xuân", "Vĩnh Hòa", "Xuân Lâm", "Xuân Phương", "Yên Bình", "Yên Lạc", "Đồng Tâm", "Hồng Phong",
    "Kim Liên", "Lam Sơn", "Đức Thắng", "Phước Long", "Sơn Thủy", "Tân Hương", "Hòa Mỹ", "Cát Tiên",
    "Đại Thành", "Quang Minh", "Vạn Phúc", "Thiện Hưng", "Mỹ Hòa", "Tân Hòa", "Hiệp Thành", "Phú Xuân",
]
HAMLET_WORDS = ["Thôn", "Thôn", "Xóm", "Ấp", "Khu phố", "Tổ dân phố"]
STREETS = [
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hùng Vương", "Quang Trung", "Lý Thường Kiệt", "Hai Bà Trưng",
    "Nguyễn Du", "Phan Bội Châu", "Ngô Quyền", "Lê Duẩn", "Nguyễn Huệ", "Bà Triệu", "Trần Phú", "Điện Biên Phủ",
]

# --- Schools ------------------------------------------------------------------------------------------

PRESCHOOL_NAMES = [
    "Hoa Sen", "Sơn Ca", "Họa Mi", "Hoa Mai", "Hoa Hồng", "Tuổi Thơ", "Bình Minh", "Mầm Xanh", "Vàng Anh",
    "Sao Mai", "Hướng Dương", "Búp Măng", "Thỏ Ngọc", "Ánh Dương", "Hoa Phượng", "Ban Mai", "Rạng Đông",
    "Tuổi Hồng", "Hoa Cúc", "Hoa Lan", "Măng Non", "Hoa Đào", "Sao Sáng", "Hoa Ban", "Hoa Sữa", "Bông Sen",
    "Sen Hồng", "Hoa Ngọc Lan", "Chim Én", "Thiên Nga", "Hoa Mười Giờ", "Cầu Vồng", "Mặt Trời Nhỏ",
    "Tuổi Ngọc", "Hoa Lư", "Hoa Thủy Tiên",
]
PRIMARY_NAMES = [
    "Kim Đồng", "Lê Văn Tám", "Võ Thị Sáu", "Nguyễn Bá Ngọc", "Lý Tự Trọng", "Trần Quốc Toản", "Nguyễn Văn Trỗi",
    "Hoa Lư", "Lê Ngọc Hân", "Đinh Tiên Hoàng", "Phù Đổng", "Ngô Sĩ Liên", "Nguyễn Thái Học", "Hoàng Văn Thụ",
    "Trưng Vương", "Vừ A Dính", "Bế Văn Đàn", "La Văn Cầu", "Phan Đình Giót", "Nguyễn Viết Xuân",
    "Lê Quý Đôn", "Chu Văn An", "Mạc Đĩnh Chi", "Trần Quốc Tuấn", "Tô Vĩnh Diện", "Cù Chính Lan",
    "Nguyễn Hiền", "Lương Thế Vinh", "Đoàn Thị Điểm", "Nguyễn Đình Chiểu",
]
LOWER_SECONDARY_NAMES = [
    "Nguyễn Du", "Nguyễn Trãi", "Trần Quốc Toản", "Lê Văn Tám", "Phan Đình Phùng", "Lê Lợi", "Chu Văn An",
    "Nguyễn Hiền", "Lương Định Của", "Tô Vĩnh Diện", "Hồ Tùng Mậu", "Trần Cao Vân", "Nguyễn Khuyến",
    "Nguyễn Trường Tộ", "Đoàn Thị Điểm", "Hai Bà Trưng", "Bà Triệu", "Mạc Đĩnh Chi", "Nguyễn Công Trứ",
    "Phạm Ngũ Lão", "Yết Kiêu", "Lê Quý Đôn", "Trần Phú", "Nguyễn Văn Cừ", "Lê Hồng Phong", "Quang Trung",
    "Ngô Gia Tự", "Phan Chu Trinh", "Huỳnh Thúc Kháng", "Trần Hưng Đạo", "Võ Trường Toản", "Nguyễn Bỉnh Khiêm",
]
UPPER_SECONDARY_NAMES = [
    "Lê Quý Đôn", "Nguyễn Trãi", "Trần Hưng Đạo", "Chu Văn An", "Nguyễn Huệ", "Lê Hồng Phong", "Phan Bội Châu",
    "Phan Châu Trinh", "Trần Phú", "Nguyễn Du", "Hoàng Hoa Thám", "Lý Thường Kiệt", "Ngô Quyền",
    "Nguyễn Bỉnh Khiêm", "Lương Thế Vinh", "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Lê Lợi", "Quang Trung",
    "Hùng Vương", "Bạch Đằng", "Nguyễn Đình Chiểu", "Huỳnh Thúc Kháng", "Tô Hiến Thành", "Trần Nhân Tông",
    "Lý Tự Trọng", "Nguyễn Khuyến", "Trần Quang Khải", "Lê Thánh Tông", "Nguyễn Văn Cừ", "Trần Quốc Tuấn",
    "Hàn Thuyên", "Nguyễn Tất Thành", "Đinh Tiên Hoàng",
]
MULTI_LEVEL_NAMES = ["Ban Mai", "Đoàn Thị Điểm", "Tuệ Đức", "Hòa Bình", "Ngôi Sao", "Việt Mỹ", "Trí Đức", "Hồng Đức"]

# Subject teachers by level (2018 General Education Programme subjects).
SUBJECTS_PRIMARY = ["Tiếng Anh", "Tin học", "Âm nhạc", "Mỹ thuật", "Giáo dục thể chất"]
SUBJECTS_LOWER = ["Toán", "Ngữ văn", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí", "Giáo dục công dân",
                  "Tin học", "Công nghệ", "Giáo dục thể chất", "Âm nhạc", "Mỹ thuật"]
SUBJECTS_UPPER = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí",
                  "Giáo dục kinh tế và pháp luật", "Tin học", "Công nghệ", "Giáo dục thể chất",
                  "Giáo dục quốc phòng và an ninh"]
# Weights: core subjects have more teachers.
SUBJECT_WEIGHTS_LOWER = [5, 5, 3, 4, 3, 1, 1, 1, 2, 1, 1]
SUBJECT_WEIGHTS_UPPER = [5, 5, 4, 2, 2, 2, 2, 2, 1, 1, 1, 2, 1]

SCHOOL_EMPLOYEES = ["Nhân viên kế toán", "Nhân viên văn thư", "Nhân viên thư viện", "Nhân viên thiết bị",
                    "Nhân viên y tế học đường"]
PRESCHOOL_EMPLOYEES = ["Nhân viên nuôi dưỡng", "Nhân viên nuôi dưỡng", "Nhân viên kế toán", "Nhân viên y tế"]

# Mobile prefixes in use in Vietnam (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile), weighted by share.
MOBILE_PREFIXES: list[tuple[str, int]] = [
    ("086", 3), ("096", 5), ("097", 6), ("098", 6), ("032", 3), ("033", 3), ("034", 3), ("035", 3), ("036", 3),
    ("037", 3), ("038", 3), ("039", 3), ("088", 2), ("091", 4), ("094", 4), ("081", 1), ("082", 1), ("083", 1),
    ("084", 1), ("085", 1), ("089", 2), ("090", 4), ("093", 3), ("070", 1), ("076", 1), ("077", 1), ("078", 1),
    ("079", 1), ("092", 1), ("056", 1), ("058", 1), ("099", 1), ("059", 1),
]


def slug(text: str) -> str:
    """ascii letters and digits only: "THCS Nguyễn Du" → "thcsnguyendu"."""
    return "".join(c for c in fold(text) if c.isalnum() and c.isascii())


class PhonePicker:
    """Unique, valid Vietnamese mobile numbers (10 digits, a real operator prefix), drawn at random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._prefixes = [p for p, _ in MOBILE_PREFIXES]
        self._cum = list(accumulate(w for _, w in MOBILE_PREFIXES))
        self._used: set[str] = set()

    def reserve(self, phone: str) -> None:
        self._used.add(phone)

    def pick(self) -> str:
        while True:
            prefix = self.rng.choices(self._prefixes, cum_weights=self._cum)[0]
            number = f"{prefix}{self.rng.randrange(10_000_000):07d}"
            if number not in self._used:
                self._used.add(number)
                return number


def sequential_phone(index: int) -> str:
    """The `index`-th of a sequence of distinct valid mobile numbers, without remembering earlier ones.

    The prefix cycles through the operators; the seven digits after it are `index // len(prefixes)` put
    through a bijection of 0..9,999,999 (multiplying by a number coprime to 10), so they look random and
    never repeat for the first 330 million indexes."""
    prefixes = _SEQ_PREFIXES
    block, which = divmod(index, len(prefixes))
    return f"{prefixes[which]}{(block * 7_919_993 + 1_234_567) % 10_000_000:07d}"


_SEQ_PREFIXES = [p for p, _ in MOBILE_PREFIXES]


class EmailPicker:
    """Unique e-mail addresses the way Vietnamese organisations make them: given name + initials
    ("hungnv"), then a two-digit year or a number when taken."""

    def __init__(self, rng: random.Random, domain: str = EMAIL_DOMAIN) -> None:
        self.rng = rng
        self.domain = domain
        self._used: set[str] = set()

    def reserve(self, email: str) -> None:
        self._used.add(email.lower())

    def pick(self, name: Name) -> str:
        base = f"{name.given_folded}{name.initials}"
        candidates = [base, f"{base}{self.rng.randrange(70, 100):02d}", f"{base}{self.rng.randrange(70, 100):02d}"]
        for local in candidates:
            email = f"{local}@{self.domain}"
            if email not in self._used:
                self._used.add(email)
                return email
        n = 2
        while True:
            email = f"{base}.{n}@{self.domain}"
            if email not in self._used:
                self._used.add(email)
                return email
            n += 1


# --- The department's divisions (name, code suffix, title style of its head) ----------------------------

DIVISIONS: list[tuple[str, str, str]] = [
    ("Văn phòng Sở", "VP", "office"),
    ("Phòng Giáo dục Mầm non và Tiểu học", "GDMNTH", ""),
    ("Phòng Giáo dục Trung học", "GDTRH", ""),
    ("Phòng Giáo dục chuyên nghiệp và Giáo dục thường xuyên", "GDCNTX", ""),
    ("Phòng Tổ chức cán bộ", "TCCB", ""),
    ("Phòng Kế hoạch – Tài chính", "KHTC", ""),
    ("Phòng Quản lý chất lượng", "QLCL", ""),
    ("Thanh tra Sở", "TTR", "inspectorate"),
]

# Fictional provinces for national-scale benchmark data (the demo's own province comes first).
PROVINCES = [PROVINCE] + [n for n in COMMUNE_NAMES if n != PROVINCE][:40]
