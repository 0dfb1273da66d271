"""Telling recipients in batches: the notice of a new directive, reminders before and at the deadline,
and the escalation to unit heads afterwards.

Each step is a `Dispatch` row, unique per (directive, step). A batch — up to BATCH people (or
ESCALATION_BATCH units) — is sent through `notifications.notify` in one transaction with the move of
the dispatch's cursor, under the dispatch row's lock: a crash resumes after the last committed batch,
two workers never send the same batch, and nobody is told twice. notify() writes the in-app
notification and the e-mail outbox rows; the e-mails go out from their own tasks after commit.
"""

import datetime as dt
import logging
from collections.abc import Callable
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from educomms.core.text import normalize
from educomms.notifications.registry import register_kind
from educomms.notifications.services import notify
from educomms.org.models import Membership, Person
from educomms.org.roles import Role

from .models import Directive, DirectiveStatus, DirectiveUnitCount, Dispatch, IssueJob, Receipt

logger = logging.getLogger(__name__)

BATCH = 500
ESCALATION_BATCH = 200
NOTICE = "issued"
ESCALATE = "escalate"
STALLED_AFTER = dt.timedelta(minutes=10)
# Translated when shown (the preferences page), typed str like the registry expects.
_lazy = cast(Callable[[str], str], gettext_lazy)

KIND_NOTICE = "directive.issued"
KIND_REMINDER = "directive.reminder"
KIND_ESCALATION = "directive.escalation"
KIND_FORWARDED = "directive.forwarded"
register_kind(KIND_NOTICE, _lazy("Văn bản chỉ đạo mới"))
register_kind(KIND_REMINDER, _lazy("Nhắc xác nhận văn bản chỉ đạo"))
register_kind(KIND_ESCALATION, _lazy("Đơn vị còn người chưa xác nhận văn bản chỉ đạo"))
register_kind(KIND_FORWARDED, _lazy("Văn bản chỉ đạo được thủ trưởng chuyển tiếp"))


def directive_url(directive: Directive) -> str:
    """The directive's page, once the pages exist (they are built separately)."""
    try:
        return reverse("directives:detail", args=[directive.pk])
    except NoReverseMatch:
        return ""


def before_step(days: int) -> str:
    return f"before:{int(days)}"


def _enqueue(dispatch_id: int) -> None:
    from .tasks import run_dispatch

    transaction.on_commit(lambda: run_dispatch.enqueue(dispatch_id=dispatch_id))


def start_notice(*, directive: Directive) -> None:
    """Start the batched notice of a newly issued directive (called when its receipts are all written)."""
    dispatch, created = Dispatch.objects.get_or_create(directive=directive, step=NOTICE)
    if created:
        _enqueue(dispatch.pk)


def _deadline_text(directive: Directive) -> str:
    if directive.ack_deadline is None:
        return ""
    local = timezone.localtime(directive.ack_deadline)
    return local.strftime("%H:%M %d/%m/%Y")


def _message(directive: Directive, step: str) -> tuple[str, str, str]:
    name = str(directive)
    if step == NOTICE:
        body = directive.summary or ""
        if directive.ack_required and directive.ack_deadline:
            body = normalize(_("Hạn xác nhận đã đọc: %(when)s. %(summary)s")
                             % {"when": _deadline_text(directive), "summary": directive.summary})
        return KIND_NOTICE, _("Văn bản mới: %(name)s") % {"name": name}, body
    return KIND_REMINDER, _("Nhắc xác nhận: %(name)s") % {"name": name}, (
        _("Bạn chưa xác nhận đã đọc văn bản này. Hạn xác nhận: %(when)s.") % {"when": _deadline_text(directive)})


def _superseded(directive: Directive) -> bool:
    return directive.corrections.filter(status=DirectiveStatus.ISSUED).exists()


def _send_batch(dispatch_id: int) -> bool:
    """Send the next batch of a dispatch; False when it has finished."""
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().filter(pk=dispatch_id, state=Dispatch.State.RUNNING).first()
        if dispatch is None:
            return False
        directive = Directive.objects.select_related("unit").get(pk=dispatch.directive_id)
        if directive.status != DirectiveStatus.ISSUED or (dispatch.step != NOTICE and _superseded(directive)):
            dispatch.state, dispatch.finished_at = Dispatch.State.STOPPED, timezone.now()
            dispatch.save(update_fields=["state", "finished_at", "updated_at"])
            return False
        if dispatch.step == ESCALATE:
            sent, cursor, more = _escalation_batch(directive, dispatch.cursor)
        else:
            receipts = Receipt.objects.filter(directive=directive, person_id__gt=dispatch.cursor)
            if dispatch.step == NOTICE:
                receipts = receipts.filter(forward__isnull=True)
            else:
                receipts = receipts.filter(acknowledged_at__isnull=True)
            ids = list(receipts.order_by("person_id").values_list("person_id", flat=True)[:BATCH])
            kind, title, body = _message(directive, dispatch.step)
            people = list(Person.objects.filter(pk__in=ids, is_active=True))
            notify(recipients=people, kind=kind, title=title, body=body, url=directive_url(directive),
                   unit=directive.unit)
            sent, cursor, more = len(people), (ids[-1] if ids else dispatch.cursor), len(ids) == BATCH
        dispatch.sent += sent
        dispatch.cursor = cursor
        if not more:
            dispatch.state, dispatch.finished_at = Dispatch.State.DONE, timezone.now()
        dispatch.save(update_fields=["sent", "cursor", "state", "finished_at", "updated_at"])
        return more


def _escalation_batch(directive: Directive, cursor: int) -> tuple[int, int, bool]:
    """Tell the heads of the next units (by id) that still have people without an acknowledgment."""
    rows = list(DirectiveUnitCount.objects.filter(directive=directive, unit_id__gt=cursor)
                .exclude(acknowledged__gte=F("recipients")).select_related("unit")
                .order_by("unit_id")[:ESCALATION_BATCH])
    if not rows:
        return 0, cursor, False
    heads: dict[int, list[Person]] = {}
    for m in (Membership.objects.active().filter(unit_id__in=[r.unit_id for r in rows], role=Role.HEAD,
                                                person__is_active=True).select_related("person")):
        heads.setdefault(m.unit_id, []).append(m.person)
    sent = 0
    for row in rows:
        people = heads.get(row.unit_id, [])
        if not people:
            continue
        missing = row.recipients - row.acknowledged
        notify(recipients=people, kind=KIND_ESCALATION,
               title=_("%(unit)s còn %(n)s người chưa xác nhận: %(name)s")
               % {"unit": row.unit.display_name, "n": missing, "name": str(directive)},
               body=_("Đã quá hạn xác nhận (%(when)s). Đề nghị đồng chí đôn đốc cán bộ, giáo viên của đơn vị "
                      "đọc và xác nhận văn bản.") % {"when": _deadline_text(directive)},
               url=directive_url(directive), unit=row.unit)
        sent += len(people)
    return sent, rows[-1].unit_id, len(rows) == ESCALATION_BATCH


def run_dispatch(*, dispatch_id: int) -> Dispatch | None:
    """Send a dispatch batch by batch until it is done. Call outside a transaction."""
    while _send_batch(dispatch_id):
        pass
    return Dispatch.objects.filter(pk=dispatch_id).first()


def due_steps(now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """(directive id, step) of the reminders and escalations due now that have not been started."""
    now = now or timezone.now()
    candidates = (Directive.objects.filter(status=DirectiveStatus.ISSUED, ack_required=True,
                                           ack_deadline__isnull=False, issue_job__state=IssueJob.State.DONE)
                  .exclude(corrections__status=DirectiveStatus.ISSUED)
                  .only("id", "ack_deadline", "issued_at", "remind_days_before", "escalate_days_after"))
    started = set(Dispatch.objects.filter(directive__in=candidates).values_list("directive_id", "step"))
    due: list[tuple[int, str]] = []
    for d in candidates:
        assert d.ack_deadline is not None and d.issued_at is not None
        for days in sorted({int(x) for x in d.remind_days_before or []}, reverse=True):
            at = d.ack_deadline - dt.timedelta(days=days)
            # A step whose time passed before the directive was issued is skipped (the notice said it all),
            # and a reminder is not sent after the deadline is a day gone.
            if d.issued_at < at <= now < d.ack_deadline + dt.timedelta(days=1) and (d.pk, before_step(days)) not in started:
                due.append((d.pk, before_step(days)))
        if d.escalate_days_after is not None and (d.pk, ESCALATE) not in started:
            if now >= d.ack_deadline + dt.timedelta(days=d.escalate_days_after):
                due.append((d.pk, ESCALATE))
    return due


def send_due_reminders(now: dt.datetime | None = None) -> list[int]:
    """Start the due steps and run them, and pick up dispatches whose worker stopped. Returns the ids of
    the dispatches run."""
    ids: list[int] = []
    for directive_id, step in due_steps(now):
        try:
            with transaction.atomic():
                ids.append(Dispatch.objects.create(directive_id=directive_id, step=step).pk)
        except IntegrityError:  # another scheduler run started it a moment ago
            continue
    stalled = timezone.now() - STALLED_AFTER
    ids += list(Dispatch.objects.filter(state=Dispatch.State.RUNNING, updated_at__lt=stalled)
                .values_list("id", flat=True))
    for dispatch_id in ids:
        run_dispatch(dispatch_id=dispatch_id)
    return ids
