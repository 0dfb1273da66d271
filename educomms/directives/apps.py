from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_manage_directives(request) -> bool:
    from educomms.directives.views_manage import may_manage_any

    return request.user.is_authenticated and may_manage_any(request.user)


class DirectivesConfig(AppConfig):
    name = "educomms.directives"
    label = "directives"
    verbose_name = _("Văn bản chỉ đạo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.core.navigation import NavItem, register

        # Every signed-in member receives directives. (No unread count in the menu: it would cost a query
        # on every page; the inbox shows it.)
        register(NavItem("directives_inbox", _("Văn bản chỉ đạo"), "directives:inbox", order=50))
        register(NavItem("directives_manage", _("Ban hành, theo dõi"), "directives:manage", order=51,
                         visible=_may_manage_directives))
