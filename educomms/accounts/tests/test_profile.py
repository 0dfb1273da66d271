import datetime as dt

from django.urls import NoReverseMatch, reverse

from educomms.audit.models import Event
from educomms.org import services as org_services

PROFILE = "/tai-khoan/"
EDIT = "/tai-khoan/sua/"


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    for url in (PROFILE, EDIT):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_it_shows_the_persons_name_title_contacts_and_current_roles(login, world):
    html = login(world.teacher_a).get(PROFILE).content.decode()
    assert "Vũ Thị Hoa" in html and "Giáo viên Ngữ văn" in html
    assert "giaovien@thcs-anphu.test" in html and "0912000006" in html
    assert "Giáo viên, nhân viên" in html and "Trường THCS An Phú" in html
    assert reverse("accounts:password_change") in html
    assert "Chưa bật" in html and reverse("accounts:otp_setup") in html


def test_it_lists_past_roles_apart_from_current_ones(login, world):
    membership = org_services.add_membership(actor=world.admin, person=world.teacher_a, unit=world.school_b,
                                             role="staff", since=dt.date(2023, 9, 5))
    org_services.end_membership(actor=world.admin, membership=membership, until=dt.date(2025, 6, 1))
    response = login(world.teacher_a).get(PROFILE)
    html = response.content.decode()
    assert [m.unit for m in response.context["current_memberships"]] == [world.school_a]
    assert [m.unit for m in response.context["past_memberships"]] == [world.school_b]
    assert "Vai trò trước đây" in html and "05/09/2023 – 01/06/2025" in html


def test_it_shows_only_the_signed_in_persons_own_data(login, world):
    html = login(world.teacher_a).get(PROFILE + f"?person={world.principal_b.pk}").content.decode()
    assert "Đặng Quốc Bảo" not in html and "hieutruong@thcs-binhminh.test" not in html


def test_it_links_to_notification_preferences_and_api_tokens_only_when_they_exist(login, world):
    html = login(world.teacher_a).get(PROFILE).content.decode()
    for name, label in (("notifications:preferences", "Tùy chọn nhận thông báo"), ("api_tokens:list", "Mã truy cập API")):
        try:
            url = reverse(name)
        except NoReverseMatch:
            assert label not in html
        else:
            assert f'href="{url}"' in html and label in html


def test_it_says_which_unit_requires_two_factor_once_it_is_set_up(world, client):
    from educomms.accounts.tests.test_two_factor import enable_2fa

    org_services.update_unit(actor=world.admin, unit=world.school_a, require_leader_2fa=True)
    client.force_login(world.principal_a, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    # Not yet set up: the profile is out of reach until it is.
    assert client.get(PROFILE).url.startswith(reverse("accounts:otp_setup"))
    enable_2fa(client)
    html = client.get(PROFILE).content.decode()
    assert "Đơn vị Trường THCS An Phú yêu cầu lãnh đạo" in html and "Đang bật" in html
    assert reverse("accounts:otp_disable") not in html


def test_it_lets_a_person_edit_their_own_phone_zalo_and_title(login, world):
    client = login(world.teacher_a)
    page = client.get(EDIT)
    assert page.status_code == 200 and page.context["form"].initial["phone"] == "0912000006"
    response = client.post(EDIT, {"title": "Tổ trưởng tổ Ngữ văn", "phone": "+84 912 000 066",
                                  "zalo_phone": "0987 654 321", "email": "khac@sgd.test", "full_name": "Ai Đó"},
                           follow=True)
    assert response.redirect_chain[-1][0] == PROFILE
    assert "Đã lưu thông tin liên hệ." in response.content.decode()
    world.teacher_a.refresh_from_db()
    assert (world.teacher_a.title, world.teacher_a.phone, world.teacher_a.zalo_phone) == (
        "Tổ trưởng tổ Ngữ văn", "0912000066", "0987654321")
    # Name and e-mail are not the person's to change here.
    assert (world.teacher_a.full_name, world.teacher_a.email) == ("Vũ Thị Hoa", "giaovien@thcs-anphu.test")
    assert Event.objects.filter(verb="person.updated", object_id=str(world.teacher_a.pk),
                                actor=world.teacher_a).exists()


def test_it_refuses_a_bad_phone_number_in_vietnamese_and_changes_nothing(login, world):
    client = login(world.teacher_a)
    response = client.post(EDIT, {"title": "Đổi chức danh", "phone": "12345", "zalo_phone": ""})
    assert response.status_code == 200
    assert "Số điện thoại “12345” không hợp lệ" in response.content.decode()
    world.teacher_a.refresh_from_db()
    assert (world.teacher_a.title, world.teacher_a.phone) == ("Giáo viên Ngữ văn", "0912000006")


def test_it_refuses_a_phone_number_that_belongs_to_someone_else(login, world):
    client = login(world.teacher_a)
    html = client.post(EDIT, {"title": "", "phone": "0912000007", "zalo_phone": ""}).content.decode()
    assert "Số điện thoại 0912000007 đã thuộc về người khác." in html
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.phone == "0912000006"


def test_it_refuses_to_leave_a_person_without_any_way_to_sign_in(login, world):
    phone_only = org_services.create_person(actor=world.admin, full_name="Lý Văn Tâm", phone="0912000099",
                                            password=world.password, unit=world.school_a, role="staff")
    client = login(phone_only)
    html = client.post(EDIT, {"title": "", "phone": "", "zalo_phone": ""}).content.decode()
    assert "Cần có thư điện tử hoặc số điện thoại để đăng nhập." in html
    phone_only.refresh_from_db()
    assert phone_only.phone == "0912000099"
