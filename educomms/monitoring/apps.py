from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_monitor(request) -> bool:
    from educomms.monitoring.permissions import may_monitor_any

    return request.user.is_authenticated and may_monitor_any(request.user)


class MonitoringConfig(AppConfig):
    name = "educomms.monitoring"
    label = "monitoring"
    verbose_name = _("Theo dõi dư luận")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.core.navigation import NavItem, register

        register(NavItem("monitoring_inbox", _("Tin theo dõi"), "monitoring:inbox", order=60, visible=_may_monitor))
        register(NavItem("monitoring_topics", _("Chủ đề theo dõi"), "monitoring:topics", order=61,
                         visible=_may_monitor))
        register(NavItem("monitoring_alerts", _("Cảnh báo"), "monitoring:alerts", order=62, visible=_may_monitor))
        register(NavItem("monitoring_cases", _("Thông tin sai lệch"), "monitoring:cases", order=63,
                         visible=_may_monitor))
        register(NavItem("monitoring_sources", _("Nguồn tin"), "monitoring:sources", order=64, visible=_may_monitor))
