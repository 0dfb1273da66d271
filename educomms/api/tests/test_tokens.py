"""API tokens: made once, shown once, stored as a hash, usable until revoked or expired."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from educomms.api import auth, services
from educomms.api.models import ApiToken
from educomms.api.tests.helpers import ApiClient, error_of
from educomms.audit.models import Event
from educomms.org import services as org_services


def test_it_authenticates_a_fresh_token_as_its_person(world):
    _token, secret = services.create_token(actor=world.officer_a, name="Phần mềm quản lý trường")
    response = ApiClient(secret).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world.officer_a.pk
    assert body["authenticated_by"] == "token"
    assert body["token"]["name"] == "Phần mềm quản lý trường"
    assert [(r["role"], r["unit"]["id"]) for r in body["roles"]] == [("comms_officer", world.school_a.pk)]


def test_it_stores_the_hash_and_never_the_secret(world):
    token, secret = services.create_token(actor=world.director, name="Đồng bộ")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["key_prefix"] == secret[:8]
    assert all(secret not in str(value) for value in row.values())
    event = Event.objects.get(verb="api_token.created", object_id=str(token.pk))
    assert event.actor_id == world.director.pk
    assert secret not in str(event.after) and row["key_hash"] not in str(event.after)
    assert event.after["name"] == "Đồng bộ"


def test_it_rejects_a_revoked_token_with_401(world):
    token, secret = services.create_token(actor=world.director, name="Tạm")
    client = ApiClient(secret)
    assert client.get("/api/v1/units").status_code == 200

    services.revoke_token(actor=world.director, token=token)

    response = client.get("/api/v1/units")
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "unauthorized"
    assert "thu hồi" in error["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Event.objects.filter(verb="api_token.revoked", object_id=str(token.pk), actor=world.director).exists()


def test_it_rejects_an_expired_token_with_401(world, monkeypatch):
    today = timezone.localdate()
    _token, secret = services.create_token(actor=world.director, name="Hết hạn hôm nay", expires_on=today)
    client = ApiClient(secret)
    assert client.get("/api/v1/me").status_code == 200  # valid all of its last day

    tomorrow = timezone.now() + dt.timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_it_rejects_the_token_of_a_person_who_was_deactivated(world):
    _token, secret = services.create_token(actor=world.teacher_a, name="Cá nhân")
    org_services.update_person(actor=world.principal_a, person=world.teacher_a, is_active=False)
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("header", [
    "Bearer ec_khong-phai-ma-that-0123456789",
    "Bearer ",
    "Bearer ec_",
    "Token ec_abcdefgh",
    "Basic Z2lhbWRvY0BzZ2QudGVzdDpwYXNz",
])
def test_it_answers_401_for_a_wrong_or_malformed_authorization_header(world, client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_it_does_not_accept_a_token_that_only_shares_the_prefix(world):
    _token, secret = services.create_token(actor=world.director, name="Thật")
    forged = secret[:8] + "x" * (len(secret) - 8)
    assert ApiClient(forged).get("/api/v1/me").status_code == 401


def test_it_prefers_the_bearer_token_over_the_session(world, login):
    client = login(world.director)
    # A wrong token is not rescued by the signed-in session.
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer ec_sai-ma-0000000000000000"})
    assert response.status_code == 401
    # A right token of another person wins over the session.
    _token, secret = services.create_token(actor=world.teacher_a, name="Của cô Hoa")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["id"] == world.teacher_a.pk


def test_it_stamps_last_use_at_most_once_a_minute(world, monkeypatch):
    token, secret = services.create_token(actor=world.director, name="Đếm")
    client = ApiClient(secret)
    assert token.last_used_at is None

    client.get("/api/v1/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at == first

    later = first + dt.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at == later


def test_it_refuses_a_token_without_a_name_or_with_an_expiry_in_the_past(world):
    with pytest.raises(ValidationError) as blank:
        services.create_token(actor=world.director, name="   ")
    assert "name" in blank.value.message_dict
    with pytest.raises(ValidationError) as past:
        services.create_token(actor=world.director, name="Cũ", expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert "expires_on" in past.value.message_dict
    assert not ApiToken.objects.exists()


def test_it_caps_the_number_of_live_tokens_per_person(world):
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.create_token(actor=world.director, name=f"Mã {n}")
    with pytest.raises(ValidationError):
        services.create_token(actor=world.director, name="Một mã quá nhiều")
    assert ApiToken.objects.filter(person=world.director).count() == services.MAX_ACTIVE_TOKENS


def test_it_signs_in_through_the_session_for_htmx_pages(world, login):
    response = login(world.officer_a).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["authenticated_by"] == "session"


def test_it_checks_csrf_on_session_writes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.director, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    payload = {"parent_id": world.commune.pk, "kind": "school", "name": "Trường Tiểu học An Phú 2",
               "school_level": "primary"}

    refused = ApiClient(client=client).post("/api/v1/units", payload)
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "csrf_failed"

    page = client.get("/tai-khoan/api/")  # any page sets the CSRF cookie
    csrf = page.cookies["csrftoken"].value
    accepted = ApiClient(client=client).post("/api/v1/units", payload, headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 201, accepted.content
    # A bearer token needs no CSRF token: it is not sent by browsers on their own.
    _token, secret = services.create_token(actor=world.director, name="Máy chủ")
    assert ApiClient(secret, client=Client(enforce_csrf_checks=True)).post(
        "/api/v1/units", {**payload, "name": "Trường Mầm non An Phú"}).status_code == 201


def test_it_loads_the_token_and_its_person_as_the_orm_would(world):
    # The lookup is hand-written SQL (it runs on every request): the instances must equal the ORM's.
    token, secret = services.create_token(actor=world.principal_a, name="Ứng dụng điện thoại",
                                          expires_on=timezone.localdate() + dt.timedelta(days=30))
    found = auth.token_for_secret(secret)
    assert found is not None
    expected = ApiToken.objects.select_related("person").get(pk=token.pk)
    for field in ApiToken._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    for field in type(expected.person)._meta.concrete_fields:
        assert getattr(found.person, field.attname) == getattr(expected.person, field.attname), field.name
    assert timezone.is_aware(found.expires_at) and timezone.is_aware(found.person.date_joined)
    assert found.person.is_active is True and found.person.is_superuser is False
