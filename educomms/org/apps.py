from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "educomms.org"
    label = "org"
    verbose_name = _("Mạng lưới")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.core.navigation import NavItem, register

        register(NavItem("org", _("Mạng lưới"), "org:unit_tree", order=10))
        register(NavItem("people", _("Nhân sự"), "org:people", order=20))
