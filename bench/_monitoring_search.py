"""Search over many mentions through the inbox's selector: the data, kept between runs, and the timing.

    from bench import _monitoring_search as search

Called by `bench/monitoring.py` (phase `search`) inside Django, on a database of its own that is kept
between runs (`DATABASE`, a `bench._support.KeptDatabase`: loading a million rows takes minutes on a small
machine): on PostgreSQL BENCH_DATABASE_URL's
name + "_search", on SQLite var/bench/monitoring_search.sqlite3. A marker (var/bench/
monitoring_search.<db>.marker.json) records what was loaded once the load has committed; the data is
reused while it matches and the database still holds that many mentions. BENCH_MONITORING_REBUILD=1
starts again.

The data: a small province-like tree (`educomms.demo.scale.generate`), a department communications officer,
the department's news feeds and its schools' Facebook pages as sources, 50 topics; then `mentions` rows
written straight into `monitoring_mention` (COPY on PostgreSQL, `executemany` on SQLite; on PostgreSQL
its indexes, the full-text GIN index among them, are built once after the load) from the generated stream
(`bench._monitoring_stream.generate`, in chunks of 10,000 with their own seeds, generated and folded by
two worker processes, spread over about three years), `search_text` built by `monitoring.search.searchable`
as the pipeline builds it; 40 % of them
routed to a topic (a `Match` row). No cluster, no alert: search reads none of them.

The queries: 1–3 consecutive words from the text of random generated items (so a word is drawn as often
as it is written), skipping phrases made only of the commonest function words; the same phrases folded
(lower case, no diacritics, đ → d) are the queries typed without diacritics.
"""

import hashlib
import multiprocessing
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bench._monitoring_stream import generate, generate_queries
from bench._support import KeptDatabase, log

CHUNK = 10_000
WORKERS = 2  # generating and folding the text is most of the load: both cores
SPAN = 3 * 365  # days the mentions are spread over (the stream itself covers a few days per chunk)
MATCHED_SHARE = 0.4
TOPICS = 50
OFFICER_EMAIL = "truyenthong.bench@sgd.test"
VERSION = 1  # bump when the generated rows change shape


@dataclass(frozen=True)
class Wanted:
    mentions: int
    seed: int = 11
    units: int = 300
    people: int = 3_000
    version: int = VERSION


def wanted(default: int) -> Wanted:
    return Wanted(mentions=int(os.environ.get("BENCH_MONITORING_MENTIONS") or default))


# --- the database that is kept ----------------------------------------------------------------------------

DATABASE = KeptDatabase("monitoring_search", pg_suffix="search")


def holds(want: Wanted) -> bool:
    """The database still holds what the marker says (someone may have emptied it)."""
    from educomms.monitoring.models import Mention

    return Mention.objects.count() == want.mentions


# --- loading ----------------------------------------------------------------------------------------------

@dataclass
class Setting:
    officer: Any
    sources: list[int]
    topics: list[tuple[int, int]]  # (topic id, its unit id)


def _setting(want: Wanted) -> Setting:
    from django.db import transaction

    from educomms.demo.scale import generate as generate_tree
    from educomms.monitoring import services
    from educomms.monitoring.models import SourceKind
    from educomms.org import services as org_services
    from educomms.org.models import Person, Unit
    from educomms.org.roles import Role

    generate_tree(units=want.units, people=want.people, provinces=1, seed=want.seed)
    admin = Person.objects.create_superuser("bench-admin@educomms.test", None, full_name="Quản Trị Thử Tải")
    department = Unit.objects.get(kind=Unit.Kind.DEPARTMENT)
    schools = list(Unit.objects.filter(department.subtree_q(), kind=Unit.Kind.SCHOOL).order_by("path"))
    rng = random.Random(want.seed)
    with transaction.atomic():
        officer = org_services.create_person(actor=admin, full_name="Lê Minh Thử", email=OFFICER_EMAIL,
                                             unit=department, role=Role.COMMS_OFFICER, title="Chuyên viên truyền thông")
        sources = [services.create_source(actor=admin, unit=department, kind=SourceKind.FEED, name=f"Báo {n}",
                                          url=f"https://bao{n}.example.vn/giao-duc.rss").pk for n in range(1, 6)]
        sources += [services.create_source(actor=admin, unit=school, kind=SourceKind.FACEBOOK,
                                           name=f"Fanpage {school.short_name or school.name}",
                                           config={"page_id": str(school.pk), "access_token": "-"}).pk
                    for school in rng.sample(schools, min(10, len(schools)))]
        topics = []
        for number, query in enumerate(generate_queries(TOPICS, seed=want.seed), start=1):
            unit = department if number % 5 == 0 else rng.choice(schools)
            topic = services.create_topic(actor=admin, unit=unit, name=f"Chủ đề {number}", query=query)
            topics.append((topic.pk, unit.pk))
    return Setting(officer=officer, sources=sources, topics=topics)


def _texts(task: tuple[int, int]) -> list[tuple[str, str, str, str, str, str, int]]:
    """(kind, url, site, title, text, search_text, reach) of one chunk of the stream: run in a worker process.
    The text is stored as generated (NFC already); the pipeline's `normalize` only moves tone marks, which
    `searchable` folds away, and would double the load time."""
    from educomms.monitoring.search import searchable

    seed, n = task
    return [(item.kind, item.url, item.site, item.title, item.text, searchable(item.title, item.text), item.reach)
            for item in generate(n, seed=seed)]


def _tasks(want: Wanted) -> list[tuple[int, int]]:
    sizes = [min(CHUNK, want.mentions - start) for start in range(0, want.mentions, CHUNK)]
    return [(want.seed * 1000 + number, n) for number, n in enumerate(sizes)]


MENTION_FIELDS = [
    "id", "source", "key", "kind", "url", "parent_url", "site", "author", "title", "text", "search_text",
    "published_at", "fetched_at", "reach", "sentiment", "sentiment_confidence", "toxicity", "sentiment_label",
    "toxicity_label", "risk_score", "risk_level", "risk_reasons", "crisis_types",
]
MATCH_FIELDS = ["id", "mention", "topic", "unit", "status", "created_at"]


def _rows(want: Wanted, setting: Setting, writer: Any, texts: Iterator[list[tuple[Any, ...]]],
          matches: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Mention rows of the whole stream; fills `matches` with the Match rows of the routed ones."""
    import datetime as dt

    rng = random.Random(want.seed)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(days=SPAN) / max(want.mentions, 1)
    sentiments = ["negative", "neutral", "positive"]
    mention_id = 0
    for chunk in texts:
        for kind, url, site, title, text, search_text, reach in chunk:
            mention_id += 1
            when = start + step * mention_id
            risk = min(100, int(rng.expovariate(1 / 20)))
            yield (mention_id, rng.choice(setting.sources),
                   hashlib.sha1(f"bench-{mention_id}".encode(), usedforsecurity=False).hexdigest(),
                   kind, url, "", site, "", title, text, search_text, writer.datetime(when), writer.datetime(when),
                   reach, rng.choice(sentiments), round(rng.random(), 3), "clean" if kind != "article" else "", "",
                   "", risk, "high" if risk >= 70 else "medium" if risk >= 40 else "low", "[]", "[]")
            if rng.random() < MATCHED_SHARE:
                topic_id, unit_id = rng.choice(setting.topics)
                matches.append((len(matches) + 1, mention_id, topic_id, unit_id, "new", writer.datetime(when)))
        if mention_id % 100_000 == 0 or mention_id == want.mentions:
            log(f"  {mention_id:,} mentions written")


def load(want: Wanted) -> dict[str, float]:
    """Everything into the (empty, migrated) database; seconds per step."""
    from django.db import connection, transaction

    from educomms.demo.bulk import Writer
    from educomms.monitoring.models import Match, Mention

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    setting = _setting(want)
    seconds["setting"] = time.perf_counter() - started
    writer = Writer()
    started = time.perf_counter()
    matches: list[tuple[Any, ...]] = []
    connection.close()  # the workers are forked: none may share this connection
    with multiprocessing.Pool(WORKERS) as pool, writer.loading(), transaction.atomic():
        texts = pool.imap(_texts, _tasks(want))
        with writer.without_indexes([Mention, Match]):
            writer.insert(Mention, MENTION_FIELDS, _rows(want, setting, writer, texts, matches))
            seconds["mentions"] = time.perf_counter() - started
            log(f"  mentions written in {seconds['mentions']:.0f} s; {len(matches):,} matches")
            writer.insert(Match, MATCH_FIELDS, matches)
            index_started = time.perf_counter()
        seconds["indexes"] = time.perf_counter() - index_started
        writer.reset_sequences([Mention, Match])
    writer.analyze([Mention, Match])
    seconds["total"] = time.perf_counter() - started + seconds["setting"]
    return seconds


# --- measuring --------------------------------------------------------------------------------------------

def officer() -> Any:
    from educomms.org.models import Person

    return Person.objects.get(email=OFFICER_EMAIL)


def queries(n: int, *, seed: int) -> list[str]:
    """`n` phrases of 1–3 consecutive words from random generated items, not only function words."""
    from educomms.monitoring.search import WORD

    rng = random.Random(seed)
    items = generate(2_000, seed=seed)
    texts = [WORD.findall(item.text) for item in items]
    counts = Counter(w.lower() for words in texts for w in words)
    common = {w for w, _ in counts.most_common(30)}
    out: list[str] = []
    while len(out) < n:
        words = rng.choice(texts)
        size = rng.randint(1, 3)
        if len(words) <= size:
            continue
        at = rng.randrange(len(words) - size)
        phrase = [w.lower() for w in words[at:at + size]]
        if all(w in common for w in phrase) or any(w.isdigit() for w in phrase):
            continue
        out.append(" ".join(phrase))
    return out


@dataclass
class Timing:
    p50_ms: float
    p95_ms: float
    n: int
    empty: int  # queries that found nothing
    full: int  # queries that filled the page (25)


def time_searches(user: Any, phrases: Sequence[str], *, warmup: Sequence[str] = ()) -> Timing:
    """Each phrase through `selectors.inbox(user, MentionFilter(q=...))[:25]`, evaluated; wall milliseconds."""
    from educomms.monitoring.selectors import MentionFilter, inbox

    for phrase in warmup:
        list(inbox(user, MentionFilter(q=phrase))[:25])
    times, empty, full = [], 0, 0
    for phrase in phrases:
        started = time.perf_counter()
        page = list(inbox(user, MentionFilter(q=phrase))[:25])
        times.append((time.perf_counter() - started) * 1000)
        empty += not page
        full += len(page) == 25
    cuts = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return Timing(p50_ms=statistics.median(times), p95_ms=cuts[-1], n=len(times), empty=empty, full=full)
