"""django-axes: five wrong passwords lock the (account, address) pair for the cool-off time."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

LOGIN = "/tai-khoan/dang-nhap/"


def _fail(client, username, times, **extra):
    return [client.post(LOGIN, {"username": username, "password": "sai-mat-khau-123"}, **extra)
            for _ in range(times)]


def test_it_locks_the_account_and_address_after_five_wrong_passwords(client, world):
    responses = _fail(client, "giaovien@thcs-anphu.test", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    html = responses[-1].content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "Hãy thử lại sau" in html and "15 phút nữa" in html
    assert reverse("accounts:password_reset") in html


def test_it_refuses_the_right_password_while_locked(client, world):
    _fail(client, "giaovien@thcs-anphu.test", 5)
    response = client.post(LOGIN, {"username": "giaovien@thcs-anphu.test", "password": world.password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_counts_every_spelling_of_the_login_against_one_account(client, world):
    _fail(client, "giaovien@thcs-anphu.test", 2)
    _fail(client, "0912 000 006", 1)
    _fail(client, "+84912000006", 1)
    response = client.post(LOGIN, {"username": "GIAOVIEN@thcs-anphu.test", "password": "sai-mat-khau-123"})
    assert response.status_code == 429
    # The phone spelling is locked too: it is the same account.
    assert client.post(LOGIN, {"username": "0912000006", "password": world.password}).status_code == 429


def test_it_leaves_another_person_on_the_same_address_unaffected(client, world):
    _fail(client, "giaovien@thcs-anphu.test", 5)
    response = client.post(LOGIN, {"username": "truyenthong@thcs-anphu.test", "password": world.password})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.officer_a.pk


def test_it_leaves_the_same_person_on_another_address_unaffected(client, world):
    _fail(client, "giaovien@thcs-anphu.test", 5)
    response = client.post(LOGIN, {"username": "giaovien@thcs-anphu.test", "password": world.password},
                           REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 302


def test_it_tells_the_time_the_lock_ends(client, world):
    _fail(client, "giaovien@thcs-anphu.test", 5)
    attempt = AccessAttempt.objects.get(username="giaovien@thcs-anphu.test")
    ends = timezone.localtime(attempt.attempt_time + dt.timedelta(minutes=15))
    html = client.post(LOGIN, {"username": "giaovien@thcs-anphu.test", "password": "x"}).content.decode()
    assert ends.strftime("%H:%M") in html
    assert settings.AXES_FAILURE_LIMIT == 5


def test_it_lets_the_person_in_again_after_the_cool_off(client, world):
    _fail(client, "giaovien@thcs-anphu.test", 5)
    # Fifteen minutes pass.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = client.post(LOGIN, {"username": "giaovien@thcs-anphu.test", "password": world.password})
    assert response.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, world):
    _fail(client, "0912000006", 4)
    assert client.post(LOGIN, {"username": "0912000006", "password": world.password}).status_code == 302
    client.post(reverse("accounts:logout"))
    responses = _fail(client, "0912000006", 4)
    assert all(r.status_code == 200 for r in responses)


def test_it_counts_behind_a_trusted_proxy_by_the_forwarded_address(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, "giaovien@thcs-anphu.test", 5, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Same proxy, another client address behind it: not locked.
    response = client.post(LOGIN, {"username": "giaovien@thcs-anphu.test", "password": world.password},
                           HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    # A spoofed left-most entry does not escape the lock: the proxy's own entry is the right-most.
    response = client.post(LOGIN, {"username": "giaovien@thcs-anphu.test", "password": world.password},
                           HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert response.status_code == 429
