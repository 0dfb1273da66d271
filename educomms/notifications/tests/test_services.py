"""The notify service: in-app always, other channels by preference, each delivery sent once."""

import pytest
from django.core import mail

from educomms.notifications import services
from educomms.notifications.models import Delivery, Notification
from educomms.notifications.services import notify, set_preference


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def _run(func):
        with django_capture_on_commit_callbacks(execute=True):
            return func()
    return _run


def test_it_notifies_in_app_and_by_email(world, run_on_commit):
    run_on_commit(lambda: notify(recipients=[world.teacher_a], kind="story.approved", title="Tin bài đã được duyệt",
                                 body="Tin bài của cô đã được duyệt.", url="/mang-luoi/"))
    assert Notification.objects.filter(recipient=world.teacher_a, title="Tin bài đã được duyệt").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["giaovien@thcs-anphu.test"]
    assert "Tin bài đã được duyệt" in message.subject and "Kính gửi Vũ Thị Hoa" in message.body
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_person_who_turned_email_off_gets_the_in_app_notification_only(world, run_on_commit):
    set_preference(person=world.teacher_a, channel="email", enabled=False)
    run_on_commit(lambda: notify(recipients=[world.teacher_a, world.officer_a], kind="story.approved",
                                 title="Tin bài đã được duyệt"))
    assert Notification.objects.filter(recipient=world.teacher_a).count() == 1
    assert [m.to for m in mail.outbox] == [["truyenthong@thcs-anphu.test"]]


def test_a_preference_for_one_kind_beats_the_general_one(world, run_on_commit):
    set_preference(person=world.teacher_a, channel="email", enabled=False)
    set_preference(person=world.teacher_a, channel="email", enabled=True, kind="incident.opened")
    run_on_commit(lambda: notify(recipients=[world.teacher_a], kind="story.approved", title="Không gửi thư"))
    run_on_commit(lambda: notify(recipients=[world.teacher_a], kind="incident.opened", title="Có sự cố"))
    assert [m.subject for m in mail.outbox] == ["[educomms] Có sự cố"]


def test_a_delivery_is_sent_once_even_when_sent_twice(world):
    notification = notify(recipients=[world.teacher_a], kind="story.approved", title="Một lần thôi")[0]
    delivery = Delivery.objects.get(notification=notification)  # not sent yet: on_commit did not run
    assert mail.outbox == []
    services.send_delivery(delivery_id=delivery.pk)
    services.send_delivery(delivery_id=delivery.pk)
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1


def test_it_skips_email_for_a_person_without_an_address(world, run_on_commit):
    from educomms.org import services as org_services
    from educomms.org.roles import Role

    phone_only = org_services.create_person(actor=world.admin, full_name="Lý Văn Phúc", phone="0912999888",
                                            unit=world.school_a, role=Role.STAFF)
    run_on_commit(lambda: notify(recipients=[phone_only], kind="story.approved", title="Không có thư"))
    assert mail.outbox == []
    assert Delivery.objects.get(notification__recipient=phone_only).status == Delivery.Status.SKIPPED


def test_many_messages_go_out_in_a_fixed_number_of_queries_each_with_its_own_preferences(
        world, django_assert_max_num_queries):
    from educomms.notifications.services import Message, notify_many

    set_preference(person=world.teacher_a, channel="email", enabled=False)
    set_preference(person=world.teacher_a, channel="email", enabled=True, kind="incident.opened")
    messages = [Message(recipients=[world.teacher_a, world.officer_a, world.teacher_a], kind="story.approved",
                        title="Tin bài đã được duyệt"),
                Message(recipients=[world.teacher_a], kind="incident.opened", title="Có sự cố"),
                Message(recipients=[], kind="story.approved", title="Không ai nhận")]
    # savepoint, notifications, preferences, deliveries, release (+ their ids from the sequence on PostgreSQL)
    with django_assert_max_num_queries(7):
        notifications = notify_many(messages)
    assert sorted((n.recipient_id, n.title) for n in notifications) == sorted([
        (world.teacher_a.pk, "Tin bài đã được duyệt"), (world.officer_a.pk, "Tin bài đã được duyệt"),
        (world.teacher_a.pk, "Có sự cố")])
    for delivery in Delivery.objects.filter(status=Delivery.Status.PENDING):  # the task's work, after commit
        services.send_delivery(delivery_id=delivery.pk)
    assert sorted(m.subject for m in mail.outbox) == ["[educomms] Có sự cố", "[educomms] Tin bài đã được duyệt"]
    assert [m.to for m in mail.outbox if "duyệt" in m.subject] == [["truyenthong@thcs-anphu.test"]]
