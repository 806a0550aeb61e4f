"""Leadership: the leadership corner people follow, and delegation without ghost-writing.

A delegate drafts; only the leader publishes, and the post says so ("drafted by <delegate>,
approved by <leader>", `Post.drafted_by`). Nothing appears as written by a leader when it was
not: a draft is never a post until the leader approves it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class CornerFollow(models.Model):
    """Someone follows the leadership corner: leaders' posts join their home feed."""

    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="corner_follow")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person_id} follows the leadership corner"


class Delegation(models.Model):
    """A leader lets a delegate draft posts for their approval."""

    leader = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="delegations")
    delegate = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="drafting_for")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "delegate"],
                condition=Q(revoked_at__isnull=True),
                name="delegation_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id} drafts for {self.leader_id}"


class Draft(models.Model):
    """A post a delegate drafted for a leader; it becomes a post only on the leader's approval."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the leader")
        APPROVED = "approved", _("Approved and published")
        DECLINED = "declined", _("Declined")

    leader = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="drafts_to_approve")
    delegate = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="drafts_written")
    kind = models.CharField(max_length=12, default="update")
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("body"), max_length=20000)
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    post = models.OneToOneField(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Draft {self.pk} for {self.leader_id}"
