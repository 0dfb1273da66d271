"""Roles people hold in a unit, and the one table that maps roles to capabilities.

A role held at a unit applies to that unit and everything below it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD = "head", _("Thủ trưởng đơn vị")
    DEPUTY_HEAD = "deputy_head", _("Phó thủ trưởng")
    SPOKESPERSON = "spokesperson", _("Người phát ngôn")
    COMMS_OFFICER = "comms_officer", _("Cán bộ phụ trách truyền thông")
    STAFF = "staff", _("Giáo viên, nhân viên")
    UNION_REP = "union_rep", _("Đại diện đoàn thể")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


class Capability(models.TextChoices):
    VIEW_UNIT = "org.view_unit", _("Xem đơn vị và danh bạ")
    MANAGE_UNITS = "org.manage_units", _("Thêm, sửa, chuyển, ngừng hoạt động đơn vị")
    MANAGE_MEMBERS = "org.manage_members", _("Thêm, kết thúc nhiệm vụ của nhân sự")
    IMPORT_EXPORT = "org.import_export", _("Nhập, xuất Excel đơn vị và nhân sự")
    VIEW_AUDIT = "audit.view", _("Xem nhật ký hoạt động")
    REQUIRE_2FA = "accounts.require_2fa", _("Bắt buộc xác thực hai lớp cho lãnh đạo")
    DRAFT_STORY = "newsroom.draft", _("Viết tin bài")
    REVIEW_STORY = "newsroom.review", _("Biên tập, gửi duyệt tin bài; xét đề xuất của cấp dưới")
    APPROVE_STORY = "newsroom.approve", _("Duyệt và đăng tin bài")
    MANAGE_NEWSROOM = "newsroom.manage", _("Quản lý chủ đề, lịch và kế hoạch truyền thông")
    HANDLE_ENQUIRY = "enquiries.handle", _("Tiếp nhận, soạn trả lời câu hỏi và xử lý góp ý của người dân")
    APPROVE_ANSWER = "enquiries.approve", _("Duyệt và đăng câu trả lời hỏi đáp")
    PUBLISH_DOCUMENT = "documents.publish", _("Đăng, gỡ văn bản công khai trên cổng thông tin")
    DRAFT_DIRECTIVE = "directives.draft", _("Soạn văn bản chỉ đạo")
    ISSUE_DIRECTIVE = "directives.issue", _("Ban hành, thu hồi, đính chính văn bản chỉ đạo")
    VIEW_COVERAGE = "directives.coverage", _("Xem tình hình nhận, đọc, xác nhận văn bản chỉ đạo")
    MONITOR = "monitoring.view", _("Xem tin theo dõi dư luận, cảnh báo và vụ việc thông tin sai lệch")
    MANAGE_MONITORING = "monitoring.manage", _("Quản lý chủ đề, nguồn tin, cảnh báo; xử lý tin theo dõi")
    HANDLE_CASE = "monitoring.cases", _("Mở và xử lý vụ việc thông tin sai lệch")


# Every member is a communicator: anyone may draft a story.
_EVERYONE = {Capability.VIEW_UNIT, Capability.DRAFT_STORY}
_LEADERS = _EVERYONE | {Capability.MANAGE_MEMBERS, Capability.VIEW_AUDIT}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HEAD: frozenset(_LEADERS | {Capability.MANAGE_UNITS, Capability.IMPORT_EXPORT, Capability.REQUIRE_2FA,
                                     Capability.REVIEW_STORY, Capability.APPROVE_STORY,
                                     Capability.MANAGE_NEWSROOM, Capability.HANDLE_ENQUIRY,
                                     Capability.APPROVE_ANSWER, Capability.PUBLISH_DOCUMENT,
                                     Capability.DRAFT_DIRECTIVE, Capability.ISSUE_DIRECTIVE,
                                     Capability.VIEW_COVERAGE, Capability.MONITOR,
                                     Capability.MANAGE_MONITORING, Capability.HANDLE_CASE}),
    # A deputy approves stories only while the head delegates it (newsroom.Delegation).
    Role.DEPUTY_HEAD: frozenset(_LEADERS | {Capability.REVIEW_STORY, Capability.HANDLE_ENQUIRY,
                                            Capability.DRAFT_DIRECTIVE, Capability.ISSUE_DIRECTIVE,
                                            Capability.VIEW_COVERAGE, Capability.MONITOR,
                                            Capability.HANDLE_CASE}),
    Role.SPOKESPERSON: frozenset(_EVERYONE | {Capability.REVIEW_STORY, Capability.APPROVE_STORY,
                                              Capability.HANDLE_ENQUIRY, Capability.APPROVE_ANSWER,
                                              Capability.PUBLISH_DOCUMENT, Capability.MONITOR,
                                              Capability.MANAGE_MONITORING, Capability.HANDLE_CASE}),
    # The office's communications officer sends out (phát hành) directives the head has signed.
    Role.COMMS_OFFICER: frozenset(_EVERYONE | {Capability.IMPORT_EXPORT, Capability.REVIEW_STORY,
                                               Capability.MANAGE_NEWSROOM, Capability.HANDLE_ENQUIRY,
                                               Capability.PUBLISH_DOCUMENT, Capability.DRAFT_DIRECTIVE,
                                               Capability.ISSUE_DIRECTIVE, Capability.VIEW_COVERAGE,
                                               Capability.MONITOR, Capability.MANAGE_MONITORING,
                                               Capability.HANDLE_CASE}),
    Role.STAFF: frozenset(_EVERYONE),
    Role.UNION_REP: frozenset(_EVERYONE),
    Role.UNIT_ADMIN: frozenset(_EVERYONE | {Capability.MANAGE_UNITS, Capability.MANAGE_MEMBERS,
                                           Capability.IMPORT_EXPORT, Capability.VIEW_AUDIT,
                                           Capability.REQUIRE_2FA, Capability.DRAFT_DIRECTIVE}),
}

# Roles for which a unit may require two-factor sign-in.
LEADER_ROLES = frozenset({Role.HEAD, Role.DEPUTY_HEAD, Role.SPOKESPERSON})
# The order in which a unit page lists its people.
ROLE_ORDER = [Role.HEAD, Role.DEPUTY_HEAD, Role.SPOKESPERSON, Role.COMMS_OFFICER, Role.UNIT_ADMIN,
              Role.UNION_REP, Role.STAFF]


def roles_with(capability: str) -> list[str]:
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
