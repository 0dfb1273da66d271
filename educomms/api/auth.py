"""Who is calling /api/v1: a bearer token (preferred), or the signed-in session (for HTMX pages).

A request that carries an `Authorization` header is judged by it alone: a bad token is a 401 even when
a session cookie is present, so a script never silently runs as whoever is signed in in the browser.
"""

import functools
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from educomms.accounts.selectors import second_factor_state
from educomms.api import services
from educomms.api.errors import CsrfFailed, InvalidToken, SecondFactorRequired
from educomms.api.models import ApiToken

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token `secret` of an active person (with the person loaded), or None. Compares digests
    in constant time."""
    secret = (secret or "").strip()
    if len(secret) <= ApiToken.PREFIX_LENGTH or len(secret) > 200:
        return None
    digest = services.hash_secret(secret)
    found = None
    # Candidates share the displayed prefix; the digest decides, compared without an early exit.
    for token in _tokens_with_prefix(secret[: ApiToken.PREFIX_LENGTH]):
        if hmac.compare_digest(token.key_hash, digest):
            found = token
    if found is None or not found.is_usable or not found.person.is_active:
        return None
    services.touch_token(found)
    return found


def _tokens_with_prefix(prefix: str) -> list[ApiToken]:
    """`ApiToken.objects.filter(key_prefix=prefix).select_related("person")`, as one SQL statement written
    once per process: every API request runs it, and compiling that join through the ORM cost more CPU
    than all the rest of an acknowledgment (bench/directives.py). Values go through the fields' own
    converters (aware datetimes, booleans on SQLite), so the instances are what the ORM would give."""
    sql, split = _token_lookup(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix])
        rows = cursor.fetchall()
    tokens = []
    for row in rows:
        token = _instance(ApiToken, row[:split])
        token.person = _instance(get_user_model(), row[split:])
        tokens.append(token)
    return tokens


@functools.cache
def _token_lookup(vendor: str) -> tuple[str, int]:
    """The statement, and where the person's columns start in its rows."""
    def qn(field: Any) -> str:
        return connection.ops.quote_name(str(field.column))

    token, person = ApiToken._meta, get_user_model()._meta
    token_fields, person_fields = list(token.concrete_fields), list(person.concrete_fields)
    columns = [f"t.{qn(f)}" for f in token_fields] + [f"p.{qn(f)}" for f in person_fields]
    tables = connection.ops.quote_name(token.db_table), connection.ops.quote_name(person.db_table)
    # Identifiers come from the models; the prefix is a parameter.
    sql = (f"SELECT {', '.join(columns)} FROM {tables[0]} t "  # noqa: S608
           f"JOIN {tables[1]} p ON p.{qn(person.pk)} = t.{qn(token.get_field('person'))} "
           f"WHERE t.{qn(token.get_field('key_prefix'))} = %s")
    return sql, len(token_fields)


def _instance[M: Model](model: type[M], values: tuple[Any, ...]) -> M:
    attnames, converters = _converters(connection.vendor, model)
    converted = list(values)
    for index, col, convert in converters:
        converted[index] = convert(converted[index], col, connection)
    return model.from_db(connection.alias, attnames, converted)


@functools.cache
def _converters(vendor: str, model: type[Model]) -> tuple[list[str], list[tuple[int, Any, Any]]]:
    """The attribute names of `model`'s concrete fields and the converters its values need on this database
    (as the ORM's compiler applies them; they depend on the settings only, not on the connection)."""
    fields = list(model._meta.concrete_fields)
    converters = []
    for index, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters += [(index, col, c) for c in connection.ops.get_db_converters(col) + col.get_db_converters(connection)]
    return [f.attname for f in fields], converters


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get(self.header, "")
        if not header:
            return None  # no token: let the session try
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise InvalidToken
        person = self.authenticate(request, secret)
        if person is None:
            raise InvalidToken
        return person

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = token_for_secret(token)
        if found is None:
            return None
        # Endpoints read the actor from request.user, as pages do; request.api_token says which token.
        request.user = found.person
        request.api_token = found  # type: ignore[attr-defined]  # our own request attribute
        return found.person


class SessionWithCsrf(APIKeyCookie):
    """The Django session, with CSRF checked on unsafe methods (HTMX sends X-CSRFToken from base.html).

    Anonymous requests fall through to a 401 (not a CSRF 403). A leader whose unit requires two-factor
    sign-in must have verified it in this session, as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if (request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False)
                and check_csrf(request) is not None):
            raise CsrfFailed
        if _needs_second_factor(user):
            raise SecondFactorRequired
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        return request.user if request.user.is_authenticated else None


def _needs_second_factor(user: Any) -> bool:
    """The rule of accounts.middleware.TwoFactorRequiredMiddleware, answered as JSON here: whoever uses
    two-factor sign-in, or must, has verified it in this session. (The middleware normally stops such a
    request first; this keeps the API safe should the middleware ever skip /api/.)"""
    is_verified = getattr(user, "is_verified", None)
    if not callable(is_verified) or is_verified():
        return False
    state = second_factor_state(user)
    return state.has_device or state.required


bearer = BearerToken()
session = SessionWithCsrf()
