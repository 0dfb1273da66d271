"""The monitoring pipeline measured end to end on a generated stream, and the near-duplicate clusters it stored.

    from bench._monitoring_pipeline import build_tree, create_topics, feed_source, run, stored_pairwise

Called by `bench/monitoring.py` (phase `pipeline`) inside Django, on a fresh benchmark database:

- `build_tree`: a province-like unit tree (`educomms.demo.scale.generate`: a ministry, the department, its
  divisions, communes and schools, everyone with a membership) and a system administrator to act.
- `create_topics`: the generated topic queries saved through `monitoring.services.create_topic`, a fifth of
  them the department's, the rest spread over its schools.
- `run`: `pipeline.ingest` over the stream in publication order, in batches, alerts on; CPU seconds of the
  process (`time.process_time`) and wall seconds, and each step's seconds as the pipeline timed them.
- `stored_pairwise`: pairwise precision and recall of `Mention.cluster_id` against the generator's
  `story_id` (an item stored without a cluster, a comment or a text too short to sign, is its own cluster).
"""

import cProfile
import datetime as dt
import io
import pstats
import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench._monitoring_stream import GenItem

DEPARTMENT_SHARE = 0.2  # of the topics: the department's own; the rest are its schools'


@dataclass
class Tree:
    admin: Any
    department: Any
    schools: list[Any]
    units: int
    people: int
    seconds: float


@dataclass
class Run:
    items: int = 0
    stored: int = 0
    duplicates: int = 0
    matched: int = 0
    batches: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0
    steps: dict[str, float] = field(default_factory=lambda: defaultdict(float))


def build_tree(*, units: int, people: int, seed: int) -> Tree:
    from educomms.demo.scale import generate
    from educomms.org.models import Person, Unit

    result = generate(units=units, people=people, provinces=1, seed=seed)
    admin = Person.objects.create_superuser("bench-admin@educomms.test", None, full_name="Quản Trị Thử Tải")
    department = Unit.objects.get(kind=Unit.Kind.DEPARTMENT)
    schools = list(Unit.objects.filter(department.subtree_q(), kind=Unit.Kind.SCHOOL).order_by("path"))
    return Tree(admin=admin, department=department, schools=schools, units=result.units, people=result.people,
                seconds=result.seconds)


def create_topics(tree: Tree, queries: Sequence[str], *, seed: int) -> list[Any]:
    """Each query a Topic of the department or of a school, through the service officers' edits go through."""
    from django.db import transaction

    from educomms.monitoring import services

    rng = random.Random(seed)
    topics = []
    with transaction.atomic():
        for number, query in enumerate(queries, start=1):
            unit = tree.department if rng.random() < DEPARTMENT_SHARE or not tree.schools else rng.choice(tree.schools)
            topics.append(services.create_topic(actor=tree.admin, unit=unit, name=f"Chủ đề thử tải {number}",
                                                query=query))
    return topics


def feed_source(tree: Tree) -> Any:
    from educomms.monitoring import services
    from educomms.monitoring.models import SourceKind

    return services.create_source(actor=tree.admin, unit=tree.department, kind=SourceKind.FEED,
                                  name="Tin giáo dục tổng hợp (thử tải)", url="https://tinmoi24.vn/giao-duc.rss")


def raw_item(item: GenItem) -> Any:
    from educomms.monitoring.fetch.types import RawItem

    return RawItem(url=item.url, title=item.title, text=item.text, published_at=item.published_at,
                   site=item.site, kind=item.kind, reach=item.reach)


def batches(items: Sequence[GenItem], size: int) -> list[list[GenItem]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def run(source: Any, items: Sequence[GenItem], *, batch_size: int, profile: cProfile.Profile | None = None,
        progress_every: int = 10) -> Run:
    """`pipeline.ingest` over `items` in batches of `batch_size`, alerts on; `now` is each batch's newest
    publication time (the stream is history replayed in order, as a fetcher would have seen it)."""
    from educomms.monitoring import pipeline

    out = Run()
    started_cpu, started = time.process_time(), time.perf_counter()
    for number, chunk in enumerate(batches(items, batch_size), start=1):
        raw = [raw_item(item) for item in chunk]
        now = max(item.published_at for item in chunk) + dt.timedelta(minutes=1)
        if profile is not None:
            profile.enable()
        result = pipeline.ingest(source=source, items=raw, now=now, alerts=True)
        if profile is not None:
            profile.disable()
        out.items += result.received
        out.stored += result.stored
        out.duplicates += result.duplicates
        out.matched += result.matched
        out.batches += 1
        for step, seconds in result.seconds.items():
            out.steps[step] += seconds
        if progress_every and number % progress_every == 0:
            elapsed = time.process_time() - started_cpu
            print(f"    {out.items:,} items, {out.items / elapsed:,.0f} items per CPU second", flush=True)
    out.cpu_s = time.process_time() - started_cpu
    out.wall_s = time.perf_counter() - started
    return out


def hot_spots(profile: cProfile.Profile, limit: int = 30) -> str:
    """The profile's top functions by cumulative time, then by own time, as pstats prints them."""
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream).strip_dirs()
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit // 2)
    return stream.getvalue()


def _pairs(counts: Counter[Any]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def stored_pairwise(items: Sequence[GenItem]) -> tuple[float, float, int, int, int]:
    """(precision, recall, predicted pairs, true pairs, items compared) of the clusters the pipeline stored.
    Items are found by their URL (unique in the stream); an item stored without a cluster is a singleton."""
    from educomms.monitoring.models import Mention

    cluster_of = dict(Mention.objects.values_list("url", "cluster_id"))
    predicted_ids: list[Any] = []
    stories: list[int] = []
    for number, item in enumerate(items):
        if item.url not in cluster_of:  # dropped as an exact duplicate (the same URL): not a stored item
            continue
        cluster_id = cluster_of[item.url]
        predicted_ids.append(cluster_id if cluster_id is not None else f"single-{number}")
        stories.append(item.story_id)
    predicted = _pairs(Counter(predicted_ids))
    true = _pairs(Counter(stories))
    both = _pairs(Counter(zip(predicted_ids, stories, strict=True)))
    return (both / predicted if predicted else 1.0), (both / true if true else 1.0), predicted, true, len(stories)
