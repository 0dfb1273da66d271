"""Helpers of the directives benchmark: issuing through the services, the COPY baseline, API tokens in
bulk, the coverage roll-up and the kill-and-resume check. Called from bench/directives.py inside a phase
process (Django set up on the phase's fresh database)."""

import io
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def department_director() -> tuple[Any, Any]:
    """The head of the first department (holds ISSUE_DIRECTIVE and VIEW_COVERAGE over it)."""
    from educomms.org.models import Membership, Unit
    from educomms.org.roles import Role

    membership = (Membership.objects.filter(role=Role.HEAD, unit__kind=Unit.Kind.DEPARTMENT)
                  .select_related("person", "unit").order_by("unit__code").first())
    assert membership is not None, "no department head: was the tree generated?"
    return membership.person, membership.unit


def minister() -> tuple[Any, Any]:
    """The head of the ministry (the root): issues to the whole national tree."""
    from educomms.org.models import Membership
    from educomms.org.roles import Role

    membership = (Membership.objects.filter(role=Role.HEAD, unit__parent=None)
                  .select_related("person", "unit").order_by("pk").first())
    assert membership is not None, "no head of the root unit"
    return membership.person, membership.unit


def draft(actor: Any, unit: Any, title: str, **kwargs: Any) -> Any:
    """A draft to every current member of `unit`'s subtree, through the service."""
    from educomms.directives import services
    from educomms.directives.targeting import TargetSpec

    return services.create_directive(actor=actor, unit=unit, title=title, targets=[TargetSpec(unit=unit)],
                                     number_symbol="125/SGDĐT-VP", summary="Văn bản thử tải (bench).", **kwargs)


@dataclass
class Issued:
    directive: Any
    job: Any
    seconds: float
    receipts: int


def issue(actor: Any, unit: Any, title: str) -> Issued:
    """Draft (not timed), then issue: `services.issue_directive` and the issuing task run synchronously in
    this process, as a worker would run it. Timed: from the service call to the job's end."""
    from educomms.directives import services
    from educomms.directives.models import IssueJob, Receipt
    from educomms.directives.tasks import run_issue

    directive = draft(actor, unit, title)
    started = time.perf_counter()
    job = services.issue_directive(actor=actor, directive=directive)
    run_issue.call(job_id=job.pk)
    seconds = time.perf_counter() - started
    job = IssueJob.objects.get(pk=job.pk)
    assert job.state == IssueJob.State.DONE, (job.state, job.error)
    receipts = Receipt.objects.filter(directive=directive).count()
    assert receipts == job.total == job.done, (receipts, job.total, job.done)
    return Issued(directive=directive, job=job, seconds=seconds, receipts=receipts)


# --- COPY baseline (PostgreSQL) ---------------------------------------------------------------------------

def copy_baseline(directive: Any, *, runs: int) -> tuple[float, int, list[float]]:
    """How long PostgreSQL's COPY takes to load `directive`'s receipt rows into the receipts table.

    The rows are exported once (COPY … TO STDOUT, text format, not timed); then, `runs` times: TRUNCATE
    the receipts table, COPY the same bytes back in one transaction (timed, commit included). The table
    keeps its indexes and constraints, as the issuing job finds them. Afterwards the table holds exactly
    the rows it held before (ids included). Returns (median seconds, rows, every run's seconds)."""
    import statistics

    from django.db import connection, transaction

    from educomms.directives.models import Receipt

    table = connection.ops.quote_name(Receipt._meta.db_table)
    columns = [str(f.column) for f in Receipt._meta.concrete_fields]
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY (SELECT {column_sql} FROM {table} WHERE directive_id = %s ORDER BY id) TO STDOUT",  # noqa: S608
                      [directive.pk]) as copy:
            for block in copy:
                buffer.write(block)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        (total,) = cursor.fetchone()
    data = buffer.getvalue()
    rows = data.count(b"\n")
    assert rows == total, f"the receipts table holds other rows too ({total:,} vs {rows:,}): COPY baseline needs only one directive's"
    times = []
    for _ in range(runs):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")
            cursor.execute("CHECKPOINT")  # start each load from the same clean state
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                view = memoryview(data)
                for i in range(0, len(data), 1 << 20):
                    copy.write(view[i:i + (1 << 20)])
        times.append(time.perf_counter() - started)
        assert Receipt.objects.count() == rows
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return statistics.median(times), rows, times


# --- coverage ---------------------------------------------------------------------------------------------

def rollup(directive: Any, unit: Any) -> tuple[Any, list[Any]]:
    """What the coverage page's first level reads: the subtree's totals and one row per child unit."""
    from educomms.directives import coverage

    return coverage.totals(directive, unit), coverage.children(directive, unit)


# --- API tokens -------------------------------------------------------------------------------------------

def tokens_for(person_ids: list[int]) -> dict[int, str]:
    """One API token per person, written in bulk (as `api.services.create_token` would write them, without
    the audit event per token: this is set-up, not what is measured). Returns person id → secret."""
    from educomms.api.models import ApiToken
    from educomms.api.services import KEY_MARK, hash_secret

    secrets_by_person = {pid: KEY_MARK + secrets.token_urlsafe(32) for pid in person_ids}
    ApiToken.objects.bulk_create([
        ApiToken(person_id=pid, name="bench", key_prefix=secret[:ApiToken.PREFIX_LENGTH], key_hash=hash_secret(secret))
        for pid, secret in secrets_by_person.items()], batch_size=5_000)
    return secrets_by_person


def ack_sample(directive: Any, n: int, seed: int = 4) -> list[tuple[int, int]]:
    """(receipt id, person id) of `n` unacknowledged receipts of distinct people, spread over the tree."""
    import random

    from educomms.directives.models import Receipt

    ids = list(Receipt.objects.filter(directive=directive, acknowledged_at__isnull=True).order_by()
               .values_list("id", flat=True))
    rng = random.Random(seed)
    chosen = sorted(rng.sample(ids, min(n, len(ids))))
    return list(Receipt.objects.filter(id__in=chosen).order_by("id").values_list("id", "person_id"))


# --- reliability: kill the issuing worker, resume ---------------------------------------------------------

WORKER = """
import os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from educomms.directives import issuing
from educomms.directives.tasks import run_issue
issuing.CHUNK_UNITS = int(os.environ["BENCH_CHUNK_UNITS"])
run_issue.call(job_id=int(os.environ["BENCH_JOB_ID"]))
"""


@dataclass
class KillCheck:
    chunks: int
    killed_after_chunks: int
    receipts_at_kill: int
    receipts: int
    expected: int
    duplicates: int
    counters: int
    resumed: bool


def kill_and_resume(actor: Any, unit: Any, *, chunk_units: int, kill_after: int) -> KillCheck:
    """Issue a directive, run its job in a worker subprocess (small chunks) and SIGKILL it once
    `kill_after` chunks have committed; then let `resume_stalled_issues` queue it again and run that task
    here. Checks: the job finishes, every recipient has exactly one receipt, the per-unit counters add up."""
    from datetime import timedelta

    from django.db import connection
    from django.db.models import Count, Sum

    from educomms.directives import services, targeting
    from educomms.directives.models import DirectiveUnitCount, IssueJob, Receipt
    from educomms.directives.tasks import run_issue

    directive = draft(actor, unit, "Kiểm tra độ tin cậy: dừng đột ngột khi đang gửi")
    job = services.issue_directive(actor=actor, directive=directive)
    expected = targeting.preview(targeting.specs_of(directive.pk)).people
    connection.close()  # the worker gets the database to itself until the kill (SQLite: no lock waits)
    env = {**os.environ, "BENCH_JOB_ID": str(job.pk), "BENCH_CHUNK_UNITS": str(chunk_units)}
    worker = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env)
    deadline = time.time() + 300
    killed_after = -1
    while time.time() < deadline and worker.poll() is None:
        done_chunks = IssueJob.objects.filter(pk=job.pk).values_list("next_chunk", flat=True).first() or 0
        if done_chunks >= kill_after:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            killed_after = done_chunks
            break
        time.sleep(0.005)
    if killed_after < 0:
        worker.wait()
        raise SystemExit(f"the issuing worker finished (exit {worker.returncode}) before it could be killed")
    connection.close()
    time.sleep(0.5)  # PostgreSQL notices the dead client and rolls its open transaction back
    job = IssueJob.objects.get(pk=job.pk)
    at_kill = Receipt.objects.filter(directive=directive).count()
    assert job.state == IssueJob.State.RUNNING and at_kill < expected, (job.state, at_kill, expected)
    # Production: the cron job `resume_stalled_issues` queues it again; here its task runs synchronously.
    queued = services.resume_stalled_issues(older_than=timedelta(0))
    resumed = job.pk in queued
    run_issue.call(job_id=job.pk)
    job = IssueJob.objects.get(pk=job.pk)
    receipts = Receipt.objects.filter(directive=directive).count()
    duplicates = (Receipt.objects.filter(directive=directive).values("person_id").annotate(n=Count("id"))
                  .filter(n__gt=1).count())
    counters = DirectiveUnitCount.objects.filter(directive=directive).aggregate(s=Sum("recipients"))["s"] or 0
    assert job.state == IssueJob.State.DONE, (job.state, job.error)
    assert receipts == expected and duplicates == 0 and counters == receipts and job.done == receipts, (
        receipts, expected, duplicates, counters, job.done)
    return KillCheck(chunks=len(job.chunks) - 1, killed_after_chunks=killed_after, receipts_at_kill=at_kill,
                     receipts=receipts, expected=expected, duplicates=duplicates, counters=counters, resumed=resumed)
