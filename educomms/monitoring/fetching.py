"""Fetching a source on the scheduler: pick the fetcher, run the pipeline, record the source's health.

Back-off: after a failure the next attempt waits the source's interval doubled per consecutive failure, at
most six hours, so a source that keeps failing is still tried several times a day and `alerts.source_alerts`
tells a person once it has failed for a day. A permanent error (404, not a feed, a revoked token) waits the
maximum straight away.
"""

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from .fetch import facebook, feeds, pages
from .fetch.types import FetchError, FetchResult
from .models import Source, SourceKind
from .pipeline import IngestResult, ingest

log = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(hours=6)
COMMENT_LOOKBACK = dt.timedelta(days=3)


def _fetch(source: Source) -> FetchResult:
    if source.kind == SourceKind.FEED:
        return feeds.fetch_feed(source.url, etag=source.etag, last_modified=source.last_modified)
    if source.kind == SourceKind.PAGE:
        return FetchResult(items=[pages.fetch_page(source.url)])
    if source.kind == SourceKind.FACEBOOK:
        # A few days back: new comments on recent posts (deduplicated by their key) are not missed.
        since = dt.datetime.fromisoformat(source.cursor) - COMMENT_LOOKBACK if source.cursor else None
        return facebook.fetch_page_activity(page_id=str(source.config.get("page_id", "")),
                                            access_token=str(source.config.get("access_token", "")), since=since)
    raise FetchError("Nguồn nhập từ tệp không tự lấy tin.", permanent=True)


def fetch_source(*, source_id: int, now: dt.datetime | None = None) -> IngestResult | None:
    """Fetch one source now and store what is new. Returns None when the fetch failed (recorded on the source)."""
    now = now or timezone.now()
    source = Source.objects.select_related("unit").get(pk=source_id)
    try:
        fetched = _fetch(source)
    except FetchError as exc:
        log.warning("monitoring source %s failed: %s", source.pk, exc.detail or exc.message)
        record_failure(source=source, error=exc, now=now)
        return None
    result = ingest(source=source, items=fetched.items, now=now)
    record_success(source=source, fetched=fetched, stored=result.stored, now=now)
    return result


def record_success(*, source: Source, fetched: FetchResult, stored: int, now: dt.datetime) -> None:
    with transaction.atomic():
        s = Source.objects.select_for_update().get(pk=source.pk)
        if not fetched.not_modified:
            s.etag, s.last_modified = fetched.etag[:300], fetched.last_modified[:100]
        if fetched.cursor:
            s.cursor = fetched.cursor[:100]
        s.last_fetch_at = s.last_success_at = now
        s.failing_since, s.consecutive_failures, s.failure_reported_at = None, 0, None
        s.last_items = stored
        s.items_fetched += stored
        s.next_fetch_at = now + dt.timedelta(minutes=s.interval_minutes)
        s.save(update_fields=["etag", "last_modified", "cursor", "last_fetch_at", "last_success_at", "failing_since",
                              "consecutive_failures", "failure_reported_at", "last_items", "items_fetched",
                              "next_fetch_at", "updated_at"])


def record_failure(*, source: Source, error: FetchError, now: dt.datetime) -> None:
    with transaction.atomic():
        s = Source.objects.select_for_update().get(pk=source.pk)
        s.last_fetch_at = s.last_error_at = now
        s.last_error = error.message[:500]
        s.failing_since = s.failing_since or now
        s.consecutive_failures += 1
        wait = MAX_BACKOFF if error.permanent else min(
            MAX_BACKOFF, dt.timedelta(minutes=s.interval_minutes) * (2 ** min(s.consecutive_failures, 10)))
        s.next_fetch_at = now + wait
        s.save(update_fields=["last_fetch_at", "last_error_at", "last_error", "failing_since", "consecutive_failures",
                              "next_fetch_at", "updated_at"])


def claim_due_sources(*, now: dt.datetime | None = None, limit: int = 200) -> list[int]:
    """Ids of active sources due for a fetch, their next time pushed ahead so that another scheduler tick does
    not enqueue them twice while a worker is on them."""
    now = now or timezone.now()
    due = list(Source.objects.filter(active=True, next_fetch_at__lte=now).exclude(kind=SourceKind.IMPORT)
               .order_by("next_fetch_at").values_list("pk", flat=True)[:limit])
    claimed = []
    for pk in due:
        if Source.objects.filter(pk=pk, next_fetch_at__lte=now).update(
                next_fetch_at=now + dt.timedelta(minutes=15)):
            claimed.append(pk)
    return claimed


def describe_result(result: Any) -> dict[str, Any]:
    return {"received": result.received, "stored": result.stored, "duplicates": result.duplicates,
            "matched": result.matched}


IMPORT_CHUNK = 500


def import_file(*, source_id: int, path: str, name: str, mapping: dict[str, str], actor_id: int | None) -> int:
    """Import the good rows of an uploaded list into the unit's import source (the person chose, in the
    mapping step, to import either a file without bad rows or only its good rows). Chunks of 500 rows are
    each stored whole; a repeated run stores nothing twice (Mention.key). Returns how many were new."""
    from django.core.files.storage import default_storage
    from django.utils.translation import gettext as _

    from educomms.notifications.services import notify
    from educomms.org.models import Person

    from .fetch import imports

    source = Source.objects.select_related("unit").get(pk=source_id)
    with default_storage.open(path, "rb") as f:
        table = imports.read_table(f.read(), name)
    items, errors = imports.apply_mapping(table, mapping)
    stored = 0
    now = timezone.now()
    for start in range(0, len(items), IMPORT_CHUNK):
        stored += ingest(source=source, items=items[start:start + IMPORT_CHUNK], now=now).stored
    record_success(source=source, fetched=FetchResult(), stored=stored, now=now)
    default_storage.delete(path)
    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    if actor is not None:
        notify(recipients=[actor], kind="monitoring.import_done", title=_("Đã nhập xong danh sách tin"),
               body=_("%(stored)s tin mới, %(dup)s tin đã có, %(bad)s dòng lỗi bỏ qua.") % {
                   "stored": stored, "dup": len(items) - stored, "bad": len(errors)},
               url=f"/du-luan/nguon/{source.pk}/", unit=source.unit)
    return stored
