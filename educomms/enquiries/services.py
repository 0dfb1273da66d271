"""Every write of the enquiries module: questions and answers, feedback and its notes.
Keyword-only, atomic, audited; notifications and e-mail are enqueued on commit."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from educomms.audit.services import current_ip, record, snapshot
from educomms.core.files import IMAGES, CheckedUpload, validate_upload
from educomms.core.text import fold, normalize, normalize_phone
from educomms.newsroom import html
from educomms.notifications.services import notify
from educomms.org.models import Person, Unit

from . import permissions, workflow
from .models import (
    FEEDBACK_MOVES,
    Answer,
    AnswerRevision,
    Feedback,
    FeedbackCategory,
    FeedbackNote,
    FeedbackState,
    Question,
    QuestionState,
    QuestionTransition,
    Topic,
)

Q = QuestionState
RATE_LIMIT = 5  # submissions (questions and feedback together) per client address …
RATE_WINDOW = dt.timedelta(hours=1)  # … in this window
MAX_TEXT = 5000
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = (*IMAGES, "pdf")


def hash_ip(ip: str | None) -> str:
    """A keyed hash of the client address: enough to count submissions, useless to find the person."""
    return salted_hmac("educomms.enquiries.ip", ip or "", algorithm="sha256").hexdigest() if ip else ""


@contextlib.contextmanager
def _without_address() -> Iterator[None]:
    """Audit events of anonymous submissions do not store the visitor's address (only its hash is kept)."""
    token = current_ip.set(None)
    try:
        yield
    finally:
        current_ip.reset(token)


def _workspace_url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def public_url(question: Question) -> str:
    return reverse("enquiries_public:question", args=[question.pk])


# --- Public submissions ---------------------------------------------------------------------------

def _check_rate(ip_hash: str) -> None:
    """Refuse a submission when the address sent RATE_LIMIT in the last hour. Counted in the database so
    that every web worker sees the same count; on PostgreSQL a transaction lock per address makes two
    simultaneous submissions count one after the other (SQLite writes one transaction at a time)."""
    if not ip_hash:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"enquiries:{ip_hash}"])
    since = timezone.now() - RATE_WINDOW
    sent = (Question.objects.filter(ip_hash=ip_hash, received_at__gte=since).count()
            + Feedback.objects.filter(ip_hash=ip_hash, received_at__gte=since).count())
    if sent >= RATE_LIMIT:
        raise ValidationError(
            _("Bạn đã gửi %(n)s câu hỏi, góp ý trong một giờ qua. Để tránh thư rác, cổng thông tin tạm dừng nhận "
              "thêm từ địa chỉ này; xin vui lòng gửi lại sau một giờ, hoặc gọi điện cho đơn vị.") % {"n": sent},
            code="rate_limited")


def _contact(email: str, phone: str) -> tuple[str, str]:
    """(e-mail, phone) normalised; at least one, each valid. Raises ValidationError (Vietnamese)."""
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    try:
        phone = normalize_phone(phone)
    except ValueError:
        errors["phone"] = _("Số điện thoại không hợp lệ (ví dụ: 0912 345 678).")
        phone = ""
    if not errors and not email and not phone:
        errors["contact"] = _("Hãy cho biết thư điện tử hoặc số điện thoại để đơn vị có thể trả lời bạn.")
    if errors:
        raise ValidationError(errors)
    return email, phone


def _check_text(name: str, text: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    name, text = normalize(name)[:120], (text or "").strip()
    if not name:
        errors["name"] = _("Hãy cho biết họ và tên.")
    if len(normalize(text)) < 10:
        errors["text"] = _("Nội dung quá ngắn: hãy viết rõ điều bạn muốn hỏi hoặc góp ý (ít nhất 10 ký tự).")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    return name, text


def _check_unit(unit: Unit) -> None:
    if not unit.active:
        raise ValidationError({"unit": _("Đơn vị này không còn hoạt động; hãy chọn đơn vị khác.")})


@transaction.atomic
def submit_question(*, unit: Unit, name: str, email: str = "", phone: str = "", text: str, topic: str = "",
                    ip: str | None = None, language: str = "vi") -> Question:
    """A citizen's question from the portal, addressed to `unit` (an active unit of the portal's subtree:
    the caller offers only those). Refused with a ValidationError (nothing stored) for missing or invalid
    contact, too short a text, or too many submissions from the address in the last hour. The unit's
    communications officers (or, if none, its head) are told."""
    _check_unit(unit)
    name, text = _check_text(name, text)
    email, phone = _contact(email, phone)
    if topic and topic not in Topic.values:
        raise ValidationError({"topic": _("Lĩnh vực không hợp lệ.")})
    ip_hash = hash_ip(ip)
    _check_rate(ip_hash)
    question = Question.objects.create(unit=unit, asker_name=name, asker_email=email, asker_phone=phone, text=text,
                                       topic=topic, ip_hash=ip_hash, language=(language or "vi")[:8])
    with _without_address():
        record(actor=None, verb="enquiries.question.received", obj=question, unit=unit,
               after={"topic": topic, "email_given": bool(email), "phone_given": bool(phone)})
    notify(recipients=permissions.first_receivers(unit), kind="enquiries.question_received", unit=unit,
           url=_workspace_url("enquiries:question", question.pk),
           title=_("Câu hỏi mới %(ref)s gửi %(unit)s") % {"ref": question.reference, "unit": unit.display_name},
           body=text[:500])
    return question


def _check_attachment(upload: UploadedFile) -> CheckedUpload:
    try:
        return validate_upload(upload, allowed=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from exc


def _store_attachment(upload: UploadedFile, checked: CheckedUpload) -> tuple[str, str, str]:
    upload.seek(0)
    folder = timezone.now().strftime("enquiries/feedback/%Y/%m/")
    name = default_storage.save(folder + checked.safe_name, File(upload))
    return name, (upload.name or "")[:255], checked.mime


@transaction.atomic
def submit_feedback(*, unit: Unit, name: str, email: str = "", phone: str = "", category: str, text: str,
                    attachment: UploadedFile | None = None, ip: str | None = None) -> Feedback:
    """Feedback or a report from the portal (never published). Same checks as a question; an optional
    image or PDF (type sniffed from its bytes, at most 10 MB)."""
    _check_unit(unit)
    name, text = _check_text(name, text)
    email, phone = _contact(email, phone)
    if category not in FeedbackCategory.values:
        raise ValidationError({"category": _("Hãy chọn nội dung góp ý, phản ánh liên quan đến.")})
    checked = _check_attachment(attachment) if attachment is not None else None
    ip_hash = hash_ip(ip)
    _check_rate(ip_hash)
    # Stored after every check: a refused submission leaves no file behind.
    stored = _store_attachment(attachment, checked) if attachment is not None and checked else ("", "", "")
    feedback = Feedback.objects.create(unit=unit, name=name, email=email, phone=phone, category=category, text=text,
                                       attachment=stored[0], attachment_name=stored[1], attachment_mime=stored[2],
                                       ip_hash=ip_hash)
    with _without_address():
        record(actor=None, verb="enquiries.feedback.received", obj=feedback, unit=unit,
               after={"category": category, "attachment": bool(stored[0])})
    notify(recipients=permissions.first_receivers(unit), kind="enquiries.feedback_received", unit=unit,
           url=_workspace_url("enquiries:feedback", feedback.pk),
           title=_("Góp ý, phản ánh mới %(ref)s gửi %(unit)s") % {"ref": feedback.reference,
                                                                   "unit": unit.display_name},
           body=text[:500])
    return feedback


# --- Handling a question ----------------------------------------------------------------------------

def _lock(question: Question) -> Question:
    return Question.objects.select_for_update(of=("self",)).select_related("unit", "assignee").get(pk=question.pk)


def _require_handler(actor: Any, question: Question) -> None:
    if not permissions.may_handle(actor, question.unit_id):
        raise PermissionDenied(_("Bạn không xử lý câu hỏi của đơn vị này."))


def _move(*, actor: Any, question: Question, to: str, comment: str = "") -> None:
    """Record a state change of a question locked by the caller."""
    source = question.state
    question.state = to
    question.version += 1
    question.save(update_fields=["state", "version", "updated_at"])
    QuestionTransition.objects.create(question=question, from_state=source, to_state=to,
                                      actor=actor if getattr(actor, "pk", None) else None, comment=comment)


def _sync(target: Question, source: Question) -> None:
    for name in ("state", "version", "assignee_id", "published_at", "closed_reason", "search_text"):
        setattr(target, name, getattr(source, name))


@transaction.atomic
def assign_question(*, actor: Any, question: Question, assignee: Person, comment: str = "") -> Question:
    """Give the question to a colleague holding HANDLE_ENQUIRY at its unit (or to oneself). A received
    question becomes assigned; later states keep theirs."""
    locked = _lock(question)
    _require_handler(actor, locked)
    if locked.state not in workflow.ASSIGNABLE:
        raise ValidationError(_("Không thể phân công câu hỏi ở trạng thái “%(s)s”.") % {
            "s": locked.get_state_display()})
    if not permissions.handlers(locked.unit_id).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Người được phân công phải là người xử lý hỏi đáp của đơn vị.")})
    before = snapshot(locked, ["state", "assignee"])
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    if locked.state == Q.RECEIVED:
        _move(actor=actor, question=locked, to=Q.ASSIGNED, comment=normalize(comment))
    record(actor=actor, verb="enquiries.question.assigned", obj=locked, unit=locked.unit, before=before,
           after=snapshot(locked, ["state", "assignee"]))
    if assignee.pk != getattr(actor, "pk", None):
        notify(recipients=[assignee], kind="enquiries.assigned", unit=locked.unit,
               url=_workspace_url("enquiries:question", locked.pk),
               title=_("Bạn được giao trả lời câu hỏi %(ref)s") % {"ref": locked.reference}, body=locked.text[:500])
    _sync(question, locked)
    return locked


@transaction.atomic
def save_answer(*, actor: Any, question: Question, body: str, version: int) -> Answer:
    """Write or edit the answer (sanitised like a story body). `version` is the answer's version the editor
    started from (0 for a new answer): if someone saved in between, nothing changes and a ValidationError
    says so. A received or assigned question becomes "answer drafted" (and is assigned to the writer if
    nobody had it)."""
    locked = _lock(question)
    _require_handler(actor, locked)
    if locked.state not in workflow.EDITABLE:
        raise ValidationError(_("Không thể sửa câu trả lời khi câu hỏi ở trạng thái “%(s)s”.") % {
            "s": locked.get_state_display()})
    clean = html.clean(body)
    if not html.text(clean):
        raise ValidationError({"body": _("Nội dung trả lời không được để trống.")})
    answer = Answer.objects.select_for_update().filter(question=locked).first()
    current = answer.version if answer else 0
    if int(version) != current:
        raise ValidationError({"version": _(
            "Câu trả lời đã được người khác sửa trong lúc bạn soạn (phiên bản %(now)s, bạn sửa từ phiên bản "
            "%(yours)s). Hãy tải lại trang để xem bản mới rồi sửa lại.") % {"now": current, "yours": version}})
    if answer is None:
        answer = Answer.objects.create(question=locked, body=clean, drafted_by=actor)
    else:
        answer.body, answer.version = clean, answer.version + 1
        answer.save(update_fields=["body", "version", "updated_at"])
    AnswerRevision.objects.create(answer=answer, number=answer.version, body=clean, editor=actor)
    if locked.assignee_id is None:
        locked.assignee = actor
        locked.save(update_fields=["assignee", "updated_at"])
    if locked.state != Q.DRAFTED:
        _move(actor=actor, question=locked, to=Q.DRAFTED)
    record(actor=actor, verb="enquiries.answer.saved", obj=locked, unit=locked.unit,
           after={"answer_version": answer.version, "state": locked.state})
    _sync(question, locked)
    return answer


def _people_on(question: Question) -> list[Person]:
    """The assignee and everyone who wrote a version of the answer."""
    ids = set(AnswerRevision.objects.filter(answer__question=question).values_list("editor_id", flat=True))
    if question.assignee_id:
        ids.add(question.assignee_id)
    return list(Person.objects.filter(pk__in=ids, is_active=True))


def _notify_move(question: Question, rule: workflow.Rule, actor: Any, comment: str) -> None:
    url = _workspace_url("enquiries:question", question.pk)
    ref = {"ref": question.reference}
    actor_pk = getattr(actor, "pk", None)
    if rule.target == Q.IN_APPROVAL:
        writers = {p.pk for p in _people_on(question)}
        recipients = [p for p in permissions.approvers(question.unit_id) if p.pk not in writers]
        notify(recipients=recipients, kind="enquiries.submitted", unit=question.unit, url=url,
               title=_("Câu trả lời chờ duyệt: %(ref)s") % ref, body=comment or question.text[:300])
        return
    messages = {
        "request_changes": _("Câu trả lời %(ref)s cần sửa"),
        "approve": _("Câu trả lời %(ref)s đã được duyệt và đăng"),
        "unpublish": _("Câu trả lời %(ref)s đã được gỡ khỏi cổng để sửa"),
    }
    if rule.action in messages:
        recipients = [p for p in _people_on(question) if p.pk != actor_pk]
        notify(recipients=recipients, kind=f"enquiries.{rule.action}", unit=question.unit, url=url,
               title=messages[rule.action] % ref, body=comment)


@transaction.atomic
def transition_question(*, actor: Any, question: Question, action: str, comment: str = "") -> Question:
    """Take one move of the workflow table (`workflow.TRANSITIONS`): submit, request_changes, approve
    (publishes), unpublish, close, spam, reopen.

    Refusals change nothing: PermissionDenied when the move exists but is not the actor's (an approver
    who wrote the answer; someone without the capability at the unit), ValidationError when the move
    does not exist from the current state (someone else moved it first) or a required comment is missing."""
    locked = _lock(question)
    rule = workflow.rule_for(locked.state, action)
    if rule is None:
        raise ValidationError(_("Không thể thực hiện thao tác này khi câu hỏi ở trạng thái “%(s)s” (có thể người "
                                "khác vừa xử lý; hãy tải lại trang).") % {"s": locked.get_state_display()},
                              code="invalid_transition")
    if not workflow.may_take(actor, locked, rule):
        if rule.target == Q.PUBLISHED and permissions.wrote_answer(actor, locked):
            raise PermissionDenied(_("Người soạn câu trả lời không được tự duyệt câu trả lời của mình."))
        raise PermissionDenied(_("Bạn không có quyền “%(a)s” câu hỏi này.") % {"a": rule.label})
    comment = normalize(comment)
    if rule.comment_required and not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do.")})
    before = snapshot(locked, ["state", "published_at"])
    answer = Answer.objects.select_for_update().filter(question=locked).first()
    if rule.target == Q.IN_APPROVAL and (answer is None or not html.text(answer.body)):
        raise ValidationError(_("Chưa có câu trả lời để gửi duyệt."))
    _move(actor=actor, question=locked, to=rule.target, comment=comment)
    fields: list[str] = []
    if rule.target == Q.PUBLISHED and answer is not None:
        now = timezone.now()
        answer.approved_by, answer.published_at = actor, now
        answer.save(update_fields=["approved_by", "published_at", "updated_at"])
        locked.published_at = now
        locked.search_text = fold(f"{locked.text} {html.text(answer.body)}")
        fields = ["published_at", "search_text"]
    elif rule.source == Q.PUBLISHED:
        locked.published_at, locked.search_text = None, ""
        fields = ["published_at", "search_text"]
        if answer is not None:
            answer.approved_by, answer.published_at = None, None
            answer.save(update_fields=["approved_by", "published_at", "updated_at"])
    if rule.target == Q.CLOSED:
        locked.closed_reason = comment
        fields.append("closed_reason")
    elif rule.action == "reopen":
        locked.closed_reason = ""
        fields.append("closed_reason")
    if fields:
        locked.save(update_fields=fields)
    record(actor=actor, verb=f"enquiries.question.{rule.action}", obj=locked, unit=locked.unit, before=before,
           after={**snapshot(locked, ["state", "published_at"]), "comment": comment})
    _notify_move(locked, rule, actor, comment)
    if Q.PUBLISHED in (rule.source, rule.target):
        from educomms.portal.cache import bump

        transaction.on_commit(bump)
    if rule.target == Q.PUBLISHED and locked.asker_email and locked.asker_notified_at is None:
        from . import tasks

        question_id = locked.pk
        transaction.on_commit(lambda: tasks.email_asker.enqueue(question_id=question_id))
    _sync(question, locked)
    return locked


def submit_answer(*, actor: Any, question: Question, comment: str = "") -> Question:
    return transition_question(actor=actor, question=question, action="submit", comment=comment)


def request_answer_changes(*, actor: Any, question: Question, comment: str) -> Question:
    return transition_question(actor=actor, question=question, action="request_changes", comment=comment)


def approve_answer(*, actor: Any, question: Question, comment: str = "") -> Question:
    return transition_question(actor=actor, question=question, action="approve", comment=comment)


def unpublish_answer(*, actor: Any, question: Question, comment: str) -> Question:
    return transition_question(actor=actor, question=question, action="unpublish", comment=comment)


def close_question(*, actor: Any, question: Question, reason: str) -> Question:
    return transition_question(actor=actor, question=question, action="close", comment=reason)


def mark_spam(*, actor: Any, question: Question, comment: str = "") -> Question:
    return transition_question(actor=actor, question=question, action="spam", comment=comment)


def reopen_question(*, actor: Any, question: Question, comment: str = "") -> Question:
    return transition_question(actor=actor, question=question, action="reopen", comment=comment)


def email_asker(*, question_id: int) -> bool:
    """E-mail the asker the link to their published question and answer. Idempotent: a question already
    notified, no longer published or without an e-mail address is left alone (returns False). The row
    lock makes a task and the cron retry never both send."""
    with transaction.atomic():
        question = (Question.objects.select_for_update().select_related("unit")
                    .filter(pk=question_id, state=Q.PUBLISHED, asker_notified_at__isnull=True)
                    .exclude(asker_email="").first())
        if question is None:
            return False
        link = str(settings.SITE_URL).rstrip("/") + public_url(question)
        with translation.override(question.language or "vi"):
            context = {"question": question, "link": link, "unit": question.unit}
            subject = "".join(render_to_string("enquiries/email/answer_subject.txt", context).splitlines())
            body = render_to_string("enquiries/email/answer_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [question.asker_email])
        question.asker_notified_at = timezone.now()
        question.save(update_fields=["asker_notified_at"])
    return True


# --- Feedback ------------------------------------------------------------------------------------------



def _lock_feedback(actor: Any, feedback: Feedback) -> Feedback:
    locked = Feedback.objects.select_for_update().select_related("unit").get(pk=feedback.pk)
    if not permissions.may_handle(actor, locked.unit_id):
        raise PermissionDenied(_("Bạn không xử lý góp ý của đơn vị này."))
    return locked


@transaction.atomic
def change_feedback_state(*, actor: Any, feedback: Feedback, to: str, comment: str = "") -> Feedback:
    """new → in progress → resolved / closed (and back to in progress). Resolving or closing needs a note
    saying what was done."""
    locked = _lock_feedback(actor, feedback)
    if to not in FEEDBACK_MOVES.get(locked.state, ()):
        raise ValidationError(_("Không thể chuyển góp ý từ “%(src)s” sang trạng thái này (có thể người khác vừa "
                                "xử lý; hãy tải lại trang).") % {"src": locked.get_state_display()})
    comment = (comment or "").strip()
    if to in (FeedbackState.RESOLVED, FeedbackState.CLOSED) and not comment:
        raise ValidationError({"comment": _("Cần ghi rõ kết quả xử lý hoặc lý do đóng.")})
    source = locked.state
    locked.state, locked.version = to, locked.version + 1
    locked.save(update_fields=["state", "version", "updated_at"])
    FeedbackNote.objects.create(feedback=locked, author=actor, body=comment, from_state=source, to_state=to)
    record(actor=actor, verb=f"enquiries.feedback.{to}", obj=locked, unit=locked.unit, before={"state": source},
           after={"state": to, "comment": comment})
    feedback.state, feedback.version = locked.state, locked.version
    return locked


@transaction.atomic
def add_feedback_note(*, actor: Any, feedback: Feedback, body: str) -> FeedbackNote:
    """An internal note (for the unit's handlers only; the sender never sees it)."""
    locked = _lock_feedback(actor, feedback)
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("Nội dung ghi chú không được để trống.")})
    note = FeedbackNote.objects.create(feedback=locked, author=actor, body=text[:MAX_TEXT])
    record(actor=actor, verb="enquiries.feedback.noted", obj=locked, unit=locked.unit, after={"note": note.pk})
    return note
