from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_see_calendar(request) -> bool:
    from educomms.newsroom.calendar_selectors import has_newsroom_role

    return has_newsroom_role(request.user)


class NewsroomConfig(AppConfig):
    name = "educomms.newsroom"
    label = "newsroom"
    verbose_name = _("Tin bài")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.audit.selectors import VERB_LABELS
        from educomms.core.navigation import NavItem, register

        register(NavItem("newsroom_stories", _("Tin bài"), "newsroom:stories", order=35, visible=_may_see_calendar))
        register(NavItem("newsroom_calendar", _("Lịch truyền thông"), "newsroom:calendar", order=40,
                         visible=_may_see_calendar))
        VERB_LABELS.update({
            "newsroom.theme.create": _("Thêm chủ đề truyền thông"),
            "newsroom.theme.update": _("Sửa chủ đề truyền thông"),
            "newsroom.theme.move": _("Đổi thứ tự chủ đề truyền thông"),
            "newsroom.theme.activate": _("Dùng lại chủ đề truyền thông"),
            "newsroom.theme.deactivate": _("Ngừng dùng chủ đề truyền thông"),
            "newsroom.keydate.create": _("Thêm ngày trọng điểm"),
            "newsroom.keydate.update": _("Sửa ngày trọng điểm"),
            "newsroom.keydate.delete": _("Xóa ngày trọng điểm"),
            "newsroom.plan.create": _("Thêm mục kế hoạch tin bài"),
            "newsroom.plan.update": _("Sửa mục kế hoạch tin bài"),
        })
