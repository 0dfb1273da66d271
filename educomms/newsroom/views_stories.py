"""Workspace pages of stories: the list, the "waiting for me" queue, the editor (text, images, attachments,
consents), the story page (checks, moves, history, comments) and the revisions with their diff.

Each view: input → access (`access_story`: 404 for missing and out of scope alike) → one service or
selector → render. Writes go through newsroom.services; a refused step (PermissionDenied) is a 403, an
unmet requirement (ValidationError) is shown in Vietnamese and changes nothing. HTMX requests get the
panel they target; every form also works as a plain POST followed by a redirect."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.core.http import posted_data
from educomms.newsroom import permissions, selectors, services
from educomms.newsroom.forms_stories import (
    AssetForm,
    AssetUploadForm,
    CommentForm,
    ConsentForm,
    OverwriteForm,
    StoryFilterForm,
    StoryForm,
    TransitionForm,
)
from educomms.newsroom.models import Story, StoryAsset, StoryState
from educomms.org import access
from educomms.org.forms import add_service_errors
from educomms.org.models import Unit

NAV = {"nav_active": "newsroom_stories"}
PAGE_SIZE = 20
S = StoryState


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _form_errors(form: Any) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Lists ---------------------------------------------------------------------------------------------

@login_required
@require_GET
def stories(request: HttpRequest) -> HttpResponse:
    """The stories the reader may see, filtered by unit (with its subtree), state, theme and text."""
    filters = StoryFilterForm(request.GET)
    unit_id = filters.value("unit")
    unit = access.access_unit(request.user, unit_id) if unit_id else None
    rows = selectors.stories_for(request.user, unit=unit, state=filters.value("state") or "",
                                 theme=filters.value("theme"), q=filters.value("q") or "")
    home: Unit | None = unit or getattr(request, "current_unit", None) or None
    return render(request, "newsroom/story_list.html", {
        **NAV, "filters": filters, "unit": unit, "page": _page(request, rows),
        "units": access.visible_units(request.user).filter(active=True).order_by("path")[:500],
        "themes": selectors.themes_for(home) if home else [], "states": S.choices,
        "waiting": selectors.waiting_for(request.user).count(), "tab": "all",
    })


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """"Chờ tôi duyệt": stories in review at units where the reader reviews or approves."""
    page = _page(request, selectors.waiting_for(request.user))
    return render(request, "newsroom/story_queue.html", {
        **NAV, "page": page, "today": timezone.localdate(), "waiting": page.paginator.count, "tab": "queue",
    })


# --- Editor --------------------------------------------------------------------------------------------

@dataclass
class AssetRow:
    """A story asset as the editor shows it: where its web sizes are, what to insert into the body."""

    asset: StoryAsset
    form: AssetForm

    @property
    def is_image(self) -> bool:
        return self.asset.kind == StoryAsset.Kind.IMAGE

    def _url(self, *keys: str) -> str:
        for key in keys:
            name = self.asset.variants.get(key)
            if name:
                return default_storage.url(name)
        return self.asset.file.url if self.asset.file else ""

    @property
    def thumbnail(self) -> str:
        return self._url("480.webp", "960.webp")

    @property
    def insert_src(self) -> str:
        """The inline size: 960 px wide when the image is that large, else the largest there is."""
        return self._url("960.webp", "480.webp")

    @property
    def url(self) -> str:
        return self.asset.file.url if self.asset.file else ""


def _asset_rows(story: Story, invalid: AssetForm | None = None, invalid_id: int | None = None) -> list[AssetRow]:
    """The story's assets with their description forms (`invalid`: the refused form of asset `invalid_id`)."""
    return [AssetRow(a, invalid if invalid is not None and a.pk == invalid_id else AssetForm(
        initial={"alt_text": a.alt_text, "caption": a.caption, "shows_students": a.shows_students},
        prefix=f"asset-{a.pk}")) for a in story.assets.all()]


def _editor_panels(request: HttpRequest, story: Story, *, upload_form: AssetUploadForm | None = None,
                   consent_form: ConsentForm | None = None, invalid: AssetForm | None = None,
                   invalid_id: int | None = None) -> dict[str, Any]:
    return {
        "story": story, "assets": _asset_rows(story, invalid, invalid_id),
        "upload_form": upload_form or AssetUploadForm(), "consents": story.consents.select_related("asset"),
        "consent_form": consent_form or ConsentForm(story=story),
        "may_record_consent": permissions.is_author(request.user, story) or permissions.is_editor(request.user, story),
    }


def _initial(story: Story) -> dict[str, Any]:
    fields = ("title", "summary", "body", "format", "audiences", "key_date", "review_due_on", "names_students",
              "version", "cover")
    return {**{f: getattr(story, f) for f in fields}, "themes": list(story.themes.all())}


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest) -> HttpResponse:
    unit_id = request.POST.get("unit") or request.GET.get("unit")
    unit = access.access_unit(request.user, unit_id) if unit_id else getattr(request, "current_unit", None)
    if not unit:
        raise Http404
    if not permissions.may_draft_at(request.user, unit):
        raise PermissionDenied
    form = StoryForm(posted_data(request), unit=unit)
    if form.is_valid():
        try:
            story = services.create_story(actor=request.user, unit=unit, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp “%(t)s”. Bạn có thể thêm ảnh và tệp đính kèm.")
                             % {"t": story.title})
            return redirect("newsroom:story_edit", story.pk)
    return render(request, "newsroom/story_form.html", {**NAV, "form": form, "unit": unit, "story": None})


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    """The editor. The form carries the version it started from: a save after someone else's is refused
    with the reason, and the writer's text stays in the form. They may then save over the newer version on
    purpose (it stays in the revisions, so nothing is lost)."""
    story = selectors.access_story(request.user, story_id)
    if not permissions.may_edit(request.user, story):
        raise PermissionDenied(_("Bạn không thể sửa tin bài ở trạng thái “%(state)s”.")
                               % {"state": story.get_state_display()})
    form = StoryForm(posted_data(request), unit=story.unit, story=story, initial=_initial(story))
    conflict = None
    if form.is_valid():
        version = form.cleaned_data["version"] or 0
        overwrite = OverwriteForm(request.POST)
        if overwrite.is_valid() and overwrite.cleaned_data["overwrite"] and overwrite.cleaned_data["current_version"]:
            version = overwrite.cleaned_data["current_version"]
        try:
            saved = services.update_story(actor=request.user, story=story, version=version, **form.service_fields())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "version" in exc.error_dict:
                conflict = {"messages": exc.message_dict["version"], "current_version": story.version}
                exc = ValidationError({k: v for k, v in exc.error_dict.items() if k != "version"})
            if hasattr(exc, "error_dict") and exc.error_dict:
                add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tin bài (phiên bản %(v)s).") % {"v": saved.version})
            return redirect("newsroom:story_edit", story.pk)
    return render(request, "newsroom/story_form.html", {
        **NAV, **_editor_panels(request, story), "form": form, "unit": story.unit, "conflict": conflict,
    })


def _assets_response(request: HttpRequest, story: Story, **panels: Any) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]  # django-htmx middleware
        return render(request, "newsroom/_story_assets.html", {**_editor_panels(request, story, **panels),
                                                               "oob_cover": True})
    return redirect("newsroom:story_edit", story.pk)


@login_required
@require_POST
def asset_upload(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.access_story(request.user, story_id)
    form = AssetUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            asset = services.add_asset(actor=request.user, story=story, upload=form.cleaned_data["file"],
                                       kind=form.kind(), alt_text=form.cleaned_data["alt_text"],
                                       caption=form.cleaned_data["caption"],
                                       shows_students=form.cleaned_data["shows_students"])
        except ValidationError as exc:
            form.add_error("file", _errors(exc))
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Đã tải lên “%(n)s”.") % {"n": asset.original_name})
            return _assets_response(request, story)
    if not request.htmx:  # type: ignore[attr-defined]
        for error in _form_errors(form):
            messages.error(request, error)
    return _assets_response(request, story, upload_form=form)


@login_required
@require_POST
def asset_update(request: HttpRequest, story_id: int, asset_id: int) -> HttpResponse:
    story = selectors.access_story(request.user, story_id)
    asset = get_object_or_404(story.assets, pk=asset_id)
    form = AssetForm(request.POST, prefix=f"asset-{asset.pk}")
    if form.is_valid():
        services.update_asset(actor=request.user, asset=asset, **form.cleaned_data)
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("Đã lưu mô tả ảnh, tệp."))
        return _assets_response(request, story)
    return _assets_response(request, story, invalid=form, invalid_id=asset.pk)


@login_required
@require_POST
def asset_remove(request: HttpRequest, story_id: int, asset_id: int) -> HttpResponse:
    story = selectors.access_story(request.user, story_id)
    asset = get_object_or_404(story.assets, pk=asset_id)
    services.remove_asset(actor=request.user, asset=asset)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Đã xóa “%(n)s” khỏi tin bài.") % {"n": asset.original_name})
    return _assets_response(request, story)


@login_required
@require_POST
def consent_add(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.access_story(request.user, story_id)
    form = ConsentForm(request.POST, story=story)
    if form.is_valid():
        try:
            services.record_consent(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Đã ghi nhận văn bản đồng ý."))
            form = None  # type: ignore[assignment]  # a fresh form for the next one
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "newsroom/_story_consents.html", _editor_panels(request, story, consent_form=form))
    if form is not None:
        for error in _form_errors(form):
            messages.error(request, error)
    return redirect("newsroom:story_edit", story.pk)


# --- The story page ------------------------------------------------------------------------------------

def _status_context(request: HttpRequest, story: Story, *, errors: list[str] | None = None) -> dict[str, Any]:
    user = request.user
    findings = selectors.story_checks(story)
    moves = selectors.moves_for(user, story)
    return {
        "story": story, "findings": findings, "moves": moves, "errors": errors or [],
        "blocking": [f for f in findings if f.blocking], "warnings": [f for f in findings if not f.blocking],
        "needs_schedule": any(m.needs_schedule for m in moves),
        "may_approve_now": any(m.target == S.APPROVED for m in moves),
        "transitions": selectors.transitions_for(story), "may_edit": permissions.may_edit(user, story),
        "may_propose": story.state == S.PUBLISHED and permissions.may_review(user, story),
    }


def _comments_context(request: HttpRequest, story: Story, form: CommentForm | None = None) -> dict[str, Any]:
    user = request.user
    editor = permissions.is_editor(user, story)
    if form is None:
        form = CommentForm()
    if not editor:
        form.fields.pop("private", None)
    return {"story": story, "comments": selectors.comments_for(user, story), "comment_form": form,
            "may_comment": editor or permissions.is_author(user, story)}


@login_required
@require_GET
def story(request: HttpRequest, story_id: int) -> HttpResponse:
    """The story as it will look, with its state, checks, the moves open to the reader, the history and
    the comments. (Its name and argument are used by notifications: services._url.)"""
    item = selectors.access_story(request.user, story_id)
    return render(request, "newsroom/story_detail.html", {
        **NAV, **_status_context(request, item), **_comments_context(request, item),
        "assets": _asset_rows(item), "consents": item.consents.select_related("asset"),
    })


@login_required
@require_POST
def story_transition(request: HttpRequest, story_id: int) -> HttpResponse:
    item = selectors.access_story(request.user, story_id)
    form = TransitionForm(request.POST)
    errors: list[str] = []
    if not form.is_valid():
        errors = _form_errors(form)
    else:
        data = form.cleaned_data
        try:
            services.transition_story(actor=request.user, story=item, to=data["to"], comment=data["comment"],
                                      scheduled_for=data["scheduled_for"], acknowledge=data["acknowledge"])
        except ValidationError as exc:
            errors = _errors(exc)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "newsroom/_story_status_response.html", {
            **_status_context(request, item, errors=errors), **_comments_context(request, item),
            "done": not errors})
    if errors:
        for error in errors:
            messages.error(request, error)
    else:
        messages.success(request, _("Tin bài đã chuyển sang “%(s)s”.") % {"s": item.get_state_display()})
    return redirect("newsroom:story", item.pk)


@login_required
@require_POST
def story_comment(request: HttpRequest, story_id: int) -> HttpResponse:
    item = selectors.access_story(request.user, story_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(actor=request.user, story=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = CommentForm()
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Đã gửi góp ý."))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "newsroom/_story_comments.html", _comments_context(request, item, form))
    for error in _form_errors(form):
        messages.error(request, error)
    return redirect(reverse("newsroom:story", args=[item.pk]) + "#comments")


# --- Revisions -----------------------------------------------------------------------------------------

def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def story_revisions(request: HttpRequest, story_id: int) -> HttpResponse:
    """The saved versions of the story, and what changed between two of them (by default the last two)."""
    item = selectors.access_story(request.user, story_id)
    revisions = list(selectors.revisions_for(item))
    numbers = [r.number for r in revisions]  # newest first
    new = _number(request.GET.get("new")) or (numbers[0] if numbers else None)
    old = _number(request.GET.get("old")) or (numbers[1] if len(numbers) > 1 else new)
    if new is not None and old is not None and old > new:
        old, new = new, old
    diff = selectors.revision_diff(item, old, new) if new is not None and old is not None and old != new else []
    return render(request, "newsroom/story_revisions.html", {
        **NAV, "story": item, "revisions": revisions, "old": old, "new": new, "diff": diff,
        "may_edit": permissions.may_edit(request.user, item),
    })
