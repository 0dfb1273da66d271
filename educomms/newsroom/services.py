"""Every write of the newsroom: stories, assets, consents, comments, the workflow, delegations and
upward proposals. Keyword-only, atomic, audited; follow-up work is enqueued on commit."""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from educomms.audit.services import record, snapshot
from educomms.core.text import fold, normalize
from educomms.notifications.services import notify
from educomms.org import access
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Capability, Role

from . import checks, html, images, permissions, workflow
from .models import (
    Audience,
    Consent,
    Delegation,
    KeyDate,
    Proposal,
    ReviewTerm,
    Story,
    StoryAsset,
    StoryComment,
    StoryRevision,
    StoryState,
    StoryTransition,
    Theme,
)

S = StoryState
_TEXT_FIELDS = ["title", "summary", "body"]
_AUDITED = ["title", "summary", "format", "audiences", "names_students", "review_due_on", "key_date", "cover", "state",
            "version"]


def _url(story: Story) -> str:
    """The story's workspace page, once the pages exist (the newsroom views are built separately)."""
    try:
        return reverse("newsroom:story", args=[story.pk])
    except NoReverseMatch:
        return ""


def _slug(title: str) -> str:
    return slugify(re.sub(r"[^\w]+", " ", fold(title)))[:200].strip("-") or "tin-bai"


def _clean_fields(*, title: str, summary: str, body: str, audiences: Iterable[str] | None) -> dict[str, Any]:
    title = normalize(title)
    if not title:
        raise ValidationError({"title": _("Tiêu đề không được để trống.")})
    if len(title) > 300:
        raise ValidationError({"title": _("Tiêu đề quá dài (tối đa 300 ký tự).")})
    out: dict[str, Any] = {"title": title, "summary": normalize(summary), "body": html.clean(body)}
    if audiences is not None:
        values = list(dict.fromkeys(audiences))
        bad = [a for a in values if a not in Audience.values]
        if bad:
            raise ValidationError({"audiences": _("Đối tượng không hợp lệ: %(v)s.") % {"v": ", ".join(bad)}})
        out["audiences"] = values
    return out


def _write_revision(story: Story, editor: Any) -> None:
    StoryRevision.objects.create(story=story, number=story.version, title=story.title, summary=story.summary,
                                 body=story.body, editor=editor)


def _set_themes(story: Story, themes: Iterable[Theme] | None) -> None:
    """Themes come from the story's unit or a unit above it (the department's list)."""
    if themes is None:
        return
    chosen = list(themes)
    if any(not story.unit.path.startswith(theme.unit.path) for theme in chosen):
        raise ValidationError({"themes": _("Chủ đề không thuộc danh mục của đơn vị.")})
    story.themes.set(chosen)


def _check_key_date(unit: Unit, key_date: KeyDate | None) -> None:
    """A story is tied to a national key date or one of its unit or a unit above it."""
    if key_date is not None and key_date.unit_id is not None and key_date.unit_id not in unit.ancestor_ids:
        raise ValidationError({"key_date": _("Ngày trọng điểm không thuộc lịch của đơn vị.")})


def _check_cover(story: Story, cover: StoryAsset | None) -> None:
    if cover is not None and (cover.story_id != story.pk or cover.kind != StoryAsset.Kind.IMAGE):
        raise ValidationError({"cover": _("Ảnh đại diện phải là một ảnh của chính tin bài.")})


# --- Stories -------------------------------------------------------------------------------------------

@transaction.atomic
def create_story(*, actor: Any, unit: Unit, title: str, summary: str = "", body: str = "",
                 format: str = Story.Format.ARTICLE, audiences: Iterable[str] | None = None,
                 themes: Iterable[Theme] | None = None, names_students: bool = False,
                 review_due_on: dt.date | None = None, key_date: KeyDate | None = None) -> Story:
    """A new draft at `unit`, by any member holding DRAFT_STORY there."""
    if not permissions.may_draft_at(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền viết tin bài cho đơn vị này."))
    if format not in Story.Format.values:
        raise ValidationError({"format": _("Hình thức tin bài không hợp lệ.")})
    fields = _clean_fields(title=title, summary=summary, body=body, audiences=audiences or [])
    _check_key_date(unit, key_date)
    story = Story(unit=unit, author=actor, slug=_slug(fields["title"]), format=format, names_students=names_students,
                  review_due_on=review_due_on, key_date=key_date, **fields)
    story.search_text = html.search_text(title=story.title, summary=story.summary, body=story.body)
    story.save()
    _set_themes(story, themes)
    _write_revision(story, actor)
    record(actor=actor, verb="story.created", obj=story, unit=unit, after=snapshot(story, _AUDITED))
    return story


_UNSET: Any = object()


@transaction.atomic
def update_story(*, actor: Any, story: Story, version: int, title: str | None = None, summary: str | None = None,
                 body: str | None = None, format: str | None = None, audiences: Iterable[str] | None = None,
                 themes: Iterable[Theme] | None = None, names_students: bool | None = None,
                 review_due_on: dt.date | None = _UNSET, key_date: KeyDate | None = _UNSET,
                 cover: StoryAsset | None = _UNSET) -> Story:
    """Change a story's content. `version` is the version the editor started from: if someone saved in
    between, nothing changes and a ValidationError says so. Each save writes a revision. `review_due_on`,
    `key_date` and `cover` change only when given (None clears them)."""
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if not permissions.may_edit(actor, locked):
        raise PermissionDenied(_("Bạn không thể sửa tin bài ở trạng thái “%(state)s”.")
                               % {"state": locked.get_state_display()})
    if int(version) != locked.version:
        raise ValidationError({"version": _(
            "Tin bài đã được người khác sửa trong lúc bạn soạn (phiên bản %(now)s, bạn sửa từ phiên bản %(yours)s). "
            "Hãy tải lại trang để xem bản mới rồi sửa lại.") % {"now": locked.version, "yours": version}})
    before = snapshot(locked, _AUDITED)
    fields = _clean_fields(title=locked.title if title is None else title,
                           summary=locked.summary if summary is None else summary,
                           body=locked.body if body is None else body, audiences=audiences)
    if format is not None:
        if format not in Story.Format.values:
            raise ValidationError({"format": _("Hình thức tin bài không hợp lệ.")})
        fields["format"] = format
    if names_students is not None:
        fields["names_students"] = names_students
    if review_due_on is not _UNSET:
        fields["review_due_on"] = review_due_on
    if key_date is not _UNSET:
        _check_key_date(locked.unit, key_date)
        fields["key_date"] = key_date
    if cover is not _UNSET:
        _check_cover(locked, cover)
        fields["cover"] = cover
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.search_text = html.search_text(title=locked.title, summary=locked.summary, body=locked.body)
    locked.version += 1
    locked.save(update_fields=[*fields, "search_text", "version", "updated_at"])
    _set_themes(locked, themes)
    _write_revision(locked, actor)
    record(actor=actor, verb="story.updated", obj=locked, unit=locked.unit, before=before,
           after=snapshot(locked, _AUDITED))
    return locked


def _require_editable(actor: Any, story: Story) -> None:
    if not permissions.may_edit(actor, story):
        raise PermissionDenied(_("Bạn không thể sửa tin bài ở trạng thái “%(state)s”.")
                               % {"state": story.get_state_display()})


@transaction.atomic
def add_asset(*, actor: Any, story: Story, upload: UploadedFile, kind: str = StoryAsset.Kind.IMAGE,
              alt_text: str = "", caption: str = "", shows_students: bool = False) -> StoryAsset:
    """Attach an image (resized to web sizes, metadata stripped) or a document to an editable story."""
    _require_editable(actor, story)
    common = {"story": story, "kind": kind, "original_name": (upload.name or "")[:255], "uploaded_by": actor,
              "alt_text": normalize(alt_text)[:300], "caption": normalize(caption)[:300],
              "shows_students": shows_students}
    if kind == StoryAsset.Kind.IMAGE:
        processed = images.process_image(upload)
        asset = StoryAsset.objects.create(file=processed.name, variants=processed.variants, mime=processed.mime,
                                          size=processed.size, width=processed.width, height=processed.height,
                                          **common)
    elif kind == StoryAsset.Kind.ATTACHMENT:
        name, checked = images.store_attachment(upload)
        asset = StoryAsset.objects.create(file=name, mime=checked.mime, size=checked.size, **common)
    else:
        raise ValidationError({"kind": _("Loại tệp đính kèm không hợp lệ.")})
    record(actor=actor, verb="story.asset_added", obj=story, unit=story.unit,
           after={"asset": asset.pk, "kind": kind, "name": asset.original_name})
    return asset


@transaction.atomic
def update_asset(*, actor: Any, asset: StoryAsset, alt_text: str | None = None, caption: str | None = None,
                 shows_students: bool | None = None) -> StoryAsset:
    _require_editable(actor, asset.story)
    before = snapshot(asset, ["alt_text", "caption", "shows_students"])
    if alt_text is not None:
        asset.alt_text = normalize(alt_text)[:300]
    if caption is not None:
        asset.caption = normalize(caption)[:300]
    if shows_students is not None:
        asset.shows_students = shows_students
    asset.save(update_fields=["alt_text", "caption", "shows_students", "updated_at"])
    record(actor=actor, verb="story.asset_updated", obj=asset.story, unit=asset.story.unit, before=before,
           after=snapshot(asset, ["alt_text", "caption", "shows_students"]))
    return asset


@transaction.atomic
def remove_asset(*, actor: Any, asset: StoryAsset) -> None:
    story = asset.story
    _require_editable(actor, story)
    files = [asset.file.name, *asset.variants.values()]
    # Copies made for a republication point at the same files: delete them only when nothing else does.
    shared = StoryAsset.objects.filter(file=asset.file.name).exclude(pk=asset.pk).exists()
    record(actor=actor, verb="story.asset_removed", obj=story, unit=story.unit,
           before={"asset": asset.pk, "name": asset.original_name})
    asset.delete()
    if not shared:
        from django.core.files.storage import default_storage

        def delete_files() -> None:
            for name in files:
                if name:
                    default_storage.delete(name)

        transaction.on_commit(delete_files)


@transaction.atomic
def record_consent(*, actor: Any, story: Story, student_name: str, student_age: int, parent_name: str,
                   parent_agreed: bool, child_agreed: bool, asset: StoryAsset | None = None) -> Consent:
    """Record a consent to show or name a student (from age 7 the child's agreement as well)."""
    if not (permissions.is_author(actor, story) or permissions.is_editor(actor, story)):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận văn bản đồng ý cho tin bài này."))
    if asset is not None and asset.story_id != story.pk:
        raise ValidationError({"asset": _("Ảnh này không thuộc tin bài.")})
    errors = {}
    if not normalize(student_name):
        errors["student_name"] = _("Cần họ tên học sinh.")
    if not normalize(parent_name):
        errors["parent_name"] = _("Cần họ tên cha/mẹ hoặc người giám hộ.")
    if not 0 < int(student_age) < 25:
        errors["student_age"] = _("Tuổi học sinh không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(story=story, asset=asset, student_name=normalize(student_name),
                                     student_age=int(student_age), parent_name=normalize(parent_name),
                                     parent_agreed=parent_agreed, child_agreed=child_agreed, recorded_by=actor)
    record(actor=actor, verb="story.consent_recorded", obj=story, unit=story.unit,
           after={"consent": consent.pk, "asset": asset, "valid": consent.is_valid})
    return consent


@transaction.atomic
def add_comment(*, actor: Any, story: Story, body: str, private: bool = False) -> StoryComment:
    """A comment on the story; a private note is for the unit's reviewers and approvers only."""
    editor = permissions.is_editor(actor, story)
    if private and not editor:
        raise PermissionDenied(_("Chỉ người biên tập và người duyệt được ghi chú riêng."))
    if not (editor or permissions.is_author(actor, story)):
        raise PermissionDenied(_("Bạn không có quyền góp ý tin bài này."))
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("Nội dung góp ý không được để trống.")})
    comment = StoryComment.objects.create(story=story, author=actor, body=text, private=private, state=story.state)
    record(actor=actor, verb="story.commented", obj=story, unit=story.unit, after={"private": private})
    if not private and not permissions.is_author(actor, story):
        notify(recipients=[story.author], kind="newsroom.comment", unit=story.unit, url=_url(story),
               title=_("Góp ý mới cho tin bài “%(title)s”") % {"title": story.title}, body=text[:500])
    return comment


# --- Workflow --------------------------------------------------------------------------------------------

def _notify_transition(story: Story, rule: workflow.Rule, actor: Any, comment: str) -> None:
    title_vars = {"title": story.title}
    if rule.target == S.IN_REVIEW:
        recipients = [p for p in permissions.unit_editors(story.unit_id) if p.pk != getattr(actor, "pk", None)]
        recipients += list(Person.objects.filter(
            pk__in=Delegation.objects.filter(unit_id=story.unit_id, revoked_at__isnull=True,
                                             starts_on__lte=timezone.localdate(),
                                             ends_on__gte=timezone.localdate()).values("delegate_id")))
        notify(recipients=recipients, kind="newsroom.submitted", unit=story.unit, url=_url(story),
               title=_("Tin bài chờ duyệt: “%(title)s”") % title_vars, body=comment)
        return
    messages: dict[str, tuple[str, str]] = {
        S.CHANGES_REQUESTED: ("newsroom.changes_requested", _("Tin bài “%(title)s” cần sửa")),
        S.APPROVED: ("newsroom.approved", _("Tin bài “%(title)s” đã được duyệt")),
        S.PUBLISHED: ("newsroom.published", _("Tin bài “%(title)s” đã được đăng")),
        S.RETRACTED: ("newsroom.retracted", _("Tin bài “%(title)s” đã bị gỡ")),
    }
    if rule.target in messages:
        kind, title = messages[rule.target]
        if story.author_id != getattr(actor, "pk", None):
            notify(recipients=[story.author], kind=kind, unit=story.unit, url=_url(story), title=title % title_vars,
                   body=comment)


def _refuse_findings(findings: list[checks.Finding], *, acknowledge: bool) -> None:
    blocking = checks.blocking(findings)
    if blocking:
        raise ValidationError([f.message for f in blocking], code="checks_failed")
    warnings = [f for f in findings if not f.blocking]
    if warnings and not acknowledge:
        raise ValidationError(
            [_("Cần xác nhận đã xem lại các cảnh báo trước khi tiếp tục.")] + [f.message for f in warnings],
            code="checks_unacknowledged")


def _apply(*, actor: Any, story: Story, rule: workflow.Rule, comment: str,
           scheduled_for: dt.datetime | None = None) -> Story:
    """Move a story locked by the caller (select_for_update) along `rule`, and record it."""
    before = snapshot(story, ["state", "scheduled_for", "published_at"])
    story.state = rule.target
    fields = ["state", "updated_at"]
    if rule.target == S.SCHEDULED:
        story.scheduled_for = scheduled_for
        fields.append("scheduled_for")
    elif rule.source == S.SCHEDULED:
        story.scheduled_for = None
        fields.append("scheduled_for")
    if rule.target == S.PUBLISHED:
        story.published_at = timezone.now()
        fields.append("published_at")
    story.save(update_fields=fields)
    StoryTransition.objects.create(story=story, from_state=rule.source, to_state=rule.target,
                                   actor=actor if getattr(actor, "pk", None) else None, comment=comment)
    if comment and getattr(actor, "pk", None):
        StoryComment.objects.create(story=story, author=actor, body=comment, private=False, state=rule.target)
    record(actor=actor, verb=f"story.{rule.target}", obj=story, unit=story.unit, before=before,
           after={**snapshot(story, ["state", "scheduled_for", "published_at"]), "comment": comment})
    _notify_transition(story, rule, actor, comment)
    if rule.target == S.SCHEDULED and scheduled_for is not None:
        from . import tasks

        story_id, when = story.pk, scheduled_for
        transaction.on_commit(lambda: tasks.enqueue_scheduled(story_id=story_id, when=when))
    return story


@transaction.atomic
def transition_story(*, actor: Any, story: Story, to: str, comment: str = "",
                     scheduled_for: dt.datetime | None = None, acknowledge: bool = False) -> Story:
    """Move `story` to state `to` if the workflow table allows it and `actor` may take that step.

    Refusals change nothing: PermissionDenied (403) when the step exists but is not the actor's to take,
    ValidationError when the step does not exist from the current state or its requirements are unmet
    (comment, schedule time, blocking pre-publication findings, unacknowledged warnings)."""
    locked = Story.objects.select_for_update().select_related("unit", "author").get(pk=story.pk)
    if to not in S.values:
        raise ValidationError({"to": _("Trạng thái không hợp lệ: %(to)s.") % {"to": to}})
    rule = workflow.rule_for(locked.state, to)
    if rule is None:
        raise ValidationError({"to": _("Không thể chuyển tin bài từ “%(src)s” sang “%(dst)s”.") % {
            "src": locked.get_state_display(), "dst": S(to).label}}, code="invalid_transition")
    if not workflow.may_take(actor, locked, rule):
        if rule.who == "approver" and permissions.is_author(actor, locked):
            raise PermissionDenied(_("Tác giả không được tự duyệt hay đăng tin bài của mình."))
        raise PermissionDenied(_("Bạn không có quyền “%(action)s” tin bài này.") % {"action": rule.label})
    comment = (comment or "").strip()
    if rule.comment_required and not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do hoặc nội dung cần sửa.")})
    if rule.needs_schedule:
        if scheduled_for is None:
            raise ValidationError({"scheduled_for": _("Cần chọn thời điểm đăng.")})
        if timezone.is_naive(scheduled_for):
            scheduled_for = timezone.make_aware(scheduled_for)
        if scheduled_for <= timezone.now():
            raise ValidationError({"scheduled_for": _("Thời điểm hẹn đăng phải ở tương lai.")})
    if rule.runs_checks:
        # Warnings were acknowledged at approval; publishing enforces only the blocking findings.
        _refuse_findings(checks.run_checks(locked), acknowledge=acknowledge or rule.target != S.APPROVED)
    result = _apply(actor=actor, story=locked, rule=rule, comment=comment, scheduled_for=scheduled_for)
    story.state, story.version = result.state, result.version
    story.scheduled_for, story.published_at = result.scheduled_for, result.published_at
    return result


def submit_story(*, actor: Any, story: Story, comment: str = "") -> Story:
    return transition_story(actor=actor, story=story, to=S.IN_REVIEW, comment=comment)


def request_changes(*, actor: Any, story: Story, comment: str) -> Story:
    return transition_story(actor=actor, story=story, to=S.CHANGES_REQUESTED, comment=comment)


def approve_story(*, actor: Any, story: Story, comment: str = "", acknowledge: bool = False) -> Story:
    return transition_story(actor=actor, story=story, to=S.APPROVED, comment=comment, acknowledge=acknowledge)


def schedule_story(*, actor: Any, story: Story, scheduled_for: dt.datetime, comment: str = "") -> Story:
    return transition_story(actor=actor, story=story, to=S.SCHEDULED, scheduled_for=scheduled_for, comment=comment)


def cancel_schedule(*, actor: Any, story: Story, comment: str = "") -> Story:
    return transition_story(actor=actor, story=story, to=S.APPROVED, comment=comment)


def publish_story(*, actor: Any, story: Story, comment: str = "") -> Story:
    return transition_story(actor=actor, story=story, to=S.PUBLISHED, comment=comment)


def retract_story(*, actor: Any, story: Story, reason: str) -> Story:
    return transition_story(actor=actor, story=story, to=S.RETRACTED, comment=reason)


def archive_story(*, actor: Any, story: Story, comment: str = "") -> Story:
    return transition_story(actor=actor, story=story, to=S.ARCHIVED, comment=comment)


@transaction.atomic
def publish_due_story(*, story_id: int, now: dt.datetime | None = None) -> Story | None:
    """Publish a scheduled story whose time has come, as the system. Safe to call any number of times,
    concurrently: the row lock and the state check let exactly one call publish. A story whose blocking
    checks fail at that moment goes back to "approved" and its author and editors are told."""
    now = now or timezone.now()
    story = Story.objects.select_for_update().select_related("unit", "author").filter(pk=story_id).first()
    if story is None or story.state != S.SCHEDULED or story.scheduled_for is None or story.scheduled_for > now:
        return None
    blocking = checks.blocking(checks.run_checks(story))
    if blocking:
        rule = workflow.rule_for(S.SCHEDULED, S.APPROVED)
        assert rule is not None  # noqa: S101  (the table holds this step)
        message = _("Không tự động đăng được: %(reasons)s") % {"reasons": " ".join(f.message for f in blocking)}
        _apply(actor=None, story=story, rule=rule, comment=message)
        notify(recipients=[story.author, *permissions.unit_editors(story.unit_id)], kind="newsroom.schedule_failed",
               unit=story.unit, url=_url(story), title=_("Tin bài “%(title)s” chưa được đăng theo lịch")
               % {"title": story.title}, body=message)
        return None
    rule = workflow.rule_for(S.SCHEDULED, S.PUBLISHED)
    assert rule is not None  # noqa: S101
    return _apply(actor=None, story=story, rule=rule, comment="")


def due_story_ids(now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(Story.objects.filter(state=S.SCHEDULED, scheduled_for__lte=now).values_list("pk", flat=True)[:500])


# --- Delegations -------------------------------------------------------------------------------------------

@transaction.atomic
def create_delegation(*, actor: Any, unit: Unit, delegate: Person, starts_on: dt.date,
                      ends_on: dt.date) -> Delegation:
    """The head of `unit` lets a deputy head of the same unit approve its stories from `starts_on` to
    `ends_on` inclusive."""
    if not Membership.objects.active().filter(unit=unit, person=actor, role=Role.HEAD).exists():
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị được ủy quyền duyệt tin bài."))
    if not Membership.objects.active().filter(unit=unit, person=delegate, role=Role.DEPUTY_HEAD).exists():
        raise ValidationError({"delegate": _("Chỉ ủy quyền cho phó thủ trưởng của chính đơn vị.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("Khoảng thời gian ủy quyền đã qua.")})
    delegation = Delegation.objects.create(unit=unit, delegator=actor, delegate=delegate, starts_on=starts_on,
                                           ends_on=ends_on)
    record(actor=actor, verb="delegation.created", obj=delegation, unit=unit,
           after=snapshot(delegation, ["delegate", "starts_on", "ends_on"]))
    notify(recipients=[delegate], kind="newsroom.delegation", unit=unit,
           title=_("Bạn được ủy quyền duyệt tin bài của %(unit)s từ %(start)s đến %(end)s") % {
               "unit": unit.name, "start": starts_on.strftime("%d/%m/%Y"), "end": ends_on.strftime("%d/%m/%Y")})
    return delegation


@transaction.atomic
def revoke_delegation(*, actor: Any, delegation: Delegation) -> Delegation:
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if not Membership.objects.active().filter(unit_id=locked.unit_id, person=actor, role=Role.HEAD).exists():
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị được thu hồi ủy quyền."))
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        record(actor=actor, verb="delegation.revoked", obj=locked, unit=locked.unit,
               after={"revoked_at": locked.revoked_at})
    return locked


# --- Upward proposals -----------------------------------------------------------------------------------

@transaction.atomic
def propose_story(*, actor: Any, story: Story, to_unit: Unit, note: str = "") -> Proposal:
    """A unit's reviewer proposes one of its published stories to a unit above it (a school to the
    department)."""
    if not permissions.may_review(actor, story):
        raise PermissionDenied(_("Chỉ cán bộ truyền thông hoặc lãnh đạo đơn vị được đề xuất tin bài lên cấp trên."))
    if story.state != S.PUBLISHED:
        raise ValidationError({"story": _("Chỉ đề xuất được tin bài đã đăng.")})
    if to_unit.pk == story.unit_id or not story.unit.path.startswith(to_unit.path):
        raise ValidationError({"to_unit": _("Chỉ đề xuất lên đơn vị cấp trên của đơn vị mình.")})
    if Proposal.objects.filter(story=story, to_unit=to_unit, state=Proposal.State.PENDING).exists():
        raise ValidationError({"story": _("Tin bài này đang chờ đơn vị cấp trên xem xét.")})
    proposal = Proposal.objects.create(story=story, to_unit=to_unit, proposed_by=actor, note=(note or "").strip())
    record(actor=actor, verb="proposal.created", obj=proposal, unit=story.unit,
           after={"story": story.pk, "to_unit": to_unit.pk})
    notify(recipients=permissions.unit_reviewers(to_unit), kind="newsroom.proposal", unit=to_unit,
           title=_("%(unit)s đề xuất tin bài “%(title)s”") % {"unit": story.unit.name, "title": story.title},
           body=proposal.note, url=_url(story))
    return proposal


def _copy_story(*, actor: Any, source: Story, to_unit: Unit) -> Story:
    copy = Story.objects.create(
        unit=to_unit, author=actor, title=source.title, slug=source.slug, summary=source.summary, body=source.body,
        search_text=source.search_text, format=source.format, audiences=list(source.audiences),
        names_students=source.names_students, source_story=source, attribution_unit=source.unit,
    )
    copy.themes.set(source.themes.all())
    mapping: dict[int, StoryAsset] = {}
    for asset in source.assets.all():
        # The files are shared, not duplicated: the copy references the same stored images.
        mapping[asset.pk] = StoryAsset.objects.create(
            story=copy, kind=asset.kind, file=asset.file.name, variants=dict(asset.variants),
            original_name=asset.original_name, mime=asset.mime, size=asset.size, width=asset.width,
            height=asset.height, alt_text=asset.alt_text, caption=asset.caption, shows_students=asset.shows_students,
            uploaded_by=asset.uploaded_by)
    for consent in source.consents.all():
        Consent.objects.create(story=copy, asset=mapping.get(consent.asset_id) if consent.asset_id else None,
                               student_name=consent.student_name, student_age=consent.student_age,
                               parent_name=consent.parent_name, parent_agreed=consent.parent_agreed,
                               child_agreed=consent.child_agreed, document=consent.document.name or "",
                               recorded_by=consent.recorded_by)
    if source.cover_id in mapping:
        copy.cover = mapping[source.cover_id]
        copy.save(update_fields=["cover"])
    _write_revision(copy, actor)
    return copy


def _lock_pending(proposal: Proposal, actor: Any) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("story__unit", "to_unit").get(pk=proposal.pk)
    if not permissions.may_review_at(actor, locked.to_unit_id):
        raise PermissionDenied(_("Chỉ cán bộ truyền thông hoặc lãnh đạo của đơn vị nhận đề xuất được xét."))
    if locked.state != Proposal.State.PENDING:
        raise ValidationError(_("Đề xuất này đã được xét (%(state)s).") % {"state": locked.get_state_display()})
    return locked


@transaction.atomic
def accept_proposal(*, actor: Any, proposal: Proposal, submit: bool = True) -> Story:
    """The receiving unit takes the story: a copy of its own, attributed to the proposing unit, in draft
    (or, with `submit`, straight into its own review)."""
    locked = _lock_pending(proposal, actor)
    copy = _copy_story(actor=actor, source=locked.story, to_unit=locked.to_unit)
    record(actor=actor, verb="story.created", obj=copy, unit=copy.unit,
           after={**snapshot(copy, _AUDITED), "source_story": locked.story_id})
    locked.state, locked.decided_by, locked.decided_at, locked.republished = (
        Proposal.State.ACCEPTED, actor, timezone.now(), copy)
    locked.save(update_fields=["state", "decided_by", "decided_at", "republished", "updated_at"])
    record(actor=actor, verb="proposal.accepted", obj=locked, unit=locked.story.unit,
           after={"republished": copy.pk})
    notify(recipients=[locked.proposed_by, locked.story.author], kind="newsroom.proposal_accepted",
           unit=locked.story.unit, url=_url(locked.story),
           title=_("%(unit)s đã nhận đăng lại tin bài “%(title)s”") % {"unit": locked.to_unit.name,
                                                                       "title": locked.story.title})
    if submit:
        transition_story(actor=actor, story=copy, to=S.IN_REVIEW,
                         comment=_("Đăng lại tin bài do %(unit)s đề xuất.") % {"unit": locked.story.unit.name})
    return copy


@transaction.atomic
def decline_proposal(*, actor: Any, proposal: Proposal, reason: str) -> Proposal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do không nhận để đơn vị đề xuất biết.")})
    locked = _lock_pending(proposal, actor)
    locked.state, locked.decided_by, locked.decided_at, locked.reason = (
        Proposal.State.DECLINED, actor, timezone.now(), reason)
    locked.save(update_fields=["state", "decided_by", "decided_at", "reason", "updated_at"])
    record(actor=actor, verb="proposal.declined", obj=locked, unit=locked.story.unit, after={"reason": reason})
    notify(recipients=[locked.proposed_by], kind="newsroom.proposal_declined", unit=locked.story.unit,
           url=_url(locked.story), body=reason,
           title=_("%(unit)s không nhận tin bài “%(title)s”") % {"unit": locked.to_unit.name,
                                                                 "title": locked.story.title})
    return locked


# --- Terms that need a second look --------------------------------------------------------------------

@transaction.atomic
def add_review_term(*, actor: Any, unit: Unit, term: str, note: str = "") -> ReviewTerm:
    """Add a term to the unit's list (it applies to the unit's whole subtree)."""
    access.require(actor, unit, Capability.MANAGE_NEWSROOM)
    term = normalize(term)
    if not term:
        raise ValidationError({"term": _("Cụm từ không được để trống.")})
    if ReviewTerm.objects.filter(unit=unit, term_folded=fold(term)).exists():
        raise ValidationError({"term": _("Cụm từ này đã có trong danh sách.")})
    row = ReviewTerm.objects.create(unit=unit, term=term[:100], term_folded=fold(term)[:100], note=normalize(note)[:300])
    record(actor=actor, verb="review_term.added", obj=row, unit=unit, after={"term": row.term})
    return row


@transaction.atomic
def remove_review_term(*, actor: Any, term: ReviewTerm) -> None:
    access.require(actor, term.unit, Capability.MANAGE_NEWSROOM)
    record(actor=actor, verb="review_term.removed", obj=term, unit=term.unit, before={"term": term.term})
    term.delete()
