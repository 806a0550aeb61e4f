"""Communities people post in, and who belongs to them with which role.

This is the part conversations need (privacy, membership, roles); the charter fields are stored
so the API contract holds, and the communities-of-purpose capability builds the rest on them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Community(models.Model):
    """A place with a stated purpose where members post and answer each other."""

    class Kind(models.TextChoices):
        PURPOSE = "purpose", _("Community of purpose")
        INTEREST = "interest", _("Community of interest")

    class Privacy(models.TextChoices):
        OPEN = "open", _("Open: anyone can see and join")
        PRIVATE = "private", _("Private: visible, members only see content")
        SECRET = "secret", _("Secret: invisible to non-members")  # noqa: S105 - not a password

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        DELIVERED = "delivered", _("Delivered")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(
        _("name"), max_length=120, error_messages={"blank": _("A community needs a name.")}
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INTEREST)
    privacy = models.CharField(
        _("privacy"), max_length=10, choices=Privacy.choices, default=Privacy.OPEN, db_index=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    purpose = models.TextField(
        _("purpose"), max_length=2000, error_messages={"blank": _("Say what the community is for.")}
    )
    description = models.TextField(_("description"), blank=True, max_length=10000)
    # Served through a view that checks the viewer may know of the community (never a public URL).
    cover = models.ImageField(_("cover image"), upload_to="community-covers/%Y/", blank=True)
    business_goal = models.TextField(
        _("business goal"),
        blank=True,
        max_length=2000,
        error_messages={"blank": _("Which business goal does it serve?")},
    )
    deliverable = models.TextField(
        _("deliverable"),
        blank=True,
        max_length=2000,
        error_messages={"blank": _("What will it deliver?")},
    )
    starts_on = models.DateField(
        _("starts on"),
        null=True,
        blank=True,
        error_messages={"blank": _("A community of purpose needs a start date.")},
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        error_messages={"blank": _("A community of purpose needs an end date.")},
    )
    allow_anonymous = models.BooleanField(_("allow anonymous posts"), default=False)
    preapprove_posts = models.BooleanField(
        _("posts wait for a moderator's approval"),
        default=False,
        help_text=_(
            "Posts by members (not leaders) appear once an owner or facilitator approves them."
        ),
    )
    response_target_hours = models.PositiveIntegerField(
        _("response target (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(30 * 24)],  # up to a month
    )
    member_count = models.PositiveIntegerField(default=0)
    # Levels 1-5, refreshed by the worker from `facilitation.maturity` (the page computes it live).
    maturity_level = models.PositiveSmallIntegerField(default=1)
    # Lifecycle of a community of purpose: when it went live, delivered (with its outcome) and
    # was archived; reminders already sent about its end date.
    activated_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    outcome_summary = models.TextField(
        _("what was delivered"),
        blank=True,
        max_length=5000,
        error_messages={"blank": _("Say what was delivered.")},
    )
    outcome_links = models.JSONField(_("links"), default=list, blank=True)
    retrospective = models.TextField(_("retrospective"), blank=True, max_length=10000)
    reminded_near_end_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Reversed once per instance and slug (a feed links to the same community often).
        memo = self.__dict__.get("_url")
        if memo is None or memo[0] != self.slug:
            memo = (self.slug, reverse("communities:detail", args=[self.slug]))
            self.__dict__["_url"] = memo
        return memo[1]


class Membership(models.Model):
    """One person's place in one community; removed and requested rows keep the history."""

    # Set by the selectors that prepare a page (not columns).
    last_active: Any

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        SPONSOR = "sponsor", _("Sponsor")
        FACILITATOR = "facilitator", _("Facilitator")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        ACTIVE = "active", _("Member")
        REQUESTED = "requested", _("Asked to join")
        REMOVED = "removed", _("Removed")
        LEFT = "left", _("Left")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    # The member asked not to be notified about this community (notifications honour it).
    muted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "person"], name="membership_unique")
        ]
        indexes = [
            models.Index(fields=["person", "state", "community"]),
            models.Index(fields=["community", "state", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.community_id} ({self.role}, {self.state})"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def can_lead(self) -> bool:
        """Owners, sponsors and facilitators steer the community (announcements, accepting)."""
        return self.is_active and self.role != self.Role.MEMBER


class KeyResult(models.Model):
    """A measurable result a community of purpose commits to (1-5 of them)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(
        _("title"), max_length=200, error_messages={"blank": _("A key result needs a title.")}
    )
    target = models.FloatField(_("target"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    current = models.FloatField(_("current value"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    # Churn, cost or incidents go down toward their target.
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_pct(self) -> int:
        """How far toward the target, 0-100, in the direction that counts: lower is better
        reaches 100 at or under its target (a target of 5% with 8% now is 62%)."""
        if self.direction == self.Direction.DOWN:
            if self.current <= self.target:
                return 100
            return round(100 * max(self.target, 0) / self.current) if self.current > 0 else 100
        if self.target <= 0:
            return 100
        return max(0, min(100, round(100 * self.current / self.target)))


class KeyResultUpdate(models.Model):
    """One new current value of a key result, by whom and why: the progress history."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="updates")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key_result_id}: {self.value}"


class CharterChange(models.Model):
    """A change of a community's charter: which fields went from what to what."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField()  # {"field": [old, new]}
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.community_id} {sorted(self.changes)}"


class Invitation(models.Model):
    """A personal invitation to join a community, tracked from sent to first contribution."""

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        SEEN = "seen", _("Seen")
        JOINED = "joined", _("Joined")
        CONTRIBUTED = "contributed", _("Contributed")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    message = models.TextField(max_length=2000)
    reason = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.SENT)
    sent_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    contributed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["invitee", "state"]),
            models.Index(fields=["community", "invitee", "sent_at"]),
            models.Index(fields=["inviter", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.invitee_id} to {self.community_id} ({self.state})"


class Proposal(models.Model):
    """Something members propose and vote on; what it may decide grows with maturity."""

    # The fewest and most days a vote lasts (its `closes_at` is set from them when raised).
    VOTING_DAYS = (1, 30)

    # Set by the selectors that prepare a page (not columns).
    my_vote: Any

    class Kind(models.TextChoices):
        DECISION = "decision", _("A decision for the community")
        KEY_RESULTS = "key_results", _("New key results")
        ADMIT = "admit", _("Admit someone who asked to join")
        FACILITATOR = "facilitator", _("Elect a facilitator")
        CHARTER = "charter", _("Amend the charter")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        NO_QUORUM = "no_quorum", _("No quorum")
        VETOED = "vetoed", _("Vetoed")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=5000, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    # Binding proposals change the community when accepted; advisory ones inform its leaders.
    binding = models.BooleanField(default=False)
    maturity_at_creation = models.PositiveSmallIntegerField(default=1)
    quorum_pct = models.PositiveSmallIntegerField(default=30)
    threshold_pct = models.PositiveSmallIntegerField(default=50)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    electorate = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "state", "closes_at"])]

    def __str__(self) -> str:
        return self.title


class ProposalVote(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="proposal_vote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.choice}"
