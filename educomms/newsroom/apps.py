from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "educomms.newsroom"
    label = "newsroom"
    verbose_name = _("Tin bài")
    default_auto_field = "django.db.models.BigAutoField"
