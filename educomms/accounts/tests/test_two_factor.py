"""Optional TOTP two-factor sign-in, required of leaders where their unit says so."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from educomms.accounts.tests.helpers import code_for
from educomms.audit.models import Event
from educomms.org import services as org_services

HOME = "/lam-viec/"  # core:home, the workspace

LOGIN = "/tai-khoan/dang-nhap/"
SETUP = "/tai-khoan/xac-thuc-hai-lop/thiet-lap/"
VERIFY = "/tai-khoan/xac-thuc-hai-lop/xac-minh/"
DISABLE = "/tai-khoan/xac-thuc-hai-lop/tat/"
BACKUP = "/tai-khoan/xac-thuc-hai-lop/ma-du-phong/"


def sign_in(person, password, client=None) -> Client:
    client = client or Client()
    login = person.email or person.phone
    response = client.post(LOGIN, {"username": login, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def enable_2fa(client) -> tuple[TOTPDevice, list[str]]:
    """Through the pages: open setup, type the code the app would show."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=page.context["user"], confirmed=False)
    response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 200 and "codes" in response.context, response.content.decode()[:800]
    device.refresh_from_db()
    return device, response.context["codes"]


def require_2fa_at(unit, admin):
    org_services.update_unit(actor=admin, unit=unit, require_leader_2fa=True)


def test_the_pages_live_under_one_prefix():
    root = reverse("accounts:otp_root")
    assert root == "/tai-khoan/xac-thuc-hai-lop/"
    for name in ("otp_setup", "otp_verify", "otp_disable", "otp_backup_codes"):
        assert reverse(f"accounts:{name}").startswith(root)


@pytest.mark.parametrize("url", ["/tai-khoan/xac-thuc-hai-lop/", SETUP, VERIFY, DISABLE, BACKUP])
def test_it_sends_anonymous_visitors_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


# --- Setting up ----------------------------------------------------------------------------------


def test_it_shows_a_qr_code_and_the_secret_for_manual_entry(login, world):
    client = login(world.teacher_a)
    response = client.get(SETUP)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=world.teacher_a)
    assert not device.confirmed
    assert '<svg class="otp-qr-svg"' in html and "<path" in html
    secret = "".join(response.context["secret_groups"])
    import base64

    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    assert "<script" not in html.split("</head>")[1]  # no inline script on the page
    # Reloading keeps the same secret (an app that already scanned it keeps working).
    assert client.get(SETUP).context["secret_groups"] == response.context["secret_groups"]
    assert TOTPDevice.objects.filter(user=world.teacher_a).count() == 1


def test_it_puts_the_issuer_and_the_persons_login_in_the_qr_address(world):
    from educomms.accounts import selectors, services

    device = services.start_totp_setup(actor=world.teacher_a)
    uri = selectors.provisioning_uri(device, world.teacher_a)
    assert uri.startswith("otpauth://totp/educomms%3Agiaovien%40thcs-anphu.test?secret=")
    assert "&issuer=educomms" in uri and "digits=6" in uri and "period=30" in uri


def test_it_confirms_with_a_real_code_and_shows_ten_single_use_backup_codes(login, world):
    client = login(world.teacher_a)
    device, codes = enable_2fa(client)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=world.teacher_a).values_list("token", flat=True)) == \
        sorted(codes)
    assert Event.objects.filter(verb="person.2fa_enabled", object_id=str(world.teacher_a.pk)).exists()
    # The session that set it up counts as verified.
    assert client.get(reverse("core:home")).status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Đang bật" in profile and "Còn 10 mã dự phòng chưa dùng." in profile


def test_it_rejects_a_wrong_code_at_setup(login, world):
    client = login(world.teacher_a)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.teacher_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.filter(device__user=world.teacher_a).exists()


def test_it_shows_another_person_their_own_secret_not_someone_elses(login, world, client):
    first = login(world.principal_a).get(SETUP).context["secret_groups"]
    other = Client()
    other.force_login(world.principal_b, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    second = other.get(SETUP).context["secret_groups"]
    assert first != second
    assert TOTPDevice.objects.filter(user=world.principal_a).count() == 1
    assert TOTPDevice.objects.filter(user=world.principal_b).count() == 1


def test_it_does_not_set_up_a_second_authenticator(login, world):
    client = login(world.teacher_a)
    enable_2fa(client)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=world.teacher_a).count() == 1


# --- Verifying after the password ------------------------------------------------------------------------


def test_a_person_who_enabled_it_is_asked_for_a_code_after_the_password(world):
    device, _ = enable_2fa(sign_in(world.teacher_a, world.password))
    client = sign_in(world.teacher_a, world.password)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == f"{VERIFY}?next=%2Flam-viec%2F"
    page = client.get(response.url)
    assert "Xác thực hai lớp" in page.content.decode()
    # The code the setup used cannot be replayed; the next one from the app works.
    response = client.post(VERIFY, {"token": code_for(device, steps_ahead=1), "next": HOME})
    assert response.status_code == 302 and response.url == HOME
    assert client.get(reverse("core:home")).status_code == 200


def test_it_rejects_a_wrong_code_and_keeps_asking(world):
    device, _ = enable_2fa(sign_in(world.teacher_a, world.password))
    client = sign_in(world.teacher_a, world.password)
    wrong = f"{(int(code_for(device, steps_ahead=1)) + 500_000) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã được dùng." in response.content.decode()
    assert client.get(reverse("core:home")).url.startswith(VERIFY)


def test_it_slows_down_guessing_after_a_wrong_code(world):
    device, _ = enable_2fa(sign_in(world.teacher_a, world.password))
    client = sign_in(world.teacher_a, world.password)
    client.post(VERIFY, {"token": "000000" if code_for(device, steps_ahead=1) != "000000" else "111111"})
    response = client.post(VERIFY, {"token": code_for(device, steps_ahead=1)})
    assert "Hãy chờ" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_a_backup_code_works_once(world):
    _, codes = enable_2fa(sign_in(world.teacher_a, world.password))
    client = sign_in(world.teacher_a, world.password)
    response = client.post(VERIFY, {"token": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "còn lại 9 mã" in response.content.decode()
    assert Event.objects.filter(verb="person.2fa_backup_code_used").count() == 1

    again = sign_in(world.teacher_a, world.password)
    response = again.post(VERIFY, {"token": codes[0]})
    assert "Mã xác thực không đúng hoặc đã được dùng." in response.content.decode()
    assert again.get(reverse("core:home")).status_code == 302


def test_a_code_of_another_person_does_not_verify(world):
    teacher_device, teacher_codes = enable_2fa(sign_in(world.teacher_a, world.password))
    enable_2fa(sign_in(world.officer_a, world.password))
    client = sign_in(world.officer_a, world.password)
    assert "không đúng" in client.post(VERIFY, {"token": teacher_codes[0]}).content.decode()
    assert client.get(reverse("core:home")).status_code == 302
    assert StaticToken.objects.filter(token=teacher_codes[0]).exists()  # not consumed


def test_it_ignores_a_foreign_next_address(world):
    device, _ = enable_2fa(sign_in(world.teacher_a, world.password))
    client = sign_in(world.teacher_a, world.password)
    response = client.post(VERIFY, {"token": code_for(device, steps_ahead=1), "next": "https://evil.example/"})
    assert response.url == reverse("core:home")


# --- Required by a unit ---------------------------------------------------------------------------------


def test_a_leader_of_a_unit_requiring_it_is_sent_to_set_it_up_before_anything_else(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.principal_a, world.password)
    for url in (reverse("core:home"), reverse("accounts:profile"), reverse("org:unit", args=[world.school_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    page = client.get(SETUP).content.decode()
    assert "Trường THCS An Phú yêu cầu lãnh đạo" in page
    device = TOTPDevice.objects.get(user=world.principal_a)
    client.post(SETUP, {"token": code_for(device)})
    assert client.get(reverse("core:home")).status_code == 200


def test_a_leader_without_the_second_factor_still_reads_public_pages(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.principal_a, world.password)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("org:spokespersons", args=[world.school_a.pk])).status_code == 200
    assert client.get(reverse("core:home")).url.startswith(SETUP)


def test_a_teacher_of_the_same_school_is_not_asked(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.teacher_a, world.password)
    assert client.get(reverse("core:home")).status_code == 200
    client = sign_in(world.officer_a, world.password)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_leader_of_another_school_is_not_asked(world):
    require_2fa_at(world.school_a, world.admin)
    assert sign_in(world.principal_b, world.password).get(reverse("core:home")).status_code == 200


def test_the_department_requirement_covers_its_spokesperson_and_deputy_not_its_officer(world):
    require_2fa_at(world.department, world.admin)
    org_services.add_membership(actor=world.admin, person=world.dept_officer, unit=world.division,
                                role="deputy_head")
    assert sign_in(world.spokesperson, world.password).get(HOME).url.startswith(SETUP)
    assert sign_in(world.director, world.password).get(HOME).url.startswith(SETUP)
    # A deputy head of the division: the division does not require it.
    assert sign_in(world.dept_officer, world.password).get(HOME).status_code == 200
    org_services.add_membership(actor=world.admin, person=world.dept_officer, unit=world.department,
                                role="deputy_head")
    assert sign_in(world.dept_officer, world.password).get(HOME).url.startswith(SETUP)


def test_an_ended_leader_role_no_longer_requires_it(world):
    require_2fa_at(world.school_a, world.admin)
    membership = world.principal_a.memberships.get(unit=world.school_a, role="head")
    import datetime as dt

    membership.since = membership.since - dt.timedelta(days=30)
    membership.save(update_fields=["since"])
    org_services.end_membership(actor=world.admin, membership=membership)
    assert sign_in(world.principal_a, world.password).get(HOME).status_code == 200


def test_a_required_leader_with_an_authenticator_is_asked_to_verify(world):
    require_2fa_at(world.school_a, world.admin)
    device, _ = enable_2fa(sign_in(world.principal_a, world.password))
    client = sign_in(world.principal_a, world.password)
    response = client.get("/mang-luoi/")
    assert response.url == f"{VERIFY}?next=%2Fmang-luoi%2F"


def test_an_htmx_request_gets_a_client_redirect_back_to_the_page(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.principal_a, world.password)
    response = client.get("/mang-luoi/", HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL="http://testserver/mang-luoi/?q=an+phu")
    assert response["HX-Redirect"] == f"{SETUP}?next=%2Fmang-luoi%2F%3Fq%3Dan%2Bphu"


def test_the_language_switch_and_sign_out_stay_reachable_before_verifying(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.principal_a, world.password)
    response = client.post("/i18n/setlang/", {"language": "en", "next": SETUP})
    assert response.status_code == 302 and response.url == SETUP
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_post_to_another_page_before_verifying_is_not_carried_out(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.principal_a, world.password)
    response = client.post(reverse("accounts:profile_edit"), {"title": "Đã đổi", "phone": "0912000004"})
    assert response.status_code == 302 and response.url == SETUP
    world.principal_a.refresh_from_db()
    assert world.principal_a.title == "Hiệu trưởng"


# --- Turning it off, new backup codes -----------------------------------------------------------------------


def test_it_turns_off_only_with_a_current_code(world):
    client = sign_in(world.teacher_a, world.password)
    device, _ = enable_2fa(client)
    assert client.get(DISABLE).status_code == 200
    response = client.post(DISABLE, {"token": "12345"})
    assert "không đúng" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.teacher_a).exists()
    response = client.post(DISABLE, {"token": code_for(device, steps_ahead=1)})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=world.teacher_a).exists()
    assert not StaticToken.objects.filter(device__user=world.teacher_a).exists()
    assert Event.objects.filter(verb="person.2fa_disabled", object_id=str(world.teacher_a.pk)).exists()
    # Next sign-in asks for the password only.
    assert sign_in(world.teacher_a, world.password).get(HOME).status_code == 200


def test_it_cannot_be_turned_off_while_the_unit_requires_it(world):
    require_2fa_at(world.school_a, world.admin)
    client = sign_in(world.principal_a, world.password)
    device, _ = enable_2fa(client)
    page = client.get(DISABLE)
    assert "Không thể tắt" in page.content.decode() and 'name="token"' not in page.content.decode()
    response = client.post(DISABLE, {"token": code_for(device, steps_ahead=1)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=world.principal_a, confirmed=True).exists()
    assert "Tắt xác thực hai lớp" not in client.get(reverse("accounts:profile")).content.decode()


def test_new_backup_codes_replace_the_old_ones(world):
    client = sign_in(world.teacher_a, world.password)
    device, old = enable_2fa(client)
    response = client.post(BACKUP, {"token": code_for(device, steps_ahead=1)})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert sign_in(world.teacher_a, world.password).post(VERIFY, {"token": new[1]}).status_code == 302
    again = sign_in(world.teacher_a, world.password)
    assert "không đúng" in again.post(VERIFY, {"token": old[1]}).content.decode()
    assert again.get(HOME).status_code == 302


def test_pages_showing_secrets_are_not_cached(world):
    client = sign_in(world.teacher_a, world.password)
    assert "no-store" in client.get(SETUP)["Cache-Control"]
    enable_2fa(client)
    for url in (VERIFY, DISABLE, BACKUP):
        assert "no-store" in client.get(url)["Cache-Control"], url
