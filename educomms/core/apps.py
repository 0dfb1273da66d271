from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Core"
    name = "educomms.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
