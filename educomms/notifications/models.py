from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person is told. The row itself is the in-app message; other channels are deliveries."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=64, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A person's choice to receive (or not) one kind of notification on one channel.

    No row means the channel's default for that kind (see registry.Channel.default_on)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=64, default="*")  # "*" = every kind
    channel = models.CharField(max_length=32)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind", "channel"], name="notif_pref_unique")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.channel}: {'on' if self.enabled else 'off'}"


class Delivery(models.Model):
    """Outbox row: one notification to send on one channel. Written in the caller's transaction, sent by
    a task; the idempotency key is the row itself (a sent delivery is never sent again)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        SKIPPED = "skipped", _("Bỏ qua")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="notif_delivery_once")]

    def __str__(self) -> str:
        return f"{self.notification_id} via {self.channel}: {self.status}"
