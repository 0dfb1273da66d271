from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "educomms.enquiries"
    label = "enquiries"
    verbose_name = _("Hỏi đáp và góp ý")
    default_auto_field = "django.db.models.BigAutoField"
