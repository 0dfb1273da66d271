"""Who is signing in, and from where: the identity django-axes counts failed sign-ins against.

Axes locks the pair (account, client address). "Account" must not depend on how the login was typed:
a person may sign in with their e-mail or with their phone number written in any common way
("0912 000 006", "+84 912 000 006"), and every spelling has to count against the same lock.
"""

from typing import Any

from django.conf import settings
from django.db.models import Q

from educomms.core.text import normalize_phone
from educomms.org.models import Person

_MEMO_ATTR = "_educomms_axes_accounts"


def _canonical_login(raw: str) -> tuple[str, Q | None]:
    """The normalised login text and the query that finds its person (None when it cannot match one)."""
    login = raw.strip()
    if "@" in login:
        login = login.lower()
        return login, Q(email__iexact=login)
    try:
        phone = normalize_phone(login)
    except ValueError:
        return login.lower(), None
    return phone, (Q(phone=phone) if phone else None)


def account_key(raw: str | None) -> str | None:
    """The person's e-mail (or phone when they have no e-mail) for any spelling of their login;
    for a login that matches nobody, its normalised text. Readable, so that an operator can lift a
    lock-out with `manage.py axes_reset_username <key>`."""
    if raw is None:
        return None
    login, query = _canonical_login(str(raw))
    if not login:
        return None
    if query is not None:
        found = Person.objects.filter(query).values_list("email", "phone").first()
        if found:
            return found[0] or found[1]
    return login


def axes_username(request: Any, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE. Axes asks several times per request, so the answer is remembered on it.

    After a successful sign-in axes passes the user's `get_username()` (the e-mail, None for a
    phone-only person); the posted login is used then, so that the reset reaches the same record."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None:
        return None
    memo = getattr(request, _MEMO_ATTR, None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            setattr(request, _MEMO_ATTR, memo)
    if raw not in memo:
        memo[raw] = account_key(raw)
    return memo[raw]
