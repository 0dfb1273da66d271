import datetime as dt

import pytest
from django.utils import timezone

from educomms.monitoring import alerts, fetching, pipeline, services
from educomms.monitoring.fetch.types import FetchError
from educomms.monitoring.models import Alert, AlertKind, TopicHour
from educomms.notifications.models import Notification

from .factories import build, item

pytestmark = pytest.mark.django_db

VIRAL = ("Clip giáo viên Trường THCS An Phú đánh học sinh lan truyền trên mạng xã hội khiến phụ huynh vô cùng bức "
         "xúc. Nhiều người yêu cầu xử lý nghiêm giáo viên bạo hành học sinh, phụ huynh phẫn nộ và đòi nhà trường "
         "phải lên tiếng ngay lập tức.")


def fee_items(n, prefix="spike"):
    return [item(f"Phụ huynh phản ánh lạm thu lần {i}", f"Phụ huynh phản ánh lạm thu ở trường số {i}, bài {prefix}.",
                 url=f"https://x.example/{prefix}/{i}") for i in range(n)]


def test_a_viral_negative_post_raises_one_alert_for_the_school(world):
    mw = build(world)
    result = pipeline.ingest(source=mw.feed, items=[item("Giáo viên THCS An Phú đánh học sinh", VIRAL,
                                                         url="https://x.example/clip", kind="post", reach=500_000)])
    mention = result.mentions[0]
    assert mention.risk_level == "high"
    alert = Alert.objects.get(kind=AlertKind.HIGH_RISK, unit=world.school_a, mention=mention)
    assert Notification.objects.filter(recipient=world.officer_a, kind="monitoring.high_risk",
                                       url__endswith=f"/tin/{mention.pk}/").count() == 1
    alerts.high_risk_alerts([mention], now=timezone.now())  # the rule firing again adds nothing
    assert Alert.objects.filter(kind=AlertKind.HIGH_RISK, mention=mention, unit=world.school_a).count() == 1
    assert alert.title.startswith("Tin rủi ro cao")


def test_a_burst_against_a_quiet_baseline_is_a_spike(world):
    mw = build(world)
    now = timezone.now()
    pipeline.ingest(source=mw.feed, items=fee_items(6), now=now)
    alert = Alert.objects.get(kind=AlertKind.SPIKE, topic=mw.fees)
    assert alert.unit == world.department and "tăng đột biến" in alert.title


def test_the_usual_volume_for_that_hour_and_weekday_is_no_spike(world):
    mw = build(world)
    now = timezone.now()
    published = now - dt.timedelta(hours=1)  # when the factory's items are published
    hour = published.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    for weeks in range(1, 5):
        TopicHour.objects.create(topic=mw.fees, hour=hour - dt.timedelta(weeks=weeks), count=5)
    pipeline.ingest(source=mw.feed, items=fee_items(6), now=now)
    assert not Alert.objects.filter(kind=AlertKind.SPIKE, topic=mw.fees).exists()


def test_a_peak_season_lowers_the_thresholds(world):
    mw = build(world)
    today = timezone.localdate()
    pipeline.ingest(source=mw.feed, items=fee_items(3, "quiet"))
    assert not Alert.objects.filter(kind=AlertKind.SPIKE).exists()
    services.save_policy(actor=world.dept_officer, unit=world.department, peak_name="Thi vào lớp 10",
                         peak_from=today - dt.timedelta(days=1), peak_to=today + dt.timedelta(days=5))
    pipeline.ingest(source=mw.feed, items=fee_items(3, "peak"))
    assert Alert.objects.filter(kind=AlertKind.SPIKE, topic=mw.fees).exists()


def test_a_story_copied_by_many_sites_is_a_fast_growing_cluster(world):
    mw = build(world)
    base = VIRAL.replace("Clip giáo viên", "Thông tin về việc")
    copies = [item(f"Bản tin số {i}", f"Theo trang {i}. {base} Bản tin {i}.", url=f"https://site{i}.example/tin",
                   site=f"site{i}.example") for i in range(6)]
    pipeline.ingest(source=mw.feed, items=copies[:1])
    pipeline.ingest(source=mw.feed, items=copies[1:])
    assert Alert.objects.filter(kind=AlertKind.CLUSTER, unit=world.school_a).count() == 1


def test_a_source_failing_for_a_day_is_reported_once(world):
    mw = build(world)
    then = timezone.now() - dt.timedelta(hours=25)
    fetching.record_failure(source=mw.feed, error=FetchError("Máy chủ trả lỗi 500", permanent=False), now=then)
    assert alerts.source_alerts(now=timezone.now() - dt.timedelta(hours=2)) == []  # under a day: quiet
    raised = alerts.source_alerts(now=timezone.now())
    assert len(raised) == 1 and raised[0].unit == world.department and "Máy chủ trả lỗi 500" in raised[0].detail
    assert alerts.source_alerts(now=timezone.now()) == []
    assert Notification.objects.filter(recipient=world.dept_officer, kind="monitoring.source").count() == 1


def test_copies_of_a_risky_story_make_one_alert(world):
    mw = build(world)
    copies = [item(f"Giáo viên THCS An Phú đánh học sinh (bản {i})", f"Theo trang {i}. {VIRAL}",
                   url=f"https://copy{i}.example/clip", kind="post", reach=500_000, site=f"copy{i}.example")
              for i in range(3)]
    result = pipeline.ingest(source=mw.feed, items=copies)
    assert len({m.cluster_id for m in result.mentions}) == 1
    assert Alert.objects.filter(kind=AlertKind.HIGH_RISK, unit=world.school_a,
                                mention__in=result.mentions).count() == 1


def test_an_alert_is_kept_only_with_its_notice(world, monkeypatch):
    """A worker stopped while telling people leaves no alert behind: the next attempt raises and tells."""
    mw = build(world)
    result = pipeline.ingest(source=mw.feed, alerts=False, items=[
        item("Giáo viên THCS An Phú đánh học sinh", VIRAL, url="https://x.example/clip", kind="post", reach=500_000)])

    def stopped(messages):
        list(messages)
        raise RuntimeError("worker stopped")

    monkeypatch.setattr(alerts, "notify_many", stopped)
    with pytest.raises(RuntimeError):
        alerts.high_risk_alerts(result.mentions, now=timezone.now())
    assert not Alert.objects.filter(mention=result.mentions[0]).exists()
    monkeypatch.undo()
    assert alerts.high_risk_alerts(result.mentions, now=timezone.now())
    assert Notification.objects.filter(recipient=world.officer_a, kind="monitoring.high_risk", unit=world.school_a,
                                       url__endswith=f"/tin/{result.mentions[0].pk}/").count() == 1
