from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from educomms.core.text import normalize_phone
from educomms.org.models import Person


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with an e-mail address or a Vietnamese phone number (any common spelling of it)."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Person | None:
        login = (username or kwargs.get("email") or "").strip()
        if not login or password is None:
            return None
        if "@" in login:
            q = Q(email__iexact=login)
        else:
            try:
                q = Q(phone=normalize_phone(login))
            except ValueError:
                return None
        person = Person.objects.filter(q).first()
        if person is None:
            Person().set_password(password)  # same work as a real check: no timing hint that the user is unknown
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None
