"""The demo province's public-opinion monitoring (theo dõi dư luận): sources, topics, a month of history,
alerts and a case of false information, so that the inbox, dashboards and alerts are alive.

    sources   six education feeds of real Vietnamese outlets (fetched by the scheduler like any source:
              without internet each shows its error on the Sources page) and import sources that hold the
              generated history: the department's, and one for each school the history is about
    topics    six topics of the department with their queries and priorities; the default topic (name and
              aliases) of the department and of every school
    history   3,000 generated items for 400 schools (demo/monitoring_stream.py; fewer for a smaller
              province) over the last 30 days, a fifth of the stories about the province's own schools
              and communes, with a believable rhythm (office hours, weekdays), syndicated copies, posts
              and comments; on the last school days a boarding canteen's suspected food poisoning, a clip
              of school violence and the burst of posts about it (a spike), a parents' complaint at the
              demo school (THCS Nguyễn Du); yesterday evening a rumour of a leaked exam copied by many
              sites within two hours (a fast-growing cluster)
    alerts    the real rules (alerts.after_ingest) run after every three-hour batch of those last days, at
              the moment the batch would have arrived; the month before is loaded as history without
              alerts (played through the rules it would fill the page with hundreds of high-risk items of
              the generated stream). The department's risk threshold is 80 (its alert setting: the most
              urgent of 400 schools), schools keep 70. Alerts older than a day are acknowledged by the
              department's communications officer
    case      the leaked-exam rumour: verified false, a correction request to the outlet, a statement on
              the portal (done), a note; and a few sentiment labels corrected in the inbox

Every item goes through the real pipeline (`pipeline.ingest`). Routing follows the pipeline's rule for
imports: an import source's items reach the topics of its unit and of the units above it, so the items
about a school are imported into that school's source (they reach the school and the department), and the
rest into the department's. The history is pretend: the alerts' e-mails are not sent (their in-app notices
stay), and timestamps are moved back to when things would have happened.

Everything here is fictional (the feeds are real addresses, never fetched here). `load()` is idempotent: it
does nothing when the department already has monitoring sources, and leaves any database that is not the
demo province alone.
"""

import bisect
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from educomms.audit.models import Event
from educomms.monitoring import alerts as alert_rules
from educomms.monitoring import cases, pipeline, services
from educomms.monitoring.fetch.types import RawItem
from educomms.monitoring.models import (
    ActionKind,
    Alert,
    Case,
    CaseEntry,
    Cluster,
    Mention,
    MentionKind,
    Sentiment,
    Source,
    SourceKind,
    Topic,
    Verdict,
)
from educomms.monitoring.query import Document, parse
from educomms.notifications.models import Delivery, Notification
from educomms.org.models import Person, Unit

from . import names, province
from .bulk import Writer
from .monitoring_stream import GenItem, Locale, LocalSchool, generate, syndicate

SEED = 2026
HISTORY_DAYS = 30
HISTORY_ITEMS = 3000  # for the full province of 400 schools; a smaller one has less news (at least 400)
LOCAL_SHARE = 0.2  # stories about the province's own schools
FEATURED_SCHOOLS = 10  # schools the local news is about (each holds its items in its own import source)
WINDOW_HOURS = 3  # the last days arrive in batches of this many hours, the alert rules running after each
IMPORT_DAYS = 5  # the older history is imported in batches of this many days, without alerts
DEPARTMENT_RISK_THRESHOLD = 80  # the department's alert setting: only the most urgent items of 400 schools
BURST_ITEMS = 36
RUMOUR_COPIES = 8
K, L = Unit.Kind, Unit.SchoolLevel

FEEDS: list[tuple[str, str]] = [
    ("VnExpress – Giáo dục", "https://vnexpress.net/rss/giao-duc.rss"),
    ("Tuổi Trẻ – Giáo dục", "https://tuoitre.vn/rss/giao-duc.rss"),
    ("Thanh Niên – Giáo dục", "https://thanhnien.vn/rss/giao-duc.rss"),
    ("Dân trí – Giáo dục hướng nghiệp", "https://dantri.com.vn/rss/giao-duc-huong-nghiep.rss"),
    ("VietNamNet – Giáo dục", "https://vietnamnet.vn/rss/giao-duc.rss"),
    ("Giáo dục và Thời đại – Giáo dục", "https://giaoducthoidai.vn/rss/giao-duc.rss"),
]

# How the press and parents also call the department (its default topic's aliases).
DEPARTMENT_ALIASES = [f"Sở Giáo dục {names.PROVINCE}", f"Sở GD-ĐT {names.PROVINCE}", f"Sở GDĐT {names.PROVINCE}",
                      f"ngành giáo dục {names.PROVINCE}"]
P = Topic.Priority
HERE = f'"{names.PROVINCE}"'  # the department follows its own province's news on its topics
VIOLENCE_QUERY = ('("bạo lực học đường" OR "bắt nạt" OR "đánh hội đồng" OR "hành hung" OR "xô xát" '
                  f'OR (clip AND (đánh OR tát OR "bắt nạt"))) AND {HERE}')
TOPICS: list[tuple[str, str, int]] = [
    ("Học phí, lạm thu",
     '("học phí" OR "lạm thu" OR "khoản thu" OR "thu sai quy định" OR "quỹ phụ huynh" OR "quỹ ban đại diện" '
     f'OR ("tự nguyện" NEAR/5 (thu OR nộp OR đóng))) AND {HERE}', P.NORMAL),
    ("Bạo lực học đường", VIOLENCE_QUERY, P.HIGH),
    ("Thi tốt nghiệp THPT và tuyển sinh lớp 10",
     '("thi tốt nghiệp" OR "tuyển sinh lớp 10" OR "tuyển sinh vào lớp 10" OR "điểm chuẩn" OR "lộ đề" '
     f'OR "đề thi" OR "đề kiểm tra" OR "phúc khảo" OR "gian lận thi") AND {HERE}', P.HIGH),
    ("An toàn thực phẩm bữa ăn bán trú",
     '("ngộ độc" OR "an toàn thực phẩm" OR ("bán trú" AND ("bữa ăn" OR "suất ăn" OR "bếp ăn" OR "thức ăn"))) '
     f'AND {HERE}', P.HIGH),
    ("Chương trình GDPT 2018, sách giáo khoa",
     '("sách giáo khoa" OR "chương trình giáo dục phổ thông" OR "GDPT 2018" OR "chương trình mới" '
     f'OR "sách tham khảo") AND {HERE}', P.LOW),
    ("Nhà giáo, đạo đức nhà giáo",
     '("đạo đức nhà giáo" OR "Luật Nhà giáo" OR "thiếu giáo viên" OR "giáo viên hợp đồng" '
     'OR (("giáo viên" OR "cô giáo" OR "thầy giáo") NEAR/6 ("xúc phạm" OR tát OR "lăng mạ" OR "nợ lương" '
     f'OR "nghỉ việc"))) AND {HERE}', P.NORMAL),
]


@dataclass
class LoadResult:
    created: bool
    demo: bool = True
    sources: int = 0
    feeds: int = 0
    topics: int = 0
    mentions: int = 0
    clusters: int = 0  # clusters of more than one mention (syndicated stories)
    alerts: int = 0
    acknowledged: int = 0
    cases: int = 0
    seconds: float = 0.0


def _is_demo(department: Unit | None) -> bool:
    return department is not None and Event.objects.filter(verb="demo.loaded", unit=department).exists()


def load(*, items: int | None = None, now: dt.datetime | None = None) -> LoadResult:
    """Write the demo monitoring unless the department already has monitoring sources (default database:
    the monitoring services write there). Call after `province.load()`. `items`: the month's volume, by
    default in proportion to the province's schools."""
    started = time.perf_counter()
    with transaction.atomic():  # all or nothing: a failed load leaves no sources, so it runs again
        result = _load(items=items, now=now)
    result.seconds = time.perf_counter() - started
    return result


def _load(*, items: int | None, now: dt.datetime | None) -> LoadResult:
    department = Unit.objects.filter(code=province.DEPARTMENT_CODE).first()
    if department is None or not _is_demo(department):
        return LoadResult(created=False, demo=False)
    if Source.objects.filter(unit=department).exists():
        return _summary(department, created=False)
    people = province.sign_in_people()
    officer, spokesperson = people.get("dept_officer"), people.get("spokesperson")
    if officer is None or spokesperson is None:
        return LoadResult(created=False, demo=False)
    now = now or timezone.now()
    rng = random.Random(SEED)
    last_delivery = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _feeds(department, officer)
    dept_import = services.import_source(actor=officer, unit=department)
    schools = list(Unit.objects.filter(kind=K.SCHOOL, active=True, path__startswith=department.path)
                   .select_related("parent").order_by("path"))
    _topics(department, schools, officer)
    services.save_policy(actor=officer, unit=department, risk_threshold=DEPARTMENT_RISK_THRESHOLD)
    featured = _featured(schools, people, rng)
    history = History(department=department, featured=featured, now=now, rng=rng)
    if items is None:
        items = max(400, round(HISTORY_ITEMS * min(1.0, len(schools) / province.DEFAULT_SCHOOLS)))
    batches = history.build(items)
    _ingest(batches, live_from=history.live_from, dept_import=dept_import, officer=officer)
    _acknowledge(department, officer, now=now, rng=rng)
    _open_case(history, department=department, officer=officer, spokesperson=spokesperson, now=now)
    _correct_labels(officer, rng)
    _skip_pretend_deliveries(after=last_delivery)
    return _summary(department, created=True)


def _summary(department: Unit, *, created: bool) -> LoadResult:
    sources = Source.objects.filter(unit__path__startswith=department.path)
    alerts = Alert.objects.filter(unit__path__startswith=department.path)
    return LoadResult(
        created=created, sources=sources.count(), feeds=sources.filter(kind=SourceKind.FEED).count(),
        topics=Topic.objects.filter(unit__path__startswith=department.path).count(),
        mentions=Mention.objects.filter(source__in=sources).count(),
        clusters=Cluster.objects.filter(size__gt=1, mentions__source__in=sources).distinct().count(),
        alerts=alerts.count(), acknowledged=alerts.filter(acknowledged_at__isnull=False).count(),
        cases=Case.objects.filter(unit=department).count())


# --- sources and topics ---------------------------------------------------------------------------------

def _feeds(department: Unit, officer: Person) -> None:
    """The real feeds: the scheduler fetches them (every 30 minutes); nothing is fetched here."""
    for name, url in FEEDS:
        services.create_source(actor=officer, unit=department, kind=SourceKind.FEED, name=name, url=url,
                               interval_minutes=30)


def _topics(department: Unit, schools: list[Unit], officer: Person) -> None:
    for name, query, priority in TOPICS:
        services.create_topic(actor=officer, unit=department, name=name, query=query, priority=priority)
    own = services.ensure_default_topic(actor=officer, unit=department)
    services.update_topic(actor=officer, topic=own, name=own.name, query=own.query, priority=own.priority,
                          aliases="\n".join(DEPARTMENT_ALIASES))
    for school in schools:
        services.ensure_default_topic(actor=officer, unit=school)


def _featured(schools: list[Unit], people: dict[str, Person], rng: random.Random) -> list[Unit]:
    """The schools the local news is about: the demo school first, then a mix of levels."""
    demo_school = _school_of(people.get("principal"))
    ordered = sorted(schools, key=lambda s: (s.pk != getattr(demo_school, "pk", None), rng.random()))
    by_level: dict[str, list[Unit]] = defaultdict(list)
    for school in ordered[1:]:
        by_level[school.school_level].append(school)
    chosen = ordered[:1]
    while len(chosen) < min(FEATURED_SCHOOLS, len(schools)):
        for level in (L.LOWER_SECONDARY, L.PRIMARY, L.UPPER_SECONDARY, L.PRESCHOOL, L.MULTI_LEVEL, L.CONTINUING):
            if by_level[level] and len(chosen) < FEATURED_SCHOOLS:
                chosen.append(by_level[level].pop(0))
        if not any(by_level.values()):
            break
    return chosen


def _school_of(person: Person | None) -> Unit | None:
    if person is None:
        return None
    return Unit.objects.filter(kind=K.SCHOOL, memberships__person=person,
                               memberships__until__isnull=True).first()


def _commune_words(school: Unit, fallback: str) -> str:
    """"phường Bình Sơn" as running text writes it (the school's commune, or the capital's ward)."""
    parent = school.parent
    name = parent.name if parent is not None and parent.kind == K.COMMUNE else fallback
    word, _sep, rest = name.partition(" ")
    return f"{word.lower()} {rest}" if rest else name


# --- the history ----------------------------------------------------------------------------------------

@dataclass
class Planned:
    item: RawItem
    school: Unit | None  # the featured school it is about: imported into that school's source


def _hour_weight(local: dt.datetime) -> float:
    """How busy an hour is: office hours on weekdays, a lunch dip, quiet nights, lighter weekends."""
    h = local.hour
    weight = (0.08 if h < 6 else 0.4 if h == 6 else 1.2 if h < 11 else 0.6 if h < 14 else 1.0 if h < 18
              else 0.65 if h < 22 else 0.25)
    return weight * (0.45 if local.weekday() >= 5 else 1.0)


def _retime(items: Sequence[GenItem], start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Spread items over [start, end) in their order, busier hours holding more of them: each item keeps its
    place in the stream's own clock (so copies stay close to their originals) through the inverse of the
    hours' cumulative weights."""
    hours: list[dt.datetime] = []
    cumulative: list[float] = []
    total, at = 0.0, start
    while at + dt.timedelta(hours=1) <= end:  # whole hours only: nothing lands after `end`
        hours.append(at)
        total += _hour_weight(timezone.localtime(at))
        cumulative.append(total)
        at += dt.timedelta(hours=1)
    first, last = items[0].published_at, items[-1].published_at
    span = (last - first).total_seconds() or 1.0
    out = []
    for item in items:
        target = (item.published_at - first).total_seconds() / span * total * 0.999999
        i = bisect.bisect_right(cumulative, target)
        below = cumulative[i - 1] if i else 0.0
        fraction = (target - below) / (cumulative[i] - below)
        out.append(hours[i] + dt.timedelta(seconds=3600 * fraction))
    return out


def _raw(item: GenItem, at: dt.datetime, *, reach: int | None = None) -> RawItem:
    parent = item.url.split("?", 1)[0] if item.kind == MentionKind.COMMENT else ""
    return RawItem(url=item.url, title=item.title, text=item.text, published_at=at.astimezone(dt.UTC),
                   site=item.site, kind=item.kind, reach=item.reach if reach is None else reach, parent_url=parent)


class History:
    """The month's items, in batches of WINDOW_HOURS, and the handful of events the demo tells."""

    def __init__(self, *, department: Unit, featured: list[Unit], now: dt.datetime, rng: random.Random) -> None:
        self.department, self.featured, self.now, self.rng = department, featured, now, rng
        capital = next((s for s in featured if s.parent and s.parent.kind == K.COMMUNE), None)
        self.capital = capital.parent.name if capital and capital.parent else f"Phường {names.PROVINCE}"
        self.locale = Locale(province=names.PROVINCE, share=LOCAL_SHARE, schools=tuple(
            LocalSchool(name=s.name, short=s.short_name or s.name, commune=_commune_words(s, self.capital))
            for s in featured))
        self.by_short = {school.short: unit for school, unit in zip(self.locale.schools, featured, strict=True)}
        self.rumour_urls: list[str] = []
        self.today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)

    def build(self, n: int) -> list[tuple[dt.datetime, list[Planned]]]:
        """(end of batch, its items) in time order; `self.live_from` is set to where the live part begins."""
        events = self._events()
        stream = generate(max(100, n - len(events)), seed=SEED, locale=self.locale)
        start = self.today - dt.timedelta(days=HISTORY_DAYS)
        times = _retime(stream, start, self.now - dt.timedelta(minutes=30))
        planned = [self._plan(item, at) for item, at in zip(stream, times, strict=True)] + events
        return self._windows(planned)

    def _plan(self, item: GenItem, at: dt.datetime) -> Planned:
        return Planned(_raw(item, at), self.by_short.get(item.local_school))

    def _windows(self, planned: list[Planned]) -> list[tuple[dt.datetime, list[Planned]]]:
        """Before `live_from`, batches of IMPORT_DAYS days; from then on, windows of WINDOW_HOURS hours (local)."""
        by_end: dict[dt.datetime, list[Planned]] = defaultdict(list)
        for p in planned:
            assert p.item.published_at is not None
            local = timezone.localtime(p.item.published_at)
            if local < self.live_from:
                days = (self.live_from - local).days // IMPORT_DAYS * IMPORT_DAYS
                end = self.live_from - dt.timedelta(days=days)
            else:
                end = local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(
                    hours=WINDOW_HOURS - local.hour % WINDOW_HOURS)
            by_end[min(end, self.now)].append(p)
        return [(end, sorted(ps, key=lambda p: p.item.published_at or end)) for end, ps in sorted(by_end.items())]

    # -- the events

    def _school_day(self, before: dt.datetime) -> dt.datetime:
        """The last school day (Monday to Friday) before the day of `before`, at midnight (local)."""
        day = before.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return timezone.localtime(day)

    @staticmethod
    def _at(day: dt.datetime, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.localtime(day.replace(hour=hour, minute=minute))

    def _school(self, *levels: str) -> Unit:
        for school in self.featured[1:]:
            if school.school_level in levels:
                return school
        return self.featured[-1]

    def _ctx(self, school: Unit) -> dict[str, str]:
        return {"school": school.name, "short": school.short_name or school.name,
                "commune": _commune_words(school, self.capital), "province": names.PROVINCE}

    def _events(self) -> list[Planned]:
        """Yesterday evening the rumour; on the school day before, the violence clip and in the evening the
        complaint at the demo school; the school day before that, the canteen. The alert rules run from the
        morning of that day on (`live_from`)."""
        self.rumour_day = self.today - dt.timedelta(days=1)
        self.violence_day = self._school_day(self.rumour_day)
        self.poisoning_day = self._school_day(self.violence_day)
        self.live_from = self._at(self.poisoning_day, 11)
        return [*self._violence(), *self._rumour(), *self._poisoning(), *self._demo_school_complaint()]

    def _copies(self, *, title: str, text: str, site: str, kind: str, n: int, school: Unit, start: dt.datetime,
                minutes: float, seed: int, reach: tuple[int, int]) -> list[Planned]:
        out = []
        for i, (copy_title, copy_text, copy_site) in enumerate(syndicate(
                title=title, text=text, site=site, kind=kind, n=n, seed=seed, context=self._ctx(school))):
            at = start + dt.timedelta(minutes=minutes * (i + 1) / (n + 1) + self.rng.uniform(-3, 3))
            path = f"bai-{seed}-{i + 1}.html" if kind == "article" else f"posts/{seed}{i + 1:03d}"
            host = copy_site if kind == "article" else "www.facebook.com/chiasegiaoduc"
            out.append(Planned(RawItem(url=f"https://{host}/{path}", title=copy_title, text=copy_text,
                                       published_at=at.astimezone(dt.UTC), site=copy_site, kind=kind,
                                       reach=self.rng.randint(*reach)), school))
        return out

    def _violence(self) -> list[Planned]:
        """A morning, 8:00–11:00: a clip of a schoolgirl beaten by classmates goes viral and the topic of
        school violence bursts (a spike)."""
        school = self._school(L.LOWER_SECONDARY, L.MULTI_LEVEL)
        c = self._ctx(school)
        at = self._at(self.violence_day, 7, 40)
        post = (f"Clip nữ sinh lớp 8 {c['short']} bị đánh hội đồng đang lan truyền chóng mặt. Sáng nay trên nhiều "
                f"nhóm phụ huynh lan truyền đoạn clip dài gần 2 phút ghi lại cảnh một nữ sinh lớp 8 {c['school']} "
                f"({c['commune']}) bị 4 bạn cùng trường đánh hội đồng, giật tóc, tát liên tiếp vào mặt ngay sau giờ "
                "tan học. Nhiều học sinh đứng xung quanh quay clip, cổ vũ mà không ai can ngăn. Em nữ sinh bị bầm "
                "tím mặt, hoảng loạn, đã được gia đình đưa vào viện kiểm tra. Thật không thể chấp nhận được, đề nghị "
                f"nhà trường và Sở GD&ĐT {c['province']} xử lý nghiêm những học sinh đánh bạn!")
        title = f"Nữ sinh lớp 8 ở {c['province']} bị bạn đánh hội đồng, clip lan truyền trên mạng"
        article = (f"Sáng {at:%d/%m}, trên mạng xã hội lan truyền đoạn clip ghi lại cảnh một nữ sinh lớp 8 "
                   f"{c['school']} ({c['commune']}, tỉnh {c['province']}) bị nhóm bạn cùng trường đánh hội đồng. "
                   "Trong clip, nữ sinh bị giật tóc, tát nhiều cái vào mặt, nhiều học sinh đứng xem, quay clip mà "
                   "không can ngăn. Lãnh đạo nhà trường xác nhận sự việc xảy ra chiều hôm trước, sau giờ tan học, "
                   "ở khu vực gần cổng trường. Nhà trường đã mời phụ huynh các học sinh liên quan đến làm việc và "
                   "bố trí giáo viên tư vấn tâm lý hỗ trợ em nữ sinh. Sở GD&ĐT tỉnh đã yêu cầu nhà trường báo cáo "
                   "vụ việc bằng văn bản, xử lý nghiêm theo quy định và tăng cường phòng, chống bạo lực học đường.")
        events = [
            Planned(RawItem(url="https://www.facebook.com/hoiphuhuynhbinhson/posts/8812034", title="", text=post,
                            published_at=at.astimezone(dt.UTC), site="facebook.com", kind=MentionKind.POST,
                            reach=86_400), school),
            Planned(RawItem(url="https://tiengnoiphuhuynh.vn/nu-sinh-lop-8-bi-ban-danh-hoi-dong-88120.html",
                            title=title, text=article, published_at=(at + dt.timedelta(minutes=70)).astimezone(dt.UTC),
                            site="tiengnoiphuhuynh.vn", kind=MentionKind.ARTICLE, reach=41_300), school),
            *self._copies(title=title, text=article, site="tiengnoiphuhuynh.vn", kind=MentionKind.ARTICLE, n=4,
                          school=school, start=at + dt.timedelta(minutes=80), minutes=150, seed=11,
                          reach=(3_000, 20_000)),
        ]
        return events + self._burst(at + dt.timedelta(minutes=20), hours=3)

    def _burst(self, start: dt.datetime, *, hours: int) -> list[Planned]:
        """Parents' posts and comments on school violence set off by the clip, all within a few hours: many
        voices, each of small reach (the clip's own post is the one that travels)."""
        query = parse(VIOLENCE_QUERY)
        everywhere_here = Locale(province=self.locale.province, schools=self.locale.schools, share=1.0)
        pool = [i for i in generate(1500, seed=SEED + 1, locale=everywhere_here)
                if i.kind != MentionKind.ARTICLE
                and query.matches(Document.of(title=i.title, text=i.text, url=i.url, site=i.site))]
        chosen = pool[:BURST_ITEMS]
        span = hours * 3600
        out = []
        for k, item in enumerate(chosen):
            planned = self._plan(item, start + dt.timedelta(seconds=span * (k + self.rng.random()) / len(chosen)))
            planned.item = replace(planned.item, reach=min(planned.item.reach or 0, self.rng.randint(20, 400)))
            out.append(planned)
        return out

    def _rumour(self) -> list[Planned]:
        """Yesterday evening (19:30–21:30): a rumour that the province's grade 12 maths exam leaked, posted
        on Facebook and copied by many sites within two hours (a fast-growing cluster); a case follows."""
        school = self._school(L.UPPER_SECONDARY, L.MULTI_LEVEL, L.CONTINUING)
        c = self._ctx(school)
        at = self._at(self.rumour_day, 19, 30)
        post = (f"NÓNG: Lộ đề kiểm tra cuối học kỳ I môn Toán lớp 12 của {c['province']}? Tối nay trong nhiều nhóm "
                "Zalo, Facebook của học sinh lan truyền ảnh chụp được cho là đề kiểm tra cuối học kỳ I môn Toán lớp "
                f"12 do Sở GD&ĐT {c['province']} ra chung cho các trường THPT, kèm lời mời mua đáp án với giá 200 "
                f"nghìn đồng. Nghe nói ảnh được chụp từ nhóm học sinh {c['short']}. Phụ huynh rất hoang mang, đề thi "
                "bị lộ thì kết quả còn gì là công bằng. Đề nghị Sở kiểm tra ngay!")
        title = f"Xôn xao nghi vấn lộ đề kiểm tra học kỳ I môn Toán lớp 12 ở {c['province']}"
        article = (f"Tối {at:%d/%m}, nhiều phụ huynh và học sinh tại tỉnh {c['province']} hoang mang khi trên mạng xã "
                   "hội lan truyền hình ảnh được cho là đề kiểm tra cuối học kỳ I môn Toán lớp 12 do Sở GD&ĐT ra chung "
                   "cho các trường THPT trên địa bàn. Theo các bài đăng, đề thi bị lộ từ một nhóm học sinh của "
                   f"{c['school']} và được rao bán kèm đáp án với giá 200 nghìn đồng. Bài kiểm tra dự kiến diễn ra "
                   "vào giữa tháng 12. Nhiều phụ huynh cho rằng nếu đề thi bị lộ thì kết quả kiểm tra không còn công "
                   "bằng, đề nghị cơ quan chức năng vào cuộc xác minh. Phóng viên đã liên hệ với Sở GD&ĐT tỉnh "
                   f"{c['province']} nhưng chưa nhận được phản hồi chính thức.")
        events = [
            Planned(RawItem(url="https://www.facebook.com/goctuyensinh/posts/9930412", title="", text=post,
                            published_at=at.astimezone(dt.UTC), site="facebook.com", kind=MentionKind.POST,
                            reach=42_700), school),
            Planned(RawItem(url="https://giaoducthoinay.vn/xon-xao-nghi-van-lo-de-toan-lop-12-99304.html",
                            title=title, text=article, published_at=(at + dt.timedelta(minutes=12)).astimezone(dt.UTC),
                            site="giaoducthoinay.vn", kind=MentionKind.ARTICLE, reach=28_900), school),
            *self._copies(title=title, text=article, site="giaoducthoinay.vn", kind=MentionKind.ARTICLE,
                          n=RUMOUR_COPIES, school=school, start=at + dt.timedelta(minutes=15), minutes=100, seed=23,
                          reach=(2_000, 15_000)),
            *self._copies(title="", text=post, site="facebook.com", kind=MentionKind.POST, n=2, school=school,
                          start=at + dt.timedelta(minutes=5), minutes=60, seed=29, reach=(800, 6_000)),
        ]
        self.rumour_urls = [p.item.url for p in events]
        return events

    def _poisoning(self) -> list[Planned]:
        """At lunch: pupils taken to hospital after the boarding canteen's meal."""
        school = self._school(L.PRIMARY, L.MULTI_LEVEL, L.PRESCHOOL)
        c = self._ctx(school)
        at = self._at(self.poisoning_day, 11, 50)
        title = f"27 học sinh {c['short']} nhập viện sau bữa ăn bán trú, nghi ngộ độc thực phẩm"
        article = (f"Trưa {at:%d/%m}, 27 học sinh {c['school']} ({c['commune']}, tỉnh {c['province']}) có biểu hiện "
                   "đau bụng, nôn ói sau bữa ăn bán trú và được đưa đến Trung tâm Y tế khu vực cấp cứu. Bữa trưa gồm "
                   "cơm, thịt kho trứng, canh bí và sữa chua do một cơ sở bên ngoài cung cấp. Nghi ngộ độc thực phẩm, "
                   "cơ quan y tế đã lấy mẫu thức ăn lưu để xét nghiệm. Đến chiều cùng ngày, sức khỏe các em đã ổn "
                   "định, 19 em được về nhà. Sở GD&ĐT đề nghị nhà trường tạm dừng bếp ăn bán trú, phối hợp với cơ "
                   "quan chức năng làm rõ nguyên nhân và thông tin kịp thời cho phụ huynh.")
        post = (f"Con em học {c['short']} trưa nay ăn bán trú xong về nôn ói, đau bụng, cả lớp mấy bạn phải vào "
                "viện truyền dịch. Bếp ăn bán trú mà không đảm bảo vệ sinh thế này thì phụ huynh sao yên tâm gửi "
                "con? Đề nghị nhà trường công khai đơn vị cung cấp suất ăn và xử lý nghiêm.")
        return [
            Planned(RawItem(url="https://tinnhanhmientrung.vn/27-hoc-sinh-nhap-vien-sau-bua-an-ban-tru-55120.html",
                            title=title, text=article, published_at=at.astimezone(dt.UTC), site="tinnhanhmientrung.vn",
                            kind=MentionKind.ARTICLE, reach=35_200), school),
            Planned(RawItem(url="https://www.facebook.com/congdongphuhuynh/posts/7720913", title="", text=post,
                            published_at=(at - dt.timedelta(minutes=50)).astimezone(dt.UTC), site="facebook.com",
                            kind=MentionKind.POST, reach=12_800), school),
            *self._copies(title=title, text=article, site="tinnhanhmientrung.vn", kind=MentionKind.ARTICLE, n=3,
                          school=school, start=at + dt.timedelta(minutes=30), minutes=240, seed=31,
                          reach=(1_500, 9_000)),
        ]

    def _demo_school_complaint(self) -> list[Planned]:
        """In the evening: a parent of the demo school asks about 'voluntary' contributions."""
        school = self.featured[0]
        c = self._ctx(school)
        at = self._at(self.violence_day, 20, 10)
        post = (f"Phụ huynh {c['short']} cho em hỏi: lớp 7 con em vừa được nhắn nộp 1,2 triệu đồng tiền quỹ phụ huynh "
                "và tiền lắp điều hòa, nói là tự nguyện nhưng cô ghi sẵn mức đóng cho từng nhà. Họp phụ huynh đầu năm "
                "không hề bàn khoản này. Nhà em làm nông, hai đứa đi học, đầu năm đã đóng đủ thứ rồi. Mong nhà trường "
                "công khai thu chi rõ ràng, đừng để phụ huynh bức xúc.")
        return [Planned(RawItem(url="https://www.facebook.com/hoiphuhuynhhocsinh/posts/6604187", title="", text=post,
                                published_at=at.astimezone(dt.UTC), site="facebook.com", kind=MentionKind.POST,
                                reach=3_400), school)]


# --- ingesting, alerts ----------------------------------------------------------------------------------

def _ingest(batches: list[tuple[dt.datetime, list[Planned]]], *, live_from: dt.datetime, dept_import: Source,
            officer: Person) -> None:
    """Each batch's items through the pipeline (per source). From `live_from` on, the alert rules run at each
    window's end as they would have then; before, the month is loaded as history without alerts (run on a
    month of items, the rules would fill the alerts page with hundreds). Fetch and alert times are moved back."""
    sources: dict[int | None, Source] = {None: dept_import}  # school id (None: the department) → source
    for end, planned in batches:
        by_source: dict[int | None, list[RawItem]] = defaultdict(list)
        for p in planned:
            key = p.school.pk if p.school is not None else None
            if key not in sources and p.school is not None:
                sources[key] = services.import_source(actor=officer, unit=p.school)
            by_source[key].append(p.item)
        for key, items in by_source.items():
            result = pipeline.ingest(source=sources[key], items=items, now=end, alerts=False)
            if result.stored:
                _backdate_fetch(result.mentions, end)
            if result.stored and end > live_from:
                last_alert = Alert.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                last_note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                if alert_rules.after_ingest(result, now=end):
                    Alert.objects.filter(pk__gt=last_alert).update(created_at=end)
                    Notification.objects.filter(pk__gt=last_note).update(created_at=end)
    for source in sources.values():
        stored = Mention.objects.filter(source=source).count()
        Source.objects.filter(pk=source.pk).update(items_fetched=stored,
                                                   last_fetch_at=batches[-1][0], last_success_at=batches[-1][0])


def _backdate_fetch(mentions: Iterable[Mention], window_end: dt.datetime) -> None:
    """A mention was fetched a few minutes after it was published (the cluster rule counts fetch times)."""
    writer = Writer()
    rows = [(writer.datetime(min(window_end, m.published_at + dt.timedelta(minutes=3 + m.pk % 9))), m.pk)
            for m in mentions]
    # executemany of one small UPDATE: bulk_update's CASE expressions grow with the batch (slow on SQLite).
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {Mention._meta.db_table} SET fetched_at = %s WHERE id = %s", rows)  # noqa: S608


def _skip_pretend_deliveries(*, after: int) -> None:
    """Pretend history: nobody is e-mailed about the alerts of past days (their in-app notices stay). Call in
    the transaction that wrote them: the sending task, enqueued on commit, then finds nothing pending."""
    Delivery.objects.filter(pk__gt=after, notification__kind__startswith="monitoring.",
                            status=Delivery.Status.PENDING).update(status=Delivery.Status.SKIPPED)


def _acknowledge(department: Unit, officer: Person, *, now: dt.datetime, rng: random.Random) -> None:
    """The department's officer has seen the alerts older than a day; the newest wait for someone."""
    for alert in Alert.objects.filter(unit=department, created_at__lt=now - dt.timedelta(days=1)).order_by("pk"):
        services.acknowledge_alert(actor=officer, alert=alert)
        Alert.objects.filter(pk=alert.pk).update(
            acknowledged_at=min(now, alert.created_at + dt.timedelta(minutes=rng.randint(12, 150))))


# --- the case and labels --------------------------------------------------------------------------------

def _open_case(history: History, *, department: Unit, officer: Person, spokesperson: Person,
               now: dt.datetime) -> None:
    """The leaked-exam rumour: verified false the next morning; a correction request to the outlet that ran
    it first and a statement on the portal (done)."""
    mentions = list(Mention.objects.filter(url__in=history.rumour_urls).order_by("published_at"))
    if not mentions:
        return
    first = mentions[0]
    case = cases.open_case(
        actor=officer, unit=department, mentions=mentions, owner=officer,
        title="Tin đồn lộ đề kiểm tra cuối học kỳ I môn Toán lớp 12",
        claim="Mạng xã hội và một số trang tin đưa tin đề kiểm tra cuối học kỳ I môn Toán lớp 12 do Sở ra chung "
              "cho các trường THPT đã bị lộ và được rao bán kèm đáp án với giá 200 nghìn đồng.")
    cases.update_findings(
        actor=officer, case=case, claim=case.claim,
        facts="Đề kiểm tra cuối học kỳ I môn Toán lớp 12 chưa được in sao: hội đồng ra đề làm việc cách ly, đề "
              "chỉ được in sao trước ngày kiểm tra 2 ngày. Ảnh lan truyền là đề kiểm tra học kỳ I năm học "
              "2025-2026 của một tỉnh khác, đã được công khai trên mạng từ tháng 12/2025.",
        evidence="Biên bản kiểm tra của Phòng Quản lý chất lượng; đối chiếu ảnh lan truyền với đề đã công khai năm "
                 "học 2025-2026; xác nhận của hội đồng ra đề.")
    cases.set_verdict(actor=officer, case=case, verdict=Verdict.FALSE)
    deadline = now + dt.timedelta(days=2)
    cases.add_action(actor=officer, case=case, kind=ActionKind.CORRECTION, owner=officer, deadline=deadline,
                     target=f"Báo điện tử Giáo dục Thời nay ({first.site or 'giaoducthoinay.vn'})",
                     description="Đề nghị cải chính bài viết về nghi vấn lộ đề, đăng thông tin chính thức của Sở.")
    statement = cases.add_action(
        actor=officer, case=case, kind=ActionKind.STATEMENT, owner=spokesperson, deadline=deadline,
        description="Thông cáo: đề kiểm tra chưa được in sao; thông tin lộ đề là sai sự thật.")
    cases.complete_action(actor=spokesperson, action=statement,
                          note="Đã đăng thông cáo trên cổng thông tin điện tử của Sở lúc 9 giờ sáng.")
    cases.add_note(actor=officer, case=case,
                   text="Đã gọi điện cho ban biên tập; báo hẹn cải chính trong ngày. Theo dõi thêm các trang đăng lại.")
    opened = max(first.published_at + dt.timedelta(hours=13), now - dt.timedelta(hours=6))
    opened = min(opened, now - dt.timedelta(minutes=30))
    Case.objects.filter(pk=case.pk).update(created_at=opened)
    for step, entry in enumerate(CaseEntry.objects.filter(case=case).order_by("pk")):
        CaseEntry.objects.filter(pk=entry.pk).update(at=min(now, opened + dt.timedelta(minutes=25 * step)))


def _correct_labels(officer: Person, rng: random.Random) -> None:
    """A few corrections of the classifiers in the inbox: complaints it read as neutral, marked negative."""
    wrong = list(Mention.objects.filter(sentiment=Sentiment.NEUTRAL).exclude(crisis_types=[])
                 .order_by("-published_at")[:40])
    rng.shuffle(wrong)
    if wrong:
        services.label_mentions(actor=officer, mentions=wrong[:4], sentiment=Sentiment.NEGATIVE)


def counts_by_kind() -> dict[str, int]:
    """Alerts per kind (for the command's summary and the tests)."""
    return dict(Alert.objects.values_list("kind").annotate(n=Count("id")).order_by())
