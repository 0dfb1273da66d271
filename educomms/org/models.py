"""The communication network: a tree of units, the people in it, and the roles they hold."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from educomms.core.models import TimeStampedModel
from educomms.org.roles import Role


class PathField(models.CharField):
    """A materialized path ("/1/5/230/"). Compared byte by byte on every database, so that a subtree
    is the index range [path, path[:-1] + "0") (see `subtree_q`)."""

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` lies in the subtree rooted at `path` (inclusive). '/' sorts just before '0'."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})


class Unit(TimeStampedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ")
        DEPARTMENT = "department", _("Sở")
        DIVISION = "division", _("Phòng/ban thuộc Sở")
        OFFICE = "office", _("Phòng GD&ĐT")
        COMMUNE = "commune", _("Xã/phường")
        SCHOOL = "school", _("Trường học")
        CENTRE = "centre", _("Trung tâm")
        OTHER = "other", _("Khác")

    class SchoolLevel(models.TextChoices):
        PRESCHOOL = "preschool", _("Mầm non")
        PRIMARY = "primary", _("Tiểu học")
        LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
        UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
        MULTI_LEVEL = "multi_level", _("Nhiều cấp học")
        CONTINUING = "continuing", _("Giáo dục thường xuyên")

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("đơn vị cấp trên"))
    path = PathField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    school_level = models.CharField(_("cấp học"), max_length=20, choices=SchoolLevel.choices, blank=True)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True, null=True, blank=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True, db_index=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    require_leader_2fa = models.BooleanField(
        _("bắt buộc xác thực hai lớp cho lãnh đạo và người phát ngôn"), default=False
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="school") | Q(school_level=""), name="org_unit_level_only_for_schools"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit (inclusive), read from the path."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def subtree_q(self, field: str = "path") -> Q:
        return subtree_q(self.path, field)

    def is_ancestor_of(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str | None = None, password: str | None = None, **fields) -> "Person":
        from educomms.core.text import fold, normalize

        fields["full_name"] = normalize(fields.get("full_name", ""))
        fields["full_name_folded"] = fold(fields["full_name"])
        person = self.model(email=self.normalize_email(email) or None, **fields)
        person.set_password(password) if password else person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str | None = None, password: str | None = None, **fields) -> "Person":
        fields.setdefault("is_superuser", True)
        fields.setdefault("is_staff", True)
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: department staff, principals, officers, every teacher.

    Signs in with an e-mail address or a phone number (one of them is required)."""

    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, unique=True, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    title = models.CharField(_("chức danh"), max_length=150, blank=True)
    zalo_phone = models.CharField(_("số Zalo"), max_length=15, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(default=False, help_text="Django admin access (not used by the app).")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name_folded", "id"]
        verbose_name = _("người")
        verbose_name_plural = _("nhân sự")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="org_person_email_or_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_system_admin(self) -> bool:
        return bool(self.is_superuser)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> "MembershipQuerySet":
        day = on or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gt=day), since__lte=day)


class Membership(TimeStampedModel):
    """A person holds a role at a unit from `since` (inclusive) until `until` (exclusive: the day the role
    ended; open-ended when empty). Ended roles stay as history."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships",
                               verbose_name=_("người"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    since = models.DateField(_("từ ngày"), default=timezone.localdate)
    until = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "role", "person__full_name_folded"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        # (unit, role, since, until) covers the grouped count of current roles per unit (subtree_counts)
        # without reading the table.
        indexes = [models.Index(fields=["unit", "role", "since", "until"], name="org_membership_unit_role_dates"),
                   models.Index(fields=["person", "until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "role"], condition=Q(until__isnull=True), name="org_membership_one_open"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="org_membership_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.unit}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.until is None or self.until > today)


class ImportJob(TimeStampedModel):
    """One Excel import of units or people into a unit's subtree (see educomms/org/excel/).

    The uploaded file is kept in the default storage; the job records how far reading got, every row
    error found, and what was written. An import is all-or-nothing: a job ends either DONE (everything
    written) or REJECTED (row errors, nothing written) or FAILED (an unexpected error, nothing written).
    """

    class Kind(models.TextChoices):
        UNITS = "units", _("Đơn vị")
        PEOPLE = "people", _("Nhân sự")

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ xử lý")
        READING = "reading", _("Đang đọc và kiểm tra tệp")
        WRITING = "writing", _("Đang ghi dữ liệu")
        DONE = "done", _("Đã nhập xong")
        REJECTED = "rejected", _("Có lỗi, chưa nhập gì")
        FAILED = "failed", _("Lỗi hệ thống, chưa nhập gì")

    FINISHED_STATES = (State.DONE, State.REJECTED, State.FAILED)

    kind = models.CharField(_("loại dữ liệu"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="import_jobs",
                             verbose_name=_("đơn vị nhận dữ liệu"))
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="import_jobs",
                                   verbose_name=_("người nhập"))
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    total = models.PositiveIntegerField(_("số dòng"), default=0)
    processed = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name or self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES
