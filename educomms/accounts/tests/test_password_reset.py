import re

import pytest
from django.core import mail
from django.urls import reverse

RESET = "/tai-khoan/mat-khau/quen/"


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """POST the reset form and run what it scheduled after commit (the mail task), as a real request would."""

    def _ask(client, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, data, **extra)

    return _ask


def _link_from(message) -> str:
    return re.search(r"http://testserver(/tai-khoan/mat-khau/dat-lai/\S+/)", message.body).group(1)


def test_it_shows_the_reset_form_to_anonymous_visitors(client, db):
    assert reverse("accounts:password_reset") == RESET
    response = client.get(RESET)
    assert response.status_code == 200
    assert "Quên mật khẩu" in response.content.decode()


def test_it_mails_a_vietnamese_reset_link_to_a_known_address(client, world, settings, ask):
    settings.SITE_URL = "http://testserver"
    response = ask(client, {"email": "GiaoVien@thcs-anphu.test"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["giaovien@thcs-anphu.test"]
    assert message.subject == "Đặt lại mật khẩu tài khoản educomms"
    assert "Kính gửi Vũ Thị Hoa," in message.body
    assert "có hiệu lực trong 24 giờ" in message.body
    assert message.alternatives == []  # plain text only
    assert _link_from(message)


def test_it_answers_the_same_for_an_unknown_address_and_sends_nothing(client, world, ask):
    known = ask(client, {"email": "giaovien@thcs-anphu.test"}, follow=True)
    unknown = ask(client, {"email": "khong-ai@sgd.test"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    def without_tokens(response):
        return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())

    assert without_tokens(known) == without_tokens(unknown)
    assert [m.to for m in mail.outbox] == [["giaovien@thcs-anphu.test"]]


def test_it_rejects_a_malformed_address_in_vietnamese(client, db, ask):
    response = ask(client, {"email": "khong-phai-email"})
    assert response.status_code == 200
    assert "Địa chỉ thư điện tử không hợp lệ." in response.content.decode()
    assert mail.outbox == []


def test_it_does_not_flood_an_inbox_with_repeated_requests(client, world, ask):
    for _ in range(3):
        ask(client, {"email": "giaovien@thcs-anphu.test"})
    assert len(mail.outbox) == 1


def test_it_sends_nothing_to_a_deactivated_person(client, world, ask):
    world.teacher_a.is_active = False
    world.teacher_a.save(update_fields=["is_active"])
    ask(client, {"email": "giaovien@thcs-anphu.test"})
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once(client, world, settings, ask):
    settings.SITE_URL = "http://testserver"
    ask(client, {"email": "giaovien@thcs-anphu.test"})
    link = _link_from(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Bau-troi-xanh-2026", "new_password2": "Bau-troi-xanh-2026"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_complete")
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password("Bau-troi-xanh-2026")
    assert client.get(response.url).status_code == 200
    # Used once: the same link no longer works.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in again.content.decode()


def test_it_explains_weak_or_mismatched_new_passwords_in_vietnamese(client, world, settings, ask):
    settings.SITE_URL = "http://testserver"
    ask(client, {"email": "giaovien@thcs-anphu.test"})
    set_url = client.get(_link_from(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    html = client.post(set_url, {"new_password1": "12345", "new_password2": "12345"}).content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in html
    assert "Mật khẩu không được chỉ gồm chữ số." in html
    html = client.post(set_url, {"new_password1": "Bau-troi-xanh-2026", "new_password2": "Bau-troi-xanh-2027"}
                       ).content.decode()
    assert "Hai mật khẩu mới không khớp nhau." in html
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password(world.password)


def test_a_link_made_for_one_person_does_not_open_another_account(client, world, settings, ask):
    settings.SITE_URL = "http://testserver"
    ask(client, {"email": "giaovien@thcs-anphu.test"})
    link = _link_from(mail.outbox[0])
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    teacher_uid = urlsafe_base64_encode(force_bytes(world.teacher_a.pk))
    other_uid = urlsafe_base64_encode(force_bytes(world.principal_b.pk))
    forged = link.replace(f"/{teacher_uid}/", f"/{other_uid}/")
    assert forged != link
    assert client.get(forged, follow=True).context["validlink"] is False


def test_the_link_in_the_mail_points_at_site_url_not_at_the_request_host(client, world, settings, ask):
    settings.SITE_URL = "https://educomms.sgd.example.vn"
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]
    ask(client, {"email": "giaovien@thcs-anphu.test"}, HTTP_HOST="attacker.example")
    body = mail.outbox[0].body
    assert "https://educomms.sgd.example.vn/tai-khoan/mat-khau/dat-lai/" in body
    assert "attacker.example" not in body


def test_a_person_without_a_password_yet_can_set_one_by_reset(client, world, settings, ask):
    from educomms.org import services

    settings.SITE_URL = "http://testserver"
    newcomer = services.create_person(actor=world.admin, full_name="Ngô Thị Thu", email="thu@thcs-anphu.test",
                                      unit=world.school_a, role="staff")
    assert not newcomer.has_usable_password()
    ask(client, {"email": "thu@thcs-anphu.test"})
    assert [m.to for m in mail.outbox] == [["thu@thcs-anphu.test"]]


def test_a_reset_records_an_audit_event_and_ends_a_lock_out(client, world, settings, ask,
                                                            django_capture_on_commit_callbacks):
    from educomms.audit.models import Event

    settings.SITE_URL = "http://testserver"
    for _ in range(5):
        client.post("/tai-khoan/dang-nhap/", {"username": "0912000006", "password": "sai-mat-khau-123"})
    ask(client, {"email": "giaovien@thcs-anphu.test"})
    set_url = client.get(_link_from(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(set_url, {"new_password1": "Bau-troi-xanh-2026", "new_password2": "Bau-troi-xanh-2026"})
    assert Event.objects.filter(verb="person.password_reset", object_id=str(world.teacher_a.pk)).exists()
    response = client.post("/tai-khoan/dang-nhap/", {"username": "0912000006", "password": "Bau-troi-xanh-2026"})
    assert response.status_code == 302
