"""Pages where a signed-in person manages their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from educomms.api import selectors, services
from educomms.api.forms import TokenForm


def _page(request: HttpRequest, form: TokenForm, *, new_token=None, secret: str = "") -> HttpResponse:
    response = render(request, "api/tokens.html", {
        "form": form,
        "tokens": selectors.tokens_of(request.user),
        "new_token": new_token,
        "secret": secret,
        "me_url": request.build_absolute_uri(reverse("api:me")),
        "docs_url": reverse("api:openapi-view"),
    })
    # The page may carry a secret shown once: no cache may keep it.
    add_never_cache_headers(response)
    return response


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, TokenForm())


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.create_token(actor=request.user, name=form.cleaned_data["name"],
                                                  expires_on=form.cleaned_data["expires_on"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _page(request, TokenForm(), new_token=token, secret=secret)
    return _page(request, form)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token(request.user, token_id)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi mã “%(name)s”. Mọi chương trình dùng mã này sẽ bị từ chối.")
                     % {"name": token.name})
    return redirect("api_tokens:list")
