"""Every write of directives: drafts, attachments, issuing, withdrawal, correction, forwarding, reading
and acknowledging. Keyword-only, atomic; follow-up work is enqueued on commit.

Reads and acknowledgments are not audit events: the receipt itself records who did it and when, and is
set once (conditional UPDATEs), at up to 1.7 million per directive.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.audit.services import record, snapshot
from educomms.core.files import DOCUMENTS, validate_upload
from educomms.core.text import fold, normalize
from educomms.newsroom import html
from educomms.newsroom.models import Theme
from educomms.notifications.services import notify
from educomms.org.models import Membership, Person, Unit

from . import issuing, permissions, reminders, targeting
from .models import (
    Attachment,
    Directive,
    DirectiveStatus,
    DirectiveTarget,
    DirectiveUnitCount,
    Dispatch,
    DocType,
    Forward,
    IssueJob,
    Receipt,
)
from .targeting import TargetSpec

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
MAX_REMINDER_DAYS = 60
_AUDITED = ["doc_type", "number_symbol", "document_date", "title", "summary", "public", "status", "ack_required",
            "ack_deadline", "confirmation_phrase", "remind_days_before", "escalate_days_after", "forward_required",
            "version"]
_UNSET: Any = object()


# --- Drafts -----------------------------------------------------------------------------------------

def _clean_days(values: Iterable[Any]) -> list[int]:
    try:
        days = sorted({int(v) for v in values}, reverse=True)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"remind_days_before": _("Số ngày nhắc phải là số nguyên.")}) from exc
    if any(d < 0 or d > MAX_REMINDER_DAYS for d in days):
        raise ValidationError({"remind_days_before": _("Số ngày nhắc phải từ 0 đến %(n)s.") % {"n": MAX_REMINDER_DAYS}})
    return days


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Normalised, checked field values (only those present in `fields`)."""
    out = dict(fields)
    if "title" in out:
        out["title"] = normalize(out["title"] or "")
        if not out["title"]:
            raise ValidationError({"title": _("Trích yếu không được để trống.")})
        if len(out["title"]) > 300:
            raise ValidationError({"title": _("Trích yếu quá dài (tối đa 300 ký tự).")})
    if "doc_type" in out and out["doc_type"] not in DocType.values:
        raise ValidationError({"doc_type": _("Loại văn bản không hợp lệ.")})
    if "number_symbol" in out:
        out["number_symbol"] = normalize(out["number_symbol"] or "")
        if len(out["number_symbol"]) > 60:
            raise ValidationError({"number_symbol": _("Số, ký hiệu quá dài (tối đa 60 ký tự).")})
    if "summary" in out:
        out["summary"] = normalize(out["summary"] or "")
    if "body" in out:
        out["body"] = html.clean(out["body"] or "")
    if "confirmation_phrase" in out:
        out["confirmation_phrase"] = normalize(out["confirmation_phrase"] or "")
        if len(out["confirmation_phrase"]) > 200:
            raise ValidationError({"confirmation_phrase": _("Câu xác nhận quá dài (tối đa 200 ký tự).")})
    if "remind_days_before" in out:
        out["remind_days_before"] = _clean_days(out["remind_days_before"] or [])
    if out.get("escalate_days_after") is not None:
        if not 0 <= int(out["escalate_days_after"]) <= MAX_REMINDER_DAYS:
            raise ValidationError({"escalate_days_after": _("Số ngày báo thủ trưởng phải từ 0 đến %(n)s.")
                                   % {"n": MAX_REMINDER_DAYS}})
    deadline = out.get("ack_deadline")
    if deadline is not None and timezone.is_naive(deadline):
        raise ValidationError({"ack_deadline": _("Hạn xác nhận cần có múi giờ.")})
    return out


def _set_themes(directive: Directive, themes: Iterable[Theme] | None) -> None:
    """Themes come from the issuing unit or a unit above it (the department's list)."""
    if themes is None:
        return
    chosen = list(themes)
    if any(not directive.unit.path.startswith(theme.unit.path) for theme in chosen):
        raise ValidationError({"themes": _("Chủ đề không thuộc danh mục của đơn vị.")})
    directive.themes.set(chosen)


def _set_targets(directive: Directive, targets: Iterable[TargetSpec]) -> list[TargetSpec]:
    specs = targeting.clean_targets(targets, issuing_unit=directive.unit)
    DirectiveTarget.objects.filter(directive=directive).delete()
    DirectiveTarget.objects.bulk_create([
        DirectiveTarget(directive=directive, unit=t.unit, include_subtree=t.include_subtree,
                        unit_kinds=list(t.unit_kinds), school_levels=list(t.school_levels), roles=list(t.roles))
        for t in specs])
    return specs


def _targets_snapshot(specs: list[TargetSpec]) -> list[dict[str, Any]]:
    return [{"unit": t.unit.pk, "subtree": t.include_subtree, "kinds": list(t.unit_kinds),
             "levels": list(t.school_levels), "roles": list(t.roles)} for t in specs]


@transaction.atomic
def create_directive(*, actor: Any, unit: Unit, title: str, targets: Iterable[TargetSpec],
                     doc_type: str = DocType.OFFICIAL_LETTER, number_symbol: str = "",
                     document_date: dt.date | None = None, summary: str = "", body: str = "", public: bool = False,
                     themes: Iterable[Theme] | None = None, ack_required: bool = True,
                     ack_deadline: dt.datetime | None = None, confirmation_phrase: str = "",
                     remind_days_before: Iterable[int] = (), escalate_days_after: int | None = None,
                     forward_required: bool = False) -> Directive:
    """A new draft issued in the name of `unit`, by a holder of DRAFT_DIRECTIVE there."""
    if not permissions.may_draft_at(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền soạn văn bản chỉ đạo cho đơn vị này."))
    fields = _clean({"title": title, "doc_type": doc_type, "number_symbol": number_symbol, "summary": summary,
                     "body": body, "confirmation_phrase": confirmation_phrase,
                     "remind_days_before": list(remind_days_before), "escalate_days_after": escalate_days_after,
                     "ack_deadline": ack_deadline})
    directive = Directive.objects.create(unit=unit, created_by=actor, document_date=document_date, public=public,
                                         ack_required=ack_required, forward_required=forward_required, **fields)
    specs = _set_targets(directive, targets)
    _set_themes(directive, themes)
    record(actor=actor, verb="directive.created", obj=directive, unit=unit,
           after={**snapshot(directive, _AUDITED), "targets": _targets_snapshot(specs)})
    return directive


def _locked_draft(actor: Any, directive: Directive) -> Directive:
    locked = Directive.objects.select_for_update(of=("self",)).select_related("unit").get(pk=directive.pk)
    if locked.status != DirectiveStatus.DRAFT:
        raise ValidationError(_("Văn bản đã ban hành, không sửa được nữa. Muốn thay đổi, hãy ban hành văn bản "
                                "đính chính."))
    if not permissions.may_edit(actor, locked):
        raise PermissionDenied(_("Bạn không có quyền sửa văn bản này."))
    return locked


@transaction.atomic
def update_directive(*, actor: Any, directive: Directive, version: int, targets: Iterable[TargetSpec] | None = None,
                     themes: Iterable[Theme] | None = None, title: str | None = None, doc_type: str | None = None,
                     number_symbol: str | None = None, document_date: dt.date | None = _UNSET,
                     summary: str | None = None, body: str | None = None, public: bool | None = None,
                     ack_required: bool | None = None, ack_deadline: dt.datetime | None = _UNSET,
                     confirmation_phrase: str | None = None, remind_days_before: Iterable[int] | None = None,
                     escalate_days_after: int | None = _UNSET, forward_required: bool | None = None) -> Directive:
    """Change a draft. `version` is the version the editor started from: if someone saved in between,
    nothing changes and a ValidationError says so."""
    locked = _locked_draft(actor, directive)
    if int(version) != locked.version:
        raise ValidationError({"version": _(
            "Văn bản đã được người khác sửa trong lúc bạn soạn (phiên bản %(now)s, bạn sửa từ phiên bản %(yours)s). "
            "Hãy tải lại trang để xem bản mới rồi sửa lại.") % {"now": locked.version, "yours": version}})
    before = snapshot(locked, _AUDITED)
    given: dict[str, Any] = {name: value for name, value in {
        "title": title, "doc_type": doc_type, "number_symbol": number_symbol, "summary": summary, "body": body,
        "public": public, "ack_required": ack_required, "confirmation_phrase": confirmation_phrase,
        "forward_required": forward_required,
        "remind_days_before": None if remind_days_before is None else list(remind_days_before),
    }.items() if value is not None}
    for name, value in (("document_date", document_date), ("ack_deadline", ack_deadline),
                        ("escalate_days_after", escalate_days_after)):
        if value is not _UNSET:
            given[name] = value
    fields = _clean(given)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    after = snapshot(locked, _AUDITED)
    if targets is not None:
        after["targets"] = _targets_snapshot(_set_targets(locked, targets))
    _set_themes(locked, themes)
    record(actor=actor, verb="directive.updated", obj=locked, unit=locked.unit, before=before, after=after)
    return locked


@transaction.atomic
def add_attachment(*, actor: Any, directive: Directive, upload: UploadedFile) -> Attachment:
    """Attach a PDF, DOCX or XLSX (checked by its content) to a draft."""
    locked = _locked_draft(actor, directive)
    checked = validate_upload(upload, allowed=DOCUMENTS, max_bytes=ATTACHMENT_MAX_BYTES)
    upload.seek(0)
    name = default_storage.save(timezone.now().strftime("directives/%Y/%m/") + checked.safe_name, upload)
    attachment = Attachment.objects.create(directive=locked, file=name, original_name=(upload.name or "")[:255],
                                           mime=checked.mime, size=checked.size, uploaded_by=actor)
    record(actor=actor, verb="directive.attachment_added", obj=locked, unit=locked.unit,
           after={"attachment": attachment.pk, "name": attachment.original_name})
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    locked = _locked_draft(actor, attachment.directive)
    name, file_name = attachment.original_name, attachment.file.name
    attachment.delete()
    # A correction shares its original's files: delete the file only when nothing refers to it any more.
    if file_name and not Attachment.objects.filter(file=file_name).exists():
        transaction.on_commit(lambda: default_storage.delete(file_name))
    record(actor=actor, verb="directive.attachment_removed", obj=locked, unit=locked.unit, before={"name": name})


# --- Issuing, withdrawal, correction ------------------------------------------------------------------

@transaction.atomic
def issue_directive(*, actor: Any, directive: Directive) -> IssueJob:
    """Draft → issued, under the directive's row lock; the receipts are written by a task (progress in
    the returned IssueJob). Issuing twice is refused (and the job is one-to-one with the directive)."""
    locked = Directive.objects.select_for_update(of=("self",)).select_related("unit", "corrects").get(pk=directive.pk)
    if not permissions.may_issue(actor, locked):
        raise PermissionDenied(_("Bạn không có quyền ban hành văn bản của đơn vị này."))
    if locked.status != DirectiveStatus.DRAFT:
        raise ValidationError(_("Văn bản này đã được ban hành (hoặc đã thu hồi); không ban hành lại được."))
    if not locked.targets.exists():
        raise ValidationError({"targets": _("Hãy chọn ít nhất một đơn vị nhận văn bản.")})
    now = timezone.now()
    if locked.ack_required and locked.ack_deadline is not None and locked.ack_deadline <= now:
        raise ValidationError({"ack_deadline": _("Hạn xác nhận đã qua; hãy chọn hạn mới.")})
    if locked.corrects is not None and locked.corrects.status != DirectiveStatus.ISSUED:
        raise ValidationError(_("Văn bản được đính chính không còn ở trạng thái đã ban hành."))
    public_file = _public_file(locked)
    before = snapshot(locked, _AUDITED)
    locked.status, locked.issued_by, locked.issued_at = DirectiveStatus.ISSUED, actor, now
    locked.save(update_fields=["status", "issued_by", "issued_at", "updated_at"])
    job = IssueJob.objects.create(directive=locked)
    if public_file is not None:
        publish_public(actor=actor, directive=locked, attachment=public_file)
    record(actor=actor, verb="directive.issued", obj=locked, unit=locked.unit, before=before,
           after=snapshot(locked, _AUDITED))
    from .tasks import run_issue

    transaction.on_commit(lambda: run_issue.enqueue(job_id=job.pk))
    return job


def _public_file(directive: Directive) -> Attachment | None:
    """The file a public directive is published with on the portal (its first PDF, else its first file);
    a public directive without any file is refused."""
    if not directive.public:
        return None
    files = list(directive.attachments.all())
    if not files:
        raise ValidationError({"public": _("Văn bản công khai cần có tệp đính kèm (PDF, DOCX hoặc XLSX) để đăng "
                                           "lên trang văn bản của cổng thông tin.")})
    return next((a for a in files if a.mime == "application/pdf"), files[0])


def publish_public(*, actor: Any, directive: Directive, attachment: Attachment) -> Any:
    """Publish an issued public directive on the portal's documents page (documents.publish_document with
    `source`, so that issuing is the authorisation and publishing again updates the same document)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from educomms.documents.services import publish_document

    with attachment.file.open("rb") as stored:
        upload = SimpleUploadedFile(attachment.original_name or str(attachment.file.name), stored.read(),
                                    content_type=attachment.mime)
    today = timezone.localdate()
    issued_on = min(directive.document_date or today, today)
    return publish_document(actor=actor, unit=directive.unit, title=directive.title, issued_on=issued_on,
                            doc_type=directive.doc_type, number_symbol=directive.number_symbol,
                            summary=directive.summary, upload=upload, themes=list(directive.themes.all()),
                            source=("directives", str(directive.pk)))


def _withdraw_public(actor: Any, directive: Directive, reason: str) -> None:
    """Take the directive's public copy off the portal too: whoever may withdraw the directive may withdraw
    the copy it published (the documents app trusts the source's workflow, as when publishing)."""
    from educomms.documents.services import withdraw_source_document

    withdraw_source_document(actor=actor, source=("directives", str(directive.pk)), reason=reason)


@transaction.atomic
def withdraw_directive(*, actor: Any, directive: Directive, reason: str) -> Directive:
    """Issued → withdrawn: recipients see it as withdrawn, reminders stop, an unfinished issuing stops."""
    locked = Directive.objects.select_for_update(of=("self",)).select_related("unit").get(pk=directive.pk)
    if not permissions.may_issue(actor, locked):
        raise PermissionDenied(_("Bạn không có quyền thu hồi văn bản của đơn vị này."))
    if locked.status != DirectiveStatus.ISSUED:
        raise ValidationError(_("Chỉ thu hồi được văn bản đã ban hành."))
    reason = normalize(reason)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do thu hồi.")})
    before = snapshot(locked, _AUDITED)
    locked.status, locked.withdrawn_by, locked.withdrawn_at = DirectiveStatus.WITHDRAWN, actor, timezone.now()
    locked.withdraw_reason = reason
    locked.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdraw_reason", "updated_at"])
    Dispatch.objects.filter(directive=locked, state=Dispatch.State.RUNNING).update(
        state=Dispatch.State.STOPPED, finished_at=locked.withdrawn_at)
    if locked.public:
        _withdraw_public(actor, locked, reason)
    record(actor=actor, verb="directive.withdrawn", obj=locked, unit=locked.unit, before=before,
           after={**snapshot(locked, _AUDITED), "reason": reason})
    return locked


@transaction.atomic
def correct_directive(*, actor: Any, directive: Directive) -> Directive:
    """A new draft correcting an issued directive: same content, targets, themes and files, `corrects`
    set. The first directive keeps its receipts; once the correction is issued its recipients see it
    beside the first one, which gets no more reminders."""
    original = Directive.objects.select_for_update(of=("self",)).select_related("unit").get(pk=directive.pk)
    if not permissions.may_issue(actor, original):
        raise PermissionDenied(_("Bạn không có quyền đính chính văn bản của đơn vị này."))
    if original.status != DirectiveStatus.ISSUED:
        raise ValidationError(_("Chỉ đính chính được văn bản đã ban hành."))
    copy = {name: getattr(original, name) for name in (
        "unit", "doc_type", "number_symbol", "document_date", "title", "summary", "body", "public", "ack_required",
        "confirmation_phrase", "remind_days_before", "escalate_days_after", "forward_required")}
    deadline = original.ack_deadline if original.ack_deadline and original.ack_deadline > timezone.now() else None
    correction = Directive.objects.create(**copy, ack_deadline=deadline, corrects=original, created_by=actor)
    DirectiveTarget.objects.bulk_create([
        DirectiveTarget(directive=correction, unit_id=t.unit_id, include_subtree=t.include_subtree,
                        unit_kinds=t.unit_kinds, school_levels=t.school_levels, roles=t.roles)
        for t in original.targets.all()])
    correction.themes.set(original.themes.all())
    Attachment.objects.bulk_create([
        Attachment(directive=correction, file=a.file.name, original_name=a.original_name, mime=a.mime, size=a.size,
                   uploaded_by=a.uploaded_by) for a in original.attachments.all()])
    record(actor=actor, verb="directive.correction_started", obj=correction, unit=original.unit,
           after={"corrects": original.pk})
    return correction


# --- Cascade ------------------------------------------------------------------------------------------

@transaction.atomic
def forward_directive(*, actor: Any, directive: Directive, unit: Unit, note: str = "") -> Forward:
    """The head of `unit` passes a "forward to staff" directive on: receipts for every person with a
    current role at the unit (those who have none yet), by the issuing job's bulk insert."""
    if not permissions.heads(actor, unit.pk):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị mới chuyển tiếp được văn bản cho đơn vị."))
    if directive.status != DirectiveStatus.ISSUED:
        raise ValidationError(_("Văn bản không còn hiệu lực (đã thu hồi), không chuyển tiếp được."))
    if not directive.forward_required:
        raise ValidationError(_("Văn bản này được gửi thẳng tới mọi người nhận, không cần chuyển tiếp."))
    count = DirectiveUnitCount.objects.select_for_update().filter(directive=directive, unit=unit).first()
    if count is None:
        raise ValidationError(_("Đơn vị của bạn không thuộc danh sách nhận văn bản này."))
    if not count.awaiting_forward or Forward.objects.filter(directive=directive, unit=unit).exists():
        raise ValidationError(_("Đơn vị đã chuyển tiếp văn bản này rồi."))
    now = timezone.now()
    forward = Forward.objects.create(directive=directive, unit=unit, forwarded_by=actor, forwarded_at=now,
                                     note=normalize(note)[:2000])
    staff = Membership.objects.active().filter(unit=unit, person__is_active=True)
    added = issuing.insert_receipts(directive=directive, memberships=staff, forward_id=forward.pk, now=now)
    # Increments (not a recount): acknowledgments of the unit's earlier receipts may be landing right now.
    DirectiveUnitCount.objects.filter(pk=count.pk).update(recipients=F("recipients") + added, awaiting_forward=False)
    forward.recipients = added
    forward.save(update_fields=["recipients"])
    people = Person.objects.filter(directive_receipts__forward=forward, is_active=True)
    notify(recipients=people, kind=reminders.KIND_FORWARDED,
           title=_("Văn bản mới (chuyển tiếp): %(name)s") % {"name": str(directive)},
           body=forward.note, url=reminders.directive_url(directive), unit=unit)
    record(actor=actor, verb="directive.forwarded", obj=directive, unit=unit,
           after={"unit": unit.pk, "recipients": added, "note": forward.note})
    return forward


# --- Reading and acknowledging ------------------------------------------------------------------------

def _own(actor: Any, receipt: Receipt) -> None:
    if getattr(actor, "pk", None) != receipt.person_id:
        raise PermissionDenied(_("Đây không phải văn bản gửi cho bạn."))


def open_receipt(*, actor: Any, receipt: Receipt) -> Receipt:
    """Mark the first read (one conditional UPDATE; a second read changes nothing)."""
    _own(actor, receipt)
    if receipt.opened_at is not None:
        return receipt
    now = timezone.now()
    if _mark(receipt, at=now):
        receipt.opened_at = now
    else:
        receipt.refresh_from_db(fields=["opened_at"])
    return receipt


def open_directive(*, actor: Any, directive: Directive) -> Receipt | None:
    """Mark the actor's receipt of `directive` read, if they have one (the detail page, an attachment)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    receipt = Receipt.objects.filter(directive=directive, person_id=actor.pk).first()
    return open_receipt(actor=actor, receipt=receipt) if receipt is not None else None


def phrase_matches(expected: str, given: str) -> bool:
    """Accent-insensitive, case-insensitive, spaces normalised (people type on phones without IMEs)."""
    return fold(normalize(expected)) == fold(normalize(given))


def _mark(receipt: Receipt, *, at: dt.datetime, acknowledge: bool = False, comment: str = "") -> bool:
    """Set the first read of `receipt` (with `acknowledge`: the acknowledgment, which is also a read) if it
    is not set yet, and move the unit's counters by the same amounts. False when it was set already (by
    another request a moment ago).

    The receipt changes only under `… WHERE opened_at IS NULL` (resp. `acknowledged_at IS NULL`), so two
    at once count once. On PostgreSQL both changes are one statement (a data-modifying WITH), atomic by
    itself and sent without BEGIN/COMMIT round trips: acknowledging is the hot path of a directive sent to
    a whole province. Elsewhere, two statements in one transaction."""
    qn = connection.ops.quote_name
    receipts, counts = qn(Receipt._meta.db_table), qn(DirectiveUnitCount._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(at)
    # Identifiers come from the models; values are parameters.
    if acknowledge:
        change = (f"UPDATE {receipts} SET acknowledged_at = %s, ack_comment = %s, "  # noqa: S608
                  f"opened_at = COALESCE(opened_at, %s) WHERE id = %s AND acknowledged_at IS NULL "
                  f"RETURNING directive_id, unit_id, 1 AS acked, CASE WHEN opened_at = %s THEN 1 ELSE 0 END AS opened")
        params: list[Any] = [stamp, comment, stamp, receipt.pk, stamp]
    else:
        change = (f"UPDATE {receipts} SET opened_at = %s WHERE id = %s AND opened_at IS NULL "  # noqa: S608
                  f"RETURNING directive_id, unit_id, 0 AS acked, 1 AS opened")
        params = [stamp, receipt.pk]
    if connection.vendor == "postgresql":
        sql = (f"WITH r AS ({change}) UPDATE {counts} AS c SET acknowledged = c.acknowledged + r.acked, "  # noqa: S608
               f"opened = c.opened + r.opened FROM r WHERE c.directive_id = r.directive_id AND c.unit_id = r.unit_id "
               f"RETURNING 1")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is not None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(change, params)
        row = cursor.fetchone()
        if row is None:
            return False
        cursor.execute(f"UPDATE {counts} SET acknowledged = acknowledged + %s, opened = opened + %s "  # noqa: S608
                       "WHERE directive_id = %s AND unit_id = %s", [row[2], row[3], row[0], row[1]])
        return True


def acknowledge_receipt(*, actor: Any, receipt: Receipt, comment: str = "", phrase: str = "") -> Receipt:
    """Acknowledge (xác nhận đã đọc), which is also a read: the receipt and the unit's counters change once
    (see `_mark`), so two acknowledgments at once count once. Acknowledging again changes nothing."""
    _own(actor, receipt)
    directive = receipt.directive
    if directive.status == DirectiveStatus.WITHDRAWN:
        raise ValidationError(_("Văn bản đã bị thu hồi, không cần xác nhận nữa."))
    if receipt.acknowledged_at is not None:
        return receipt
    if directive.confirmation_phrase and not phrase_matches(directive.confirmation_phrase, phrase):
        raise ValidationError({"phrase": _("Câu xác nhận chưa đúng. Hãy gõ đúng câu: “%(phrase)s”.")
                               % {"phrase": directive.confirmation_phrase}})
    comment = normalize(comment)
    if len(comment) > 500:
        raise ValidationError({"comment": _("Ý kiến quá dài (tối đa 500 ký tự).")})
    now = timezone.now()
    if _mark(receipt, at=now, acknowledge=True, comment=comment):
        receipt.acknowledged_at, receipt.ack_comment = now, comment
        receipt.opened_at = receipt.opened_at or now
    else:  # another request acknowledged it a moment ago
        receipt.refresh_from_db(fields=["opened_at", "acknowledged_at", "ack_comment"])
    return receipt


# --- Jobs -----------------------------------------------------------------------------------------------

STALLED_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5


def resume_stalled_issues(*, older_than: dt.timedelta = STALLED_AFTER) -> list[int]:
    """Queue again the issuing jobs whose worker died (no progress for `older_than`), whose task was lost
    (still pending), or that failed (up to MAX_ATTEMPTS). Safe: chunks commit whole and receipts are
    unique, so a resumed job writes only what is missing."""
    from .tasks import run_issue

    cutoff = timezone.now() - older_than
    stalled = IssueJob.objects.filter(state__in=[IssueJob.State.PENDING, IssueJob.State.RUNNING], updated_at__lt=cutoff)
    failed = IssueJob.objects.filter(state=IssueJob.State.FAILED, attempts__lt=MAX_ATTEMPTS)
    ids = []
    for job_id in (stalled | failed).values_list("id", flat=True):
        # A failed job resumes as running (its chunks are planned); a pending one is planned when claimed.
        IssueJob.objects.filter(pk=job_id, state=IssueJob.State.FAILED).update(state=IssueJob.State.RUNNING,
                                                                               updated_at=timezone.now())
        ids.append(job_id)
        run_issue.enqueue(job_id=job_id)
    return ids
