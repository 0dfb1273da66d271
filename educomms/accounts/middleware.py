from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from educomms.accounts import selectors

# Paths a signed-in but not yet verified person may still reach: files, the language switch, the
# health check. The two-factor pages themselves and sign-out are added in __call__ (they are
# reversed once the URLconf is loaded). /api/ applies the same rule itself and answers a session
# caller without a second factor with a JSON 401 `second_factor_required` (api/auth.py), which an API
# client can act on, rather than a redirect to an HTML page.
EXEMPT_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/api/")
# Public pages (anyone may read them signed in or not): the portal and the spokesperson register.
PUBLIC_NAMESPACES = {"portal", "enquiries_public", "documents_public"}
PUBLIC_VIEWS = {"org:spokespersons"}


class TwoFactorRequiredMiddleware:
    """Second factor before anything else, for a signed-in person who

    - has confirmed an authenticator app (two-factor is optional, but once on it is always asked), or
    - holds a leader role (head, deputy head, spokesperson) at an active unit with
      `require_leader_2fa` (they are sent to set it up if they have not).

    Must come after django_otp's OTPMiddleware (which provides `user.is_verified()`). Costs one
    query per request of a signed-in person whose session is not verified, none once it is.
    Requests authenticated by an API token carry no session user and are not affected; session
    requests to /api/ get the API's own JSON 401 instead of a redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined,union-attr]  # installed by OTPMiddleware
            and not self._exempt(request.path)
        ):
            state = selectors.second_factor_state(user)
            if state.has_device or state.required:
                target = reverse("accounts:otp_verify" if state.has_device else "accounts:otp_setup")
                if request.headers.get("HX-Request") == "true":
                    # A redirect would be swapped into a fragment of the page: send the whole browser
                    # there instead, and back to the page (not the fragment) afterwards.
                    # (HtmxMiddleware comes later in MIDDLEWARE, so request.htmx is not set yet.)
                    from django_htmx.http import HttpResponseClientRedirect

                    page = urlsplit(request.headers.get("HX-Current-URL", ""))
                    back = page.path + (f"?{page.query}" if page.query else "")
                    return HttpResponseClientRedirect(f"{target}?{urlencode({'next': back or '/'})}")
                if request.method == "GET":
                    target = f"{target}?{urlencode({'next': request.get_full_path()})}"
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if (
            path.startswith(EXEMPT_PREFIXES)
            or path.startswith(reverse("accounts:otp_root"))
            or path == reverse("accounts:logout")
        ):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.namespace in PUBLIC_NAMESPACES or match.view_name in PUBLIC_VIEWS
