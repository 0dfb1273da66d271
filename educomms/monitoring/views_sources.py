"""Sources: their health list, the editor, "fetch now", and the import of CSV/Excel lists with a
column-mapping step (upload → map columns and see bad rows → import all, or only the good rows)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.core.files import validate_upload
from educomms.org.forms import add_service_errors
from educomms.org.roles import Capability

from . import permissions, selectors, services, tasks
from .fetch import imports
from .forms import ImportUploadForm, SourceForm
from .models import SourceKind

IMPORT_DIR = "monitoring/imports"
SESSION_KEY = "monitoring_imports"


@login_required
@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    if not permissions.may_monitor_any(request.user):
        raise PermissionDenied
    rows = list(selectors.visible_sources(request.user).order_by("unit__path", "name"))
    unit = getattr(request, "current_unit", None)
    return render(request, "monitoring/sources.html", {
        "sources": rows, "may_create": bool(unit and permissions.may_manage(request.user, unit)),
        "nav_active": "monitoring_sources",
    })


@login_required
@require_GET
def source(request: HttpRequest, source_id: int) -> HttpResponse:
    s = selectors.access_source(request.user, source_id)
    recent = list(s.mentions.order_by("-published_at", "-id")[:20])
    return render(request, "monitoring/source.html", {
        "source": s, "recent": recent, "may_manage": permissions.may_manage(request.user, s.unit),
        "nav_active": "monitoring_sources",
    })


@login_required
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest) -> HttpResponse:
    unit = permissions.working_unit(request)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        config = {"page_id": d["page_id"].strip(), "access_token": d["access_token"].strip()} \
            if d["kind"] == SourceKind.FACEBOOK else {}
        try:
            s = services.create_source(actor=request.user, unit=unit, kind=d["kind"], name=d["name"], url=d["url"],
                                       interval_minutes=d["interval_minutes"], config=config)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm nguồn tin. Hệ thống sẽ lấy tin trong vài phút tới."))
            return redirect("monitoring:source", source_id=s.pk)
    return render(request, "monitoring/source_edit.html", {"form": form, "unit": unit, "source": None,
                                                           "nav_active": "monitoring_sources"},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    s = selectors.access_source(request.user, source_id, Capability.MANAGE_MONITORING)
    initial = {"kind": s.kind, "name": s.name, "url": s.url, "interval_minutes": s.interval_minutes,
               "active": s.active, "page_id": s.config.get("page_id", "")}
    form = SourceForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    form.fields["page_id"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.update_source(actor=request.user, source=s, name=d["name"], url=d["url"] or s.url,
                               interval_minutes=d["interval_minutes"], active=d["active"],
                               access_token=d["access_token"].strip())
        messages.success(request, _("Đã lưu nguồn tin."))
        return redirect("monitoring:source", source_id=s.pk)
    return render(request, "monitoring/source_edit.html", {"form": form, "unit": s.unit, "source": s,
                                                           "nav_active": "monitoring_sources"},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def source_fetch(request: HttpRequest, source_id: int) -> HttpResponse:
    """Fetch now: a worker does it (a web request never waits on another site)."""
    s = selectors.access_source(request.user, source_id, Capability.MANAGE_MONITORING)
    if s.kind == SourceKind.IMPORT:
        raise Http404
    tasks.fetch_source.enqueue(source_id=s.pk)
    messages.info(request, _("Đã yêu cầu lấy tin. Kết quả sẽ hiện ở đây sau ít phút."))
    return redirect("monitoring:source", source_id=s.pk)


# --- Import ---------------------------------------------------------------------------------------------

def _pending(request: HttpRequest, token: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if not pending:
        raise Http404
    return pending


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    unit = permissions.working_unit(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = validate_upload(upload, allowed=("csv", "xlsx"))
            data = upload.read()
            imports.read_table(data, checked.safe_name)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        except imports.TableError as exc:
            form.add_error("file", exc.message)
        else:
            token = uuid.uuid4().hex
            path = default_storage.save(f"{IMPORT_DIR}/{token}-{checked.safe_name}", ContentFile(data))
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {"path": path, "name": checked.safe_name, "unit": unit.pk}
            request.session[SESSION_KEY] = pending
            return redirect("monitoring:import_map", token=token)
    return render(request, "monitoring/import_upload.html", {"form": form, "unit": unit,
                                                             "nav_active": "monitoring_sources"},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, token: str) -> HttpResponse:
    unit = permissions.working_unit(request)
    pending = _pending(request, token)
    if pending["unit"] != unit.pk:
        raise Http404
    with default_storage.open(pending["path"], "rb") as f:
        table = imports.read_table(f.read(), pending["name"])
    if request.method == "POST":
        mapping = {field: request.POST.get(field, "") for field in imports.FIELDS}
        mapping = {k: v for k, v in mapping.items() if v in table.headers}
    else:
        mapping = imports.guess_mapping(table.headers)
    items, errors = imports.apply_mapping(table, mapping) if mapping else ([], [])
    missing = not ({"title", "text"} & set(mapping))
    choice = request.POST.get("import", "")
    if request.method == "POST" and not missing and (choice == "valid" or (choice == "all" and not errors)):
        if not items:
            messages.error(request, _("Không có dòng hợp lệ nào để nhập."))
        else:
            source = services.import_source(actor=request.user, unit=unit)
            tasks.import_file.enqueue(source_id=source.pk, path=pending["path"], name=pending["name"],
                                      mapping=mapping, actor_id=request.user.pk)
            request.session[SESSION_KEY] = {k: v for k, v in request.session.get(SESSION_KEY, {}).items()
                                            if k != token}
            messages.success(request, _("Đang nhập %(n)s tin; kết quả sẽ vào hộp tin và bạn sẽ nhận thông báo.")
                             % {"n": len(items)})
            return redirect("monitoring:source", source_id=source.pk)
    return render(request, "monitoring/import_map.html", {
        "unit": unit, "token": token, "table": table, "mapping": mapping, "fields": imports.FIELDS.items(),
        "sample": table.rows[:5], "items": len(items), "errors": errors[:200], "error_count": len(errors),
        "missing": missing, "posted": request.method == "POST", "nav_active": "monitoring_sources",
    })
