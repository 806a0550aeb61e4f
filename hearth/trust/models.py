"""The primitives content needs to be kept safe: suspensions, blocks and mutes, sealed identity
and its rate uses, content filters, and the audit log. Moderation (reports, actions, appeals,
reveals) stands above content, in `hearth.moderation`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Suspension(models.Model):
    """While it runs, the person can read but not post, comment or react."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="suspensions")
    action = models.OneToOneField(
        "moderation.ModerationAction", on_delete=models.CASCADE, related_name="suspension"
    )
    until = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The company moderator's permission: content asks it (who may see held posts...).
        permissions = [("moderate", "Moderate everything (company moderator)")]
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


class ContentFilter(models.Model):
    """A word or pattern that holds a post or comment for review, or blocks it with a message."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for review")
        BLOCK = "block", _("Block with a message")

    pattern = models.CharField(
        max_length=500, error_messages={"blank": _("Give a word, a phrase or a pattern.")}
    )
    is_regex = models.BooleanField(default=False)
    action = models.CharField(max_length=5, choices=Action.choices, default=Action.HOLD)
    # What the writer reads when blocked.
    message = models.CharField(  # required when the filter blocks
        max_length=300,
        blank=True,
        error_messages={"blank": _("Tell writers why their text is refused.")},
    )
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
