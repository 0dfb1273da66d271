"""Reads of API tokens. A person only ever reaches their own."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from educomms.api.models import ApiToken


def tokens_of(person: Any) -> QuerySet[ApiToken]:
    """The person's tokens, newest first, revoked ones included (they stay as history)."""
    return ApiToken.objects.filter(person_id=person.pk).order_by("-created_at", "-id")


def access_token(person: Any, token_id: Any) -> ApiToken:
    """One of the person's own tokens; Http404 for anybody else's and for a missing one alike."""
    try:
        return tokens_of(person).get(pk=int(token_id))
    except (TypeError, ValueError, ApiToken.DoesNotExist) as exc:
        raise Http404 from exc
