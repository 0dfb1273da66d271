from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "educomms.documents"
    label = "documents"
    verbose_name = _("Văn bản công khai")
    default_auto_field = "django.db.models.BigAutoField"
