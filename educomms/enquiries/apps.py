from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _handles_enquiries(request) -> bool:
    from educomms.enquiries.permissions import handles_anywhere

    return bool(request.user.is_authenticated and handles_anywhere(request.user))


class EnquiriesConfig(AppConfig):
    name = "educomms.enquiries"
    label = "enquiries"
    verbose_name = _("Hỏi đáp và góp ý")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from educomms.audit.selectors import VERB_LABELS
        from educomms.core.navigation import NavItem, register
        from educomms.notifications.registry import register_kind

        register(NavItem("enquiries", _("Hỏi đáp, góp ý"), "enquiries:inbox", order=45, visible=_handles_enquiries))
        VERB_LABELS.update({
            "enquiries.question.received": _("Tiếp nhận câu hỏi của người dân"),
            "enquiries.question.assigned": _("Phân công trả lời câu hỏi"),
            "enquiries.answer.saved": _("Soạn, sửa câu trả lời"),
            "enquiries.question.submit": _("Gửi duyệt câu trả lời"),
            "enquiries.question.request_changes": _("Yêu cầu sửa câu trả lời"),
            "enquiries.question.approve": _("Duyệt và đăng câu hỏi, trả lời"),
            "enquiries.question.unpublish": _("Gỡ câu hỏi, trả lời khỏi cổng để sửa"),
            "enquiries.question.close": _("Đóng câu hỏi, không đăng"),
            "enquiries.question.spam": _("Đánh dấu câu hỏi là thư rác"),
            "enquiries.question.reopen": _("Mở lại câu hỏi"),
            "enquiries.feedback.received": _("Tiếp nhận góp ý, phản ánh"),
            "enquiries.feedback.in_progress": _("Xử lý góp ý, phản ánh"),
            "enquiries.feedback.resolved": _("Giải quyết xong góp ý, phản ánh"),
            "enquiries.feedback.closed": _("Đóng góp ý, phản ánh"),
            "enquiries.feedback.noted": _("Ghi chú nội bộ về góp ý, phản ánh"),
        })
        for kind, label in {
            "enquiries.question_received": _("Câu hỏi mới của người dân"),
            "enquiries.feedback_received": _("Góp ý, phản ánh mới của người dân"),
            "enquiries.assigned": _("Được giao trả lời câu hỏi"),
            "enquiries.submitted": _("Câu trả lời chờ duyệt"),
            "enquiries.request_changes": _("Câu trả lời cần sửa"),
            "enquiries.approve": _("Câu trả lời đã được đăng"),
            "enquiries.unpublish": _("Câu trả lời bị gỡ khỏi cổng"),
        }.items():
            register_kind(kind, label)  # type: ignore[arg-type]  # lazily translated, shown later
