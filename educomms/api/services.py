"""Writes to API tokens: create (the secret is returned once), revoke, and the last-used stamp."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.api.models import ApiToken
from educomms.audit.services import record, snapshot
from educomms.core.periods import VN_TZ
from educomms.core.text import normalize

# A recognisable prefix lets secret scanners (and people) tell an educomms token at a glance.
KEY_MARK = "ec_"
MAX_ACTIVE_TOKENS = 20
# The stamp is for people ("used 5 minutes ago"), not for accounting: one write a minute at most.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
TOKEN_FIELDS = ["person", "name", "key_prefix", "expires_at", "revoked_at"]


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret. The secret has 256 random bits, so a fast hash is enough (no salt needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in Vietnam: a token "valid until 05/02/2026" works all that day."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=VN_TZ)


@transaction.atomic
def create_token(*, actor: Any, name: str, expires_on: dt.date | None = None) -> tuple[ApiToken, str]:
    """Make a token for `actor` and return it with its secret. The secret is not stored anywhere: show it
    to the person now, it cannot be shown again."""
    name = normalize(name or "")
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Hãy đặt tên cho mã truy cập (ví dụ: “Đồng bộ phần mềm quản lý trường”).")
    elif len(name) > ApiToken.NAME_MAX_LENGTH:
        errors["name"] = _("Tên quá dài (tối đa %(n)s ký tự).") % {"n": ApiToken.NAME_MAX_LENGTH}
    if expires_on is not None and expires_on < timezone.localdate():
        errors["expires_on"] = _("Ngày hết hạn không được ở trong quá khứ.")
    if errors:
        raise ValidationError(errors)
    if ApiToken.objects.usable().filter(person_id=actor.pk).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(_("Bạn đã có %(n)s mã truy cập còn hiệu lực. Hãy thu hồi mã không dùng nữa trước.")
                              % {"n": MAX_ACTIVE_TOKENS})
    secret = KEY_MARK + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person_id=actor.pk,
        name=name,
        key_prefix=secret[: ApiToken.PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        expires_at=end_of_day(expires_on) if expires_on else None,
    )
    # Never the secret or its hash in the audit trail: the prefix identifies the token well enough.
    record(actor=actor, verb="api_token.created", obj=token, after=snapshot(token, TOKEN_FIELDS))
    return token, secret


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of `actor`'s own tokens, at once and for good. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.person_id != actor.pk:
        # Callers reach tokens through selectors.tokens_of(actor); this guards against a wiring mistake.
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = snapshot(token, ["revoked_at"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, verb="api_token.revoked", obj=token, before=before, after=snapshot(token, ["revoked_at"]))
    return token


def touch_token(token: ApiToken, *, now: dt.datetime | None = None) -> None:
    """Stamp the token as used, at most once a minute. Not audited: using a token changes no state that
    anybody answers for, and an event per request would drown the audit trail."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    # A plain UPDATE: every first request of a token in a minute pays for it, and the ORM's compile of
    # the same statement cost several times the statement itself.
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last_used_at = %s WHERE id = %s",  # noqa: S608 (identifier from the model)
                       [connection.ops.adapt_datetimefield_value(now), token.pk])
    token.last_used_at = now
