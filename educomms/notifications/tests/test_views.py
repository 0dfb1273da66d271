"""A person's notifications: list, open, mark all read, the bell count, preferences."""

from django.urls import reverse

from educomms.notifications.models import Notification, Preference
from educomms.notifications.services import notify

LIST = reverse("notifications:list")


def tell(person, title, **kwargs):
    return notify(recipients=[person], kind=kwargs.pop("kind", "test.news"), title=title, **kwargs)[0]


def test_it_sends_anonymous_visitors_to_the_login_page(db, client):
    for name in ["list", "preferences", "badge"]:
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and reverse("accounts:login") in response.url, name
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302


def test_it_lists_a_persons_own_notifications_newest_first(world, login):
    tell(world.teacher_a, "Lịch họp hội đồng")
    tell(world.teacher_a, "Tin bài đã được duyệt")
    tell(world.principal_b, "Việc của trường khác")
    response = login(world.teacher_a).get(LIST)
    assert response.status_code == 200
    titles = [n.title for n in response.context["page"].object_list]
    assert titles == ["Tin bài đã được duyệt", "Lịch họp hội đồng"]
    assert "Việc của trường khác" not in response.content.decode()


def test_it_puts_unread_first_when_asked(world, login):
    old = tell(world.teacher_a, "Cũ chưa đọc")
    read = tell(world.teacher_a, "Mới đã đọc")
    read.read_at = read.created_at
    read.save(update_fields=["read_at"])
    client = login(world.teacher_a)
    newest = [n.title for n in client.get(LIST).context["page"].object_list]
    assert newest == ["Mới đã đọc", "Cũ chưa đọc"]
    unread_first = [n.title for n in client.get(LIST, {"chua-doc-truoc": "1"}).context["page"].object_list]
    assert unread_first == [old.title, read.title]


def test_it_pages_the_list(world, login):
    for i in range(30):
        tell(world.teacher_a, f"Thông báo {i}")
    client = login(world.teacher_a)
    assert len(client.get(LIST).context["page"].object_list) == 25
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 5


def test_opening_a_notification_marks_it_read_and_follows_its_link(world, login):
    n = tell(world.teacher_a, "Xem đơn vị", url=reverse("org:unit", args=[world.school_a.pk]))
    response = login(world.teacher_a).get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response.url == reverse("org:unit", args=[world.school_a.pk])
    n.refresh_from_db()
    assert n.read_at is not None


def test_opening_never_redirects_off_site(world, login):
    n = tell(world.teacher_a, "Liên kết lạ", url="https://example.com/phishing")
    response = login(world.teacher_a).get(reverse("notifications:open", args=[n.pk]))
    assert response.url == LIST


def test_it_answers_404_for_someone_elses_notification(world, login):
    n = tell(world.principal_a, "Của hiệu trưởng trường A")
    assert login(world.principal_b).get(reverse("notifications:open", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_it_marks_all_read_for_the_person_only(world, login):
    tell(world.teacher_a, "Một")
    tell(world.teacher_a, "Hai")
    other = tell(world.officer_a, "Của người khác")
    client = login(world.teacher_a)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.teacher_a, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_bell_shows_the_unread_count_and_polls_every_minute(world, login):
    tell(world.teacher_a, "Một")
    tell(world.teacher_a, "Hai")
    client = login(world.teacher_a)
    page = client.get(reverse("core:home")).content.decode()
    assert f'hx-get="{reverse("notifications:badge")}"' in page and 'hx-trigger="every 60s"' in page
    badge = client.get(reverse("notifications:badge"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in badge and 'data-testid="unread-count">2<' in badge
    client.post(reverse("notifications:mark_all_read"))
    badge = client.get(reverse("notifications:badge"), HTTP_HX_REQUEST="true").content.decode()
    assert "unread-count" not in badge and 'id="notif-bell"' in badge


def test_the_bell_poll_stays_quiet_after_sign_out(db, client):
    assert client.get(reverse("notifications:badge"), HTTP_HX_REQUEST="true").status_code == 204


def test_it_shows_the_preference_matrix(world, login):
    tell(world.teacher_a, "Có tin bài mới", kind="story.submitted")
    html = login(world.teacher_a).get(reverse("notifications:preferences")).content.decode()
    assert "Tất cả các loại thông báo" in html and "Thư điện tử" in html
    assert 'name="*|email" value="1" checked' in html
    assert 'name="story.submitted|email" value="1" checked' in html


def test_it_turns_email_off_for_everything(world, login):
    response = login(world.teacher_a).post(reverse("notifications:preferences"), {})
    assert response.status_code == 302
    assert Preference.objects.get(person=world.teacher_a, kind="*", channel="email").enabled is False


def test_it_turns_email_off_for_one_kind_only(world, login):
    tell(world.teacher_a, "Có tin bài mới", kind="story.submitted")
    tell(world.teacher_a, "Nhắc báo cáo", kind="report.due")
    # The browser posts every ticked box: all kinds' e-mail stays on except the one unticked.
    from educomms.notifications.registry import KINDS

    ticked = {f"{kind}|email": "1" for kind in [*KINDS, "*", "report.due"] if kind != "story.submitted"}
    login(world.teacher_a).post(reverse("notifications:preferences"), ticked)
    prefs = {(p.kind, p.enabled) for p in Preference.objects.filter(person=world.teacher_a)}
    assert prefs == {("story.submitted", False)}  # only what changed is stored
    html = login(world.teacher_a).get(reverse("notifications:preferences")).content.decode()
    assert 'name="story.submitted|email" value="1" checked' not in html
    assert 'name="report.due|email" value="1" checked' in html
