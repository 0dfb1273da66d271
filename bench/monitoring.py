"""Benchmarks of public-opinion monitoring: the item pipeline end to end, the near-duplicate clusters it stores,
search over a million mentions through the inbox's selector, and the quality of the classifiers, the
near-duplicate detector and the topic matcher.

    .venv/bin/python bench/run.py --only monitoring          # what `make bench ONLY=monitoring` runs
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/educomms_bench_monitoring make bench ONLY=monitoring

Phases (BENCH_MONITORING_PHASES, default pipeline,search,quality; a run of some of them keeps the other
phases' last figures for the same database in bench/out/monitoring.json):

pipeline  on a fresh database: a province-like tree (educomms.demo.scale: a department, its divisions,
          communes and ~1,200 schools), 500 generated topic queries saved as Topics of the department
          (a fifth) and its schools (`services.create_topic`), a public news feed of the department; then
          `pipeline.ingest` over a generated stream (20,000 items, seed 3: articles, posts and comments with
          syndicated copies and near misses) in batches of 500, alerts on. Items per CPU second of this
          process (`time.process_time`: the shared machine's load does not lower it; the process first runs
          Django's system checks, as `educomms worker` does) beside a fixed pure-Python loop's CPU time
          before and after (`pipeline_calibration_s`: the machines' speed drifts), wall time in the note,
          each step's share of the time, and pairwise precision/recall of the clusters the pipeline stored
          (`Mention.cluster_id` against the generator's `story_id`). Under the target, another
          2,000 items of the same stream go through under cProfile and the hot spots are printed (and kept
          in var/bench/monitoring_pipeline.profile.txt, raw in .pstats beside it).
search    on a database kept between runs (bench/_monitoring_search.py; BENCH_MONITORING_REBUILD=1 loads it
          again): 1,000,000 mentions on PostgreSQL, 100,000 on SQLite, written by COPY/executemany with
          `search_text` from `monitoring.search.searchable`; 200 queries of 1–3 words through
          `selectors.inbox(officer, MentionFilter(q=...))[:25]`, evaluated, as the department's
          communications officer, typed with diacritics and again without; p50 and p95. Also the
          inbox's status counts (capped) over the same data, median of 7.
quality   no database: `_monitoring_neardup.figures()` (in memory, names ending in _memory),
          `_monitoring_nlp.figures()` (needs ../shared/data), `_monitoring_query.figures()`.

Targets: ≥ 1,000 items/s per core through the pipeline; search p95 ≤ 100 ms on PostgreSQL over a million
mentions. Smaller runs: BENCH_MONITORING_ITEMS, BENCH_MONITORING_TOPICS, BENCH_MONITORING_MENTIONS,
BENCH_MONITORING_SEARCHES; BENCH_MONITORING_SEED, BENCH_MONITORING_BATCH.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import (  # noqa: E402
    BASE_ENV,
    OUT,
    ROOT,
    VAR,
    calibration_s,
    database_label,
    figure,
    log,
    run_phase,
    setup_django,
)

ITEMS = int(os.environ.get("BENCH_MONITORING_ITEMS") or 20_000)
TOPICS = int(os.environ.get("BENCH_MONITORING_TOPICS") or 500)
SEED = int(os.environ.get("BENCH_MONITORING_SEED") or 3)  # not 1, 5 or 9: the seeds the clustering was tuned on
BATCH = int(os.environ.get("BENCH_MONITORING_BATCH") or 500)
SEARCHES = int(os.environ.get("BENCH_MONITORING_SEARCHES") or 200)
PHASES = ("pipeline", "search", "quality")
TREE_UNITS, TREE_PEOPLE = 1_300, 8_000
PROFILED_ITEMS = 1_000
TARGET_ITEMS_PER_S = 1_000
PROFILE_OUT = VAR / "monitoring_pipeline.profile.txt"


def _pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _backend_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (0 on SQLite: it runs in this process)."""
    from django.db import connection

    if not _pg():
        return 0.0
    from bench._directives_load import cpu_of

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cpu_of([cursor.fetchone()[0]])


# --- pipeline -------------------------------------------------------------------------------------------

def phase_pipeline() -> dict[str, Any]:
    setup_django()
    import cProfile

    from bench import _monitoring_pipeline as bench_pipeline
    from bench._monitoring_stream import generate, generate_queries
    from educomms.monitoring.models import Alert, Cluster

    figures: dict[str, Any] = {}
    log(f"tree: {TREE_UNITS:,} units, {TREE_PEOPLE:,} people")
    tree = bench_pipeline.build_tree(units=TREE_UNITS, people=TREE_PEOPLE, seed=SEED)
    started = time.perf_counter()
    topics = bench_pipeline.create_topics(tree, generate_queries(TOPICS, seed=SEED), seed=SEED)
    topics_s = time.perf_counter() - started
    source = bench_pipeline.feed_source(tree)
    log(f"{len(topics)} topics in {topics_s:.1f} s; generating {ITEMS + PROFILED_ITEMS:,} items (seed {SEED})")
    stream = generate(ITEMS + PROFILED_ITEMS, seed=SEED)
    items, tail = stream[:ITEMS], stream[ITEMS:]
    # Start as `educomms worker` does: its management command runs Django's system checks first, which load
    # the URLconf (every app's views) that alert notices reverse into. Otherwise the first batch would pay
    # those two seconds of imports inside the measurement.
    from django.core import checks

    checks.run_checks()
    log(f"ingesting {len(items):,} items in batches of {BATCH}")
    load_before = os.getloadavg()[0]
    calibration_before = calibration_s()
    backend_before = _backend_cpu()
    measured = bench_pipeline.run(source, items, batch_size=BATCH)
    backend_s = _backend_cpu() - backend_before
    calibration = (calibration_before, calibration_s())
    rate = measured.items / measured.cpu_s
    log(f"  {rate:,.0f} items per CPU second; wall {measured.wall_s:.1f} s ({measured.items / measured.wall_s:,.0f}/s)")
    db_note = (f"; the PostgreSQL backend used another {backend_s:.1f} CPU s ({measured.items / (measured.cpu_s + backend_s):,.0f} "
               "items/s counting both)" if _pg() else "; SQLite runs in this process, so its work is counted")
    figures["pipeline_calibration_s"] = figure(
        statistics.mean(calibration), "s", 2,
        f"a fixed pure-Python loop's CPU time just before and after the measurement ({calibration[0]:.3f} s, "
        f"{calibration[1]:.3f} s; bench._support.calibration_s): compare items per second across runs next to it")
    figures["pipeline_items_per_s_core"] = figure(
        rate, "items/s", measured.items,
        f"target ≥ {TARGET_ITEMS_PER_S:,}; pipeline.ingest, batches of {BATCH}, alerts on, {len(topics)} topics; "
        f"per CPU second of this process ({measured.cpu_s:.1f} s); wall {measured.wall_s:.1f} s = "
        f"{measured.items / measured.wall_s:,.0f} items/s at load {load_before:.1f}{db_note}")
    total = sum(measured.steps.values())
    for step, seconds in sorted(measured.steps.items(), key=lambda kv: -kv[1]):
        figures[f"pipeline_share_{step}"] = figure(100 * seconds / measured.wall_s, "%", measured.batches,
                                                   f"{seconds:.1f} s wall of {measured.wall_s:.1f} s")
    figures["pipeline_share_other"] = figure(100 * (measured.wall_s - total) / measured.wall_s, "%", measured.batches,
                                             "outside the timed steps: transactions, building RawItems")
    figures["pipeline_stored"] = figure(measured.stored, "mentions", measured.items,
                                        f"{measured.duplicates:,} duplicates dropped, {measured.matched:,} topic "
                                        f"matches ({measured.matched / max(measured.stored, 1):.2f} per mention), "
                                        f"{Cluster.objects.count():,} clusters, {Alert.objects.count():,} alerts")
    precision, recall, predicted, true, compared = bench_pipeline.stored_pairwise(items)
    note = (f"pairwise over the {compared:,} stored mentions (Mention.cluster_id vs the generator's story_id; "
            f"unclustered = singleton), stream seed {SEED}")
    figures["near_dup_precision"] = figure(precision, "ratio", predicted, note)
    figures["near_dup_recall"] = figure(recall, "ratio", true, f"over {true:,} true copy pairs; same run")
    if rate < TARGET_ITEMS_PER_S:
        figures.update(_profile(bench_pipeline, source, tail, cProfile.Profile()))
    return figures


def _profile(bench_pipeline: Any, source: Any, tail: list[Any], profile: Any) -> dict[str, Any]:
    log(f"under target: profiling {len(tail):,} more items of the same stream")
    profiled = bench_pipeline.run(source, tail, batch_size=BATCH, profile=profile, progress_every=0)
    text = bench_pipeline.hot_spots(profile)
    VAR.mkdir(parents=True, exist_ok=True)
    PROFILE_OUT.write_text(text)
    profile.dump_stats(PROFILE_OUT.with_suffix(".pstats"))  # for pstats: callers and callees of a step
    print(text, flush=True)
    steps = ", ".join(f"{s} {100 * v / profiled.wall_s:.0f} %" for s, v in
                      sorted(profiled.steps.items(), key=lambda kv: -kv[1]))
    return {"pipeline_profiled_items_per_s": figure(
        profiled.items / profiled.cpu_s, "items/s", profiled.items,
        f"the next {profiled.items:,} items under cProfile (slower by its overhead): {steps}; "
        f"top functions in {PROFILE_OUT.relative_to(ROOT)}")}


# --- search ---------------------------------------------------------------------------------------------

def _search_default() -> int:
    return 1_000_000 if os.environ.get("BENCH_DATABASE_URL") else 100_000


def phase_search() -> dict[str, Any]:
    """Exit 3 when the database holds something else than the marker says: the caller drops it and retries."""
    setup_django()
    from bench import _monitoring_search as search
    from educomms.org.models import Person, Unit

    label = database_label()
    want = search.wanted(_search_default())
    if search.DATABASE.is_ready(label, asdict(want)) and search.holds(want):
        log(f"reusing {want.mentions:,} mentions (marker matches)")
        seconds, reused = search.DATABASE.seconds(label), True
    else:
        if Unit.objects.exists():
            log("the search database holds other data than wanted: loading again")
            sys.exit(3)
        log(f"loading {want.mentions:,} mentions")
        seconds, reused = search.load(want), False
        search.DATABASE.write_marker(label, asdict(want), seconds)
        log(f"  loaded in {seconds['total']:.0f} s")
    suffix = "postgres" if _pg() else "sqlite"
    officer = search.officer()
    phrases = search.queries(SEARCHES + 20, seed=want.seed + 1)
    warmup, phrases = phrases[:20], phrases[20:]
    from educomms.core.text import fold

    how = "reused; loaded earlier in" if reused else "loaded in"
    target = "target p95 ≤ 100 ms on PostgreSQL" + ("" if _pg() else " (this is SQLite, over fewer mentions)")
    figures: dict[str, Any] = {
        "search_mentions": figure(want.mentions, "mentions", 1,
                                  f"{how} {seconds['total']:.0f} s (mentions {seconds.get('mentions', 0):.0f} s, "
                                  f"indexes {seconds.get('indexes', 0):.0f} s)"),
    }
    runs = [
        (f"search_p95_ms_{suffix}", officer, phrases, "with diacritics, as the department's communications officer"),
        (f"search_p95_ms_{suffix}_folded", officer, [fold(p) for p in phrases],
         "the same queries typed without diacritics (folded), the same officer"),
        (f"search_p95_ms_{suffix}_superuser", Person.objects.filter(is_superuser=True).first(), phrases,
         "with diacritics, as a system administrator (no scope check)"),
    ]
    for name, user, queries, who in runs:
        timing = search.time_searches(user, queries, warmup=warmup)
        log(f"  {name}: p95 {timing.p95_ms:.1f} ms, p50 {timing.p50_ms:.1f} ms")
        figures[name] = figure(timing.p95_ms, "ms", timing.n,
                               f"{target}; p50 {timing.p50_ms:.1f} ms; {who}; selectors.inbox(user, "
                               f"MentionFilter(q=...))[:25] evaluated over {want.mentions:,} mentions; 1–3 words; "
                               f"{timing.full} queries filled the page, {timing.empty} found nothing")
    figures[f"inbox_status_counts_ms_{suffix}"] = _status_counts_ms(officer, want.mentions)
    return figures


def _status_counts_ms(officer: Any, mentions: int) -> dict[str, Any]:
    """The inbox's other query that grows with the data: new and assigned mentions in the officer's units."""
    from educomms.monitoring import selectors

    times = []
    for _ in range(7):
        started = time.perf_counter()
        counts = selectors.status_counts(officer)
        times.append((time.perf_counter() - started) * 1000)
    median = sorted(times)[len(times) // 2]
    return figure(median, "ms", len(times), f"median; selectors.status_counts (capped at {selectors.STATUS_COUNT_CAP:,}) "
                                            f"as the department's officer over {mentions:,} mentions: "
                                            + ", ".join(f"{status} {n:,}" for status, n in counts.items()))


def _run_search() -> tuple[dict[str, Any], bool]:
    from bench import _monitoring_search as search

    label = database_label()
    if os.environ.get("BENCH_MONITORING_REBUILD"):
        search.DATABASE.drop(label)
    out = VAR / "monitoring-search.phase.json"
    for attempt in range(2):
        env = {**os.environ, **BASE_ENV, **search.DATABASE.env()}
        out.unlink(missing_ok=True)
        done = subprocess.run([sys.executable, __file__, "--phase", "search", "--phase-out", str(out)], env=env,
                              cwd=ROOT, check=False)
        if done.returncode == 0:
            return json.loads(out.read_text()), True
        if done.returncode != 3 or attempt:
            print(f"  phase 'search' failed (exit {done.returncode})", file=sys.stderr)
            return (json.loads(out.read_text()) if out.exists() else {}), False
        search.DATABASE.drop(label)
    raise AssertionError("unreachable")


# --- quality (no database) ------------------------------------------------------------------------------

def quality() -> dict[str, Any]:
    from bench import _monitoring_neardup, _monitoring_nlp, _monitoring_query

    figures: dict[str, Any] = {}
    log("near-duplicates in memory (_monitoring_neardup)")
    for name, row in _monitoring_neardup.figures().items():
        figures[f"{name}_memory" if name.startswith("near_dup_") else name] = row
    log("classifiers on reference data (_monitoring_nlp)")
    nlp = _monitoring_nlp.figures()
    figures.update(nlp or {"vsfc_dev_weighted_f1": {
        "value": "not measured", "unit": "", "n": 0,
        "note": f"reference data not found under {_monitoring_nlp.DATA} (UIT-VSFC, ViHSD): no classifier figures"}})
    log("topic matcher (_monitoring_query)")
    figures.update(_monitoring_query.figures())
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", choices=["pipeline", "search"])
    parser.add_argument("--phase-out")
    parser.add_argument("--phases", default=os.environ.get("BENCH_MONITORING_PHASES", ",".join(PHASES)))
    args = parser.parse_args()
    if args.phase:
        measured = phase_pipeline() if args.phase == "pipeline" else phase_search()
        Path(args.phase_out).write_text(json.dumps(measured))
        return
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    if not phases or set(phases) - set(PHASES):
        sys.exit(f"monitoring: phases are {', '.join(PHASES)}, not {args.phases!r}")
    started = time.perf_counter()
    load = os.getloadavg()
    figures: dict[str, Any] = {}
    failed = []
    for phase in phases:
        print(f"monitoring: phase {phase} on {database_label()}", flush=True)
        if phase == "pipeline":
            measured, finished = run_phase(__file__, "pipeline", "monitoring-pipeline")
        elif phase == "search":
            measured, finished = _run_search()
        else:
            measured, finished = quality(), True
        figures.update(measured)
        if not finished:
            failed.append(phase)
    figures["bench_total_s"] = figure(time.perf_counter() - started, "s", 1,
                                      f"load average {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; "
                                      f"{os.cpu_count()} CPUs")
    OUT.mkdir(parents=True, exist_ok=True)
    kept = OUT / f"monitoring.{database_label()}.json"
    if set(phases) != set(PHASES) and kept.exists():  # some phases: the others' last figures stay
        figures = {**json.loads(kept.read_text()), **figures}
    text = json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
    (OUT / "monitoring.json").write_text(text)
    kept.write_text(text)
    url = os.environ.get("BENCH_DATABASE_URL")
    print(f"monitoring: rerun with {'BENCH_DATABASE_URL=' + url + ' ' if url else ''}make bench ONLY=monitoring"
          + ("" if url else "   (PostgreSQL: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/"
                            "educomms_bench_monitoring make bench ONLY=monitoring)"), flush=True)
    if failed:
        sys.exit(f"monitoring: phase(s) {', '.join(failed)} failed; their figures are missing")


if __name__ == "__main__":
    main()
