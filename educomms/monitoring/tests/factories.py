"""Monitoring data for tests, built through the services and the real pipeline on the persona world.

    department: a news feed source (public web content), the topic "Học phí" (query: học phí OR lạm thu)
    School A: its default topic (its name), its own Facebook page source
    School B: its default topic
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from educomms.core.testing.world import World
from educomms.monitoring import pipeline, services
from educomms.monitoring.fetch.types import RawItem
from educomms.monitoring.models import Mention, Source, SourceKind, Topic

FEE_ARTICLE = (
    "Phụ huynh Trường THCS An Phú phản ánh nhà trường thu sai quy định nhiều khoản ngoài học phí, trong đó có quỹ "
    "phụ huynh và tiền mua sắm thiết bị. Nhiều gia đình cho biết họ bức xúc vì không được giải thích rõ ràng. "
    "Phòng chức năng đã vào cuộc kiểm tra, yêu cầu nhà trường báo cáo và hoàn trả các khoản lạm thu nếu có."
)
OPENING_ARTICLE = (
    "Sáng nay, Trường THCS Bình Minh tổ chức lễ khai giảng năm học mới trong không khí vui tươi. Thầy cô và học "
    "sinh cùng nhau chào đón năm học với nhiều hoạt động trải nghiệm bổ ích, các em học sinh lớp sáu được "
    "chào đón bằng những tràng pháo tay ấm áp của anh chị khóa trên."
)


@dataclass
class MonitoringWorld:
    feed: Source
    page_a: Source
    fees: Topic
    topic_a: Topic
    topic_b: Topic
    fee_mention: Mention
    opening_mention: Mention
    comment_a: Mention


def item(title: str, text: str, *, url: str, kind: str = "article", reach: int | None = None,
         when: dt.datetime | None = None, site: str = "baomoi.example.vn") -> RawItem:
    return RawItem(url=url, title=title, text=text, published_at=when or timezone.now() - dt.timedelta(hours=1),
                   site=site, kind=kind, reach=reach)


def build(world: World) -> MonitoringWorld:
    admin = world.admin
    feed = services.create_source(actor=admin, unit=world.department, kind=SourceKind.FEED, name="Báo Giáo dục",
                                  url="https://baomoi.example.vn/giao-duc.rss")
    page_a = services.create_source(actor=admin, unit=world.school_a, kind=SourceKind.FACEBOOK,
                                    name="Fanpage THCS An Phú", config={"page_id": "111", "access_token": "t"})
    fees = services.create_topic(actor=admin, unit=world.department, name="Học phí",
                                 query='"học phí" OR "lạm thu" OR "thu sai quy định"')
    topic_a = services.ensure_default_topic(actor=admin, unit=world.school_a)
    topic_b = services.ensure_default_topic(actor=admin, unit=world.school_b)
    result = pipeline.ingest(source=feed, items=[
        item("Phụ huynh phản ánh THCS An Phú thu sai quy định", FEE_ARTICLE, url="https://baomoi.example.vn/a1.html",
             reach=12000),
        item("Trường THCS Bình Minh khai giảng năm học mới", OPENING_ARTICLE,
             url="https://baomoi.example.vn/b1.html"),
    ])
    fee_mention, opening_mention = result.mentions
    comment = pipeline.ingest(source=page_a, items=[
        item("", "Cảm ơn thầy cô đã tổ chức buổi ngoại khóa rất bổ ích cho các con!", kind="comment",
             url="https://facebook.example/111_1?comment_id=9", site="facebook.com"),
    ]).mentions[0]
    return MonitoringWorld(feed=feed, page_a=page_a, fees=fees, topic_a=topic_a, topic_b=topic_b,
                           fee_mention=fee_mention, opening_mention=opening_mention, comment_a=comment)
