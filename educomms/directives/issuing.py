"""Writing receipts in bulk: the issuing job (chunked, resumable) and the one insert it shares with
forwarding.

Each chunk is one transaction: one set-based statement

    INSERT INTO directives_receipt (directive_id, person_id, unit_id, unit_path, role, …, delivered_at)
    SELECT <directive>, m.person_id, m.unit_id, u.path, m.role, <now>
      FROM org_membership m JOIN org_unit u ... JOIN org_person p ...
     WHERE <targets> AND u.path >= <chunk start> AND u.path < <chunk end>
    ON CONFLICT DO NOTHING

(the same text on PostgreSQL and SQLite), then the chunk's per-unit counters from the receipts just
written, then the job's cursor. A worker killed anywhere leaves either the whole chunk or nothing; the
next run starts at the first unfinished chunk, and the unique (directive, person) constraint makes any
overlap harmless.
"""

import logging
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, IntegerField, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.org.models import Membership

from . import targeting
from .models import Directive, DirectiveStatus, DirectiveUnitCount, IssueJob, Receipt

logger = logging.getLogger(__name__)

# Target units per chunk: at national scale (54,000 units, ~31 people each) about 110 chunks of
# ~15,000 receipts — a progress bar that moves, and transactions of a fraction of a second.
CHUNK_UNITS = 500
# Sorts after every path ("/" and digits): the end of the last chunk.
PATH_END = "~"


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_receipts(*, directive: Directive, memberships: QuerySet[Membership], forward_id: int | None = None,
                    now: Any = None) -> int:
    """Receipts for the people of `memberships` who have none yet for `directive`; returns how many were
    written. One INSERT … SELECT … ON CONFLICT DO NOTHING. Call inside a transaction."""
    when = now or timezone.now()
    rows = memberships.order_by().values_list(
        Value(directive.pk, output_field=IntegerField()), "person_id", "unit_id", "unit__path", "role",
        Value(forward_id, output_field=IntegerField()), Value(when, output_field=DateTimeField()),
        Value("", output_field=CharField()))
    select_sql, params = rows.query.sql_with_params()
    columns = ", ".join(_qn(str(Receipt._meta.get_field(name).column))  # type: ignore[union-attr]  # concrete fields
                        for name in ("directive", "person", "unit", "unit_path", "role", "forward", "delivered_at",
                                     "ack_comment"))
    # Identifiers come from the models; values are parameters of the SELECT.
    sql = f"INSERT INTO {_qn(Receipt._meta.db_table)} ({columns}) {select_sql} ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def refresh_unit_counts(*, directive: Directive, start: str, end: str, awaiting_forward: bool) -> None:
    """Set the per-unit counters of the units whose paths lie in [start, end) from their receipts (one
    grouped upsert). Safe for units whose receipts are all written in the caller's transaction (a chunk
    of the issuing job): nobody else can have changed them meanwhile."""
    r, c = Receipt._meta.db_table, DirectiveUnitCount._meta.db_table
    sql = (
        f"INSERT INTO {_qn(c)} (directive_id, unit_id, unit_path, recipients, opened, acknowledged, awaiting_forward) "  # noqa: S608
        f"SELECT directive_id, unit_id, unit_path, COUNT(*), COUNT(opened_at), COUNT(acknowledged_at), %s "
        f"FROM {_qn(r)} WHERE directive_id = %s AND unit_path >= %s AND unit_path < %s "
        f"GROUP BY directive_id, unit_id, unit_path "
        f"ON CONFLICT (directive_id, unit_id) DO UPDATE SET recipients = excluded.recipients, "
        f"opened = excluded.opened, acknowledged = excluded.acknowledged"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [awaiting_forward, directive.pk, start, end])


def plan_chunks(specs: list[targeting.TargetSpec], size: int | None = None) -> list[str]:
    """Path boundaries of the chunks: chunk i covers units with chunks[i] <= path < chunks[i + 1]."""
    size = size or CHUNK_UNITS
    paths = list(targeting.target_units(specs).values_list("path", flat=True))
    if not paths:
        return []
    return [*paths[::size], PATH_END]


def _claim(job_id: int) -> IssueJob | None:
    """Lock the job, plan it on its first run; None when there is nothing (more) to do."""
    with transaction.atomic():
        job = IssueJob.objects.select_for_update(of=("self",)).select_related("directive").filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.started_at is None:  # first run: plan the chunks (a resumed job keeps its plan)
            specs = targeting.specs_of(job.directive_id)
            job.chunks = plan_chunks(specs)
            job.total = targeting.preview(specs).people
            job.started_at = timezone.now()
        job.state = IssueJob.State.RUNNING
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["chunks", "total", "started_at", "state", "attempts", "error", "updated_at"])
        return job


def _run_chunk(job_id: int) -> bool:
    """Write the next chunk; False when the job has finished (now or before)."""
    with transaction.atomic():
        job = IssueJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return False
        directive = Directive.objects.get(pk=job.directive_id)
        now = timezone.now()
        if directive.status != DirectiveStatus.ISSUED:
            job.state, job.finished_at = IssueJob.State.STOPPED, now
            job.save(update_fields=["state", "finished_at", "updated_at"])
            return False
        if job.next_chunk >= len(job.chunks) - 1:
            job.state, job.finished_at = IssueJob.State.DONE, now
            job.save(update_fields=["state", "finished_at", "updated_at"])
            from .reminders import start_notice

            start_notice(directive=directive)
            return False
        start, end = job.chunks[job.next_chunk], job.chunks[job.next_chunk + 1]
        specs = targeting.specs_of(directive.pk)
        memberships = targeting.recipient_memberships(specs).filter(unit__path__gte=start, unit__path__lt=end)
        written = insert_receipts(directive=directive, memberships=memberships, now=now)
        refresh_unit_counts(directive=directive, start=start, end=end, awaiting_forward=directive.forward_required)
        job.done += written
        job.next_chunk += 1
        job.save(update_fields=["done", "next_chunk", "updated_at"])
        return True


def run_issue_job(*, job_id: int, max_chunks: int | None = None) -> IssueJob | None:
    """Run (or resume) an issuing job until it is finished, or for `max_chunks` chunks. Several workers
    may run the same job: the job row lock serialises the chunks. Call outside a transaction (each chunk
    commits on its own, which is what makes the progress visible and the job resumable)."""
    if _claim(job_id) is None:
        return IssueJob.objects.filter(pk=job_id).first()
    ran = 0
    try:
        while max_chunks is None or ran < max_chunks:
            if not _run_chunk(job_id):
                break
            ran += 1
    except Exception:
        logger.exception("Issuing job %s failed", job_id)
        IssueJob.objects.filter(pk=job_id).exclude(state__in=IssueJob.FINISHED).update(
            state=IssueJob.State.FAILED, updated_at=timezone.now(),
            error=_("Lỗi hệ thống khi gửi văn bản; các phiếu đã gửi được giữ nguyên. Hệ thống sẽ tự gửi tiếp."))
    return IssueJob.objects.filter(pk=job_id).first()
