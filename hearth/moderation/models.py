"""Reports, moderation actions, appeals and break-glass reveals: the record of how the network
is kept safe. Rows are appended and their state moves forward; nothing here is edited away.

The tables kept the names they had when these models lived in `trust` (`trust_report`, ...):
moving the code moved no data.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Report(models.Model):
    """Someone flags a post, a comment or a person; they are told what came of it."""

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment or bullying")
        CONFIDENTIAL = "confidential", _("Confidential information")
        SPAM = "spam", _("Spam")
        OTHER = "other", _("Something else")
        # Raised by the product itself, not by a person:
        FILTER = "filter", _("Held by a content filter")
        APPROVAL = "approval", _("Waiting for approval (pre-approved community)")

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        ACTIONED = "actioned", _("Acted on")
        DISMISSED = "dismissed", _("No action needed")

    # None when the product raised it (a filter, pre-approval).
    reporter = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.CASCADE, related_name="reports_made"
    )
    post = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "conversations.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.CASCADE, related_name="reports_about"
    )
    # Whose content (or who) it is about, and where: for scoping and the repeat-offender view.
    author = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    handled_at = models.DateTimeField(null=True, blank=True)
    action = models.ForeignKey(
        "ModerationAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        db_table = "trust_report"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="report_queue"),
            models.Index(fields=["community", "state"], name="report_community"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(post__isnull=False, comment__isnull=True, person__isnull=True)
                    | Q(post__isnull=False, comment__isnull=False, person__isnull=True)
                    | Q(post__isnull=True, comment__isnull=True, person__isnull=False)
                ),
                name="report_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report #{self.pk}"

    @property
    def target_kind(self) -> str:
        return "comment" if self.comment_id else "post" if self.post_id else "person"


class ModerationAction(models.Model):
    """What a moderator did, and why (the author sees the reason)."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hide")
        RESTORE = "restore", _("Restore")
        DELETE = "delete", _("Delete")
        WARN = "warn", _("Warn the author")
        SUSPEND = "suspend", _("Suspend the author")
        DISMISS = "dismiss", _("No action needed")

    moderator = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(
        blank=True,
        max_length=2000,
        error_messages={"blank": _("Give the reason the author will read.")},
    )
    post = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "conversations.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="moderations")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    days = models.PositiveIntegerField(  # of a suspension: a day to a year
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    created_at = models.DateTimeField()

    class Meta:
        db_table = "trust_moderationaction"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "created_at"], name="moderation_author")]

    def __str__(self) -> str:
        return f"{self.kind} by {self.moderator_id}"


class Appeal(models.Model):
    """The author asks another moderator to look again at an action."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Upheld")
        OVERTURNED = "overturned", _("Overturned")

    action = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="appeal")
    author = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(
        blank=True,
        max_length=2000,
        error_messages={"blank": _("Give the reason the author will read.")},
    )

    class Meta:
        db_table = "trust_appeal"

    def __str__(self) -> str:
        return f"Appeal of {self.action_id}"


class RevealRequest(models.Model):
    """Break-glass: an administrator asks, a second one approves, then both see the author."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a second administrator")
        REVEALED = "revealed", _("Approved: identity revealed")
        REFUSED = "refused", _("Refused")
        EXPIRED = "expired", _("Expired")

    post = models.ForeignKey("conversations.Post", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=2000)
    # Set only on approval; shown to the two administrators, never to anyone else.
    revealed_person = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "trust_revealrequest"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(state="pending"), name="reveal_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"Reveal request {self.pk} for post {self.post_id}"
