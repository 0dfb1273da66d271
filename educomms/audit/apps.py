from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_audit(request) -> bool:
    if not request.user.is_authenticated:
        return False
    from educomms.org import access
    from educomms.org.roles import Capability

    paths = access.scope_paths(request.user, Capability.VIEW_AUDIT)
    return paths is None or bool(paths)


class AuditConfig(AppConfig):
    name = "educomms.audit"
    label = "audit"
    verbose_name = _("Nhật ký")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.core.navigation import NavItem, register

        register(NavItem("audit", _("Nhật ký"), "audit:index", order=90, visible=_may_audit))
