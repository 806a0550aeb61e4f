"""Reports, moderation actions, appeals and suspensions: the record of how the network is kept
safe. Rows are appended and their state moves forward; nothing here is edited away."""

from django.conf import settings
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
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    handled_at = models.DateTimeField(null=True, blank=True)
    action = models.ForeignKey(
        "ModerationAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate", "Moderate everything (company moderator)")]
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
    reason = models.TextField(blank=True)
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
    days = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
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
    text = models.TextField()
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Appeal of {self.action_id}"


class Suspension(models.Model):
    """While it runs, the person can read but not post, comment or react."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="suspensions")
    action = models.OneToOneField(
        ModerationAction, on_delete=models.CASCADE, related_name="suspension"
    )
    until = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "until"], name="suspension_person")]

    def __str__(self) -> str:
        return f"{self.person_id} until {self.until:%Y-%m-%d}"


class Block(models.Model):
    """The blocked person can no longer mention, invite or reply to the blocker, whose feeds,
    threads and notifications no longer show them."""

    blocker = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="block_other"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_reverse")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Mute(models.Model):
    """Quieter than a block: the muted person's posts leave my feeds and their actions stop
    notifying me; they can still reach me, and nobody is told."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "muted"], name="mute_once"),
            models.CheckConstraint(condition=~Q(person=models.F("muted")), name="mute_other"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} mutes {self.muted_id}"


class AuditQuerySet(models.QuerySet):
    """Entries are appended, never changed: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One administrator or moderator action, role or permission change, break-glass reveal,
    export, import or settings change. Written in the transaction of the change it records
    (from the event log, see `hearth.trust.audit`); the product can read it, never edit it."""

    event = models.OneToOneField(
        "core.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Names are copied: the entry must still read the same when people are renamed or erased.
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    community_id = models.BigIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("audit", "Read and export the audit log (auditor)")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_name or 'the system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class SealedAuthor(models.Model):
    """Who wrote an anonymous post, encrypted with a key from the settings.

    `token` opens only with the key, and only the break-glass service opens it. `tag` is a keyed
    hash of (post, person): it lets the product answer "did this person write this post?" (to let
    the author edit or delete it) without ever finding out who did.
    """

    post = models.OneToOneField(
        "conversations.Post", on_delete=models.CASCADE, related_name="sealed_author"
    )
    token = models.TextField()
    tag = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Sealed author of post {self.post_id}"


class SealedRateUse(models.Model):
    """One use of a rate limit by an author who must not be named (an anonymous post and its
    mentions, a post announced later): counted against them, recorded without saying who.

    `tag` is a keyed hash of (person, verb), recomputed to count a person's uses; rows older
    than the longest limit window are deleted as new ones come in.
    """

    tag = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["tag", "created_at"], name="sealed_rate_tag"),
            models.Index(fields=["created_at"], name="sealed_rate_time"),
        ]

    def __str__(self) -> str:
        return f"Sealed rate use at {self.created_at:%Y-%m-%d %H:%M}"


class RevealRequest(models.Model):
    """Break-glass: an administrator asks, a second one approves, then both see the author."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a second administrator")
        REVEALED = "revealed", _("Approved: identity revealed")
        REFUSED = "refused", _("Refused")
        EXPIRED = "expired", _("Expired")

    post = models.ForeignKey("conversations.Post", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    # Set only on approval; shown to the two administrators, never to anyone else.
    revealed_person = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(state="pending"), name="reveal_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"Reveal request {self.pk} for post {self.post_id}"


class ContentFilter(models.Model):
    """A word or pattern that holds a post or comment for review, or blocks it with a message."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for review")
        BLOCK = "block", _("Block with a message")

    pattern = models.CharField(max_length=500)
    is_regex = models.BooleanField(default=False)
    action = models.CharField(max_length=5, choices=Action.choices, default=Action.HOLD)
    # What the writer reads when blocked.
    message = models.CharField(max_length=300, blank=True)
    # Null: everywhere.
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        kind = "regex" if self.is_regex else "word"
        return f"{self.get_action_display()} on {kind} {self.pattern[:60]!r}"
