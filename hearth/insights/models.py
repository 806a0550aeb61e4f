"""Insights snapshots: derived from the event log (and the content it describes) by the worker,
nightly and incrementally; `hearth insights rebuild` recomputes them all. Dashboards read these
tables and never scan raw events on page load.

- ActivityDay: one person's activity on one (UTC) day in one place (a community, or none);
- PostFact: each published post's response facts (first reply, acknowledged, answered);
- EdgeMonth: who interacted with whom in a month (replies, mentions, reactions, accepted
  answers), for influence and the silo index;
- Influence, TopicInfluence, Expertise: computed from the above;
- Snapshot: small derived tables (leaders as a group, community health).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class ActivityDay(models.Model):
    day = models.DateField()
    week = models.DateField()  # the Monday of `day`, so weekly figures group on a column
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    community_id = models.BigIntegerField(null=True, blank=True)
    posts = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    reactions = models.PositiveIntegerField(default=0)
    mentions = models.PositiveIntegerField(default=0)
    reads = models.PositiveIntegerField(default=0)
    received = models.PositiveIntegerField(default=0)  # replies and reactions from others

    class Meta:
        indexes = [
            models.Index(fields=["day", "person"], name="activity_day"),
            models.Index(fields=["person", "day"], name="activity_person_day"),
            models.Index(fields=["community_id", "day"], name="activity_community_day"),
        ]
        permissions = [("view_insights", "Can see the organisation's insights")]

    def __str__(self) -> str:
        return f"{self.day} {self.person_id} in {self.community_id}"


class PostFact(models.Model):
    post_id = models.BigIntegerField(primary_key=True)
    day = models.DateField(db_index=True)
    author = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # empty for anonymous posts: never attributed
    community_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    public = models.BooleanField(default=True)  # company-wide or in an open community
    kind = models.CharField(max_length=12)
    replied = models.BooleanField(default=False)
    first_reply_hours = models.FloatField(null=True, blank=True)
    acknowledged = models.BooleanField(default=False)
    answered = models.BooleanField(default=False)  # questions: someone else answered

    def __str__(self) -> str:
        return f"post {self.post_id}"


class EdgeMonth(models.Model):
    month = models.DateField()
    source = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    replies = models.PositiveIntegerField(default=0)
    mentions = models.PositiveIntegerField(default=0)
    reactions = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"], name="edge_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.source_id}->{self.target_id}"


class Influence(models.Model):
    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="+")
    pagerank = models.FloatField(default=0)
    betweenness = models.FloatField(default=0)
    reach = models.PositiveIntegerField(default=0)  # distinct people who interacted with them
    rank = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.person_id} #{self.rank}"


class TopicInfluence(models.Model):
    topic = models.ForeignKey("people.Tag", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["-score"]
        indexes = [models.Index(fields=["topic", "score"], name="topic_influence")]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.topic_id}"


class Expertise(models.Model):
    """Who knows a topic or skill, from public content: accepted answers, answers, posts and
    endorsements."""

    tag = models.ForeignKey("people.Tag", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    accepted = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    endorsements = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-score"]
        indexes = [models.Index(fields=["tag", "score"], name="expertise_tag")]

    def __str__(self) -> str:
        return f"{self.person_id} knows {self.tag_id}"


class Snapshot(models.Model):
    key = models.CharField(max_length=60, unique=True)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class NamedChoice(models.Model):
    """Someone agreed to be named in influence lists and the value report."""

    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="+")
    named = models.BooleanField(_("name me in influence lists and reports"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person_id} named={self.named}"


class Assumption(models.Model):
    """A figure the value report assumes rather than measures (the minutes an answered question
    saves), set by an administrator and always shown as an assumption, with who set it."""

    key = models.SlugField(max_length=60, unique=True)
    value = models.PositiveIntegerField()
    set_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
