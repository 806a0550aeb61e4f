"""Recognition: an append-only points ledger derived from the event log, the rules that
price each kind of contribution, and people's and communities' choices about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class PointRule(models.Model):
    """How many points one kind of contribution earns, and how many times a day at most."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    points = models.IntegerField(_("points"))
    daily_cap = models.PositiveIntegerField(
        _("times a day at most"),
        null=True,
        blank=True,
        help_text=_("Empty: no daily cap."),
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.points}"


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The points ledger is append-only: add a counter-entry instead.")

    def delete(self):
        raise PermissionError("The points ledger is append-only: add a counter-entry instead.")


class PointEntry(models.Model):
    """One award (or, negative, its reversal): never edited, never deleted."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="point_entries")
    points = models.IntegerField()
    rule = models.CharField(max_length=40)
    event = models.ForeignKey("core.Event", null=True, on_delete=models.SET_NULL, related_name="+")
    # What earned it, so moderation or deletion can reverse it: "post:12", "comment:34"...
    source = models.CharField(max_length=60, db_index=True)
    # Where it was earned: every point also counts for the community and the department.
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_at = models.DateTimeField(db_index=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "rule", "created_at"], name="points_person_rule"),
            models.Index(fields=["community", "created_at"], name="points_community"),
        ]
        constraints = [
            # The same award is never written twice (a redelivered event changes nothing).
            models.UniqueConstraint(
                fields=["person", "rule", "source"],
                condition=models.Q(reverses__isnull=True),
                name="points_award_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.points:+d} ({self.rule})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The points ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The points ledger is append-only.")


class LeaderboardChoice(models.Model):
    """Someone chose not to appear on public leaderboards (their points still count)."""

    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="+")
    hidden = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.person_id} hidden={self.hidden}"


class RewardMix(models.Model):
    """How a community rewards: individuals, the group, or both (the default)."""

    class Mix(models.TextChoices):
        INDIVIDUAL = "individual", _("Individuals")
        GROUP = "group", _("The group")
        BOTH = "both", _("Both")

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="reward_mix"
    )
    mix = models.CharField(max_length=10, choices=Mix.choices, default=Mix.BOTH)

    def __str__(self) -> str:
        return f"{self.community_id}: {self.mix}"


class Badge(models.Model):
    """A badge and, declaratively, what earns it (`criteria`, parsed by `badges.parse`)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # A heroicons name from defaults.BADGE_ICONS.
    icon = models.CharField(_("icon"), max_length=40, default="trophy")
    criteria = models.CharField(
        _("criteria"),
        max_length=300,
        blank=True,
        help_text=_("For example “accepted_answers >= 10”. Empty: awarded by hand only."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BadgeAward(models.Model):
    """Someone holds a badge: earned (awarded_by empty: the worker) or awarded by hand."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="badge_awards")
    awarded_at = models.DateTimeField()
    awarded_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["badge", "person"], name="badge_award_once")]

    def __str__(self) -> str:
        return f"{self.badge.name} to {self.person.display_name} (@{self.person.username})"
