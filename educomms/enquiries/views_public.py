"""Public pages of the Q&A (hỏi đáp) and the feedback form (góp ý), on the portal's layout.

Lists and question pages are cached like the portal's (a new portal generation on every publication);
the forms are not (each carries a CSRF token)."""

import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from educomms.core.http import client_ip, posted_data
from educomms.org.forms import add_service_errors
from educomms.portal.cache import cached_page
from educomms.portal.selectors import portal_unit

from . import selectors, services
from .forms import AskForm, FeedbackForm

_REFERENCE = re.compile(r"^(HD|GY)-\d{4}-\d{6}$")


@require_GET
@cached_page
def questions(request: HttpRequest) -> HttpResponse:
    site = portal_unit()
    query = request.GET.get("q", "").strip()[:200]
    words = selectors.search_words(query)
    unit = selectors.public_unit(site, request.GET.get("don-vi"))
    found = selectors.public_questions(site, words=words, unit=unit)
    return render(request, "enquiries/public/questions.html", {
        "site": site, "query": query, "words": words, "unit": unit, "nav": "qa",
        "units": selectors.public_units_with_questions(site),
        "page": Paginator(found, selectors.PAGE_SIZE).get_page(request.GET.get("page")),
    })


@require_GET
@cached_page
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    site = portal_unit()
    return render(request, "enquiries/public/question.html", {
        "site": site, "question": selectors.public_question(site, question_id), "nav": "qa",
    })


def _refused(form: AskForm | FeedbackForm, exc: ValidationError) -> int:
    add_service_errors(form, exc)
    return 429 if getattr(exc, "code", None) == "rate_limited" else 400


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    site = portal_unit()
    form = AskForm(posted_data(request), units=selectors.unit_choices(site))
    status = 200
    if form.is_bound and form.is_spam:
        return redirect("enquiries_public:ask_done")  # looks like success; nothing is stored
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.submit_question(
                unit=selectors.askable_unit(site, data["unit"]), name=data["name"], email=data["email"],
                phone=data["phone"], text=data["text"], topic=data["topic"], ip=client_ip(request),
                language=get_language() or "vi")
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            return redirect(f"{reverse('enquiries_public:ask_done')}?ma={created.reference}")
    elif form.is_bound:
        status = 400
    return render(request, "enquiries/public/ask.html", {"site": site, "form": form, "nav": "qa"}, status=status)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    site = portal_unit()
    form = FeedbackForm(posted_data(request), request.FILES or None, units=selectors.unit_choices(site))
    status = 200
    if form.is_bound and form.is_spam:
        return redirect("enquiries_public:feedback_done")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.submit_feedback(
                unit=selectors.askable_unit(site, data["unit"]), name=data["name"], email=data["email"],
                phone=data["phone"], category=data["category"], text=data["text"], attachment=data["attachment"],
                ip=client_ip(request))
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            return redirect(f"{reverse('enquiries_public:feedback_done')}?ma={created.reference}")
    elif form.is_bound:
        status = 400
    return render(request, "enquiries/public/feedback.html", {"site": site, "form": form, "nav": "feedback"},
                  status=status)


@require_GET
def ask_done(request: HttpRequest) -> HttpResponse:
    return _thanks(request, kind="question")


@require_GET
def feedback_done(request: HttpRequest) -> HttpResponse:
    return _thanks(request, kind="feedback")


def _thanks(request: HttpRequest, *, kind: str) -> HttpResponse:
    reference = request.GET.get("ma", "")
    response = render(request, "enquiries/public/thanks.html", {
        "site": portal_unit(), "kind": kind, "nav": "qa" if kind == "question" else "feedback",
        "reference": reference if _REFERENCE.match(reference) else "",
    })
    response.headers["X-Robots-Tag"] = "noindex"
    return response
