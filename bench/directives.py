"""Benchmarks of directives: issuing receipts down the tree (against PostgreSQL's COPY), the coverage roll-up,
acknowledgments per second through the API under gunicorn, and a kill-and-resume check of the issuing job.

    .venv/bin/python bench/run.py --only directives          # what `make bench ONLY=directives` runs
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/educomms_bench_directives make bench ONLY=directives

Two phases, each in its own process on a fresh database (SQLite under var/bench/ by default):

province  generate province scale (50,000 people); issue a directive from the department to its whole
          subtree through `services.issue_directive` + the issuing task run synchronously (one warm-up,
          then n runs, each into an emptied receipts table); on PostgreSQL the COPY baseline for the same
          rows; the roll-up at the department; the reliability check (the issuing worker, a subprocess, is
          SIGKILLed after a few chunks; `resume_stalled_issues` queues the job again; it must finish with
          every recipient's receipt exactly once and the per-unit counters adding up).
national  generate national scale (54,000 units, 1.7 million people); issue from the ministry to everyone
          (n = 1); on PostgreSQL the COPY baseline (same rows, same table, truncated before each of 3
          loads); the roll-up (coverage.totals + coverage.children) at the root; on PostgreSQL,
          acknowledgments per second: gunicorn (2 workers × 4 threads, as `educomms serve`), concurrent
          clients POSTing /api/v1/directives/receipts/{id}/acknowledge with bearer tokens, each for
          distinct receipts of distinct people; afterwards the database must hold exactly the
          acknowledgments the clients were told succeeded.

Targets (issue 4): issuing ≤ 2 × COPY; roll-up ≤ 1 s national; ≥ 500 acknowledgments/s on PostgreSQL.
Nothing here asserts a timing. Smaller national tree for a quick try:
BENCH_NATIONAL_UNITS=5400 BENCH_NATIONAL_PEOPLE=170000; BENCH_ACK_CLIENTS (16), BENCH_ACK_SECONDS (20).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import OUT, database_label, figure, log, run_phase, setup_django, timed  # noqa: E402

PROVINCE_RUNS = 3
COPY_RUNS = 3
ROLLUP_RUNS = 5
ACK_CLIENTS = int(os.environ.get("BENCH_ACK_CLIENTS") or 16)
ACK_SECONDS = float(os.environ.get("BENCH_ACK_SECONDS") or 20)
ACK_WARMUP_SECONDS = 8.0
ACK_TOKENS_PER_SECOND = 1_500  # receipts (and tokens) prepared per second of load: more than can be used
KILL_CHUNK_UNITS = 40
DOUBLE_ACKS = 300
FAILURES: list[str] = []
KILL_AFTER_CHUNKS = 5


def _load(name: str) -> dict[str, Any]:
    """The machine's 1-minute load average (timings compare only at similar load)."""
    one, five, _ = os.getloadavg()
    return {name: figure(one, "load", 1, f"1-min load average at the start of the phase (5-min: {five:.2f}); "
                                         f"{os.cpu_count()} CPUs")}


def _pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _checkpoint() -> None:
    """Start a timed write from a clean state: PostgreSQL flushes dirty pages, SQLite its WAL."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT" if _pg() else "PRAGMA wal_checkpoint(TRUNCATE)")


def _empty_receipts() -> None:
    from django.db import connection

    from educomms.directives.models import DirectiveUnitCount, Receipt

    tables = [Receipt._meta.db_table, DirectiveUnitCount._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{'TRUNCATE' if _pg() else 'DELETE FROM'} {connection.ops.quote_name(table)}")


def _analyze() -> None:
    from django.db import connection

    from educomms.directives.models import DirectiveUnitCount, Receipt

    with connection.cursor() as cursor:
        for model in (Receipt, DirectiveUnitCount):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _copy(directive: Any, issued_s: float, label: str) -> dict[str, Any]:
    from bench._directives_data import copy_baseline

    log(f"COPY baseline ({label})")
    seconds, rows, runs = copy_baseline(directive, runs=COPY_RUNS)
    log(f"  COPY of {rows:,} rows: {', '.join(f'{s:.2f}' for s in runs)} s")
    ratio = issued_s / seconds if seconds else 0.0
    return {
        f"copy_{label}_s_postgres": figure(seconds, "s", COPY_RUNS, f"{rows:,} receipt rows into the same table"),
        f"issue_to_copy_{label}_postgres": figure(ratio, "ratio", 1, "target ≤ 2"),
    }


def _rollup(directive: Any, unit: Any, name: str, runs: int) -> dict[str, Any]:
    from bench._directives_data import rollup
    from educomms.directives.models import DirectiveUnitCount, Receipt
    from educomms.org.models import subtree_q

    seconds, (totals, children) = timed(lambda: rollup(directive, unit), n=runs)
    units = DirectiveUnitCount.objects.filter(subtree_q(unit.path, "unit_path"), directive=directive).count()
    receipts = Receipt.objects.filter(subtree_q(unit.path, "unit_path"), directive=directive).count()
    assert totals.recipients == receipts == sum(c.recipients for c in children), (totals.recipients, receipts)
    return {name: figure(seconds, "s", runs, f"{units:,} unit counters, {len(children)} child rows, "
                                             f"{totals.recipients:,} recipients")}


def phase_province() -> dict[str, Any]:
    setup_django()
    from bench._directives_data import department_director, issue, kill_and_resume
    from educomms.demo.scale import SCALES, generate

    figures: dict[str, Any] = _load("load_province")
    log("generating province scale")
    scale = SCALES["province"]
    result = generate(units=scale.units, people=scale.people, provinces=scale.provinces)
    figures["generate_province_s"] = figure(result.seconds, "s", 1)
    director, department = department_director()
    log("issuing to the province (warm-up)")
    issue(director, department, "Chạy khởi động")
    times, issued = [], None
    for i in range(PROVINCE_RUNS):
        _empty_receipts()
        _checkpoint()
        issued = issue(director, department, f"Văn bản thử tải số {i + 1}")
        log(f"  issued {issued.receipts:,} receipts in {issued.seconds:.2f} s ({len(issued.job.chunks) - 1} chunks)")
        times.append(issued.seconds)
    assert issued is not None
    seconds = sorted(times)[len(times) // 2]
    figures["issue_province_s"] = figure(seconds, "s", PROVINCE_RUNS,
                                         f"{issued.receipts:,} receipts, {len(issued.job.chunks) - 1} chunks; "
                                         "service + task, into an emptied table")
    if _pg():
        figures.update(_copy(issued.directive, seconds, "province"))
    figures.update(_rollup(issued.directive, department, "coverage_rollup_province_ms", 20))
    figures["coverage_rollup_province_ms"]["value"] = round(figures["coverage_rollup_province_ms"]["value"] * 1000, 3)
    figures["coverage_rollup_province_ms"]["unit"] = "ms"

    log("reliability: kill the issuing worker mid-way, resume")
    check = kill_and_resume(director, department, chunk_units=KILL_CHUNK_UNITS, kill_after=KILL_AFTER_CHUNKS)
    log(f"  {check}")
    figures["kill_resume_receipts"] = figure(
        check.receipts, "receipts", 1,
        f"OK: killed after {check.killed_after_chunks}/{check.chunks} chunks with {check.receipts_at_kill:,} "
        f"receipts; resumed by resume_stalled_issues: {check.resumed}; {check.duplicates} duplicates; "
        f"counters {check.counters:,} = expected {check.expected:,}")
    return figures


def _backend_pids() -> list[int]:
    """PostgreSQL backends connected to the bench database (the gunicorn threads' connections), except ours."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def _acks(directive: Any) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Sum

    from bench._directives_data import ack_sample, tokens_for
    from bench._directives_load import WORKERS, Server, acknowledge, cpu_of, server_env, worker_pids
    from educomms.directives.models import DirectiveUnitCount, Receipt

    wanted = int((ACK_SECONDS + ACK_WARMUP_SECONDS) * ACK_TOKENS_PER_SECOND)
    log(f"acknowledgments: {wanted:,} receipts of distinct people, an API token each")
    sample = ack_sample(directive, wanted)
    secrets_by_person = tokens_for([pid for _, pid in sample])
    items = [(rid, secrets_by_person[pid]) for rid, pid in sample]
    double, items = items[:DOUBLE_ACKS], items[DOUBLE_ACKS:]
    warm, measured = items[: len(items) // 8], items[len(items) // 8:]

    def split(rows: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
        return [rows[i::ACK_CLIENTS] for i in range(ACK_CLIENTS)]

    before = Receipt.objects.filter(directive=directive, acknowledged_at__isnull=False).count()
    connection.close()
    with Server(server_env({})) as server:
        log(f"gunicorn on :{server.port}; warm-up {ACK_WARMUP_SECONDS:.0f} s")
        warmup = acknowledge(server.port, split(warm), seconds=ACK_WARMUP_SECONDS)
        log(f"  warm-up: {warmup.describe()}")
        assert server.process is not None
        workers, backends = worker_pids(server.process.pid), _backend_pids()
        cpu_before = cpu_of(workers), cpu_of(backends)
        result = acknowledge(server.port, split(measured), seconds=ACK_SECONDS)
        web_ms = 1000 * (cpu_of(workers) - cpu_before[0]) / max(result.ok, 1)
        db_ms = 1000 * (cpu_of(backends) - cpu_before[1]) / max(result.ok, 1)
        cpu_ms = web_ms + db_ms
        log(f"  {ACK_CLIENTS} clients: {result.describe()}; CPU per acknowledgment: {web_ms:.1f} ms in the "
            f"gunicorn workers + {db_ms:.1f} ms in their {len(backends)} PostgreSQL backends")
        # Reliability: the same receipts acknowledged by 4 clients at once must count once.
        twice = acknowledge(server.port, [double] * 4, seconds=60)
        log(f"  the same {len(double)} receipts by 4 clients at once: {twice.describe()}")
    acknowledged = set(Receipt.objects.filter(directive=directive, acknowledged_at__isnull=False)
                       .values_list("id", flat=True))
    told = set(warmup.acknowledged_ids) | set(result.acknowledged_ids)
    counters = DirectiveUnitCount.objects.filter(directive=directive).aggregate(s=Sum("acknowledged"))["s"] or 0
    double_ids = {rid for rid, _ in double}
    assert len(acknowledged) - before == warmup.ok + result.ok + len(double) and told <= acknowledged, (
        len(acknowledged), before, warmup.ok, result.ok)
    assert double_ids <= acknowledged and set(twice.acknowledged_ids) <= double_ids, "double acknowledgments"
    assert counters == len(acknowledged), (counters, len(acknowledged))
    note = (f"POST /api/v1/directives/receipts/{{id}}/acknowledge, bearer tokens; {ACK_CLIENTS} clients, "
            f"gunicorn 2 workers × 4 threads; DB holds exactly the {warmup.ok + result.ok:,} acknowledgments "
            f"answered 200, counters agree")
    if set(result.statuses) - {200} or result.errors:
        note += f"; non-200 {dict(result.statuses)}, errors {result.errors}: {result.first_failure}"
    figures = {f"acks_per_s_{'postgres' if _pg() else 'sqlite'}": figure(result.per_second, "acks/s", result.ok, note)}
    figures["ack_cpu_ms"] = figure(
        cpu_ms, "ms CPU", result.ok,
        f"CPU time (user + system) per acknowledgment in the measured run: {web_ms:.1f} ms in the gunicorn "
        f"workers + {db_ms:.1f} ms in their PostgreSQL backends; on {WORKERS} otherwise idle cores the server side alone would allow about "
        f"{WORKERS * 1000 / cpu_ms if cpu_ms else 0:,.0f}/s (an estimate, not a measurement)")
    figures["double_ack_receipts"] = figure(
        len(double), "receipts", twice.ok + sum(n for c, n in twice.statuses.items() if c != 200),
        f"OK: {len(double)} receipts each acknowledged by 4 clients at once ({twice.ok:,} answers 200, "
        f"other {dict((c, n) for c, n in twice.statuses.items() if c != 200)}): counted once each, counters agree")
    return figures


def phase_national() -> dict[str, Any]:
    setup_django()
    from bench._directives_data import department_director, issue, minister
    from educomms.demo.scale import SCALES, generate

    units = int(os.environ.get("BENCH_NATIONAL_UNITS") or SCALES["national"].units)
    people = int(os.environ.get("BENCH_NATIONAL_PEOPLE") or SCALES["national"].people)
    figures: dict[str, Any] = _load("load_national")
    log(f"generating national scale ({units:,} units, {people:,} people)")
    result = generate(units=units, people=people, provinces=SCALES["national"].provinces)
    log(f"generated in {result.seconds:.1f} s")
    figures["generate_national_s"] = figure(result.seconds, "s", 1, f"{result.units:,} units, {result.people:,} people")
    suffix = "postgres" if _pg() else "sqlite"
    actor, root = minister()
    _checkpoint()
    log("issuing to the whole national tree")
    issued = issue(actor, root, "Văn bản gửi toàn ngành (thử tải)")
    log(f"  issued {issued.receipts:,} receipts in {issued.seconds:.1f} s ({len(issued.job.chunks) - 1} chunks)")
    figures[f"issue_national_s_{suffix}"] = figure(
        issued.seconds, "s", 1, f"{issued.receipts:,} receipts, {len(issued.job.chunks) - 1} chunks; service + task")
    _analyze()
    if _pg():
        figures.update(_copy(issued.directive, issued.seconds, "national"))
    log("coverage roll-up")
    figures.update(_rollup(issued.directive, root, "coverage_rollup_national_s", ROLLUP_RUNS))
    _, department = department_director()
    dept = _rollup(issued.directive, department, "coverage_rollup_department_ms", 20)
    dept["coverage_rollup_department_ms"].update(value=round(dept["coverage_rollup_department_ms"]["value"] * 1000, 3),
                                                 unit="ms")
    figures.update(dept)
    if _pg():
        try:
            figures.update(_acks(issued.directive))
        except (AssertionError, SystemExit, OSError) as exc:  # keep the figures above; the phase still fails
            log(f"acknowledgments failed: {exc!r}")
            FAILURES.append(f"acks: {exc!r}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", choices=["province", "national"])
    parser.add_argument("--phase-out")
    parser.add_argument("--phases", default=os.environ.get("BENCH_PHASES", "province,national"),
                        help="which phases to run (default: province,national)")
    args = parser.parse_args()
    if args.phase:
        measured = phase_province() if args.phase == "province" else phase_national()
        Path(args.phase_out).write_text(json.dumps(measured))
        if FAILURES:
            sys.exit("; ".join(FAILURES))
        return
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    failed = []
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    if not phases or set(phases) - {"province", "national"}:
        sys.exit(f"directives: phases are province and/or national, not {args.phases!r}")
    for phase in phases:
        print(f"directives: phase {phase} on {database_label()}", flush=True)
        phase_figures, finished = run_phase(__file__, phase, f"directives-{phase}")
        figures.update(phase_figures)
        if not finished:
            failed.append(phase)
    figures["bench_total_s"] = figure(time.perf_counter() - started, "s", 1)
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
    (OUT / "directives.json").write_text(text)
    (OUT / f"directives.{database_label()}.json").write_text(text)
    url = os.environ.get("BENCH_DATABASE_URL")
    print(f"directives: rerun with {'BENCH_DATABASE_URL=' + url + ' ' if url else ''}make bench ONLY=directives"
          + ("" if url else "   (PostgreSQL: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/"
                            "educomms_bench_directives make bench ONLY=directives)"), flush=True)
    if failed:
        sys.exit(f"directives: phase(s) {', '.join(failed)} failed; their figures are missing")


if __name__ == "__main__":
    main()
