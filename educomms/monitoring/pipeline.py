"""The item pipeline: what happens to fetched items, one function per step, each timed.

    prepare (normalise Vietnamese text, canonical URL, key) → deduplicate (exact) → tokenize (words, folded)
    → cluster (near-duplicates, MinHash/LSH) → match topics → classify (sentiment; toxicity for posts and comments)
    → score risk → store → alert rules

`ingest(source=..., items=...)` runs a batch inside one transaction: either the whole batch is stored with
its matches, clusters and counters, or nothing is (a crashed worker's batch is fetched again and
deduplicated by `Mention.key`). Two workers storing the same item at once: the second finds the key taken,
drops it and retries the batch's insert.
"""

import datetime as dt
import gc
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from educomms.core.db import datetime_adapter, insert_instances, insert_rows, new_instance
from educomms.core.text import normalize

from . import classifiers
from .fetch.types import RawItem
from .models import (
    BandKey,
    Cluster,
    Match,
    MatchStatus,
    Mention,
    MentionKind,
    Sentiment,
    Source,
    Topic,
    TopicHour,
)
from .nlp import neardup
from .nlp.risk import assess_risk
from .query import Document, Matcher, parse
from .search import searchable
from .selectors import PUBLIC_SOURCE_KINDS

MAX_TEXT = 20_000
# The choices as sets: `TextChoices.values` builds a new list on every call (three per item).
KINDS = frozenset(MentionKind.values)
SENTIMENTS = frozenset(Sentiment.values)
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "zarsrc", "zalo_", "_ga")


@dataclass
class Prepared:
    raw: RawItem
    key: str
    url: str
    title: str
    text: str
    folded: str  # title and text: matching and search
    published_at: dt.datetime
    document: Any = None
    signature: Any = None
    cluster_id: int | None = None
    topic_ids: set[int] = field(default_factory=set)
    sentiment: str = Sentiment.NEUTRAL
    sentiment_confidence: float = 0.0
    toxicity: str = ""
    risk: Any = None


@dataclass
class IngestResult:
    received: int = 0
    duplicates: int = 0
    stored: int = 0
    matched: int = 0
    mentions: list[Mention] = field(default_factory=list)
    routes: dict[int, set[int]] = field(default_factory=dict)  # mention id → the units its matches went to
    grown_clusters: set[int] = field(default_factory=set)
    touched: Counter = field(default_factory=Counter)  # (topic id, hour) → new matches
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch runs: each item makes hundreds of short-lived objects, and
    with a worker's large long-lived heap (the topic index, the token caches) the collections they trigger
    cost a fifth of the pipeline. What a batch leaves is collected when the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _timed(result: IngestResult, step: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        result.seconds[step] += time.perf_counter() - start


# --- prepare --------------------------------------------------------------------------------------------

def canonical_url(url: str) -> str:
    """Scheme and host lower-case, no "www.", no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not k.lower().startswith(TRACKING_PARAMS)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(((parts.scheme or "https").lower(), host, path, query, ""))


def item_key(item: RawItem, canonical: str, folded: str) -> str:
    basis = f"url:{canonical}" if canonical else (f"id:{item.external_id}" if item.external_id else f"text:{folded}")
    return hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()


def prepare(item: RawItem, *, now: dt.datetime) -> Prepared:
    """What deduplication needs: the normalised text, the canonical URL and the key (words come later, for the
    items that are new)."""
    title = normalize(item.title)[:500]
    text = normalize(item.text)[:MAX_TEXT]
    url = canonical_url(item.url)
    published = item.published_at or now
    if published > now + dt.timedelta(hours=1):  # a feed's clock in the future: keep the order sane
        published = now
    key = item_key(item, url, "" if url or item.external_id else searchable(title, text))
    return Prepared(raw=item, key=key, url=item.url.strip()[:1000], title=title, text=text, folded="",
                    published_at=published)


def tokenize(batch: list[Prepared]) -> None:
    """The words of each new item, once for every later step: the Document the topics match against (its
    folded words also sign the item for near-duplicates), and those words joined by spaces, as
    `search.searchable(title, text)` makes them (search, risk terms)."""
    for p in batch:
        p.document = doc = Document.of(title=p.title, text=p.text, url=p.url, site=p.raw.site)
        words = doc.folded_sequence
        p.folded = f" {' '.join(words)} " if words else ""


# --- deduplicate ----------------------------------------------------------------------------------------

def deduplicate(batch: list[Prepared]) -> list[Prepared]:
    """Drop items already stored and repeats within the batch (same key)."""
    unique: dict[str, Prepared] = {}
    for p in batch:
        unique.setdefault(p.key, p)
    existing = set(Mention.objects.filter(key__in=list(unique)).values_list("key", flat=True))
    return [p for k, p in unique.items() if k not in existing]


# --- cluster --------------------------------------------------------------------------------------------

REPRESENTATIVES = 4  # signatures kept per cluster (and their band keys)


def _signatures(data: bytes) -> list[Any]:
    size = 4 * neardup.NUM_PERM
    return [neardup.from_bytes(data[i:i + size]) for i in range(0, len(data), size)]


def _rows(sql: str, values: list[int]) -> list[tuple]:
    """`sql` with `IN %s` for `values` (thousands of band keys), as plain rows: compiling the ORM's IN lookup
    and building model instances cost ten times the query itself."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql.replace("IN %s", "= ANY(%s::bigint[])"), [values])
        else:
            out: list[tuple] = []
            for start in range(0, len(values), 5_000):  # below SQLite's default limit of bound parameters
                chunk = values[start:start + 5_000]
                cursor.execute(sql.replace("IN %s", f"IN ({', '.join(['%s'] * len(chunk))})"), chunk)
                out += cursor.fetchall()
            return out
        return cursor.fetchall()


class _BandLookup:
    """Clusters sharing band keys with the batch, by id: loaded in two queries, plus the batch's new clusters
    (negative ids until they are inserted)."""

    def __init__(self, keys: set[int]) -> None:
        self.by_key: dict[int, set[int]] = defaultdict(set)
        bands, clusters = BandKey._meta.db_table, Cluster._meta.db_table
        for key, cluster_id in _rows(f"SELECT key, cluster_id FROM {bands} WHERE key IN %s", list(keys)):  # noqa: S608
            self.by_key[key].add(cluster_id)
        ids = sorted({c for cs in self.by_key.values() for c in cs})
        self.signatures: dict[int, list[Any]] = {
            pk: _signatures(bytes(data)) for pk, data in
            (_rows(f"SELECT id, signatures FROM {clusters} WHERE id IN %s", ids) if ids else [])}  # noqa: S608

    def __call__(self, keys: list[int]) -> Iterator[tuple[int, Any]]:
        seen: set[int] = set()
        for key in keys:
            for cluster_id in self.by_key.get(key, ()):
                if cluster_id not in seen:
                    seen.add(cluster_id)
                    for sig in self.signatures[cluster_id]:
                        yield cluster_id, sig

    def add(self, cluster_id: int, sig: Any, keys: list[int]) -> list[int] | None:
        """Remember `sig` as one of the cluster's representatives and return those of its band keys the cluster
        did not have yet (a copy shares many with its original); None when the cluster has enough already."""
        sigs = self.signatures.setdefault(cluster_id, [])
        if len(sigs) >= REPRESENTATIVES:
            return None
        sigs.append(sig)
        new = []
        for key in keys:
            clusters = self.by_key[key]
            if cluster_id not in clusters:
                clusters.add(cluster_id)
                new.append(key)
        return new


def _signed_words(p: Prepared) -> list[str]:
    """The body's folded words: syndicating sites change titles. A title-only item is signed by its title."""
    words, title_end = p.document.folded_sequence, p.document.title_end
    body = words[title_end:]
    return body if len(" ".join(body)) > 78 else words  # the body's search text longer than 80 characters


def cluster(batch: list[Prepared], result: IngestResult) -> None:
    """Give every clusterable article or post a cluster: an existing one of its near-duplicates, or its own.
    The first REPRESENTATIVES members of a cluster each add their signature and band keys."""
    signed = [p for p in batch if p.raw.kind != MentionKind.COMMENT]
    signatures = neardup.signatures_of_words([_signed_words(p) for p in signed])
    keys_of: dict[str, list[int]] = {}
    for p, sig, ok, keys in zip(signed, signatures, neardup.clusterable_rows(signatures),
                                neardup.band_keys_of(signatures).tolist(), strict=True):
        p.signature = sig
        if ok:
            keys_of[p.key] = keys
    if not keys_of:
        return
    lookup = _BandLookup({k for keys in keys_of.values() for k in keys})
    clusterer = neardup.Clusterer(lookup)
    # New clusters get temporary negative ids until one bulk insert gives them real ones.
    created: dict[int, Cluster] = {}
    new_keys: dict[int, set[int]] = defaultdict(set)
    joined: Counter[int] = Counter()
    last_seen: dict[int, dt.datetime] = {}
    grown_signatures: set[int] = set()
    for p in batch:
        keys = keys_of.get(p.key)
        if keys is None:
            continue
        found = clusterer.assign(p.signature, keys)
        if found is None:
            found = -(len(created) + 1)
            created[found] = new_instance(Cluster, {"title": p.title or p.text[:200], "first_seen_at": p.published_at,
                                                    "last_seen_at": p.published_at})
        elif found < 0:  # a copy of a story first seen in this batch
            created[found].size += 1
            created[found].last_seen_at = max(created[found].last_seen_at, p.published_at)
        else:
            joined[found] += 1
            last_seen[found] = max(last_seen.get(found, p.published_at), p.published_at)
        p.cluster_id = found
        added = lookup.add(found, p.signature, keys)
        if added is not None:
            new_keys[found].update(added)
            if found > 0:
                grown_signatures.add(found)
    for temp, c in created.items():
        c.signatures = b"".join(neardup.to_bytes(sig) for sig in lookup.signatures[temp])
    insert_instances(list(created.values()))
    real = {temp: c.pk for temp, c in created.items()}
    for p in batch:
        if p.cluster_id is not None and p.cluster_id < 0:
            p.cluster_id = real[p.cluster_id]
    insert_rows(BandKey._meta.db_table, ["key", "cluster_id"],  # neardup.BANDS per representative
                [(k, real.get(cid, cid)) for cid, keys in new_keys.items() for k in keys])
    _grow(joined, last_seen, {c: b"".join(neardup.to_bytes(s) for s in lookup.signatures[c]) for c in grown_signatures})
    result.grown_clusters.update(joined)
    result.grown_clusters.update(real[temp] for temp, c in created.items() if c.size > 1)


def _grow(joined: Counter[int], last_seen: dict[int, dt.datetime], signatures: dict[int, bytes]) -> None:
    """Add the batch's copies to existing clusters: size, last seen (never moved back) and, while a cluster has
    fewer than REPRESENTATIVES, its signatures; one statement for all of them."""
    latest = "GREATEST" if connection.vendor == "postgresql" else "MAX"  # SQLite's MAX of two values
    table = Cluster._meta.db_table
    rows = [(n, connection.ops.adapt_datetimefield_value(last_seen[pk]), signatures.get(pk), pk)
            for pk, n in sorted(joined.items())]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET size = size + %s, last_seen_at = {latest}(last_seen_at, %s), "  # noqa: S608
            "signatures = COALESCE(%s, signatures) WHERE id = %s", rows)


BAND_KEEP_DAYS = 30


def prune_cluster_bands(*, now: dt.datetime | None = None) -> int:
    """Forget the band keys of clusters not seen for BAND_KEEP_DAYS days (a daily task); returns the rows
    deleted. Copies of a story arrive within days; without this the key table and its index (about 13 rows per
    item, inserted at random places) would grow with the whole history. A copy that turns up after a month
    starts a cluster of its own; the old cluster, its mentions and its signatures stay."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=BAND_KEEP_DAYS)
    quiet = Cluster.objects.filter(last_seen_at__lt=cutoff).values("pk")  # by its index on last_seen_at
    deleted, _by_model = BandKey.objects.filter(cluster_id__in=quiet).delete()  # one pass over the keys
    return deleted


# --- match topics ---------------------------------------------------------------------------------------

@dataclass
class _TopicIndex:
    stamp: tuple
    matcher: Matcher
    paths: dict[int, str]  # topic id → its unit's path
    priority: dict[int, int]
    unit: dict[int, int]


_index: _TopicIndex | None = None


def topic_index() -> _TopicIndex:
    """Every active topic compiled into one Matcher, rebuilt when a topic changes (one cheap query per batch)."""
    global _index
    active = Topic.objects.filter(active=True, unit__active=True)
    latest = active.order_by("-updated_at").values_list("updated_at", flat=True).first()
    stamp = (active.count(), latest)
    if _index is None or _index.stamp != stamp:
        rows = list(active.values_list("pk", "query", "unit__path", "priority", "unit_id"))
        queries = {}
        for pk, text, *_rest in rows:
            try:
                queries[pk] = parse(text)
            except ValueError:  # saved before a grammar change: it matches nothing until fixed
                continue
        _index = _TopicIndex(stamp=stamp, matcher=Matcher(queries), paths={r[0]: r[2] for r in rows},
                             priority={r[0]: r[3] for r in rows}, unit={r[0]: r[4] for r in rows})
    return _index


def match_topics(batch: list[Prepared], source: Source) -> None:
    """Route each item to the topics it matches. Public web content goes to every unit's topics; items of a
    unit's own page or imports only to the topics of that unit and the units above it."""
    index = topic_index()
    public = source.kind in PUBLIC_SOURCE_KINDS
    source_path = source.unit.path
    for p in batch:
        ids = index.matcher.match(p.document)
        if not public:
            ids = {t for t in ids if source_path.startswith(index.paths[t])}
        p.topic_ids = ids


# --- classify and score ---------------------------------------------------------------------------------

CLASSIFIER_CHARS = 500  # the title and the lead carry the tone; 1,000 characters cost twice as much


def _classifier_text(p: Prepared) -> str:
    return f"{p.title}. {p.text[:CLASSIFIER_CHARS]}" if p.title else p.text[:CLASSIFIER_CHARS]


def classify(batch: list[Prepared]) -> None:
    if not batch:
        return
    texts = [_classifier_text(p) for p in batch]
    for p, probs in zip(batch, classifiers.current("sentiment").predict_proba(texts), strict=True):
        label = max(probs, key=probs.get)
        p.sentiment, p.sentiment_confidence = label, float(probs[label])
        if p.raw.label in SENTIMENTS:  # an imported row's own label wins
            p.sentiment = p.raw.label
    social = [p for p in batch if p.raw.kind in (MentionKind.COMMENT, MentionKind.POST)]
    if social:
        for p, label in zip(social, classifiers.current("toxicity").predict([_classifier_text(p) for p in social]),
                            strict=True):
            p.toxicity = label


def score(batch: list[Prepared]) -> None:
    index = topic_index()
    for p in batch:
        p.risk = assess_risk(title=p.title, text=p.text, sentiment=p.sentiment,
                             sentiment_confidence=p.sentiment_confidence, toxicity=p.toxicity or None,
                             reach=p.raw.reach, topic_priority=max((index.priority.get(t, 0) for t in p.topic_ids),
                                                                   default=0),
                             kind=p.raw.kind, words=p.folded, vocabulary=p.document.words)


# --- store ----------------------------------------------------------------------------------------------

def _mention(p: Prepared, source: Source) -> Mention:
    raw, risk = p.raw, p.risk
    return new_instance(Mention, {
        "source": source, "key": p.key, "kind": raw.kind if raw.kind in KINDS else MentionKind.ARTICLE,
        "url": p.url, "parent_url": raw.parent_url[:1000], "site": (raw.site or "")[:200], "author": raw.author[:200],
        "title": p.title, "text": p.text, "search_text": p.folded, "published_at": p.published_at, "reach": raw.reach,
        "cluster_id": p.cluster_id, "sentiment": p.sentiment, "sentiment_confidence": p.sentiment_confidence,
        "toxicity": p.toxicity, "sentiment_label": raw.label if raw.label in SENTIMENTS else "",
        "risk_score": risk.score, "risk_level": risk.level,
        "risk_reasons": [r.stored() for r in risk.reasons],
        "crisis_types": list(risk.crisis_types)})


def _hour(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def store(batch: list[Prepared], source: Source, result: IngestResult) -> None:
    mentions = [_mention(p, source) for p in batch]
    insert_instances(mentions)  # bulk_create without compiling 24 values per mention through the ORM
    index = topic_index()
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    matches = []
    new = MatchStatus.NEW.value
    for p, m in zip(batch, mentions, strict=True):
        hour = _hour(p.published_at)
        units = result.routes[m.pk] = set()
        for topic_id in p.topic_ids:
            unit_id = index.unit[topic_id]
            matches.append((m.pk, topic_id, unit_id, new, created))
            units.add(unit_id)
            result.touched[(topic_id, hour)] += 1
    insert_matches(matches)
    add_topic_hours(result.touched)
    result.mentions, result.stored, result.matched = mentions, len(mentions), len(matches)


def insert_matches(rows: list[tuple]) -> None:
    """Matches as plain rows (mention, topic, unit, status, created): a mention matches eight topics on average
    in the benchmark, and building and compiling that many model instances cost more than the insert."""
    insert_rows(Match._meta.db_table, ["mention_id", "topic_id", "unit_id", "status", "created_at"], rows)


def add_topic_hours(counts: Counter) -> None:
    """Add (topic id, hour) → n to the hourly counters in one statement per 500 rows: an upsert that adds to
    the stored count (SQLite ≥ 3.24 and PostgreSQL both speak `ON CONFLICT … DO UPDATE`), safe when workers
    count the same hour at once."""
    adapt = datetime_adapter(connection)
    rows = [(topic_id, adapt(hour), n) for (topic_id, hour), n in counts.items()]
    table = TopicHour._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (topic_id, hour, count) VALUES {values} "  # noqa: S608 (constant table name)
                f"ON CONFLICT (topic_id, hour) DO UPDATE SET count = {table}.count + excluded.count",
                [v for row in chunk for v in row])


# --- the whole batch ------------------------------------------------------------------------------------

def ingest(*, source: Source, items: Sequence[RawItem], now: dt.datetime | None = None,
           alerts: bool = True) -> IngestResult:
    """Run the pipeline over one batch from `source`; returns what was stored and each step's seconds."""
    with _collector_paused():
        return _ingest(source=source, items=items, now=now or timezone.now(), alerts=alerts)


def _ingest(*, source: Source, items: Sequence[RawItem], now: dt.datetime, alerts: bool) -> IngestResult:
    result = IngestResult(received=len(items))
    with _timed(result, "prepare"):
        batch = [prepare(item, now=now) for item in items if (item.title or item.text)]
    for attempt in range(3):
        try:
            with transaction.atomic():
                _ingest_batch(batch, source, result)
            break
        except IntegrityError:  # an item stored by another worker since we deduplicated: try again without it
            if attempt == 2:
                raise
            result.grown_clusters.clear()
            result.touched.clear()
            result.routes.clear()
    result.duplicates = result.received - result.stored
    if alerts and result.stored:
        from .alerts import after_ingest

        with _timed(result, "alerts"):
            after_ingest(result, now=now)
    return result


def _ingest_batch(batch: list[Prepared], source: Source, result: IngestResult) -> None:
    with _timed(result, "deduplicate"):
        fresh = deduplicate(batch)
    with _timed(result, "tokenize"):
        tokenize(fresh)
    with _timed(result, "cluster"):
        cluster(fresh, result)
    with _timed(result, "match"):
        match_topics(fresh, source)
    with _timed(result, "classify"):
        classify(fresh)
    with _timed(result, "risk"):
        score(fresh)
    with _timed(result, "store"):
        store(fresh, source, result)


# --- a new or changed topic looks back ------------------------------------------------------------------

BACKFILL_DAYS = 30
BACKFILL_LIMIT = 20_000


def backfill_topic(*, topic_id: int, now: dt.datetime | None = None) -> int:
    """Route the last 30 days' mentions that a new or changed topic matches (no alerts: this is history), so
    that its dashboard starts with what the preview showed. Returns how many matches were added."""
    topic = Topic.objects.select_related("unit").filter(pk=topic_id, active=True).first()
    if topic is None:
        return 0
    query = parse(topic.query)
    since = (now or timezone.now()) - dt.timedelta(days=BACKFILL_DAYS)
    # As match_topics routes: public web content, or a source of the topic's unit or of a unit below it.
    candidates = (Mention.objects.filter(published_at__gte=since)
                  .filter(Q(source__kind__in=PUBLIC_SOURCE_KINDS) | Q(source__unit__path__startswith=topic.unit.path))
                  .exclude(matches__topic=topic)
                  .only("pk", "title", "text", "url", "site", "published_at").order_by("-published_at")[:BACKFILL_LIMIT])
    found = [m for m in candidates if query.matches(Document.of(title=m.title, text=m.text, url=m.url, site=m.site))]
    with transaction.atomic():
        Match.objects.bulk_create([Match(mention=m, topic=topic, unit=topic.unit) for m in found],
                                  batch_size=1000, ignore_conflicts=True)
        add_topic_hours(Counter((topic.pk, _hour(m.published_at)) for m in found))
    return len(found)
