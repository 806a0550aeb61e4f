"""In-app notifications, derived from the event log by the `notifications` consumer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import notification_choices


class Notification(models.Model):
    """Something that concerns one person; similar ones are grouped ("Ana and 4 others...")."""

    # Set by the selectors that prepare a page (not columns).
    text: Any
    target_url: Any
    hidden: Any
    absolute_url: Any

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The kinds are the ones apps declare (core.registry.notification_kinds).
    verb = models.CharField(max_length=20, choices=notification_choices)
    # The latest person who acted, how many did, and the first few of them (for "and N others").
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    # Email: the recipient's choice for this kind when it was created, and what was sent.
    email_frequency = models.CharField(max_length=10, default="off")
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "updated_at"], name="notification_inbox"),
            models.Index(fields=["recipient", "group_key", "read_at"], name="notification_group"),
            models.Index(fields=["email_frequency", "emailed_at"], name="notification_outbox"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} for {self.recipient_id}"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("In the daily digest")
    WEEKLY = "weekly", _("In the weekly digest")
    OFF = "off", _("Never by email")


class EmailPreference(models.Model):
    """How a person wants to hear by email about one kind of notification."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    verb = models.CharField(max_length=20, choices=notification_choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "verb"], name="email_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.verb}: {self.frequency}"


class DigestSent(models.Model):
    """When a person last got each digest (so each period is sent once)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # daily | weekly
    period = models.CharField(max_length=20)  # the local date (daily) or ISO week (weekly)
    sent_at = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "period"], name="digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.period}"


class PushDevice(models.Model):
    """A browser or phone that receives Web Push notifications for its person, for the kinds
    chosen on it. It is forgotten when its session signs out, when its person leaves, and when
    the push service says the subscription is gone."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_devices"
    )
    # Where the browser's push service takes messages for it (RFC 8030), and its keys (RFC 8291).
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    name = models.CharField(max_length=100, blank=True)  # what the person calls it
    kinds = models.JSONField(default=list, blank=True)  # notification kinds sent to it
    session = models.CharField(max_length=64, blank=True, db_index=True)  # a digest of the key
    created_at = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name or f"device {self.pk}"


class PushDelivery(models.Model):
    """One notification for one device: created with the notification (an outbox), claimed by
    one worker, marked sent once, so each notification reaches each device exactly once."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="+")
    device = models.ForeignKey(PushDevice, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "device"], name="push_once"),
        ]
        indexes = [models.Index(fields=["sent_at", "claimed_at"], name="push_outbox")]

    def __str__(self) -> str:
        return f"push {self.notification_id} to {self.device_id}"
