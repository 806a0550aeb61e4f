"""Leadership: the leadership corner people follow, and delegation without ghost-writing.

A delegate drafts; only the leader publishes, and the post says so ("drafted by <delegate>,
approved by <leader>", `Post.drafted_by`). Nothing appears as written by a leader when it was
not: a draft is never a post until the leader approves it.
"""

from __future__ import annotations

from typing import Any

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
    body = models.TextField(
        _("body"), max_length=20000, error_messages={"blank": _("Write the draft.")}
    )
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


class Ama(models.Model):
    """An "Ask me anything": a leader answers colleagues' questions, live, in a time box.

    Questions are question posts in the AMA's own open forum community, so visibility,
    moderation, search and sealed anonymity are the ones every post has."""

    # Set by the selectors that prepare a page (not columns).
    tally: Any

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(
        _("title"), max_length=160, error_messages={"blank": _("Give the AMA a title.")}
    )
    description = models.TextField(_("what it is about"), max_length=3000, blank=True)
    host = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="amas_hosted")
    forum = models.OneToOneField(
        "communities.Community", on_delete=models.PROTECT, related_name="ama"
    )
    starts_at = models.DateTimeField(
        _("starts"), error_messages={"blank": _("When does it start?")}
    )
    ends_at = models.DateTimeField(_("ends"), error_messages={"blank": _("When does it end?")})
    allow_anonymous = models.BooleanField(_("allow anonymous questions"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("AMA")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("leadership:ama", args=[self.slug])

    def state_at(self, now=None) -> str:
        from django.utils import timezone

        now = now or timezone.now()
        if now >= self.ends_at:
            return "ended"
        if now >= self.starts_at:
            return "live"
        return "upcoming"

    @property
    def state(self) -> str:
        return self.state_at()


class AmaQuestion(models.Model):
    """A question asked in an AMA (a question post in its forum), with its votes counted."""

    ama = models.ForeignKey(Ama, on_delete=models.CASCADE, related_name="questions")
    post = models.OneToOneField(
        "conversations.Post", on_delete=models.CASCADE, related_name="ama_question"
    )
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-vote_count", "created_at", "id"]
        indexes = [models.Index(fields=["ama", "vote_count"], name="ama_question_votes")]

    def __str__(self) -> str:
        return f"{self.post_id} in {self.ama_id}"


class AmaVote(models.Model):
    """One person's vote for one question (once)."""

    question = models.ForeignKey(AmaQuestion, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "person"], name="ama_vote_once")]

    def __str__(self) -> str:
        return f"{self.person_id} votes for {self.question_id}"


class ScorecardSharing(models.Model):
    """A leader chose to appear in the ranked comparison that peer leaders who also chose it see."""

    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="+")
    shared = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person_id} shares={self.shared}"
