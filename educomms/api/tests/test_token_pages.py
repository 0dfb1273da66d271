"""The token pages: a person lists, creates and revokes their own tokens, and nobody else's."""

import re

from django.urls import reverse
from django.utils import timezone

from educomms.api import services
from educomms.api.models import ApiToken
from educomms.api.tests.helpers import ApiClient

LIST = "/tai-khoan/api/"
CREATE = "/tai-khoan/api/tao/"


def test_the_urls_are_where_the_brief_says(world):
    assert reverse("api_tokens:list") == LIST
    assert reverse("api_tokens:create") == CREATE


def test_it_lists_my_tokens_and_not_other_peoples(world, login):
    services.create_token(actor=world.officer_a, name="Đồng bộ website trường")
    services.create_token(actor=world.principal_b, name="Bí mật của trường Bình Minh")
    response = login(world.officer_a).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đồng bộ website trường" in text
    assert "Bí mật của trường Bình Minh" not in text
    assert "Chưa dùng" in text and "Không thời hạn" in text and "Còn hiệu lực" in text


def test_it_sends_anonymous_visitors_to_sign_in(world, client):
    for response in (client.get(LIST), client.post(CREATE, {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not ApiToken.objects.exists()


def test_it_creates_a_token_and_shows_the_secret_once(world, login):
    client = login(world.officer_a)
    response = client.post(CREATE, {"name": "Phần mềm quản lý trường", "expires_on": "31/12/2099"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    secret = re.search(r'value="(ec_[^"]+)"', text).group(1)
    token = ApiToken.objects.get(person=world.officer_a)
    assert token.name == "Phần mềm quản lý trường"
    assert timezone.localtime(token.expires_at).date().isoformat() == "2099-12-31"
    assert "31/12/2099" in text
    assert "đây là lần duy nhất mã được hiển thị" in text
    # The secret works, and the page never shows it again.
    assert ApiClient(secret).get("/api/v1/me").json()["id"] == world.officer_a.pk
    assert secret not in client.get(LIST).content.decode()


def test_it_explains_a_bad_expiry_date_in_vietnamese_and_creates_nothing(world, login):
    client = login(world.teacher_a)
    response = client.post(CREATE, {"name": "Bảng tính", "expires_on": "31/02/2027"})
    assert "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2026." in response.content.decode()
    response = client.post(CREATE, {"name": "Bảng tính", "expires_on": "01/01/2020"})
    assert "Ngày hết hạn không được ở trong quá khứ." in response.content.decode()
    response = client.post(CREATE, {"name": "", "expires_on": ""})
    assert "Hãy đặt tên cho mã truy cập." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_my_token(world, login):
    token, secret = services.create_token(actor=world.principal_a, name="Cũ")
    client = login(world.principal_a)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert response.status_code == 200
    assert "Đã thu hồi mã “Cũ”" in response.content.decode()
    assert "Đã thu hồi" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_it_answers_404_when_revoking_someone_elses_token(world, login):
    token, secret = services.create_token(actor=world.principal_a, name="Của hiệu trưởng An Phú")
    response = login(world.principal_b).post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    # Not even the department director or the administrator may revoke a person's token through this page.
    assert login(world.director).post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert login(world.admin).post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiClient(secret).get("/api/v1/me").status_code == 200


def test_it_revokes_only_with_post(world, login):
    token, _secret = services.create_token(actor=world.principal_a, name="Giữ")
    assert login(world.principal_a).get(reverse("api_tokens:revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_has_no_inline_script_or_style(world, login):
    services.create_token(actor=world.director, name="Một")
    text = login(world.director).post(CREATE, {"name": "Hai"}).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert ' style="' not in text and "onclick" not in text
