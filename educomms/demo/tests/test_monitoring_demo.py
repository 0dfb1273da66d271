"""The demo province's monitoring, loaded by `manage.py demo` at a reduced size (once for this module)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from educomms.demo import monitoring, province
from educomms.monitoring.models import (
    ActionKind,
    Alert,
    AlertKind,
    Case,
    CaseStatus,
    Cluster,
    Match,
    Mention,
    Sentiment,
    Source,
    SourceKind,
    Topic,
    Verdict,
)
from educomms.notifications.models import Delivery
from educomms.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The output of `manage.py demo --schools 20`, its data rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", "--schools", "20", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def department() -> Unit:
    return Unit.objects.get(code=province.DEPARTMENT_CODE)


def counts() -> tuple[int, ...]:
    return (Source.objects.count(), Topic.objects.count(), Mention.objects.count(), Match.objects.count(),
            Cluster.objects.count(), Alert.objects.count(), Case.objects.count())


def test_it_prints_one_summary_line_of_the_monitoring(demo):
    lines = [line for line in demo.splitlines() if "theo dõi dư luận trình diễn" in line]
    assert len(lines) == 1
    assert "nguồn tin" in lines[0] and "cảnh báo" in lines[0] and "vụ việc" in lines[0]


def test_it_configures_the_real_education_feeds_without_fetching_them(demo):
    feeds = Source.objects.filter(unit=department(), kind=SourceKind.FEED)
    assert sorted(feeds.values_list("url", flat=True)) == sorted(url for _name, url in monitoring.FEEDS)
    assert "https://vnexpress.net/rss/giao-duc.rss" in set(feeds.values_list("url", flat=True))
    for feed in feeds:
        assert feed.active and feed.next_fetch_at is not None  # the scheduler fetches it
        assert feed.last_fetch_at is None and not feed.mentions.exists()


def test_it_holds_the_history_in_import_sources_of_the_department_and_of_schools(demo):
    imports = Source.objects.filter(kind=SourceKind.IMPORT)
    assert imports.filter(unit=department()).count() == 1
    assert imports.filter(unit__kind=Unit.Kind.SCHOOL).count() >= 3
    assert set(Mention.objects.values_list("source__kind", flat=True).distinct()) == {SourceKind.IMPORT}
    assert 400 <= Mention.objects.count() <= 600
    for source in imports:
        assert source.items_fetched == source.mentions.count()


def test_it_creates_the_departments_topics_and_a_default_topic_for_every_school(demo):
    names = set(Topic.objects.filter(unit=department(), is_default=False).values_list("name", flat=True))
    assert names == {name for name, _query, _priority in monitoring.TOPICS}
    schools = Unit.objects.filter(kind=Unit.Kind.SCHOOL).count()
    assert Topic.objects.filter(is_default=True, unit__kind=Unit.Kind.SCHOOL).count() == schools
    assert Topic.objects.filter(is_default=True, unit=department()).exists()


def test_it_routes_mentions_to_schools_and_to_the_demo_school(demo):
    routed = Match.objects.filter(unit__kind=Unit.Kind.SCHOOL).values("unit").distinct().count()
    assert routed >= 3
    school = Unit.objects.get(name="Trường THCS Nguyễn Du")
    mine = Mention.objects.filter(matches__unit=school).distinct()
    assert mine.count() >= 3
    assert mine.filter(sentiment=Sentiment.NEGATIVE).exists()


def test_it_spreads_the_month_over_office_hours_and_school_days(demo):
    times = [timezone.localtime(t) for t in Mention.objects.values_list("published_at", flat=True)]
    now = timezone.now()
    assert max(times) < now and min(times) > now - dt.timedelta(days=monitoring.HISTORY_DAYS + 1)
    assert len({t.date() for t in times}) >= 25
    office = sum(1 for t in times if 7 <= t.hour < 18 and t.weekday() < 5)
    assert office > 0.55 * len(times)


def test_it_clusters_syndicated_copies_and_the_fast_spreading_rumour(demo):
    assert Cluster.objects.filter(size__gt=1).count() >= 10
    rumour = Case.objects.get().mentions.values("cluster").annotate(n=Count("id")).order_by("-n").first()
    assert rumour["n"] >= 5


def test_it_raises_alerts_of_every_kind_and_acknowledges_some(demo):
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {AlertKind.HIGH_RISK, AlertKind.SPIKE, AlertKind.CLUSTER} <= kinds
    officer = province.sign_in_people()["dept_officer"]
    acknowledged = Alert.objects.filter(acknowledged_at__isnull=False)
    assert acknowledged.exists()
    assert set(acknowledged.values_list("acknowledged_by", flat=True)) == {officer.pk}
    assert Alert.objects.filter(acknowledged_at__isnull=True).exists()
    assert all(a.created_at < timezone.now() - dt.timedelta(minutes=1) for a in Alert.objects.all())


def test_nobody_is_emailed_about_the_pretend_history(demo):
    pending = Delivery.objects.filter(notification__kind__startswith="monitoring.", status=Delivery.Status.PENDING)
    assert not pending.exists()


def test_it_opens_the_rumour_case_with_its_verdict_and_actions(demo):
    case = Case.objects.get()
    officer = province.sign_in_people()["dept_officer"]
    assert (case.unit, case.owner, case.verdict, case.status) == (department(), officer, Verdict.FALSE,
                                                                 CaseStatus.RESPONDING)
    assert case.facts and case.mentions.count() >= 5
    actions = {a.kind: a for a in case.actions.all()}
    assert set(actions) == {ActionKind.CORRECTION, ActionKind.STATEMENT}
    assert actions[ActionKind.CORRECTION].target and actions[ActionKind.CORRECTION].done_at is None
    assert actions[ActionKind.STATEMENT].done_at is not None
    assert case.entries.count() >= 5
    assert all(entry.at <= timezone.now() for entry in case.entries.all())


def test_it_corrects_a_few_labels_in_the_inbox(demo):
    labelled = Mention.objects.exclude(sentiment_label="")
    assert 1 <= labelled.count() <= 5
    assert set(labelled.values_list("labelled_by", flat=True)) == {province.sign_in_people()["dept_officer"].pk}


def test_it_adds_nothing_when_loaded_again(demo):
    before = counts()
    again = monitoring.load()
    assert again.demo and not again.created
    assert counts() == before
    assert again.mentions == Mention.objects.count()


def test_the_inbox_answers_for_the_departments_communications_officer(demo, client):
    client.force_login(province.sign_in_people()["dept_officer"])
    response = client.get(reverse("monitoring:inbox"))
    assert response.status_code == 200
    newest = Mention.objects.order_by("-published_at", "-id").first()
    assert (newest.title or newest.text)[:40] in response.content.decode()
