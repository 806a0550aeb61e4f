"""Everything people post: posts of seven kinds, comments, reactions, polls, files, revisions."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hearth.communities.models import Community
from hearth.people.models import Tag

PERSON = settings.AUTH_USER_MODEL


class Post(models.Model):
    """One contribution: lives in a community, or on its author's profile when community is null."""

    # Set by the selectors that prepare a page (not columns).
    attachment_list: Any
    topic_list: Any
    topics_beyond_text: Any
    topics_beyond_excerpt: Any
    excerpt_html: Any
    praised_list: Any
    poll_view: Any
    my_read: Any
    my_reaction: Any
    my_idea_vote: Any
    first_comments: Any
    card_marks: Any
    files: Any
    cover: Any
    bookmarked: Any

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        QUESTION = "question", _("Question")
        ARTICLE = "article", _("Article")
        POLL = "poll", _("Poll")
        ANNOUNCEMENT = "announcement", _("Announcement")
        PRAISE = "praise", _("Praise")
        IDEA = "idea", _("Idea")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.UPDATE)
    author = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="posts")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(
        _("body"), max_length=20_000, error_messages={"blank": _("Write something first.")}
    )
    html = models.TextField()
    excerpt = models.CharField(max_length=320, blank=True)
    anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    # When readers first see it: creation time, or later for a scheduled article.
    published_at = models.DateTimeField()
    is_draft = models.BooleanField(default=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by a delegate and approved by the author, a leader (`hearth.leadership`): shown
    # on the post as "drafted by <delegate>, approved by <author>".
    drafted_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hidden by a moderator: only its author (with the reason) and moderators still see it.
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Hidden until a moderator approves it (a content filter, or a community's pre-approval).
    held = models.BooleanField(default=False)
    # Deleted long enough ago that the retention purge emptied its text and files.
    purged_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    topics = models.ManyToManyField(Tag, blank=True, related_name="posts")
    # Kept current by the services so a feed page needs no counting queries.
    comment_count = models.PositiveIntegerField(default=0)
    reaction_counts = models.JSONField(default=dict, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    # Someone other than the author replied or reacted: the contribution was not lost.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    accepted_comment = models.ForeignKey(
        "Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Announcements: pinned on top of feeds until this time; members may be asked to acknowledge.
    pinned_until = models.DateTimeField(null=True, blank=True)
    requires_ack = models.BooleanField(default=False)
    # Praise: who is thanked (people and/or a team) and for which company value.
    praised: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        PERSON, blank=True, related_name="praise_received"
    )
    praised_team = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="praise_received"
    )
    praise_value = models.CharField(max_length=60, blank=True)
    # Published later than written (an anonymous post after its delay, a scheduled article): its
    # events, mentions, search entry and pushes are owed, and the worker announces it once
    # `published_at` has come (`conversations.services.posts_announce_due`).
    announce_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["published_at"],
                condition=models.Q(announce_pending=True),
                name="post_announce_pending",
            ),
            models.Index(fields=["published_at", "id"], name="post_published"),
            models.Index(fields=["community", "published_at", "id"], name="post_community"),
            models.Index(fields=["author", "published_at", "id"], name="post_author"),
            models.Index(fields=["kind", "community", "pinned_until"], name="post_pinned"),
            # What is pinned right now, company-wide (`selectors.pinned_now`, on every feed).
            models.Index(
                fields=["pinned_until"],
                condition=models.Q(pinned_until__isnull=False),
                name="post_pinned_now",
            ),
            models.Index(fields=["last_activity_at", "id"], name="post_activity"),
        ]

    def __str__(self) -> str:
        return self.title or self.excerpt[:60]

    def get_absolute_url(self) -> str:
        # Reversed once per instance: a feed card links to its post several times.
        url = self.__dict__.get("_url")
        if url is None:
            url = self.__dict__["_url"] = reverse("conversations:detail", args=[self.pk])
        return url

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / 220))

    @property
    def reaction_total(self) -> int:
        return sum(self.reaction_counts.values())

    @property
    def display_title(self) -> str:
        return self.title or self.excerpt[:80]


class Comment(models.Model):
    """A reply to a post (an answer, for a question), or to a comment: one level deep."""

    # Set by the selectors that prepare a page (not columns).
    reply_list: Any

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    # Indexed for replies only (`comment_reply`): "parent is null" matches most comments, and
    # SQLite's planner would pick a full index on it over a selective one.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        db_index=False,
    )
    author = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(
        max_length=20_000, error_messages={"blank": _("Write something first.")}
    )
    html = models.TextField()
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    held = models.BooleanField(default=False)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="comment_post"),
            models.Index(fields=["author", "created_at"], name="comment_author"),
            models.Index(
                fields=["parent"], condition=models.Q(parent__isnull=False), name="comment_reply"
            ),
            # What was written since a moment (expert routing's history since its last count).
            models.Index(fields=["created_at"], name="comment_created"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Revision(models.Model):
    """The text of a post or comment before an edit; moderators can read them."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    edited_by = models.ForeignKey(PERSON, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Reaction(models.Model):
    """One person's reaction to a post; a new kind replaces the old."""

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        CELEBRATE = "celebrate", _("Celebrate")
        INSIGHTFUL = "insightful", _("Insightful")
        SUPPORT = "support", _("Support")
        THANKS = "thanks", _("Thanks")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="reaction_unique")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Poll(models.Model):
    """The options of a poll post and how people vote on them."""

    class Results(models.TextChoices):
        AFTER_VOTE = "after_vote", _("After voting")
        AFTER_CLOSE = "after_close", _("After the poll closes")

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    multiple = models.BooleanField(default=False)
    closes_at = models.DateTimeField(null=True, blank=True)
    results = models.CharField(max_length=12, choices=Results.choices, default=Results.AFTER_VOTE)
    voter_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "person"], name="poll_vote_unique")
        ]
        indexes = [models.Index(fields=["poll", "person"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class IdeaVote(models.Model):
    """A vote up for an idea."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="idea_votes")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="idea_vote_unique")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AnnouncementRead(models.Model):
    """A member saw an announcement, and maybe acknowledged it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="announcement_read_unique")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class PostView(models.Model):
    """Someone other than the author opened a post (its unique readers, for its author's reach)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="views")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    first_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="post_view_once")]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.post_id}"


class Bookmark(models.Model):
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="bookmarks")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "post"], name="bookmark_unique")]
        indexes = [models.Index(fields=["person", "created_at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Mention(models.Model):
    """A person (or a whole community) named with @name in a post or comment."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    person = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    # A whole community mentioned by one of its leaders (@slug): all its members are concerned.
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Attachment(models.Model):
    """A file on a post; served only through a view that checks the viewer may see the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(PERSON, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    thumbnail = models.ImageField(upload_to="thumbnails/%Y/%m/", blank=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    is_image = models.BooleanField(default=False)
    is_cover = models.BooleanField(default=False)
    # An image's preview is made by the background worker; until then pages show a placeholder.
    preview_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(preview_pending=True),
                name="attachment_preview_pending",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conversations:attachment", args=[self.post_id, self.pk])
