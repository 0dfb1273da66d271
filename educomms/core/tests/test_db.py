"""core.db: plain rows and model instances written in bulk, the same on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from educomms.core.db import insert_instances, insert_rows, new_instance
from educomms.monitoring.models import AlertPolicy, BandKey, Cluster, Mention, Source, SourceKind
from educomms.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_instances_get_their_ids_and_read_back_equal(world):
    source = Source.objects.create(unit=world.school_a, kind=SourceKind.FEED, name="Báo", url="https://bao.example.vn/rss")
    when = dt.datetime(2026, 2, 5, 8, 30, tzinfo=dt.UTC)
    mentions = [Mention(source=source, key=f"k{n}", title=f"Tin {n} – Đà Nẵng", text="Nội dung", published_at=when,
                        reach=None if n else 1_200, risk_score=n, risk_reasons=[{"label": "Tiêu cực", "points": n}],
                        crisis_types=["exam_leak"] if n else []) for n in range(3)]
    before = timezone.now()
    insert_instances(mentions)
    assert all(m.pk for m in mentions) and len({m.pk for m in mentions}) == 3
    for m in mentions:
        stored = Mention.objects.get(pk=m.pk)
        assert (stored.key, stored.title, stored.published_at, stored.reach, stored.risk_reasons, stored.crisis_types) == (
            m.key, m.title, when, m.reach, m.risk_reasons, m.crisis_types)
        assert stored.fetched_at >= before and stored.sentiment == "neutral"  # auto_now_add and a default
        assert not m._state.adding
    insert_instances([Notification(recipient=world.officer_a, kind="x", title="Một")])
    assert Notification.objects.get(title="Một").created_at >= before


def test_a_duplicate_is_djangos_integrity_error_and_nothing_is_written(world):
    source = Source.objects.create(unit=world.school_a, kind=SourceKind.FEED, name="Báo", url="https://bao.example.vn/rss")
    now = timezone.now()
    insert_instances([Mention(source=source, key="same", published_at=now)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_instances([Mention(source=source, key="new", published_at=now),
                          Mention(source=source, key="same", published_at=now)])
    assert list(Mention.objects.values_list("key", flat=True)) == ["same"]


def test_rows_are_written_and_counted_and_a_field_it_cannot_write_is_refused(world):
    now = timezone.now()
    cluster = Cluster.objects.create(title="Một", first_seen_at=now, last_seen_at=now)
    assert insert_rows("monitoring_bandkey", ["key", "cluster_id"], [(k, cluster.pk) for k in (-5, 0, 2**62)]) == 3
    assert sorted(BandKey.objects.values_list("key", flat=True)) == [-5, 0, 2**62]
    with pytest.raises(TypeError, match="DateField"):
        insert_instances([AlertPolicy(unit=world.school_a)])


def test_bytes_are_written_as_they_are():
    now = timezone.now()
    clusters = [Cluster(title="Hai", first_seen_at=now, last_seen_at=now, signatures=bytes(range(256)) * n)
                for n in (0, 1, 4)]
    insert_instances(clusters)
    assert [bytes(Cluster.objects.get(pk=c.pk).signatures) for c in clusters] == [b"", bytes(range(256)),
                                                                                   bytes(range(256)) * 4]


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_new_instance_equals_one_built_from_keywords(world):
    source = Source.objects.create(unit=world.school_a, kind=SourceKind.FEED, name="Báo", url="https://bao.example.vn/rss")
    when = dt.datetime(2026, 2, 5, 8, 30, tzinfo=dt.UTC)
    values = {"source": source, "key": "k1", "title": "Tin", "published_at": when, "cluster_id": None, "risk_score": 7}
    fast, slow = new_instance(Mention, values), Mention(**values)

    assert _fields(fast) == _fields(slow)
    assert fast.__dict__.keys() == slow.__dict__.keys() and not fast.get_deferred_fields()
    assert fast.risk_reasons == [] and fast.risk_reasons is not new_instance(Mention, values).risk_reasons  # a new list
    assert fast.source is source and fast._state.adding  # the related object is cached, not read again
    note = new_instance(Notification, {"recipient_id": world.admin.pk, "kind": "k", "title": "T", "unit": None})
    assert _fields(note) == _fields(Notification(recipient_id=world.admin.pk, kind="k", title="T", unit=None))
    with pytest.raises(TypeError, match="no field colour"):
        new_instance(Mention, {"colour": "red"})


def test_a_new_instance_of_a_model_someone_listens_to_is_built_by_its_init(world):
    from django.db.models.signals import post_init

    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.title)

    post_init.connect(listener, sender=Notification)
    try:
        note = new_instance(Notification, {"recipient_id": world.admin.pk, "kind": "k", "title": "Nghe thấy"})
    finally:
        post_init.disconnect(listener, sender=Notification)
    assert seen == ["Nghe thấy"] and _fields(note) == _fields(Notification(recipient_id=world.admin.pk, kind="k",
                                                                             title="Nghe thấy"))


def test_datetimes_are_written_as_the_backend_would_write_them():
    from django.db import connection

    from educomms.core.db import _adapter, datetime_adapter

    adapt = _adapter(Mention._meta.get_field("published_at"), connection)
    assert adapt == datetime_adapter(connection)
    hanoi = dt.timezone(dt.timedelta(hours=7))
    for value in [None, dt.datetime(2026, 2, 5, 8, 30, tzinfo=dt.UTC), dt.datetime(2026, 2, 5, 8, 30, 1, 25, hanoi),
                  dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=hanoi), timezone.now()]:
        assert adapt(value) == connection.ops.adapt_datetimefield_value(value), value
