"""Jams: time-boxed, company-wide conversations on one strategic challenge.

A jam's contributions are ordinary posts in an open community created for it (its "forum"), so
visibility, comments, reactions, idea votes, search, moderation and anonymity work as
everywhere else; `JamContribution` says which jam and theme a post belongs to.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Jam(models.Model):
    """A challenge, a time box, themes with facilitators, hosts and a target audience."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")
        REPORTED = "reported", _("Reported")

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(
        _("title"), max_length=160, error_messages={"blank": _("Give the jam a title.")}
    )
    challenge = models.TextField(
        _("challenge"),
        max_length=5000,
        error_messages={"blank": _("State the challenge people will work on.")},
    )
    # The change programme or community of purpose this jam serves (optional).
    serves = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jams_served",
    )
    forum = models.OneToOneField(
        "communities.Community", on_delete=models.PROTECT, related_name="jam"
    )
    starts_at = models.DateTimeField(
        _("starts"), error_messages={"blank": _("Say when the jam starts.")}
    )
    ends_at = models.DateTimeField(_("ends"), error_messages={"blank": _("Say when the jam ends.")})
    hosts: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        PERSON, related_name="jams_hosted"
    )
    # Target audience: everyone, or the union of these departments, locations and countries.
    audience_everyone = models.BooleanField(default=True)
    audience_departments = models.ManyToManyField("people.Department", blank=True, related_name="+")
    audience_locations = models.ManyToManyField("people.Location", blank=True, related_name="+")
    audience_countries = models.JSONField(default=list, blank=True)
    audience_size = models.PositiveIntegerField(default=0)
    allow_anonymous = models.BooleanField(_("allow anonymous contributions"), default=False)
    goal_pct = models.PositiveSmallIntegerField(
        _("participation goal (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    report_summary = models.TextField(_("summary"), blank=True, max_length=10000)
    live_announced_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every edit: an edit made from an older version is refused (overlapping edits).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(PERSON, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("jam")
        verbose_name_plural = _("jams")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jams:detail", args=[self.slug])

    def state_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.reported_at:
            return self.State.REPORTED
        if now >= self.ends_at:
            return self.State.CLOSED
        if now >= self.starts_at:
            return self.State.LIVE
        return self.State.SCHEDULED

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def goal_people(self) -> int:
        return max(1, round(self.audience_size * self.goal_pct / 100))


class Theme(models.Model):
    """One discussion forum of a jam, with facilitators of its own."""

    # Set by the selectors that prepare a page (not columns).
    count: Any

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)
    facilitators: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        PERSON, related_name="jam_themes_facilitated"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jams:theme", args=[self.jam.slug, self.pk])


class Contribution(models.Model):
    """A post made in a jam's theme: an idea, a question or a discussion."""

    post = models.OneToOneField(
        "conversations.Post", on_delete=models.CASCADE, related_name="jam_contribution"
    )
    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="contributions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="contributions")
    # A duplicate idea merged into another: its votes moved there; it points readers there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    spotlight = models.BooleanField(default=False)
    is_host_thread = models.BooleanField(default=False)
    # Follow-up after the jam: a selected idea gets an owner and a due date.
    selected = models.BooleanField(default=False)
    owner = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["jam", "theme", "created_at"], name="jam_contribution")]

    def __str__(self) -> str:
        return f"{self.post_id} in {self.theme_id}"


class Reminder(models.Model):
    """Someone asked to be told when the jam goes live."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jam", "person"], name="jam_reminder")]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.jam_id}"


class Visit(models.Model):
    """Someone opened the jam while it was live: a reader (participants are counted apart)."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="visits")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    first_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jam", "person"], name="jam_visit")]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.jam_id}"


class Alert(models.Model):
    """A short prompt from a facilitator, pushed to a theme's participants or the audience."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="alerts")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE)
    body = models.CharField(_("alert"), max_length=280)
    created_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]


class Cluster(models.Model):
    """An emerging theme: contributions grouped by their words (refreshed by the worker)."""

    examples: Any  # its example posts the viewer may read, set by the selectors

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="clusters")
    position = models.PositiveSmallIntegerField()
    keywords = models.JSONField(default=list)
    size = models.PositiveIntegerField()
    example_post_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return ", ".join(self.keywords[:3])
