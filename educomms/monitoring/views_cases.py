"""Cases of false or inaccurate information: the list, opening one from mentions, the case page with its
findings, verdict, actions and timeline, and the correction letter (Word)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.org.forms import add_service_errors
from educomms.org.models import Membership, Person
from educomms.org.roles import Capability, roles_with

from . import cases, letters, permissions, selectors
from .forms import ActionForm, CaseOpenForm, FindingsForm, NoteForm, VerdictForm
from .models import ActionKind, Case, CaseStatus
from .views_mentions import mentions_for_case

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _people(case: Case) -> QuerySet[Person]:
    """Who may carry out an action: the people of the case's unit whose role lets them handle cases."""
    members = Membership.objects.active().filter(unit=case.unit, role__in=roles_with(Capability.HANDLE_CASE))
    return Person.objects.filter(is_active=True, pk__in=members.values("person_id")).order_by("full_name")


def _case_for_work(request: HttpRequest, case_id: int) -> Case:
    case = selectors.access_case(request.user, case_id)
    if not permissions.may_handle_cases(request.user, case.unit):
        raise PermissionDenied
    return case


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not permissions.may_monitor_any(request.user):
        raise PermissionDenied
    status = request.GET.get("trang-thai", "")
    rows = selectors.visible_cases(request.user)
    if status in CaseStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 25).get_page(request.GET.get("trang"))
    return render(request, "monitoring/cases.html", {"page": page, "status": status,
                                                     "statuses": CaseStatus.choices,
                                                     "nav_active": "monitoring_cases"})


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    unit = permissions.working_unit(request, Capability.HANDLE_CASE)
    mentions = mentions_for_case(request)
    first = mentions[0] if mentions else None
    initial = {"title": (first.title or first.text[:120]) if first else "", "claim": first.text[:1000] if first else ""}
    form = CaseOpenForm(request.POST if "title" in request.POST else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            case = cases.open_case(actor=request.user, unit=unit, mentions=mentions, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã mở vụ việc. Hãy ghi kết quả xác minh và kết luận."))
            return redirect("monitoring:case", case_id=case.pk)
    return render(request, "monitoring/case_open.html", {"form": form, "mentions": mentions, "unit": unit,
                                                         "nav_active": "monitoring_cases"},
                  status=400 if form.is_bound else 200)


def _render_case(request: HttpRequest, case: Case, *, status: int = 200, **forms: object) -> HttpResponse:
    may_work = permissions.may_handle_cases(request.user, case.unit)
    return render(request, "monitoring/case.html", {
        "case": case, "mentions": list(case.mentions.select_related("source").order_by("published_at")),
        "actions": list(case.actions.select_related("owner")),
        "entries": list(case.entries.select_related("actor").order_by("-at", "-id")),
        "may_work": may_work, "now": timezone.now(), "CORRECTION": ActionKind.CORRECTION,
        "findings_form": forms.get("findings_form") or FindingsForm(initial={
            "claim": case.claim, "facts": case.facts, "evidence": case.evidence}),
        "verdict_form": forms.get("verdict_form") or VerdictForm(initial={"verdict": case.verdict or None}),
        "action_form": forms.get("action_form") or (ActionForm(people=_people(case), initial={"owner": request.user})
                                                    if may_work else None),
        "note_form": forms.get("note_form") or NoteForm(),
        "nav_active": "monitoring_cases",
    }, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case(request, selectors.access_case(request.user, case_id))


def _post(request: HttpRequest, case: Case, form_name: str, form, run) -> HttpResponse:
    """Validate `form`, run the service, and show the case page again (with the errors when it failed)."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("monitoring:case", case_id=case.pk)
    return _render_case(request, case, status=400, **{form_name: form})


@login_required
@require_POST
def case_findings(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_work(request, case_id)
    return _post(request, case, "findings_form", FindingsForm(request.POST),
                 lambda d: cases.update_findings(actor=request.user, case=case, **d))


@login_required
@require_POST
def case_verdict(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_work(request, case_id)
    return _post(request, case, "verdict_form", VerdictForm(request.POST),
                 lambda d: cases.set_verdict(actor=request.user, case=case, verdict=d["verdict"]))


@login_required
@require_POST
def case_action(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_work(request, case_id)
    return _post(request, case, "action_form", ActionForm(request.POST, people=_people(case)),
                 lambda d: cases.add_action(actor=request.user, case=case, **d))


@login_required
@require_POST
def case_action_done(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    case = _case_for_work(request, case_id)
    action = selectors.access_action(case, action_id)
    try:
        cases.complete_action(actor=request.user, action=action, note=request.POST.get("note", "")[:1000])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("monitoring:case", case_id=case.pk)


@login_required
@require_POST
def case_note(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_work(request, case_id)
    return _post(request, case, "note_form", NoteForm(request.POST),
                 lambda d: cases.add_note(actor=request.user, case=case, text=d["text"]))


@login_required
@require_POST
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_work(request, case_id)
    try:
        if request.POST.get("reopen"):
            cases.reopen_case(actor=request.user, case=case)
        else:
            cases.close_case(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("monitoring:case", case_id=case.pk)


@login_required
@require_GET
def correction_letter(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    """The Word letter asking the outlet of a correction action to publish a correction."""
    case = selectors.access_case(request.user, case_id)
    action = selectors.access_action(case, action_id, kind=ActionKind.CORRECTION)
    data = letters.correction_letter(case=case, action=action)
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="de-nghi-cai-chinh-{case.pk}-{action.pk}.docx"'
    return response
