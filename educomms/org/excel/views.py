"""Pages of the Excel import and export: input → access → one service or selector → render."""

import io
import tempfile
from typing import IO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from educomms.org import access
from educomms.org.excel import selectors, services, workbooks
from educomms.org.excel.forms import UploadForm
from educomms.org.models import ImportJob, Unit
from educomms.org.roles import Capability

# URL slugs of the two kinds of data.
KINDS = {"don-vi": ImportJob.Kind.UNITS, "nhan-su": ImportJob.Kind.PEOPLE}
ERRORS_SHOWN = 500


def _kind(slug: str) -> str:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def _unit(request: HttpRequest, unit_id: object) -> Unit:
    """The unit if the user sees it (else 404) and may import/export there (else 403)."""
    unit = access.access_unit(request.user, unit_id)
    access.require(request.user, unit, Capability.IMPORT_EXPORT)
    return unit


def _default_unit(request: HttpRequest) -> Unit:
    current = request.current_unit  # type: ignore[attr-defined]
    if current and access.has_capability(request.user, current, Capability.IMPORT_EXPORT):
        return current
    units = selectors.importable_units(request.user)
    if not units:
        raise PermissionDenied
    return units[0]


def _index(request: HttpRequest, unit: Unit, *, forms: dict[str, UploadForm] | None = None,
           status: int = 200) -> HttpResponse:
    return render(request, "org_excel/index.html", {
        "unit": unit,
        "units": selectors.importable_units(request.user),
        "units_form": (forms or {}).get(ImportJob.Kind.UNITS) or UploadForm(),
        "people_form": (forms or {}).get(ImportJob.Kind.PEOPLE) or UploadForm(),
        "jobs": selectors.recent_jobs(request.user, unit),
    }, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("unit")
    unit = _unit(request, wanted) if wanted else _default_unit(request)
    return _index(request, unit)


def _xlsx(content: IO[bytes], filename: str) -> FileResponse:
    content.seek(0)
    return FileResponse(content, as_attachment=True, filename=filename, content_type=workbooks.XLSX_MIME)


@login_required
def template(request: HttpRequest, unit_id: int, kind: str) -> FileResponse:
    kind = _kind(kind)
    unit = _unit(request, unit_id)
    buffer = io.BytesIO()
    workbooks.write_template(kind, unit, buffer)
    return _xlsx(buffer, workbooks.export_filename("mau-" + ("don-vi" if kind == ImportJob.Kind.UNITS
                                                             else "nhan-su"), unit))


@login_required
def export(request: HttpRequest, unit_id: int, kind: str) -> FileResponse:
    kind = _kind(kind)
    unit = _unit(request, unit_id)
    # Written in write-only mode to a temporary file, then streamed: memory stays flat for 50,000 rows.
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by FileResponse)
    if kind == ImportJob.Kind.UNITS:
        workbooks.write_units(selectors.export_units(request.user, unit), out)
        name = "don-vi"
    else:
        workbooks.write_people(selectors.export_people(request.user, unit), out)
        name = "nhan-su"
    return _xlsx(out, workbooks.export_filename(name, unit))


@login_required
@require_POST
def upload(request: HttpRequest, unit_id: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    unit = _unit(request, unit_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.start_import(actor=request.user, unit=unit, kind=kind, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("org_excel:job", job_id=job.pk)
    return _index(request, unit, forms={kind: form}, status=400)


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.access_job(request.user, job_id)
    context = {"job": job, "errors": job.errors[:ERRORS_SHOWN], "errors_shown": ERRORS_SHOWN}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "org_excel/job.html#status", context)
    return render(request, "org_excel/job.html", context)


@login_required
def job_errors(request: HttpRequest, job_id: int) -> FileResponse:
    job = selectors.access_job(request.user, job_id)
    buffer = io.BytesIO()
    workbooks.write_errors(job.errors, buffer)
    return _xlsx(buffer, f"loi-nhap-{job.pk}.xlsx")
