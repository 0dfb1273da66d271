from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_index(using: str = "default", **kwargs: Any) -> None:
    from educomms.search import schema

    schema.ensure(connections[using])


class SearchConfig(AppConfig):
    name = "educomms.search"
    label = "search"
    verbose_name = _("Tìm kiếm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A later migration that rebuilds newsroom_story on SQLite drops the index triggers: put them back.
        post_migrate.connect(_ensure_index, sender=self, dispatch_uid="search.ensure_index")
