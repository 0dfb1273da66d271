"""Themes: the department manages them; they apply to its whole subtree."""

import pytest
from django.urls import reverse

from educomms.audit.models import Event
from educomms.newsroom.models import Theme
from educomms.newsroom.seeds import THEMES, seed_themes

THEMES_URL = reverse("newsroom:themes")


@pytest.fixture
def seeded(world):
    seed_themes(world.department)
    return world


def names(world):
    return list(Theme.objects.filter(unit=world.department).values_list("name", flat=True))


def test_it_lists_the_department_themes_to_its_comms_officer(seeded, login):
    response = login(seeded.dept_officer).get(THEMES_URL, {"unit": seeded.department.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert all(name in html for name in ("Giải pháp giáo dục", "Chương trình GDPT 2018"))


def test_it_adds_a_theme(seeded, login):
    client = login(seeded.director)
    response = client.post(reverse("newsroom:theme_create"), {"unit": seeded.department.pk,
                                                             "name": "Chuyển đổi số trong quản lý"})
    assert response.status_code == 302
    assert names(seeded)[-1] == "Chuyển đổi số trong quản lý"
    assert Event.objects.filter(verb="newsroom.theme.create").exists()


def test_it_refuses_a_duplicate_theme_name(seeded, login):
    response = login(seeded.director).post(reverse("newsroom:theme_create"), {"unit": seeded.department.pk,
                                                                             "name": "hoạt động trải nghiệm"})
    assert response.status_code == 200 and "Đơn vị đã có chủ đề này." in response.content.decode()
    assert names(seeded) == THEMES


def test_it_edits_a_theme(seeded, login):
    theme = Theme.objects.get(name="Hoạt động trải nghiệm")
    response = login(seeded.dept_officer).post(reverse("newsroom:theme_edit", args=[theme.pk]),
                                               {"name": "Hoạt động trải nghiệm, hướng nghiệp", "description": "HĐTN"})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Hoạt động trải nghiệm, hướng nghiệp", "HĐTN")


def test_it_moves_a_theme_up_and_down(seeded, login):
    client = login(seeded.dept_officer)
    second = Theme.objects.get(name=THEMES[1])
    client.post(reverse("newsroom:theme_move", args=[second.pk]), {"direction": "up"})
    assert names(seeded)[:2] == [THEMES[1], THEMES[0]]
    client.post(reverse("newsroom:theme_move", args=[second.pk]), {"direction": "down"})
    client.post(reverse("newsroom:theme_move", args=[second.pk]), {"direction": "down"})
    assert names(seeded)[:3] == [THEMES[0], THEMES[2], THEMES[1]]


def test_it_deactivates_and_reactivates_a_theme_for_the_whole_subtree(seeded, login):
    theme = Theme.objects.get(name="Hoạt động trải nghiệm")
    client = login(seeded.dept_officer)
    client.post(reverse("newsroom:theme_active", args=[theme.pk]), {"active": "0"})
    form = login(seeded.officer_a).get(reverse("newsroom:plan_create"), {"unit": seeded.school_a.pk})
    assert "Hoạt động trải nghiệm" not in form.content.decode()
    assert "Chương trình GDPT 2018" in form.content.decode()
    login(seeded.dept_officer).post(reverse("newsroom:theme_active", args=[theme.pk]), {"active": "1"})
    theme.refresh_from_db()
    assert theme.active
    assert Event.objects.filter(verb="newsroom.theme.deactivate").exists()


def test_it_forbids_a_school_principal_to_manage_department_themes(seeded, login):
    client = login(seeded.principal_a)
    assert client.get(THEMES_URL, {"unit": seeded.school_a.pk}).status_code == 403
    assert client.post(reverse("newsroom:theme_create"), {"unit": seeded.school_a.pk, "name": "X"}).status_code == 403
    theme = Theme.objects.first()
    assert client.post(reverse("newsroom:theme_active", args=[theme.pk]), {"active": "0"}).status_code == 404
    theme.refresh_from_db()
    assert theme.active


def test_it_answers_404_for_themes_of_a_unit_out_of_scope(seeded, login):
    assert login(seeded.principal_b).get(THEMES_URL, {"unit": seeded.school_a.pk}).status_code == 404


def test_it_forbids_the_spokesperson_who_does_not_manage_the_newsroom(seeded, login):
    assert login(seeded.spokesperson).get(THEMES_URL, {"unit": seeded.department.pk}).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    response = client.get(THEMES_URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_answers_404_to_school_b_for_a_department_theme(seeded, login):
    theme = Theme.objects.first()
    client = login(seeded.principal_b)
    assert client.get(reverse("newsroom:theme_edit", args=[theme.pk])).status_code == 404
    assert client.post(reverse("newsroom:theme_move", args=[theme.pk]), {"direction": "down"}).status_code == 404
    assert names(seeded) == THEMES
