"""What people follow: colleagues, #topics and communities; their home feed is built from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.communities.models import Community
from hearth.people.models import Tag


class Follow(models.Model):
    """`follower` follows exactly one person, topic or community."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    topic = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, topic__isnull=True, community__isnull=True)
                    | Q(person__isnull=True, topic__isnull=False, community__isnull=True)
                    | Q(person__isnull=True, topic__isnull=True, community__isnull=False)
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                condition=Q(person__isnull=False),
                name="follow_person_unique",
            ),
            models.UniqueConstraint(
                fields=["follower", "topic"],
                condition=Q(topic__isnull=False),
                name="follow_topic_unique",
            ),
            models.UniqueConstraint(
                fields=["follower", "community"],
                condition=Q(community__isnull=False),
                name="follow_community_unique",
            ),
        ]
        indexes = [models.Index(fields=["person", "follower"], name="follow_followers")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
