"""Facilitation: nothing falls into a black hole, questions reach people who can answer,
skills are vouched for, and people with common interests meet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Escalation(models.Model):
    """When an unacknowledged post was brought to its facilitators, then to its sponsors."""

    post = models.OneToOneField(
        "conversations.Post", on_delete=models.CASCADE, related_name="escalation"
    )
    facilitators_at = models.DateTimeField(null=True, blank=True)
    sponsors_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Escalation of post {self.post_id}"


class Endorsement(models.Model):
    """One colleague vouches for a skill another lists on their profile."""

    endorser = models.ForeignKey(
        PERSON, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="endorsements")
    skill = models.ForeignKey("people.Tag", on_delete=models.CASCADE, related_name="endorsements")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endorser", "person", "skill"], name="endorsement_once")
        ]
        indexes = [models.Index(fields=["person", "skill"])]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.person_id} for {self.skill_id}"


class ExpertPreference(models.Model):
    """Whether a person takes expert requests, and when they are away."""

    person = models.OneToOneField(
        PERSON, on_delete=models.CASCADE, related_name="expert_preference"
    )
    opted_out = models.BooleanField(_("do not suggest me as an expert"), default=False)
    away_until = models.DateField(_("away until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Expert preference of {self.person_id}"


class ExpertRequest(models.Model):
    """ "Can you answer this?": a personal request to a suggested expert."""

    post = models.ForeignKey("conversations.Post", on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="expert_requests")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "expert"], name="expert_once")]

    def __str__(self) -> str:
        return f"{self.expert_id} asked about {self.post_id}"


class Introduction(models.Model):
    """A double opt-in introduction: both say yes before they are connected."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    introduced_by = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    first = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=1000, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    first_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    second_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.first_id} meets {self.second_id}"

    def answer_of(self, person) -> str:
        if person.pk == self.first_id:
            return self.first_answer
        if person.pk == self.second_id:
            return self.second_answer
        return ""

    @property
    def state(self) -> str:
        answers = {self.first_answer, self.second_answer}
        if self.Answer.DECLINED in answers:
            return "declined"
        if answers == {self.Answer.ACCEPTED}:
            return "connected"
        return "pending"


class RoutingModel(models.Model):
    """Expert routing's weights, fitted on the installation's answered questions
    (`facilitation.services.routing_fit`), with how the fit fared on the latest of them."""

    fitted_at = models.DateTimeField()
    questions = models.PositiveIntegerField()
    weights = models.JSONField()
    hit_at_5 = models.FloatField(null=True, blank=True)
    mrr = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Routing weights of {self.fitted_at:%Y-%m-%d}"


class TallyRun(models.Model):
    """When the worker last counted expert routing's history (`facilitation.tallies.count`):
    the tallies below hold what happened before `counted_at`."""

    counted_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)  # rows changed since the count before

    def __str__(self) -> str:
        return f"Routing history counted at {self.counted_at:%Y-%m-%d %H:%M}"


class PersonTally(models.Model):
    """What one person wrote before the last count: posts and replies, posts with a topic,
    questions answered."""

    person = models.OneToOneField(
        PERSON, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    written = models.PositiveIntegerField(default=0)
    topic_posts = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.person_id}: {self.written} written"


class TopicTally(models.Model):
    """What one person did on one topic before the last count: posts, questions answered,
    answers accepted."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey("people.Tag", on_delete=models.CASCADE, related_name="+")
    posts = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "person"], name="topic_tally_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.tag_id}: {self.posts} posts"


class CommunityTally(models.Model):
    """How many replies one person wrote in one community before the last count."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    replies = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "person"], name="community_tally_once"),
        ]
        indexes = [models.Index(fields=["community", "-replies"], name="community_tally_busiest")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.community_id}: {self.replies} replies"
