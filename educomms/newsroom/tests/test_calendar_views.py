"""The month calendar and its key dates: who sees what, who may add and change what."""

import datetime as dt

import pytest
from django.urls import reverse

from educomms.audit.models import Event
from educomms.newsroom import calendar_services as services
from educomms.newsroom.models import KeyDate
from educomms.newsroom.seeds import seed_key_dates, seed_themes

CALENDAR = reverse("newsroom:calendar")
ADD_KEY_DATE = reverse("newsroom:key_date_create")


@pytest.fixture
def seeded(world):
    seed_themes(world.department)
    seed_key_dates(world.department, "2025-2026")
    seed_key_dates(world.department, "2026-2027")
    return world


def school_a_date(world, **kwargs):
    values = {"title": "Hội khỏe Phù Đổng cấp trường", "starts_on": dt.date(2026, 11, 12)} | kwargs
    return services.create_key_date(actor=world.admin, unit=world.school_a, **values)


def test_it_shows_a_monday_first_month_with_national_and_school_dates_to_a_teacher(seeded, login):
    school_a_date(seeded)
    response = login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-11"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng 11/2026" in html
    assert html.index("Thứ Hai") < html.index("Chủ nhật")
    assert "Ngày Nhà giáo Việt Nam" in html and "Hội khỏe Phù Đổng cấp trường" in html
    grid = response.context["month"].weeks
    assert grid[0][0].date == dt.date(2026, 10, 26) and grid[0][0].date.weekday() == 0
    # A teacher may look, not manage: no add buttons.
    assert ADD_KEY_DATE not in html


def test_it_shows_the_department_dates_at_a_school_below_it(seeded, login):
    html = login(seeded.principal_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-06"}).content.decode()
    assert "Kỳ thi tuyển sinh lớp 10 năm học 2026–2027" in html
    assert "Kỳ thi tốt nghiệp THPT năm 2026" in html and "Ngày Quốc tế Thiếu nhi" in html


def test_it_defaults_to_the_current_unit_and_this_month(seeded, login):
    response = login(seeded.principal_a).get(CALENDAR)
    assert response.status_code == 200
    assert response.context["unit"] == seeded.school_a
    assert response.context["month"].first == dt.date.today().replace(day=1)


def test_it_moves_to_the_next_month(seeded, login):
    response = login(seeded.principal_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-12"})
    month = response.context["month"]
    assert (month.next, month.previous) == (dt.date(2027, 1, 1), dt.date(2026, 11, 1))
    assert "month=2027-01" in response.content.decode()


def test_it_hides_school_a_dates_from_school_b(seeded, login):
    school_a_date(seeded)
    client = login(seeded.principal_b)
    assert client.get(CALENDAR, {"unit": seeded.school_a.pk}).status_code == 404
    html = client.get(CALENDAR, {"unit": seeded.school_b.pk, "month": "2026-11"}).content.decode()
    assert "Hội khỏe Phù Đổng cấp trường" not in html and "Ngày Nhà giáo Việt Nam" in html


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    for url in (CALENDAR, ADD_KEY_DATE, reverse("newsroom:plan"), reverse("newsroom:calendar_ics")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_repeats_a_recurring_date_every_year(seeded, login):
    school_a_date(seeded, title="Ngày truyền thống nhà trường", starts_on=dt.date(2025, 3, 15), recurring=True)
    html = login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2027-03"}).content.decode()
    assert "Ngày truyền thống nhà trường" in html


def test_it_shows_a_date_range_on_each_of_its_days(seeded, login):
    response = login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-06"})
    days = {d.date: d for week in response.context["month"].weeks for d in week}
    for day in (11, 12):
        assert [o.key_date.title for o in days[dt.date(2026, 6, day)].key_dates] == ["Kỳ thi tốt nghiệp THPT năm 2026"]
    assert not days[dt.date(2026, 6, 13)].key_dates


def test_it_lets_the_school_comms_officer_add_a_key_date(world, login):
    client = login(world.officer_a)
    assert client.get(ADD_KEY_DATE, {"unit": world.school_a.pk}).status_code == 200
    response = client.post(ADD_KEY_DATE, {"unit": world.school_a.pk, "title": "Lễ tri ân thầy cô",
                                          "starts_on": "2026-11-18", "description": "Sân trường"})
    assert response.status_code == 302 and "month=2026-11" in response["Location"]
    key_date = KeyDate.objects.get(title="Lễ tri ân thầy cô")
    assert key_date.unit == world.school_a and key_date.kind == KeyDate.Kind.UNIT
    assert Event.objects.filter(verb="newsroom.keydate.create", object_id=str(key_date.pk)).exists()


def test_it_refuses_a_key_date_ending_before_it_starts(world, login):
    response = login(world.officer_a).post(ADD_KEY_DATE, {"unit": world.school_a.pk, "title": "Hội thao",
                                                          "starts_on": "2026-11-18", "ends_on": "2026-11-10"})
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not KeyDate.objects.exists()


def test_it_forbids_a_teacher_to_add_a_key_date(world, login):
    client = login(world.teacher_a)
    assert client.get(ADD_KEY_DATE, {"unit": world.school_a.pk}).status_code == 403
    assert client.post(ADD_KEY_DATE, {"unit": world.school_a.pk, "title": "X",
                                      "starts_on": "2026-11-18"}).status_code == 403
    assert not KeyDate.objects.exists()


def test_it_answers_404_when_school_b_adds_a_date_to_school_a(world, login):
    response = login(world.principal_b).post(ADD_KEY_DATE, {"unit": world.school_a.pk, "title": "X",
                                                           "starts_on": "2026-11-18"})
    assert response.status_code == 404
    assert not KeyDate.objects.exists()


def test_it_lets_the_principal_edit_and_delete_a_school_date(world, login):
    key_date = school_a_date(world)
    client = login(world.principal_a)
    edit = reverse("newsroom:key_date_edit", args=[key_date.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "Hội khỏe Phù Đổng", "starts_on": "2026-11-13", "ends_on": "2026-11-14"})
    assert response.status_code == 302
    key_date.refresh_from_db()
    assert (key_date.title, key_date.starts_on, key_date.ends_on) == ("Hội khỏe Phù Đổng", dt.date(2026, 11, 13),
                                                                     dt.date(2026, 11, 14))
    assert client.post(reverse("newsroom:key_date_delete", args=[key_date.pk])).status_code == 302
    assert not KeyDate.objects.filter(pk=key_date.pk).exists()
    assert Event.objects.filter(verb="newsroom.keydate.delete").exists()


def test_it_answers_404_for_a_school_a_date_to_school_b(world, login):
    key_date = school_a_date(world)
    client = login(world.principal_b)
    assert client.get(reverse("newsroom:key_date_edit", args=[key_date.pk])).status_code == 404
    assert client.post(reverse("newsroom:key_date_delete", args=[key_date.pk])).status_code == 404
    assert KeyDate.objects.filter(pk=key_date.pk).exists()


def test_it_keeps_national_dates_read_only_except_for_the_system_admin(seeded, login):
    teachers_day = KeyDate.objects.get(title="Ngày Nhà giáo Việt Nam", starts_on=dt.date(2026, 11, 20))
    edit = reverse("newsroom:key_date_edit", args=[teachers_day.pk])
    assert login(seeded.director).get(edit).status_code == 403
    assert login(seeded.director).post(reverse("newsroom:key_date_delete", args=[teachers_day.pk])).status_code == 403
    html = login(seeded.director).get(CALENDAR, {"unit": seeded.department.pk, "month": "2026-11"}).content.decode()
    assert edit not in html
    response = login(seeded.admin).post(edit, {"title": "Ngày Nhà giáo Việt Nam (20/11)", "starts_on": "2026-11-20"})
    assert response.status_code == 302
    teachers_day.refresh_from_db()
    assert teachers_day.title == "Ngày Nhà giáo Việt Nam (20/11)"


def test_it_does_not_let_a_school_edit_the_department_dates(seeded, login):
    admissions = KeyDate.objects.filter(unit=seeded.department).first()
    assert login(seeded.principal_a).get(reverse("newsroom:key_date_edit", args=[admissions.pk])).status_code == 404
    assert login(seeded.dept_officer).get(reverse("newsroom:key_date_edit", args=[admissions.pk])).status_code == 200


def test_it_shows_the_calendar_entry_in_the_menu_to_newsroom_members_only(world, login):
    html = login(world.teacher_a).get(reverse("core:home")).content.decode()
    assert "Lịch truyền thông" in html and CALENDAR in html


def _queries_for_calendar(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(CALENDAR, {"unit": world.school_a.pk, "month": "2026-11"}).status_code == 200
    return len(captured)


def test_the_calendar_keeps_a_fixed_number_of_queries(seeded, login):
    from educomms.newsroom.models import Theme

    client = login(seeded.officer_a)
    theme = Theme.objects.first()
    add = services.create_planned_story
    add(actor=seeded.officer_a, unit=seeded.school_a, title="Bài 0", owner=seeded.teacher_a,
        due_on=dt.date(2026, 11, 3), theme=theme)
    school_a_date(seeded)
    client.get(CALENDAR)  # warm the session and the current unit
    few = _queries_for_calendar(client, seeded)
    for n in range(1, 15):
        add(actor=seeded.officer_a, unit=seeded.school_a, title=f"Bài {n}", owner=seeded.teacher_a,
            due_on=dt.date(2026, 11, n), theme=theme)
        school_a_date(seeded, title=f"Sự kiện {n}", starts_on=dt.date(2026, 11, n))
    assert _queries_for_calendar(client, seeded) == few
    assert few <= 16  # 14 + the stories shown on their days (the reader's grants, delegations)


def test_it_lets_the_system_admin_add_a_national_date(world, login):
    client = login(world.admin)
    form = client.get(ADD_KEY_DATE, {"unit": world.department.pk}).content.decode()
    assert "Toàn quốc: ngành Giáo dục" in form
    response = client.post(ADD_KEY_DATE, {"unit": world.department.pk, "title": "Ngày Chuyển đổi số quốc gia",
                                          "starts_on": "2026-10-10", "kind": "national"})
    assert response.status_code == 302
    key_date = KeyDate.objects.get()
    assert key_date.unit is None and key_date.kind == KeyDate.Kind.NATIONAL
    html = login(world.principal_b).get(CALENDAR, {"unit": world.school_b.pk, "month": "2026-10"}).content.decode()
    assert "Ngày Chuyển đổi số quốc gia" in html


def test_it_keeps_a_department_officer_from_adding_a_national_date(world, login):
    client = login(world.dept_officer)
    assert "Toàn quốc" not in client.get(ADD_KEY_DATE, {"unit": world.department.pk}).content.decode()
    client.post(ADD_KEY_DATE, {"unit": world.department.pk, "title": "Ngày hội", "starts_on": "2026-10-10",
                               "kind": "national"})
    key_date = KeyDate.objects.get()
    assert key_date.unit == world.department and key_date.kind == KeyDate.Kind.UNIT


def test_it_answers_404_for_a_theme_filter_that_does_not_apply(seeded, login):
    from educomms.newsroom.models import Theme

    other = Theme.objects.create(unit=seeded.ministry, name="Chủ đề của Bộ", slug="chu-de-cua-bo")
    assert login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "theme": other.pk}).status_code == 404


def test_it_shows_this_month_for_a_malformed_month(seeded, login):
    response = login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-13"})
    assert response.status_code == 200
    assert response.context["month"].first == dt.date.today().replace(day=1)


def test_it_explains_an_unreadable_date_in_vietnamese(world, login):
    response = login(world.officer_a).post(ADD_KEY_DATE, {"unit": world.school_a.pk, "title": "Hội thao",
                                                          "starts_on": "31/02/2026"})
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()
    assert not KeyDate.objects.exists()


def _story_at(world, **kwargs):
    from educomms.newsroom.models import Story

    return Story.objects.create(unit=world.school_a, author=world.officer_a, title=kwargs.pop("title"),
                                 slug="tin", body="<p>x</p>", **kwargs)


def test_it_shows_the_units_scheduled_and_published_stories_on_their_days(seeded, login):
    import datetime as dt

    from django.utils import timezone

    from educomms.newsroom.models import StoryState

    zone = timezone.get_current_timezone()
    _story_at(seeded, title="Lễ kỷ niệm Ngày Nhà giáo", state=StoryState.PUBLISHED,
              published_at=dt.datetime(2026, 11, 20, 23, 30, tzinfo=zone))
    _story_at(seeded, title="Thông báo hẹn giờ", state=StoryState.SCHEDULED,
              scheduled_for=dt.datetime(2026, 11, 25, 7, 0, tzinfo=zone))
    _story_at(seeded, title="Bản nháp chưa đăng", state=StoryState.DRAFT)
    response = login(seeded.principal_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-11"})
    days = {d.date: d for week in response.context["month"].weeks for d in week}
    # 23:30 local time on the 20th stays on the 20th (stored in UTC, shown in Asia/Ho_Chi_Minh).
    assert [e.story.title for e in days[dt.date(2026, 11, 20)].stories] == ["Lễ kỷ niệm Ngày Nhà giáo"]
    assert [e.story.title for e in days[dt.date(2026, 11, 25)].stories] == ["Thông báo hẹn giờ"]
    assert "Bản nháp chưa đăng" not in response.content.decode()


def test_it_hides_school_a_scheduled_stories_from_school_b(seeded, login):
    import datetime as dt

    from django.utils import timezone

    from educomms.newsroom.models import StoryState

    _story_at(seeded, title="Thông báo hẹn giờ", state=StoryState.SCHEDULED,
              scheduled_for=dt.datetime(2026, 11, 25, 7, 0, tzinfo=timezone.get_current_timezone()))
    assert login(seeded.principal_b).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-11"}).status_code == 404
    response = login(seeded.teacher_a).get(CALENDAR, {"unit": seeded.school_a.pk, "month": "2026-11"})
    assert "Thông báo hẹn giờ" not in response.content.decode()  # not yet public: only editors see it
