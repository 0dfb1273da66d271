"""The content plan: plan items, their owners, the list view and "my plan items"."""

import datetime as dt

import pytest
from django.urls import reverse

from educomms.audit.models import Event
from educomms.newsroom import calendar_services as services
from educomms.newsroom.models import PlannedStory, Theme
from educomms.newsroom.seeds import seed_key_dates, seed_themes

ADD = reverse("newsroom:plan_create")
PLAN = reverse("newsroom:plan")
CALENDAR = reverse("newsroom:calendar")


@pytest.fixture
def seeded(world):
    seed_themes(world.department)
    seed_key_dates(world.department, "2026-2027")
    return world


def item_of_school_a(world, **kwargs):
    values = {"title": "Phóng sự Ngày Nhà giáo", "owner": world.teacher_a, "due_on": dt.date(2026, 11, 19)} | kwargs
    return services.create_planned_story(actor=world.officer_a, unit=world.school_a, **values)


def test_it_lets_the_school_comms_officer_plan_a_story_for_a_teacher(seeded, login):
    theme = Theme.objects.get(name="Người tốt, việc tốt, điển hình tiên tiến, nhà giáo và cán bộ quản lý đổi mới sáng tạo")
    client = login(seeded.officer_a)
    form = client.get(ADD, {"unit": seeded.school_a.pk, "date": "2026-11-19"})
    assert form.status_code == 200 and "Vũ Thị Hoa" in form.content.decode()
    assert 'value="19/11/2026"' in form.content.decode()
    response = client.post(ADD, {"unit": seeded.school_a.pk, "title": "Chân dung cô giáo dạy giỏi",
                                 "owner": seeded.teacher_a.pk, "due_on": "19/11/2026", "theme": theme.pk,
                                 "status": "planned", "format": "bài"})
    assert response.status_code == 302
    item = PlannedStory.objects.get()
    assert (item.unit, item.owner, item.theme, item.due_on) == (seeded.school_a, seeded.teacher_a, theme,
                                                                dt.date(2026, 11, 19))
    assert Event.objects.filter(verb="newsroom.plan.create", object_id=str(item.pk)).exists()
    html = client.get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-11"}).content.decode()
    assert "Chân dung cô giáo dạy giỏi" in html


def test_it_refuses_an_owner_from_outside_the_unit(seeded, login):
    response = login(seeded.officer_a).post(ADD, {"unit": seeded.school_a.pk, "title": "Bài viết",
                                                 "owner": seeded.principal_b.pk, "due_on": "2026-11-19",
                                                 "status": "planned"})
    assert response.status_code == 200
    assert not PlannedStory.objects.exists()
    assert response.context["form"].errors["owner"]


def test_the_service_refuses_an_owner_from_a_sibling_school(seeded):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        item_of_school_a(seeded, owner=seeded.principal_b)
    assert "Người phụ trách phải là thành viên" in str(caught.value)


def test_it_lets_the_department_plan_a_story_owned_by_a_school_member(seeded):
    item = services.create_planned_story(actor=seeded.dept_officer, unit=seeded.department, title="Tổng hợp",
                                         owner=seeded.officer_a, due_on=dt.date(2026, 11, 20))
    assert item.owner == seeded.officer_a


def test_it_forbids_a_teacher_to_plan_stories(seeded, login):
    client = login(seeded.teacher_a)
    assert client.get(ADD, {"unit": seeded.school_a.pk}).status_code == 403
    assert client.post(ADD, {"unit": seeded.school_a.pk, "title": "X", "owner": seeded.teacher_a.pk,
                             "due_on": "2026-11-19", "status": "planned"}).status_code == 403
    assert not PlannedStory.objects.exists()


def test_it_answers_404_for_school_a_plan_items_to_school_b(seeded, login):
    item = item_of_school_a(seeded)
    client = login(seeded.principal_b)
    assert client.get(reverse("newsroom:plan_edit", args=[item.pk])).status_code == 404
    assert client.post(ADD, {"unit": seeded.school_a.pk, "title": "X", "owner": seeded.principal_b.pk,
                             "due_on": "2026-11-19", "status": "planned"}).status_code == 404
    html = client.get(CALENDAR, {"unit": seeded.school_b.pk, "month": "2026-11"}).content.decode()
    assert "Phóng sự Ngày Nhà giáo" not in html


def test_it_lets_the_principal_update_a_plan_item(seeded, login):
    item = item_of_school_a(seeded)
    response = login(seeded.principal_a).post(reverse("newsroom:plan_edit", args=[item.pk]), {
        "title": "Phóng sự Ngày Nhà giáo 20/11", "owner": seeded.officer_a.pk, "due_on": "2026-11-18",
        "status": "in_progress"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.owner, item.status) == ("Phóng sự Ngày Nhà giáo 20/11", seeded.officer_a,
                                                     PlannedStory.Status.IN_PROGRESS)
    assert Event.objects.filter(verb="newsroom.plan.update").exists()


def test_it_forbids_a_teacher_to_edit_their_own_plan_item(seeded, login):
    item = item_of_school_a(seeded)
    assert login(seeded.teacher_a).get(reverse("newsroom:plan_edit", args=[item.pk])).status_code == 403


def test_it_lists_the_school_year_plan_and_my_items(seeded, login):
    item_of_school_a(seeded)
    item_of_school_a(seeded, title="Bài đã xong", status=PlannedStory.Status.DONE)
    response = login(seeded.teacher_a).get(PLAN, {"unit": seeded.school_a.pk, "month": "2026-11"})
    assert response.status_code == 200
    assert [i.title for i in response.context["mine"]] == ["Phóng sự Ngày Nhà giáo"]
    assert {i.title for i in response.context["items"]} == {"Phóng sự Ngày Nhà giáo", "Bài đã xong"}
    html = response.content.decode()
    assert "Năm học 2026–2027" in html and "Ngày Nhà giáo Việt Nam" in html


def test_it_filters_the_plan_by_theme(seeded, login):
    theme = Theme.objects.get(name="Hoạt động trải nghiệm")
    item_of_school_a(seeded, title="Trải nghiệm nông trại", theme=theme)
    item_of_school_a(seeded)
    response = login(seeded.teacher_a).get(PLAN, {"unit": seeded.school_a.pk, "month": "2026-11",
                                                  "theme": theme.pk})
    assert [i.title for i in response.context["items"]] == ["Trải nghiệm nông trại"]
    grid = login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-11",
                                                  "theme": theme.pk}).content.decode()
    assert "Trải nghiệm nông trại" in grid and "Phóng sự Ngày Nhà giáo" not in grid


def test_it_answers_404_to_school_b_for_the_school_a_plan_list(seeded, login):
    assert login(seeded.principal_b).get(PLAN, {"unit": seeded.school_a.pk}).status_code == 404
