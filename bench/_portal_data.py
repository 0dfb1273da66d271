"""Data of the portal benchmark: the national unit tree (educomms.demo.scale) and 100,000 published
stories with themes, written by bulk inserts (COPY on PostgreSQL), kept between runs.

The database is reused while its marker file (next to it, under var/bench/) matches what was asked for
and the database still holds that many stories; otherwise it is dropped and generated again.

Where the stories go: the portal unit (the first department by path, as portal.selectors picks it) and its
schools hold PORTAL_SHARE of them (30,000 of 100,000: about eight years of a busy department's and its
1,600 schools' news), the other 33 departments the rest in equal shares. In each department 40 % are
the department's own stories (one in ten republished from one of its schools, with the attribution)
and 60 % its schools' stories. Every story has one or two of its department's themes.
"""

import datetime as dt
import os
import random
import time
from dataclasses import dataclass
from typing import Any

from bench._support import KeptDatabase, log

DATA_VERSION = 1  # bump when the generated data changes shape
PORTAL_SHARE = 0.3
DEPARTMENT_OWN = 0.4
YEARS = 8


@dataclass(frozen=True)
class Wanted:
    units: int
    people: int
    stories: int
    seed: int = 2026
    version: int = DATA_VERSION


def wanted() -> Wanted:
    """What to generate: national units; fewer people than the national 1.7 million by default (the
    portal never reads people beyond the spokesperson register; every unit still has its staff)."""
    return Wanted(
        units=int(os.environ.get("BENCH_PORTAL_UNITS") or 54_000),
        people=int(os.environ.get("BENCH_PORTAL_PEOPLE") or 300_000),
        stories=int(os.environ.get("BENCH_PORTAL_STORIES") or 100_000),
    )


DATABASE = KeptDatabase("portal", pg_suffix="portal")  # apart from the other modules' databases


def check_counts(want: Wanted) -> bool:
    from educomms.newsroom.models import Story
    from educomms.org.models import Unit

    return Unit.objects.count() == want.units and Story.objects.count() == want.stories


def generate(want: Wanted) -> dict[str, float]:
    """Units, people, themes and stories into the (empty, migrated) database; seconds per step."""
    from educomms.demo.scale import SCALES
    from educomms.demo.scale import generate as generate_units
    from educomms.newsroom.seeds import seed_themes
    from educomms.org.models import Unit

    seconds: dict[str, float] = {}
    log(f"generating {want.units:,} units and {want.people:,} people (educomms.demo.scale)")
    result = generate_units(units=want.units, people=want.people, provinces=SCALES["national"].provinces,
                            seed=want.seed)
    seconds["units"] = result.seconds
    log(f"  units and people in {result.seconds:.1f} s")
    started = time.perf_counter()
    for department in Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).order_by("path"):
        seed_themes(department)
    seconds["themes"] = time.perf_counter() - started
    started = time.perf_counter()
    stories = _write_stories(want)
    seconds["stories"] = time.perf_counter() - started
    log(f"  {stories:,} stories in {seconds['stories']:.1f} s")
    return seconds


def _units() -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]], dict[int, int]]:
    """Departments by path; each department's schools; one member (author) of every unit."""
    from educomms.org.models import Membership, Unit

    departments = list(Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, active=True).order_by("path")
                       .values("id", "path", "name", "short_name"))
    schools: dict[int, list[dict[str, Any]]] = {d["id"]: [] for d in departments}
    by_prefix = {d["path"]: d["id"] for d in departments}
    for school in Unit.objects.filter(kind=Unit.Kind.SCHOOL, active=True).values("id", "path", "name", "short_name"):
        for prefix, dept_id in by_prefix.items():
            if school["path"].startswith(prefix):
                schools[dept_id].append(school)
                break
    authors: dict[int, int] = {}
    for unit_id, person_id in Membership.objects.order_by("id").values_list("unit_id", "person_id").iterator(10_000):
        authors.setdefault(unit_id, person_id)
    return departments, schools, authors


def _write_stories(want: Wanted) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from bench._portal_text import Writer as TextWriter
    from educomms.demo.bulk import Writer
    from educomms.newsroom import html
    from educomms.newsroom.models import Story, Theme
    from educomms.newsroom.services import _slug

    rng = random.Random(want.seed + 1)
    text = TextWriter(rng)
    departments, schools, authors = _units()
    themes: dict[int, list[int]] = {}
    for unit_id, theme_id in Theme.objects.order_by("order", "id").values_list("unit_id", "id"):
        themes.setdefault(unit_id, []).append(theme_id)
    # How many stories each department's subtree gets.
    portal_count = round(want.stories * PORTAL_SHARE) if len(departments) > 1 else want.stories
    rest = want.stories - portal_count
    others = len(departments) - 1
    counts = [portal_count] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]
    # Publication times over the last YEARS years, ids in publication order.
    now = timezone.now().replace(microsecond=0)
    span = int(dt.timedelta(days=365 * YEARS).total_seconds())
    plan: list[tuple[int, dict[str, Any], dict[str, Any] | None, bool]] = []  # (seconds ago, owner, attribution, featured)
    for department, count in zip(departments, counts, strict=True):
        own = round(count * DEPARTMENT_OWN)
        pool = schools[department["id"]] or [department]
        for i in range(count):
            ago = rng.randint(120, span)
            if i < own:
                attribution = rng.choice(pool) if rng.random() < 0.1 else None
                plan.append((ago, department, attribution, rng.random() < 0.01))
            else:
                plan.append((ago, rng.choice(pool), None, False))
    plan.sort(key=lambda p: -p[0])
    department_of = {}
    for department in departments:
        department_of[department["id"]] = department["id"]
        for school in schools[department["id"]]:
            department_of[school["id"]] = department["id"]

    writer = Writer()
    fields = [f for f in Story._meta.concrete_fields if not getattr(f, "generated", False)]
    through = Story.themes.through
    first_story = writer.next_id(Story)
    first_link = writer.next_id(through)
    links: list[tuple[int, int, int]] = []

    def rows():
        for offset, (ago, owner, attribution, featured) in enumerate(plan):
            story_id = first_story + offset
            name = owner["short_name"] or owner["name"]
            other = (attribution or rng.choice(schools[department_of[owner["id"]]] or [owner]))["name"]
            title = text.title(name, other)
            summary = text.summary(name, other)
            body = text.body(name, other)
            at = now - dt.timedelta(seconds=ago)
            values = {
                "id": story_id, "unit": owner["id"], "author": authors[owner["id"]], "title": title,
                "slug": _slug(title), "summary": summary, "body": body,
                "search_text": html.search_text(title=title, summary=summary, body=body),
                "format": text.format(), "audiences": text.audiences(), "state": "published",
                "published_at": at, "featured": featured,
                "attribution_unit": attribution["id"] if attribution else None,
                "created_at": at - dt.timedelta(hours=rng.randint(2, 72)), "updated_at": at,
            }
            pool = themes.get(department_of[owner["id"]], [])
            for theme_id in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
                links.append((first_link + len(links), story_id, theme_id))
            yield [f.get_db_prep_save(values[f.name], connection) if f.name in values
                   else f.get_db_prep_save(f.get_default(), connection) for f in fields]
            if offset and offset % 20_000 == 0:
                log(f"  {offset:,} stories")

    with writer.loading(), transaction.atomic():
        with writer.without_indexes([Story, through]):
            count = writer.insert(Story, [f.name for f in fields], rows())
            writer.insert(through, ["id", "story", "theme"], links)
        writer.reset_sequences([Story, through])
    writer.analyze([Story, through])
    return count
