"""In-app notifications, derived from the event log by the `notifications` consumer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something that concerns one person; similar ones are grouped ("Ana and 4 others...")."""

    class Verb(models.TextChoices):
        MENTION = "mention", _("Mentions")
        REPLY = "reply", _("Replies")
        ANSWER = "answer", _("Answers")
        ACCEPTED = "accepted", _("Accepted answers")
        REACTION = "reaction", _("Reactions")
        FOLLOW = "follow", _("New followers")
        PRAISE = "praise", _("Praise")
        ANNOUNCEMENT = "announcement", _("Announcements")
        INVITATION = "invitation", _("Invitations")
        JOIN_REQUEST = "join_request", _("Join requests")
        DECISION = "decision", _("Decisions")
        DEADLINE = "deadline", _("Deadlines")
        DELIVERED = "delivered", _("Deliveries")
        COMMUNITY_MENTION = "community_mention", _("Community mentions")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    # The latest person who acted, how many did, and the first few of them (for "and N others").
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_ids = models.JSONField(default=list, blank=True)
    actor_count = models.PositiveIntegerField(default=1)
    post_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    community_id = models.BigIntegerField(null=True, blank=True)
    # Unread notifications with the same key are merged (e.g. reactions to one post).
    group_key = models.CharField(max_length=80)
    event_id = models.BigIntegerField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "updated_at"], name="notification_inbox"),
            models.Index(fields=["recipient", "group_key", "read_at"], name="notification_group"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} for {self.recipient_id}"
