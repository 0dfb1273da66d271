"""Near-duplicate clustering measured on the generated stream: pairwise precision and recall, and speed.

    .venv/bin/python bench/_monitoring_neardup.py            # prints the figures as JSON (10–30 s)
    BENCH_NEARDUP_ITEMS=2000 BENCH_NEARDUP_SEED=2 .venv/bin/python bench/_monitoring_neardup.py

`figures()` is what the monitoring benchmark module calls. Items arrive in publication order; each is
signed (`neardup.signature(fold(text))`), assigned by a `Clusterer` over a `MemoryIndex` (the same logic
the pipeline runs over its band-key table), and starts its own cluster when nothing matches.

Pairwise: a predicted pair is two items in the same predicted cluster, a true pair two items with the same
`story_id`; precision = |predicted ∩ true| / |predicted|, recall = |predicted ∩ true| / |true|. The
near misses (twins and follow-ups, see `_monitoring_stream`) are different stories, so clustering one
with its original costs precision. For context the figures also give the exact Jaccard similarity of the
true copy pairs and of the near-miss pairs (p10/p90), which shows how hard the test is.
"""

import json
import os
import statistics
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._monitoring_stream import GenItem, generate  # noqa: E402
from educomms.core.text import fold  # noqa: E402
from educomms.monitoring.nlp import neardup  # noqa: E402

ITEMS = int(os.environ.get("BENCH_NEARDUP_ITEMS") or 5_000)
SEED = int(os.environ.get("BENCH_NEARDUP_SEED") or 1)


def _figure(value: float, unit: str, n: int, note: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"value": round(value, 4), "unit": unit, "n": n}
    if note:
        row["note"] = note
    return row


def _pairs(counts: Counter[Any]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def cluster(items: list[GenItem], *, with_title: bool = False, every_member: bool = True
            ) -> tuple[list[int], list[float], list[float]]:
    """Predicted cluster id of every item, and the wall and CPU seconds each signature took. `every_member`: index every
    member's signature (a copy of a copy still finds its cluster), or only the first one's (as the pipeline
    stores one signature per cluster)."""
    index = neardup.MemoryIndex()
    clusterer = neardup.Clusterer(index)
    clusters: list[int] = []
    seconds: list[float] = []
    cpu: list[float] = []
    for number, item in enumerate(items):
        folded = fold(f"{item.title} {item.text}" if with_title else item.text)
        started, started_cpu = time.perf_counter(), time.thread_time()
        sig = neardup.signature(folded)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
        found = clusterer.assign(sig)
        cluster_id = number if found is None else found
        if found is None or every_member:
            index.add(cluster_id, sig)
        clusters.append(cluster_id)
    return clusters, seconds, cpu


def pairwise(items: list[GenItem], clusters: list[int]) -> tuple[float, float, int, int]:
    """(precision, recall, predicted pairs, true pairs) over all pairs of items."""
    predicted = _pairs(Counter(clusters))
    true = _pairs(Counter(item.story_id for item in items))
    both = _pairs(Counter(zip(clusters, (item.story_id for item in items), strict=True)))
    return (both / predicted if predicted else 1.0), (both / true if true else 1.0), predicted, true


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _copy_jaccards(items: list[GenItem], limit: int = 5_000) -> list[float]:
    """Exact Jaccard of true copy pairs (the first `limit`), from the data, not the signatures."""
    members: dict[int, list[int]] = {}
    for number, item in enumerate(items):
        members.setdefault(item.story_id, []).append(number)
    shingles: dict[int, set[int]] = {}
    values: list[float] = []
    for group in members.values():
        for a, b in combinations(group, 2):
            for i in (a, b):
                if i not in shingles:
                    shingles[i] = neardup.shingles(fold(items[i].text))
            values.append(_jaccard(shingles[a], shingles[b]))
            if len(values) >= limit:
                return values
    return values


def near_misses(items: list[GenItem], clusters: list[int]) -> tuple[int, int, list[float]]:
    """(near-miss items, how many were put in a cluster holding their original's story, their exact Jaccard
    with the original item)."""
    first: dict[int, int] = {}
    for number, item in enumerate(items):
        first.setdefault(item.story_id, number)
    story_clusters: dict[int, set[int]] = {}
    for item, cluster_id in zip(items, clusters, strict=True):
        story_clusters.setdefault(item.story_id, set()).add(cluster_id)
    total = merged = 0
    values = []
    for number, item in enumerate(items):
        if not item.near_miss_of:
            continue
        total += 1
        merged += clusters[number] in story_clusters[item.near_miss_of]
        original = items[first[item.near_miss_of]]
        values.append(_jaccard(neardup.shingles(fold(item.text)), neardup.shingles(fold(original.text))))
    return total, merged, values


def _deciles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=10) if len(values) > 1 else [values[0]] * 9 if values else [0.0] * 9
    return cuts[0], cuts[-1]


def figures() -> dict[str, dict[str, Any]]:
    generate_started = time.perf_counter()
    items = generate(ITEMS, seed=SEED)
    generate_s = time.perf_counter() - generate_started
    started = time.perf_counter()
    clusters, seconds, cpu = cluster(items)
    cluster_s = time.perf_counter() - started
    precision, recall, predicted, true = pairwise(items, clusters)
    articles = [s for s, item in zip(seconds, items, strict=True) if item.kind == "article"]
    articles_cpu = [s for s, item in zip(cpu, items, strict=True) if item.kind == "article"]
    words = statistics.median(len(item.text.split()) for item in items if item.kind == "article")
    copy_low, copy_high = _deciles(_copy_jaccards(items))
    near_total, near_merged, near_values = near_misses(items, clusters)
    pipeline_clusters, _, _ = cluster(items, with_title=True, every_member=False)
    pipeline_pairs = pairwise(items, pipeline_clusters)
    pipeline_precision, pipeline_recall = pipeline_pairs[0], pipeline_pairs[1]
    near_low, near_high = _deciles(near_values)
    params = (f"NUM_PERM={neardup.NUM_PERM}, BANDS={neardup.BANDS}, ROWS={neardup.ROWS}, "
              f"k={neardup.SHINGLE_WORDS}, threshold={neardup.THRESHOLD}")
    return {
        "near_dup_precision": _figure(precision, "ratio", predicted, f"pairwise, {ITEMS:,} items, seed {SEED}; {params}"),
        "near_dup_recall": _figure(recall, "ratio", true, f"pairwise over {true:,} true copy pairs"),
        "near_dup_precision_pipeline": _figure(pipeline_precision, "ratio", pipeline_pairs[2],
                                               "title + text signed, one signature per cluster (its first "
                                               "member), as monitoring.pipeline stores them"),
        "near_dup_recall_pipeline": _figure(pipeline_recall, "ratio", true, "the same, recall"),
        "near_dup_clusters": _figure(len(set(clusters)), "clusters", ITEMS,
                                     f"{len({i.story_id for i in items}):,} true stories"),
        "near_dup_copy_jaccard_p10": _figure(copy_low, "jaccard", min(true, 5_000),
                                             f"exact shingle Jaccard of true copy pairs; p90 {copy_high:.2f}"),
        "near_dup_near_miss_merged": _figure(near_merged / max(near_total, 1), "ratio", near_total,
                                             "near misses (other stories from the same template/school) "
                                             "clustered with the story they resemble"),
        "near_dup_near_miss_jaccard_p90": _figure(near_high, "jaccard", near_total,
                                                  f"exact Jaccard of near misses with their original; p10 {near_low:.2f}"),
        "neardup_signature_per_s": _figure(len(articles) / sum(articles), "signatures/s", len(articles),
                                           f"articles, median {words:.0f} words; mean over all, one core"),
        "neardup_signature_article_ms": _figure(statistics.median(articles) * 1000, "ms", len(articles),
                                                "median signature time of one article"),
        "neardup_signature_article_cpu_ms": _figure(statistics.median(articles_cpu) * 1000, "ms", len(articles),
                                                    "median CPU time (thread) of one article's signature: "
                                                    "compare this one on a busy machine"),
        "near_dup_cluster_items_per_s": _figure(ITEMS / cluster_s, "items/s", ITEMS,
                                                "fold + signature + assign + index, in memory"),
        "stream_generate_s": _figure(generate_s, "s", ITEMS, "bench._monitoring_stream.generate"),
    }


if __name__ == "__main__":
    print(json.dumps(figures(), indent=2, ensure_ascii=False))
