import datetime as dt

import pytest
from django.utils import timezone

from educomms.monitoring import pipeline
from educomms.monitoring.fetch.types import RawItem
from educomms.monitoring.models import BandKey, Cluster, Match, Mention, TopicHour
from educomms.monitoring.nlp import neardup

from .factories import FEE_ARTICLE, build, item

pytestmark = pytest.mark.django_db


def routed_units(mention):
    return set(Match.objects.filter(mention=mention).values_list("unit_id", flat=True))


def test_it_routes_a_fee_complaint_to_the_department_topic_and_school_a(world):
    mw = build(world)
    assert set(Match.objects.filter(mention=mw.fee_mention).values_list("topic_id", flat=True)) == {
        mw.fees.pk, mw.topic_a.pk}
    assert routed_units(mw.opening_mention) == {world.school_b.pk}


def test_it_matches_without_diacritics(world):
    mw = build(world)
    result = pipeline.ingest(source=mw.feed, items=[
        item("Phu huynh THCS An Phu buc xuc vi lam thu", "Nhieu khoan thu sai quy dinh o truong thcs an phu.",
             url="https://x.example/khong-dau")])
    assert routed_units(result.mentions[0]) == {world.department.pk, world.school_a.pk}


def test_it_stores_an_item_once_whatever_the_tracking_parameters(world):
    mw = build(world)
    again = pipeline.ingest(source=mw.feed, items=[
        item("Phụ huynh phản ánh THCS An Phú thu sai quy định", FEE_ARTICLE,
             url="https://www.baomoi.example.vn/a1.html/?utm_source=fb&fbclid=1#top")])
    assert again.stored == 0 and again.duplicates == 1
    assert Mention.objects.count() == 3


def test_an_item_another_worker_stored_meanwhile_is_dropped_and_the_rest_stored(world, monkeypatch):
    mw = build(world)
    real = pipeline.deduplicate
    calls = []

    def late(batch):  # the first look misses what another worker has just committed
        calls.append(len(batch))
        return batch if len(calls) == 1 else real(batch)

    monkeypatch.setattr(pipeline, "deduplicate", late)
    result = pipeline.ingest(source=mw.feed, items=[
        item("Phụ huynh phản ánh THCS An Phú thu sai quy định", FEE_ARTICLE, url="https://www.baomoi.example.vn/a1.html"),
        item("Tin mới về học phí", "Học phí năm học mới giữ nguyên.", url="https://x.example/new")])
    assert len(calls) == 2 and result.stored == 1 and result.duplicates == 1
    assert Mention.objects.count() == 4 and Mention.objects.filter(url="https://x.example/new").count() == 1
    # the failed attempt left nothing behind: hourly counts agree with the matches stored
    assert sum(TopicHour.objects.values_list("count", flat=True)) == Match.objects.count()


def test_it_clusters_a_syndicated_copy_with_its_original(world):
    mw = build(world)
    copy = FEE_ARTICLE.replace("Nhiều gia đình", "Theo báo Dân Trí, nhiều gia đình") + " Sự việc đang được làm rõ."
    result = pipeline.ingest(source=mw.feed, items=[
        item("Bức xúc vì trường thu tiền sai quy định", copy, url="https://other.example/copy.html",
             site="other.example")])
    stored = result.mentions[0]
    assert stored.cluster_id == mw.fee_mention.cluster_id
    assert Cluster.objects.get(pk=stored.cluster_id).size == 2
    assert result.grown_clusters == {stored.cluster_id}
    # The copy is the cluster's second representative; only the band keys the cluster lacked were added.
    keys = list(BandKey.objects.filter(cluster_id=stored.cluster_id).values_list("key", flat=True))
    assert len(keys) == len(set(keys)) > neardup.BANDS


def test_it_keeps_a_schools_own_page_within_its_branch(world):
    mw = build(world)
    # A comment on School A's page naming School B: not routed to School B.
    result = pipeline.ingest(source=mw.page_a, items=[
        item("", "Con tôi học Trường THCS Bình Minh năm ngoái, ở đây tốt hơn nhiều.", kind="comment",
             url="https://facebook.example/111_2?comment_id=1", site="facebook.com")])
    assert routed_units(result.mentions[0]) == set()
    assert mw.comment_a.toxicity in {"clean", "offensive", "hate"}


def test_it_counts_matches_per_topic_and_hour(world):
    mw = build(world)
    assert sum(TopicHour.objects.filter(topic=mw.fees).values_list("count", flat=True)) == 1
    assert sum(TopicHour.objects.filter(topic=mw.topic_a).values_list("count", flat=True)) == 1


def test_it_scores_the_complaint_riskier_than_the_school_opening(world):
    mw = build(world)
    assert mw.fee_mention.risk_score > mw.opening_mention.risk_score
    assert mw.fee_mention.risk_reasons
    assert "overcharging" in mw.fee_mention.crisis_types


def test_it_times_every_step(world):
    mw = build(world)
    result = pipeline.ingest(source=mw.feed, items=[item("Tin mới về học phí", "Học phí năm học mới giữ nguyên.",
                                                         url="https://x.example/new")])
    assert {"prepare", "deduplicate", "tokenize", "cluster", "match", "classify", "risk", "store"} <= set(result.seconds)


def test_canonical_url_drops_tracking_and_fragments():
    assert pipeline.canonical_url("HTTPS://WWW.Example.vn/a/b/?utm_source=x&id=3#c") == "https://example.vn/a/b?id=3"
    assert pipeline.canonical_url("") == ""


def test_a_new_topic_looks_back_like_routing_would(world, django_capture_on_commit_callbacks):
    from educomms.monitoring import services

    mw = build(world)
    # A school topic about the department's own words finds the feed's item, but not the department's
    # imports (a unit's own items go only up the tree).
    imports = services.import_source(actor=world.admin, unit=world.department)
    pipeline.ingest(source=imports, items=[item("Hội nghị tổng kết", "Sở tổ chức hội nghị về học phí.",
                                                url="https://x.example/import")])
    with django_capture_on_commit_callbacks(execute=True):  # the backfill task runs on commit
        topic = services.create_topic(actor=world.admin, unit=world.school_a, name="Học phí", query='"học phí"')
    assert pipeline.backfill_topic(topic_id=topic.pk) == 0  # nothing left to add
    routed = set(Match.objects.filter(topic=topic).values_list("mention_id", flat=True))
    assert routed == {mw.fee_mention.pk}


def test_copies_arriving_in_one_batch_share_a_new_cluster(world):
    mw = build(world)
    text = FEE_ARTICLE.replace("Phụ huynh", "Nhiều phụ huynh")
    result = pipeline.ingest(source=mw.feed, items=[
        item(f"Bản {i}", f"Theo trang {i}. {text}", url=f"https://copy{i}.example/a", site=f"copy{i}.example")
        for i in range(3)])
    clusters = {m.cluster_id for m in result.mentions}
    assert len(clusters) == 1 and None not in clusters
    cluster = Cluster.objects.get(pk=clusters.pop())
    assert cluster.size == 3 or cluster.pk == mw.fee_mention.cluster_id
    assert cluster.pk in result.grown_clusters


def test_a_cluster_quiet_for_a_month_loses_its_band_keys_and_a_late_copy_starts_anew(world):
    mw = build(world)
    old = Cluster.objects.get(pk=mw.fee_mention.cluster_id)
    keys = BandKey.objects.filter(cluster=old).count()
    assert keys > 0 and pipeline.prune_cluster_bands() == 0  # seen today: kept
    later = timezone.now() + dt.timedelta(days=pipeline.BAND_KEEP_DAYS + 1)
    stored = BandKey.objects.count()
    assert stored >= keys and pipeline.prune_cluster_bands(now=later) == stored
    assert not BandKey.objects.exists() and Cluster.objects.filter(pk=old.pk).exists()
    copy = FEE_ARTICLE.replace("Nhiều gia đình", "Theo báo Dân Trí, nhiều gia đình")
    result = pipeline.ingest(source=mw.feed, items=[item("Bản đăng lại sau một tháng", copy,
                                                         url="https://late.example/copy.html", site="late.example")])
    assert result.mentions[0].cluster_id not in (None, old.pk)


def test_it_stores_each_field_of_an_item_where_it_belongs(world):
    mw = build(world)
    when = timezone.now() - dt.timedelta(hours=2)
    raw = RawItem(url="https://x.example/bai?utm_source=fb", title="Phụ huynh phản ánh lạm thu", text=FEE_ARTICLE,
                  published_at=when, site="x.example", kind="post", reach=1234, author="Nguyễn Văn A",
                  parent_url="https://x.example/trang", label="negative")
    stored = Mention.objects.get(pk=pipeline.ingest(source=mw.feed, items=[raw]).mentions[0].pk)

    assert (stored.source, stored.kind, stored.url, stored.parent_url, stored.site, stored.author) == (
        mw.feed, "post", "https://x.example/bai?utm_source=fb", "https://x.example/trang", "x.example", "Nguyễn Văn A")
    assert (stored.title, stored.text, stored.published_at, stored.reach) == (raw.title, FEE_ARTICLE, when, 1234)
    assert stored.search_text.startswith(" phu huynh phan anh lam thu ") and stored.fetched_at is not None
    assert stored.sentiment == "negative" and stored.sentiment_label == "negative" and stored.toxicity_label == ""
    assert 0 < stored.sentiment_confidence <= 1 and stored.toxicity in {"clean", "offensive", "hate"}
    assert stored.labelled_by is None and stored.labelled_at is None and stored.cluster_id is not None
    assert stored.risk_score == sum(r["points"] for r in stored.risk_reasons) > 0
    assert stored.risk_level in {"low", "medium", "high"} and stored.crisis_types == ["overcharging"]
