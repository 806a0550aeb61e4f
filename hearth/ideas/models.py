"""What became of an idea: its status (new, under review, planned, in progress, done, declined
with a reason, merged into another), who set it and when, and its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged")


class IdeaStatus(models.Model):
    """An idea's current status (an idea without one is new). Set by the community's leaders
    and sponsors (`ideas.access.may_set_status`) through `ideas.services.idea_status_set`."""

    post = models.OneToOneField(
        "conversations.Post", on_delete=models.CASCADE, primary_key=True, related_name="idea_status"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    merged_into = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(null=True, blank=True)
    # The first time it left "new": the idea had its answer (the sponsors' scorecard counts it).
    answered_at = models.DateTimeField(null=True, blank=True)
    # Brought to the community's sponsors: many votes, no answer past the response target.
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "set_at"], name="idea_status")]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.status}"


class IdeaStatusChange(models.Model):
    """One change of an idea's status, kept for its history."""

    post = models.ForeignKey(
        "conversations.Post", on_delete=models.CASCADE, related_name="idea_history"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    previous = models.CharField(max_length=12, choices=Status.choices)
    reason = models.TextField(max_length=2000, blank=True)
    merged_into = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["post", "created_at"], name="idea_history")]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.previous} -> {self.status}"
