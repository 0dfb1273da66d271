"""What the public portal reads: published stories only, of the portal unit's subtree.

A story is public when its state is PUBLISHED and its publication time has come. The department's site
(home, theme and audience lists, feeds) shows the stories the portal unit owns — a school's story reaches
it by being republished there (with its attribution); a school's section shows that school's stories.
"""


from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from educomms.core.text import fold
from educomms.newsroom.models import Audience, Story, StoryState, Theme
from educomms.org.models import Unit
from educomms.portal import cache as portal_cache

PAGE_SIZE = 20


def portal_unit() -> Unit:
    """The unit whose site this is: PORTAL_UNIT_CODE, or the first active department. Kept in the portal
    cache (a change to the unit shows within PAGE_TTL, like the pages): finding the first department
    scans the unit table, tens of milliseconds at national scale."""
    code = getattr(settings, "PORTAL_UNIT_CODE", "")
    unit = portal_cache.remember(f"unit:{code}", lambda: _find_portal_unit(code))
    if unit is None:
        raise Http404("No portal unit")
    return unit


def _find_portal_unit(code: str) -> Unit | None:
    units = Unit.objects.filter(active=True)
    return (units.filter(code=code) if code else units.filter(kind=Unit.Kind.DEPARTMENT).order_by("path")).first()


def unit_slug(unit: Unit) -> str:
    return slugify(fold(unit.display_name)) or "don-vi"


def published() -> QuerySet[Story]:
    return (
        Story.objects.filter(state=StoryState.PUBLISHED, published_at__lte=timezone.now())
        .select_related("unit", "cover")
        .order_by("-published_at", "-id")
    )


def site_stories(unit: Unit) -> QuerySet[Story]:
    """Stories owned by `unit` itself (its site or section)."""
    return published().filter(unit=unit)


def subtree_stories(site: Unit) -> QuerySet[Story]:
    """Every public story of the site's subtree (story pages, sitemap)."""
    return published().filter(site.subtree_q("unit__path"), unit__active=True)


def cards(stories: QuerySet[Story]) -> QuerySet[Story]:
    """`stories` for a list of cards: without the two big text fields (body and search_text)."""
    return stories.defer("body", "search_text")


def featured_stories(site: Unit, limit: int = 3) -> list[Story]:
    return list(cards(site_stories(site)).filter(featured=True)[:limit])


def recent_stories(site: Unit, limit: int = 100) -> list[Story]:
    """The site's latest `limit` stories for cards, each with its themes of the site prefetched (the home
    page fills its "latest" list and its theme blocks from these: two queries)."""
    return list(cards(site_stories(site)).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.filter(unit=site, active=True).only("id", "unit_id"))
    )[:limit])


# What the story page (portal/story.html) and the checks below read.
STORY_PAGE_FIELDS = (
    "title", "slug", "summary", "body", "published_at", "updated_at", "state", "audiences",
    "unit__name", "unit__short_name", "unit__path", "unit__active",
    "attribution_unit__name", "attribution_unit__short_name",
    "cover__file", "cover__variants", "cover__alt_text", "cover__caption", "cover__width", "cover__height",
)


def story(site: Unit, story_id: int) -> tuple[Story, list[Theme]]:
    """A public story of the site's subtree, with what its page shows, and its themes of the site (the ones
    with a list page here); 404 for anything else (drafts, stories in review, retracted ones, other sites'
    stories, stories of inactive units).

    The cold story page is the portal's hottest uncached path, so this is two plain queries: the story by
    primary key (the public and subtree conditions are checked on the row, as `subtree_stories` states
    them), and its theme ids, matched against the site's themes kept in the portal cache."""
    found = (
        Story.objects.filter(pk=story_id)
        .select_related("unit", "cover", "attribution_unit")
        .only(*STORY_PAGE_FIELDS)  # fewer columns to compile and read than all of four tables
        .order_by()  # one row by primary key: no ORDER BY to build
        .first()
    )
    if (found is None or found.state != StoryState.PUBLISHED or found.published_at is None
            or found.published_at > timezone.now() or not found.unit.active or not site.is_ancestor_of(found.unit)):
        raise Http404("No such public story")
    ids = set(Story.themes.through.objects.filter(story_id=found.pk).values_list("theme_id", flat=True))
    return found, [item for item in site_themes(site) if item.pk in ids]


def site_themes(site: Unit) -> list[Theme]:
    """The site's active themes, kept in the portal cache (a theme change bumps its generation)."""
    return portal_cache.remember(f"themes:{site.pk}", lambda: themes(site)) or []


def themes(site: Unit) -> list[Theme]:
    return list(Theme.objects.filter(unit=site, active=True))


def theme(site: Unit, slug: str) -> Theme:
    found = Theme.objects.filter(unit=site, active=True, slug=slug).first()
    if found is None:
        raise Http404("No such theme")
    return found


def theme_stories(site: Unit, theme: Theme) -> QuerySet[Story]:
    return site_stories(site).filter(themes=theme)


def stories_by_theme(site: Unit, recent: list[Story], *, window: int, per_theme: int = 4
                     ) -> list[tuple[Theme, list[Story]]]:
    """The site's active themes that have public stories, each with its latest few, taken from `recent`
    (the site's latest `window` stories, themes prefetched, from recent_stories). A theme that gets fewer
    than `per_theme` there while `recent` is full may have older stories: only that theme is queried."""
    blocks = []
    found: dict[int, list[Story]] = {}
    for story_ in recent:
        for tag in story_.themes.all():
            bucket = found.setdefault(tag.pk, [])
            if len(bucket) < per_theme:
                bucket.append(story_)
    for item in site_themes(site):
        latest = found.get(item.pk, [])
        if len(latest) < per_theme and len(recent) >= window:
            latest = list(cards(theme_stories(site, item))[:per_theme])
        if latest:
            blocks.append((item, latest))
    return blocks


def audience(value: str) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        raise Http404("No such audience") from None


def audience_stories(site: Unit, value: Audience) -> QuerySet[Story]:
    # `audiences` is a JSON list of fixed choice values: matching the quoted value in its text works the
    # same on SQLite (which has no JSON containment lookup) and PostgreSQL.
    return (
        site_stories(site)
        .annotate(audiences_text=Cast("audiences", TextField()))
        .filter(audiences_text__contains=f'"{value.value}"')
    )


def sections(site: Unit) -> QuerySet[Unit]:
    """The schools (and other active units) under the site that have a section."""
    return (
        Unit.objects.filter(site.subtree_q(), active=True, kind=Unit.Kind.SCHOOL)
        .exclude(pk=site.pk)
        .order_by("name_folded")
    )


def section_links(site: Unit) -> list[tuple[str, str]]:
    """(URL, name) of every section of the site, for the home page: kept in the portal cache (a national
    department has some 1,600 schools; new or renamed ones show within PAGE_TTL)."""
    return portal_cache.remember(f"sections:{site.pk}", lambda: [
        (reverse("portal:section", args=[unit.pk, unit_slug(unit)]), unit.name)
        for unit in sections(site).only("id", "name", "short_name")
    ])


def section(site: Unit, unit_id: int) -> Unit:
    """An active unit of the site's subtree (not the site itself); 404 otherwise."""
    found = Unit.objects.filter(site.subtree_q(), active=True, pk=unit_id).exclude(pk=site.pk).first()
    if found is None:
        raise Http404("No such section")
    return found


DEPARTMENT_PREFIX = "Sở Giáo dục và Đào tạo"
PLACE_KINDS = {"tỉnh": "province", "thành phố": "city"}


def english_name(unit: Unit) -> str:
    """The unit's name in English, from its Vietnamese name: the kind translated, proper names kept
    ("Sở Giáo dục và Đào tạo tỉnh Bình Sơn" → "Department of Education and Training of Bình Sơn
    province"). A name of another shape is returned as it is."""
    name = unit.name.strip()
    if unit.kind != Unit.Kind.DEPARTMENT or not name.startswith(DEPARTMENT_PREFIX):
        return name
    place = name[len(DEPARTMENT_PREFIX):].strip()
    for vietnamese, english in PLACE_KINDS.items():
        if place.lower().startswith(vietnamese + " "):
            return f"Department of Education and Training of {place[len(vietnamese):].strip()} {english}"
    return f"Department of Education and Training of {place}" if place else "Department of Education and Training"


def divisions(site: Unit) -> list[Unit]:
    """The site's own divisions (phòng/ban thuộc Sở), by name."""
    return list(Unit.objects.filter(parent=site, active=True, kind=Unit.Kind.DIVISION).order_by("name_folded"))


def structure_counts(site: Unit) -> dict[str, object]:
    """Active communes/wards and schools per school level in the site's subtree (one grouped query):
    {"communes": 3, "schools": [(label, count), …] in the order of SchoolLevel, "school_total": n}."""
    rows = (
        Unit.objects.filter(site.subtree_q(), active=True, kind__in=[Unit.Kind.COMMUNE, Unit.Kind.SCHOOL])
        .exclude(pk=site.pk)
        .values("kind", "school_level")
        .annotate(n=Count("id"))
        .order_by()
    )
    communes = 0
    by_level: dict[str, int] = {}
    for row in rows:
        if row["kind"] == Unit.Kind.COMMUNE:
            communes += row["n"]
        else:
            by_level[row["school_level"]] = by_level.get(row["school_level"], 0) + row["n"]
    labels = dict(Unit.SchoolLevel.choices)
    order = [level for level in Unit.SchoolLevel.values if level in by_level]
    schools: list[tuple[str, int]] = [(str(labels[level]), by_level[level]) for level in order]
    if "" in by_level:
        schools.append(("", by_level[""]))
    return {"communes": communes, "schools": schools, "school_total": sum(by_level.values())}
