"""Fetching a source end to end against a local HTTP server: health, back-off, conditional GET."""

import datetime as dt

import pytest
from django.utils import timezone

from educomms.monitoring import fetching, services
from educomms.monitoring.models import Match, Mention, Source, SourceKind

from .fakes import FakeServer, Reply, fake_server  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.django_db

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Giáo dục</title><link>https://tin.example.vn/</link>
<item><title>Trường THCS An Phú bị phản ánh lạm thu</title><link>https://tin.example.vn/a.html</link>
<description>Phụ huynh Trường THCS An Phú phản ánh các khoản thu ngoài học phí.</description>
<pubDate>Mon, 07 Dec 2026 08:00:00 +0700</pubDate></item>
<item><title>Học sinh giỏi cấp tỉnh</title><link>https://tin.example.vn/b.html</link>
<description>Kết quả kỳ thi học sinh giỏi năm nay rất đáng mừng.</description>
<pubDate>Mon, 07 Dec 2026 09:00:00 +0700</pubDate></item>
</channel></rss>""".encode()


@pytest.fixture
def feed(world, fake_server):  # noqa: F811
    fake_server.route("/rss", Reply(body=FEED, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}))
    services.ensure_default_topic(actor=world.admin, unit=world.school_a)
    return services.create_source(actor=world.admin, unit=world.department, kind=SourceKind.FEED, name="Tin",
                                  url=fake_server.url("/rss"), interval_minutes=30)


def test_it_fetches_a_feed_stores_routes_and_records_health(world, feed):
    now = timezone.now()
    result = fetching.fetch_source(source_id=feed.pk, now=now)
    assert result.stored == 2
    feed.refresh_from_db()
    assert feed.last_success_at == now and feed.items_fetched == 2 and feed.etag == '"v1"'
    assert feed.next_fetch_at == now + dt.timedelta(minutes=30) and not feed.failing_since
    assert Match.objects.filter(unit=world.school_a).count() == 1


def test_a_second_fetch_stores_nothing_twice(world, feed):
    fetching.fetch_source(source_id=feed.pk)
    again = fetching.fetch_source(source_id=feed.pk)
    assert again.stored == 0 and Mention.objects.count() == 2


def test_a_failing_source_backs_off_and_says_why_in_vietnamese(world, feed, fake_server):  # noqa: F811
    fake_server.route("/rss", Reply(status=500, body=b"oops"))
    now = timezone.now()
    assert fetching.fetch_source(source_id=feed.pk, now=now) is None
    fetching.fetch_source(source_id=feed.pk, now=now + dt.timedelta(minutes=61))
    feed.refresh_from_db()
    assert feed.failing_since == now and feed.consecutive_failures == 2
    assert "500" in feed.last_error
    assert feed.next_fetch_at == now + dt.timedelta(minutes=61) + dt.timedelta(minutes=120)


def test_a_source_that_is_gone_waits_the_longest(world, feed, fake_server):  # noqa: F811
    fake_server.route("/rss", Reply(status=404))
    now = timezone.now()
    fetching.fetch_source(source_id=feed.pk, now=now)
    feed.refresh_from_db()
    assert feed.next_fetch_at == now + fetching.MAX_BACKOFF


def test_due_sources_are_claimed_once(world, feed):
    Source.objects.filter(pk=feed.pk).update(next_fetch_at=timezone.now() - dt.timedelta(minutes=1))
    assert fetching.claim_due_sources() == [feed.pk]
    assert fetching.claim_due_sources() == []
