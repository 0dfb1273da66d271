from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "educomms.directives"
    label = "directives"
    verbose_name = _("Văn bản chỉ đạo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the notification kinds (labels on the notification preferences page).
        from educomms.directives import reminders  # noqa: F401
