"""The English interface: after choosing English, the main pages read in English, with no Vietnamese
interface text left; without a choice they stay Vietnamese."""

import pytest
from django.urls import reverse

from educomms.core.testing.language import choose, page

pytestmark = pytest.mark.usefixtures("vietnamese_world")

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
TREE = reverse("org:unit_tree")
PEOPLE = reverse("org:people")


def pages(world) -> dict[str, str]:
    unit = reverse("org:unit", args=[world.school_a.pk])
    return {"home": HOME, "tree": TREE, "unit": unit, "people": PEOPLE}


# page → (English strings that must appear, Vietnamese strings that must not)
ENGLISH = {
    "home": (["Hello, Nguyễn Văn Hùng", "Current unit", "Sub-units", "Communications officers", "Unit page",
              "Latest notifications", "Sign out", "My account",
              "Communications platform for the education sector"],
             ["Xin chào", "Đơn vị đang làm việc", "Đơn vị trực thuộc", "Cán bộ truyền thông", "Đăng xuất",
              "Thông báo mới"]),
    "tree": (["Unit network", "Click the arrow to expand the sub-units", "Show inactive units too",
              "Department", "Find a unit by name or code"],
             ["Mạng lưới đơn vị", "Bấm vào mũi tên", "Hiện cả đơn vị ngừng hoạt động", "Tìm đơn vị"]),
    # Not the role names: the recent history shows the audit events as recorded, in Vietnamese.
    "unit": (["Unit details", "Lower secondary", "School", "Head of unit", "Communications officer",
              "Teacher or staff member", "People at the unit", "Total role assignments", "Recent history",
              "View public page"],
             ["Thông tin đơn vị", "Trung học cơ sở", "Trường học", "Nhân sự của đơn vị",
              "Tổng số lượt nhiệm vụ", "Lịch sử gần đây", "Xem trang công khai"]),
    "people": (["A directory of the people you can see", "Full name", "Current roles", "All roles",
                "7 people", "Head of unit", "Teacher or staff member"],
               ["Danh bạ những người", "Họ và tên", "Vai trò hiện tại", "Mọi vai trò", "Thủ trưởng đơn vị",
                "Giáo viên, nhân viên"]),
}

VIETNAMESE = {
    "home": ["Xin chào, Nguyễn Văn Hùng", "Đơn vị đang làm việc", "Đơn vị trực thuộc", "Đăng xuất"],
    "tree": ["Mạng lưới đơn vị", "Hiện cả đơn vị ngừng hoạt động"],
    "unit": ["Thông tin đơn vị", "Trung học cơ sở", "Thủ trưởng đơn vị", "Nhân sự của đơn vị",
             "Lịch sử gần đây"],
    "people": ["Danh bạ những người bạn được xem", "Họ và tên", "Vai trò hiện tại", "7 người", "Mọi vai trò"],
}


@pytest.mark.parametrize("name", list(ENGLISH))
def test_a_signed_in_page_reads_in_english_after_choosing_english(world, login, name):
    client = choose(login(world.director), "en")
    html = page(client, pages(world)[name])
    assert '<html lang="en">' in html
    present, absent = ENGLISH[name]
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_the_login_page_reads_in_english_for_an_anonymous_visitor(client, db):
    html = page(choose(client, "en"), LOGIN)
    assert '<html lang="en">' in html
    for text in ["Sign in", "Forgot your password?", "Email or phone number", "Password",
                 "Accounts are issued by your unit"]:
        assert text in html, text
    for text in ["Đăng nhập", "Quên mật khẩu?", "Thư điện tử hoặc số điện thoại", "Mật khẩu",
                 "Tài khoản do đơn vị của bạn cấp"]:
        assert text not in html, text


def test_the_same_pages_are_vietnamese_by_default(world, login, client):
    signed_in = login(world.director)
    for name, url in pages(world).items():
        html = page(signed_in, url)
        assert '<html lang="vi">' in html, name
        for text in VIETNAMESE[name]:
            assert text in html, (name, text)
        assert "Sign out" not in html and "Current unit" not in html, name
    signed_in.logout()
    html = page(client, LOGIN)
    assert '<html lang="vi">' in html
    assert "Quên mật khẩu?" in html and "Tài khoản do đơn vị của bạn cấp" in html
    assert "Forgot your password?" not in html and "Sign in" not in html
