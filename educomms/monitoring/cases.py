"""Cases of false or inaccurate information (thông tin sai lệch): opened from mentions, verified, answered.

    open_case → record facts and evidence → set_verdict (false / misleading / unverified / accurate)
      → add_action (statement on the portal, correction request to the outlet, report to the authorities,
        takedown request to the platform), each with an owner and a deadline → complete_action → close_case

Every step is written to the case's timeline (CaseEntry) and the audit log. The correction request is a
Word letter in the Decree 30/2020 layout (correction_letter), citing Decree 09/2017/NĐ-CP.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.audit.services import record, snapshot
from educomms.org.models import Person, Unit

from .models import ActionKind, Case, CaseAction, CaseEntry, CaseStatus, Mention, Verdict

CASE_FIELDS = ["title", "claim", "facts", "evidence", "verdict", "status", "owner"]


def _entry(case: Case, actor: Any, text: str) -> None:
    CaseEntry.objects.create(case=case, actor=actor if getattr(actor, "is_authenticated", False) else None,
                             text=text)


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Vụ việc đã kết thúc: hãy mở lại trước khi thay đổi."))


@transaction.atomic
def open_case(*, actor: Any, unit: Unit, mentions: list[Mention], title: str, claim: str,
              owner: Person | None = None) -> Case:
    if not title.strip():
        raise ValidationError({"title": _("Hãy đặt tên cho vụ việc.")})
    if not claim.strip():
        raise ValidationError({"claim": _("Hãy nêu nội dung thông tin cần xác minh.")})
    case = Case.objects.create(unit=unit, title=title.strip()[:300], claim=claim.strip(), owner=owner or actor,
                               opened_by=actor)
    case.mentions.set(mentions)
    _entry(case, actor, _("Mở vụ việc từ %(n)s tin theo dõi.") % {"n": len(mentions)})
    record(actor=actor, verb="monitoring.case_opened", obj=case, unit=unit, after=snapshot(case, CASE_FIELDS))
    return case


@transaction.atomic
def update_findings(*, actor: Any, case: Case, claim: str, facts: str, evidence: str) -> Case:
    _require_open(case)
    before = snapshot(case, CASE_FIELDS)
    case.claim, case.facts, case.evidence = claim.strip(), facts.strip(), evidence.strip()
    if not case.claim:
        raise ValidationError({"claim": _("Hãy nêu nội dung thông tin cần xác minh.")})
    case.save(update_fields=["claim", "facts", "evidence", "updated_at"])
    _entry(case, actor, _("Cập nhật kết quả xác minh."))
    record(actor=actor, verb="monitoring.case_changed", obj=case, unit=case.unit, before=before,
           after=snapshot(case, CASE_FIELDS))
    return case


@transaction.atomic
def set_verdict(*, actor: Any, case: Case, verdict: str, facts: str = "") -> Case:
    _require_open(case)
    if verdict not in Verdict.values or verdict == Verdict.PENDING:
        raise ValidationError({"verdict": _("Hãy chọn kết luận.")})
    if facts.strip():
        case.facts = facts.strip()
    if verdict in (Verdict.FALSE, Verdict.MISLEADING) and not case.facts:
        raise ValidationError({"facts": _("Kết luận sai sự thật hoặc sai lệch cần nêu sự thật đã xác minh.")})
    before = snapshot(case, CASE_FIELDS)
    case.verdict = verdict
    if case.status == CaseStatus.OPEN:
        case.status = CaseStatus.RESPONDING
    case.save(update_fields=["verdict", "facts", "status", "updated_at"])
    _entry(case, actor, _("Kết luận: %(verdict)s.") % {"verdict": case.get_verdict_display()})
    record(actor=actor, verb="monitoring.case_verdict", obj=case, unit=case.unit, before=before,
           after=snapshot(case, CASE_FIELDS))
    return case


@transaction.atomic
def add_action(*, actor: Any, case: Case, kind: str, owner: Person, deadline: dt.datetime | None,
               description: str = "", target: str = "") -> CaseAction:
    _require_open(case)
    if kind not in ActionKind.values:
        raise ValidationError({"kind": _("Hãy chọn biện pháp xử lý.")})
    if kind in (ActionKind.CORRECTION, ActionKind.TAKEDOWN, ActionKind.AUTHORITIES) and not target.strip():
        raise ValidationError({"target": _("Hãy nêu nơi nhận đề nghị (cơ quan báo chí, nền tảng, cơ quan chức năng).")})
    if deadline is not None and deadline < timezone.now() - dt.timedelta(minutes=5):
        raise ValidationError({"deadline": _("Hạn hoàn thành phải ở tương lai.")})
    action = CaseAction.objects.create(case=case, kind=kind, owner=owner, deadline=deadline,
                                       description=description.strip(), target=target.strip()[:300])
    if case.status == CaseStatus.OPEN:
        case.status = CaseStatus.RESPONDING
        case.save(update_fields=["status", "updated_at"])
    _entry(case, actor, _("Giao %(kind)s cho %(owner)s.") % {"kind": action.get_kind_display().lower(),
                                                             "owner": owner.full_name})
    record(actor=actor, verb="monitoring.case_action_added", obj=action, unit=case.unit,
           after={"kind": kind, "owner": owner.pk, "deadline": deadline, "target": target})
    return action


@transaction.atomic
def complete_action(*, actor: Any, action: CaseAction, note: str = "") -> CaseAction:
    _require_open(action.case)
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at", "updated_at"])
        text = _("Hoàn thành: %(kind)s.") % {"kind": action.get_kind_display()}
        _entry(action.case, actor, f"{text} {note.strip()}".strip())
        record(actor=actor, verb="monitoring.case_action_done", obj=action, unit=action.case.unit,
               after={"done_at": action.done_at, "note": note})
    return action


@transaction.atomic
def add_note(*, actor: Any, case: Case, text: str) -> CaseEntry:
    if not text.strip():
        raise ValidationError({"text": _("Hãy nhập nội dung ghi chú.")})
    entry = CaseEntry.objects.create(case=case, actor=actor, text=text.strip())
    record(actor=actor, verb="monitoring.case_note", obj=case, unit=case.unit, after={"text": text.strip()})
    return entry


@transaction.atomic
def close_case(*, actor: Any, case: Case) -> Case:
    _require_open(case)
    if case.verdict == Verdict.PENDING:
        raise ValidationError(_("Hãy ghi kết luận trước khi kết thúc vụ việc."))
    open_actions = case.actions.filter(done_at=None).count()
    if open_actions:
        raise ValidationError(_("Còn %(n)s biện pháp chưa hoàn thành.") % {"n": open_actions})
    before = snapshot(case, CASE_FIELDS)
    case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    _entry(case, actor, _("Kết thúc vụ việc."))
    record(actor=actor, verb="monitoring.case_closed", obj=case, unit=case.unit, before=before,
           after=snapshot(case, CASE_FIELDS))
    return case


@transaction.atomic
def reopen_case(*, actor: Any, case: Case) -> Case:
    if case.status != CaseStatus.CLOSED:
        return case
    case.status, case.closed_at = CaseStatus.RESPONDING, None
    case.save(update_fields=["status", "closed_at", "updated_at"])
    _entry(case, actor, _("Mở lại vụ việc."))
    record(actor=actor, verb="monitoring.case_reopened", obj=case, unit=case.unit)
    return case
