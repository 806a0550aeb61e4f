"""Webhook subscriptions and their deliveries.

A subscription sends chosen kinds of event to a URL: company-wide (an administrator's) or for
one community (its owner's). Each event a subscription hears becomes one `Delivery` (unique per
subscription and event), written by the event consumer in the transaction that moves its
cursor, and sent by the worker until the receiver answers 2xx, with the same message id on every
attempt (Standard Webhooks), for at most a day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The kinds of event a subscription may hear, as the settings and the payload name them.
KINDS = {
    "post.created": _("A post is published"),
    "comment.created": _("A comment is written"),
    "answer.accepted": _("An answer is accepted"),
    "community.delivered": _("A community of purpose delivers"),
    "jam.closed": _("A jam closes"),
    "person.joined": _("A person joins the company"),
}
# Events that publish a post as `post.created` does (a scheduled post going out).
ALIASES = {"post.published": "post.created"}


class Subscription(models.Model):
    """A URL that hears some kinds of event: the company's (community null) or a community's."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    url = models.URLField(
        _("URL"), max_length=500, error_messages={"blank": _("Where should the events go?")}
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    kinds = models.JSONField(_("events"), default=list)
    # Company-wide only, granted by an administrator on purpose: private and secret
    # communities' content too (never an anonymous post's author).
    include_restricted = models.BooleanField(
        _("include private and secret communities"), default=False
    )
    secret = models.CharField(max_length=64)  # "whsec_" + base64, Standard Webhooks
    active = models.BooleanField(default=True)
    # Set when a delivery gave up after a day of retries; its owner was told.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["active"], name="webhook_active")]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return f"Webhook {self.pk} to {self.url}"


class Delivery(models.Model):
    """One event (or a test) sent to one subscription, whatever the number of attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Gave up")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "core.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message_id = models.CharField(max_length=40, unique=True)  # webhook-id, the same each try
    kind = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A worker sending it holds it until then; another takes it over only after.
    claimed_until = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [
            # Exactly once per event and subscription, whoever writes it.
            models.UniqueConstraint(
                fields=["subscription", "event"],
                condition=Q(event__isnull=False),
                name="delivery_once_per_event",
            ),
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"Delivery {self.message_id} ({self.status})"
