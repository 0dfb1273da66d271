"""Django's password validators with messages written in Vietnamese.

Django's own Vietnamese catalogue does not translate these messages, and every user-facing string
of the project is written in Vietnamese first (English comes from our .po files), so the messages
are restated here. The rules themselves are Django's.
"""

from django.contrib.auth import password_validation as base
from django.utils.translation import gettext as _


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(n)d ký tự.") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu có ít nhất %(n)d ký tự.") % {"n": self.min_length}


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("email", "phone", "full_name", "zalo_phone")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity: float = 0.7) -> None:
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống %(verbose_name)s của bạn.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được giống họ tên, thư điện tử hay số điện thoại của bạn.")


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán.")

    def get_help_text(self) -> str:
        return _("Không dùng mật khẩu phổ biến.")


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không chỉ gồm chữ số.")
