"""Workspace pages (/tiep-nhan/): the inbox, a question with its answer and workflow, a feedback item.
Each view: input → access → one service or selector → render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from educomms.org import access
from educomms.org.forms import add_service_errors

from . import answer_text, permissions, selectors, services
from .forms import AnswerForm, AssignForm, FeedbackStateForm, InboxFilterForm, MoveForm, NoteForm
from .models import Feedback, Question


def _filters(request: HttpRequest) -> tuple[InboxFilterForm, selectors.InboxFilters]:
    form = InboxFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or "question"
    allowed = {value for value, _label in form.state_choices(kind)}
    state = str(data.get("state") or "open")
    state = state if state in allowed else "open"
    return form, selectors.InboxFilters(kind=kind, state=state, unit_id=data.get("unit"),
                                        overdue=bool(data.get("overdue")))


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if not permissions.handles_anywhere(request.user):
        raise Http404
    form, filters = _filters(request)
    found = (selectors.inbox_feedback(request.user, filters) if filters.kind == "feedback"
             else selectors.inbox_questions(request.user, filters))
    return render(request, "enquiries/inbox.html", {
        "filters": filters, "state_choices": form.state_choices(filters.kind),
        "units": selectors.inbox_units(request.user), "counts": selectors.open_counts(request.user),
        "page": Paginator(found, selectors.INBOX_PAGE_SIZE).get_page(request.GET.get("page")),
        "nav_active": "enquiries",
    })


def _question_page(request: HttpRequest, question: Question, status: int = 200, **forms: Any) -> HttpResponse:
    page = selectors.question_page(request.user, question)
    answer_form = forms.get("answer_form") or AnswerForm(initial={
        "body": answer_text.to_text(page.answer.body) if page.answer else "",
        "version": page.answer.version if page.answer else 0})
    assign_form = forms.get("assign_form") or AssignForm(
        colleagues=page.colleagues, initial={"assignee": question.assignee_id or request.user.pk})
    move_form = forms.get("move_form")
    return render(request, "enquiries/question.html", {
        "page": page, "q": question, "answer_form": answer_form, "assign_form": assign_form,
        "move_form": move_form, "failed_action": move_form["action"].value() if move_form else "",
        "nav_active": "enquiries",
    }, status=status)


@login_required
@require_GET
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    return _question_page(request, permissions.access_question(request.user, question_id))


@login_required
@require_POST
def question_assign(request: HttpRequest, question_id: int) -> HttpResponse:
    item = permissions.access_question(request.user, question_id)
    form = AssignForm(request.POST, colleagues=list(permissions.handlers(item.unit_id)))
    if form.is_valid():
        assignee = access.access_person(request.user, form.cleaned_data["assignee"])
        try:
            services.assign_question(actor=request.user, question=item, assignee=assignee,
                                     comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã giao câu hỏi cho %(name)s.") % {"name": assignee.full_name})
            return redirect("enquiries:question", item.pk)
    return _question_page(request, item, status=400, assign_form=form)


@login_required
@require_POST
def answer_save(request: HttpRequest, question_id: int) -> HttpResponse:
    item = permissions.access_question(request.user, question_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.save_answer(actor=request.user, question=item, body=answer_text.to_html(form.cleaned_data["body"]),
                                 version=form.cleaned_data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu câu trả lời."))
            return redirect("enquiries:question", item.pk)
    return _question_page(request, item, status=400, answer_form=form)


@login_required
@require_POST
def question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    item = permissions.access_question(request.user, question_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.transition_question(actor=request.user, question=item, action=form.cleaned_data["action"],
                                         comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Câu hỏi %(ref)s: %(state)s.") % {
                "ref": item.reference, "state": item.get_state_display()})
            return redirect("enquiries:question", item.pk)
    return _question_page(request, item, status=400, move_form=form)


def _feedback_page(request: HttpRequest, item: Feedback, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "enquiries/feedback.html", {
        "f": item, "notes": selectors.feedback_notes(item), "moves": selectors.feedback_moves(item),
        "may_handle": permissions.may_handle(request.user, item.unit_id),
        "state_form": forms.get("state_form"), "note_form": forms.get("note_form") or NoteForm(),
        "nav_active": "enquiries",
    }, status=status)


@login_required
@require_GET
def feedback(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _feedback_page(request, permissions.access_feedback(request.user, feedback_id))


@login_required
@require_POST
def feedback_state(request: HttpRequest, feedback_id: int) -> HttpResponse:
    item = permissions.access_feedback(request.user, feedback_id)
    form = FeedbackStateForm(request.POST)
    if form.is_valid():
        try:
            services.change_feedback_state(actor=request.user, feedback=item, to=form.cleaned_data["to"],
                                           comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Góp ý %(ref)s: %(state)s.") % {
                "ref": item.reference, "state": item.get_state_display()})
            return redirect("enquiries:feedback", item.pk)
    return _feedback_page(request, item, status=400, state_form=form)


@login_required
@require_POST
def feedback_note(request: HttpRequest, feedback_id: int) -> HttpResponse:
    item = permissions.access_feedback(request.user, feedback_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_feedback_note(actor=request.user, feedback=item, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm ghi chú."))
            return redirect("enquiries:feedback", item.pk)
    return _feedback_page(request, item, status=400, note_form=form)


@login_required
@require_GET
def feedback_attachment(request: HttpRequest, feedback_id: int) -> FileResponse:
    """The sender's file, only for the unit's handlers (never under a public address)."""
    item = permissions.access_feedback(request.user, feedback_id)
    if not item.attachment or not default_storage.exists(item.attachment):
        raise Http404
    response = FileResponse(default_storage.open(item.attachment, "rb"), as_attachment=True,
                            filename=item.attachment.rsplit("/", 1)[-1], content_type=item.attachment_mime)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
