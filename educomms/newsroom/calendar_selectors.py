"""Reads for themes, key dates and the content plan, scoped by the reader's roles."""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from educomms.newsroom.models import KeyDate, PlannedStory, Story, StoryState, Theme
from educomms.newsroom.permissions import visible_stories
from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import Capability

NEWSROOM_CAPABILITIES = (Capability.DRAFT_STORY, Capability.REVIEW_STORY, Capability.APPROVE_STORY,
                         Capability.MANAGE_NEWSROOM)


def has_newsroom_role(user: Any) -> bool:
    """Whether the user holds any newsroom capability somewhere (for the menu entry)."""
    if not getattr(user, "is_authenticated", False):
        return False
    for capability in NEWSROOM_CAPABILITIES:
        paths = access.scope_paths(user, capability)
        if paths is None or paths:
            return True
    return False


# Themes ---------------------------------------------------------------------------------------------

def theme_owner(unit: Unit) -> Unit:
    """The nearest department at or above `unit` (its themes apply to its subtree); the unit itself when
    there is none above (a ministry, or a unit outside any department)."""
    if unit.kind == Unit.Kind.DEPARTMENT:
        return unit
    department = (Unit.objects.filter(pk__in=unit.ancestor_ids, kind=Unit.Kind.DEPARTMENT)
                  .order_by("-depth").first())
    return department or unit


def themes_for(unit: Unit) -> QuerySet[Theme]:
    """The active themes that apply at `unit`: those of the nearest department."""
    return Theme.objects.filter(unit=theme_owner(unit), active=True)


def themes_of(owner: Unit) -> QuerySet[Theme]:
    """Every theme of `owner`, active or not (for the themes page)."""
    return Theme.objects.filter(unit=owner)


def access_theme(user: Any, theme_id: Any, capability: str = Capability.MANAGE_NEWSROOM) -> Theme:
    return _get_or_404(access.scope(Theme.objects.select_related("unit"), user, capability=capability), theme_id)


# Key dates ------------------------------------------------------------------------------------------

def _get_or_404[M: Any](queryset: QuerySet[M], object_id: Any) -> M:
    try:
        return queryset.get(pk=int(object_id))
    except (TypeError, ValueError, queryset.model.DoesNotExist) as exc:
        raise Http404 from exc


def access_key_date(user: Any, key_date_id: Any, capability: str = Capability.VIEW_UNIT) -> KeyDate:
    """A key date of a unit in the user's scope for `capability`; national dates (no unit) only for a
    system administrator when managing, and for every signed-in user when reading."""
    rows = KeyDate.objects.select_related("unit")
    if getattr(user, "is_superuser", False):
        return _get_or_404(rows, key_date_id)
    scoped = access.scope(rows.filter(unit__isnull=False), user, capability=capability)
    if capability == Capability.VIEW_UNIT:
        scoped = rows.filter(Q(pk__in=scoped.values("pk")) | Q(unit__isnull=True))
    return _get_or_404(scoped, key_date_id)


def may_edit_key_date(user: Any, key_date: KeyDate) -> bool:
    unit = key_date.unit
    if unit is None:
        return bool(getattr(user, "is_superuser", False))
    return access.has_capability(user, unit, Capability.MANAGE_NEWSROOM)


@dataclass(frozen=True)
class Occurrence:
    """A key date as it falls in a given range (recurring ones move to the shown year)."""

    key_date: KeyDate
    starts_on: dt.date
    ends_on: dt.date

    @property
    def days(self) -> list[dt.date]:
        return [self.starts_on + dt.timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]


def _in_year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return None


def key_dates_for(unit: Unit, start: dt.date, end: dt.date) -> list[Occurrence]:
    """Key dates seen at `unit` between `start` and `end` (inclusive): national ones, and those of the unit
    and the units above it; recurring dates repeat every year from the year they were entered."""
    rows = (KeyDate.objects.filter(Q(unit__isnull=True) | Q(unit_id__in=unit.ancestor_ids))
            .select_related("unit"))
    once = rows.filter(recurring=False, starts_on__lte=end).filter(
        Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
    found = [Occurrence(k, k.starts_on, k.ends_on or k.starts_on) for k in once]
    for k in rows.filter(recurring=True, starts_on__lte=end):
        length = (k.ends_on - k.starts_on) if k.ends_on else dt.timedelta(0)
        for year in range(max(start.year - 1, k.starts_on.year), end.year + 1):
            first = _in_year(k.starts_on, year)
            if first and first + length >= start and first <= end:
                found.append(Occurrence(k, first, first + length))
    return sorted(found, key=lambda o: (o.starts_on, o.key_date.title))


# Content plan ---------------------------------------------------------------------------------------

def _plan_rows() -> QuerySet[PlannedStory]:
    return PlannedStory.objects.select_related("unit", "owner", "theme", "key_date")


def access_plan_item(user: Any, item_id: Any, capability: str = Capability.VIEW_UNIT) -> PlannedStory:
    return _get_or_404(access.scope(_plan_rows(), user, capability=capability), item_id)


def plan_for(unit: Unit, start: dt.date, end: dt.date, *, theme: Theme | None = None) -> QuerySet[PlannedStory]:
    """Plan items of `unit` and the units above it, due between `start` and `end`."""
    rows = _plan_rows().filter(unit_id__in=unit.ancestor_ids, due_on__gte=start, due_on__lte=end)
    return rows.filter(theme=theme) if theme is not None else rows


def my_plan_items(person: Any, *, include_finished: bool = False) -> QuerySet[PlannedStory]:
    """The plan items a person owes, soonest first."""
    rows = _plan_rows().filter(owner_id=person.pk)
    if not include_finished:
        rows = rows.exclude(status__in=[PlannedStory.Status.DONE, PlannedStory.Status.DROPPED])
    return rows


def plan_owners(unit: Unit) -> QuerySet[Any]:
    """People who may own a plan item of `unit`: active members of its subtree."""
    from educomms.org.models import Membership, Person

    members = Membership.objects.active().filter(unit__path__gte=unit.path, unit__path__lt=unit.path[:-1] + "0")
    return Person.objects.filter(pk__in=members.values("person_id"), is_active=True).order_by("full_name_folded")


# Month grid -----------------------------------------------------------------------------------------

MONTH_FIRST_WEEKDAY = pycalendar.MONDAY


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    key_dates: list[Occurrence] = field(default_factory=list)
    plan_items: list[PlannedStory] = field(default_factory=list)
    stories: list["CalendarStory"] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.key_dates and not self.plan_items and not self.stories


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    @property
    def busy_days(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d.in_month and not d.empty]


def _local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


@dataclass(frozen=True)
class CalendarStory:
    story: Story
    at: dt.datetime  # the scheduled time, or the publication time

    @property
    def scheduled(self) -> bool:
        return self.story.state == StoryState.SCHEDULED


def calendar_stories(user: Any, unit: Unit, start: dt.date, end: dt.date, *,
                     theme: Theme | None = None) -> list[CalendarStory]:
    """The unit's own stories scheduled or published between `start` and `end` (local days) that `user`
    may see."""
    low, high = _local_bounds(start, end)
    rows = (visible_stories(user).filter(unit=unit)
            .filter(Q(state=StoryState.SCHEDULED, scheduled_for__gte=low, scheduled_for__lt=high)
                    | Q(state=StoryState.PUBLISHED, published_at__gte=low, published_at__lt=high))
            .only("id", "title", "state", "scheduled_for", "published_at", "unit_id", "slug"))
    if theme is not None:
        rows = rows.filter(themes=theme)
    found = [CalendarStory(story, story.scheduled_for if story.state == StoryState.SCHEDULED
                           else story.published_at) for story in rows]  # type: ignore[arg-type]  # set in these states
    return sorted(found, key=lambda entry: entry.at)


def month_view(unit: Unit, year: int, month: int, *, today: dt.date, theme: Theme | None = None,
               user: Any = None) -> Month:
    """The month's grid (Monday first) with the key dates and plan items seen at `unit` and, for a
    `user`, the unit's scheduled and published stories they may see."""
    weeks_of_dates = pycalendar.Calendar(MONTH_FIRST_WEEKDAY).monthdatescalendar(year, month)
    start, end = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    days = {d: Day(d, d.month == month, d == today) for week in weeks_of_dates for d in week}
    for occurrence in key_dates_for(unit, start, end):
        for d in occurrence.days:
            if d in days:
                days[d].key_dates.append(occurrence)
    for item in plan_for(unit, start, end, theme=theme):
        days[item.due_on].plan_items.append(item)
    if user is not None:
        for entry in calendar_stories(user, unit, start, end, theme=theme):
            days[timezone.localtime(entry.at).date()].stories.append(entry)
    return Month(year, month, [[days[d] for d in week] for week in weeks_of_dates])
