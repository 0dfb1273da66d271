from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs):  # type: ignore[override]
        raise TypeError("Audit events are append-only.")

    def delete(self):  # type: ignore[override]
        raise TypeError("Audit events are append-only.")


class Event(models.Model):
    """One state change: who did what to which object, in which unit, before → after."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    verb = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    # The unit the change belongs to; its path is copied so that "this unit and below" stays a prefix
    # query even after the unit moves (history keeps the path as it was).
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký")

    def __str__(self) -> str:
        return f"{self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")
