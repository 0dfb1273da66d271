"""Every accounts page: who may open it. The list is checked against the URLconf, so a new page
cannot be added without deciding here whether it is public."""

import pytest
from django.urls import reverse

from educomms.accounts.urls import urlpatterns

PUBLIC = {"login", "password_reset", "password_reset_done", "password_reset_complete"}
SIGNED_IN = {"profile", "profile_edit", "password_change", "otp_root", "otp_setup", "otp_verify", "otp_disable",
             "otp_backup_codes"}
POST_ONLY = {"logout"}
WITH_ARGUMENTS = {"password_reset_confirm": ["MQ", "set-password"]}


def test_every_page_is_classified():
    names = {p.name for p in urlpatterns}
    assert names == PUBLIC | SIGNED_IN | POST_ONLY | set(WITH_ARGUMENTS)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_for_anonymous_visitors(client, db, name):
    assert client.get(reverse(f"accounts:{name}")).status_code == 200


def test_the_reset_link_page_opens_for_anonymous_visitors_and_rejects_a_made_up_link(client, db):
    response = client.get(reverse("accounts:password_reset_confirm", args=WITH_ARGUMENTS["password_reset_confirm"]))
    assert response.status_code == 200 and response.context["validlink"] is False


@pytest.mark.parametrize("name", sorted(SIGNED_IN))
def test_signed_in_pages_send_anonymous_visitors_to_sign_in(client, db, name):
    url = reverse(f"accounts:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("name", sorted(SIGNED_IN - {"otp_root", "otp_verify", "otp_disable", "otp_backup_codes"}))
def test_signed_in_pages_open_for_any_person(login, world, name):
    for person in (world.teacher_a, world.principal_b, world.director):
        response = login(person).get(reverse(f"accounts:{name}"))
        assert response.status_code == 200, (name, person)
        assert response.context["user"] == person


@pytest.mark.parametrize("name", ["otp_verify", "otp_disable", "otp_backup_codes", "otp_root"])
def test_two_factor_pages_without_an_authenticator_send_the_person_on(login, world, name):
    response = login(world.teacher_a).get(reverse(f"accounts:{name}"))
    assert response.status_code == 302


def test_sign_out_refuses_get(login, world):
    assert login(world.teacher_a).get(reverse("accounts:logout")).status_code == 405
