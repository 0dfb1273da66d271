from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_publish(request) -> bool:
    from educomms.documents.permissions import may_publish_anywhere

    return may_publish_anywhere(request.user)


class DocumentsConfig(AppConfig):
    name = "educomms.documents"
    label = "documents"
    verbose_name = _("Văn bản công khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.audit.selectors import VERB_LABELS
        from educomms.core.navigation import NavItem, register

        register(NavItem("documents", _("Văn bản công khai"), "documents:list", order=50, visible=_may_publish))
        VERB_LABELS.update({
            "documents.document.publish": _("Công khai văn bản"),
            "documents.document.republish": _("Công khai lại văn bản"),
            "documents.document.update": _("Sửa văn bản công khai"),
            "documents.document.withdraw": _("Thu hồi văn bản công khai"),
        })
