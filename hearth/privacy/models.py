"""Privacy rights: a person's download of their own data (the erase and retention rules live
in `services`, and leave their trace in the event log and the audit log)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """One download of everything a person put into Hearth, built by the worker as a zip."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Stored outside MEDIA_URL's reach; served only to its person by the download view.
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "status"], name="export_person_status")]
        constraints = [
            # One export at a time: a second request while one is waiting or running is refused.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["pending", "running"]),
                name="export_one_running",
            ),
        ]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
