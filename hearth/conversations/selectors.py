"""Reads of posts and comments, always for a viewer: the one place post visibility lives.

A post is visible to a signed-in, active person when it is not deleted, is published (or is
their own draft), and lives on a profile or in a community whose content they may read
(`communities.selectors.community_readable_q`). Feeds, search, pages, the API and files all
start from `post_list_for`, so a rule changed here changes everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hearth.communities.models import Membership
from hearth.communities.selectors import (
    leading_community_ids,
    member_community_ids,
    open_community_ids,
    readable_community_ids,
)
from hearth.core.access import is_administrator, is_signed_in
from hearth.core.registry import card_marks
from hearth.core.types import Viewer
from hearth.people.models import Person, Tag
from hearth.trust.models import Block
from hearth.trust.sealed import is_sealed_author
from hearth.trust.selectors import blocked_ids

from . import text
from .models import (
    AnnouncementRead,
    Attachment,
    Bookmark,
    Comment,
    IdeaVote,
    Poll,
    PollOption,
    PollVote,
    Post,
    Reaction,
    Revision,
)

FIRST_COMMENTS = 2


def post_visible_q(viewer: Viewer, *, now: Any = None, include_own_drafts: bool = False) -> Q:
    """Posts `viewer` may read; apply it to `_base()`, which defines the `place` it uses."""
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    now = now or timezone.now()
    # `place` is the community id or 0 for a profile post. Testing one expression (rather than
    # "community IS NULL OR community IN (...)") keeps the database walking the feed's date
    # index newest first and stopping after a page, instead of gathering every match to sort.
    place = Q(place=0) | Q(place__in=readable_community_ids(viewer))
    published = Q(is_draft=False, published_at__lte=now)
    if include_own_drafts:
        published |= Q(author=viewer)
    # A post hidden by a moderator stays visible to its author only (who sees why).
    shown = Q(hidden_at__isnull=True) | Q(author=viewer)
    # Nothing by people the viewer blocked.
    unblocked = ~Q(author_id__in=blocked_ids(viewer))
    return Q(deleted_at__isnull=True) & place & published & shown & unblocked


def _base() -> QuerySet[Post]:
    return Post.objects.select_related("author", "community", "drafted_by").alias(
        place=Coalesce("community_id", Value(0))
    )


def posts_everyone_reads() -> QuerySet[Post]:
    """Posts every signed-in person may read: published, not hidden, on a profile or in an open
    community. For what is shown to everyone alike (and so may be kept across viewers)."""
    now = timezone.now()
    place = Q(place=0) | Q(place__in=open_community_ids())
    return _base().filter(
        place,
        deleted_at__isnull=True,
        is_draft=False,
        published_at__lte=now,
        hidden_at__isnull=True,
    )


def post_list_for(
    viewer: Viewer,
    *,
    community: Any = None,
    author: Viewer | None = None,
    kind: str = "",
    topic: Tag | None = None,
    include_own_drafts: bool = False,
) -> QuerySet[Post]:
    """Posts `viewer` may read, optionally narrowed to a community, an author, a kind, a topic.

    Lists show published posts; `include_own_drafts` adds the viewer's drafts and scheduled
    articles (for opening one by its address).
    """
    if not is_signed_in(viewer):
        return Post.objects.none()
    posts = _base().filter(post_visible_q(viewer, include_own_drafts=include_own_drafts))
    if community is not None:
        posts = posts.filter(community=community)
    if author is not None:
        posts = posts.filter(author=author)
    if kind:
        posts = posts.filter(kind=kind)
    if topic is not None:
        posts = posts.filter(id__in=Post.topics.through.objects.filter(tag=topic).values("post_id"))
    return posts


def topic_known_to(viewer: Viewer, name: str) -> Any:
    """The #topic called `name` (any case), if `viewer` may learn that it exists; else None.

    A topic's name is shown, suggested or confirmed only to someone who can read a post that
    uses it, or when it is an active person's declared skill or interest: a name used only in
    private or secret posts answers exactly like a name nobody used.
    """
    if not is_signed_in(viewer):
        return None
    name = (name or "").strip().lstrip("#")
    if not name:
        return None
    # "5G" the skill and "5g" the topic are two tags: the exact spelling first.
    tags = sorted(Tag.objects.filter(name__iexact=name), key=lambda tag: tag.name != name)
    for tag in tags:
        declared = Person.skills.through.objects.filter(tag=tag, person__is_active=True)
        interest = Person.interests.through.objects.filter(tag=tag, person__is_active=True)
        if declared.exists() or interest.exists() or post_list_for(viewer, topic=tag).exists():
            return tag
    return None


def drafts_for(viewer: Viewer) -> QuerySet[Post]:
    """The viewer's unpublished and scheduled articles."""
    if not is_signed_in(viewer):
        return Post.objects.none()
    now = timezone.now()
    return (
        _base()
        .filter(author=viewer, deleted_at__isnull=True)
        .filter(Q(is_draft=True) | Q(published_at__gt=now))
    )


def pinned_now() -> list[int]:
    """The ids of every announcement pinned right now, whoever may read it: one indexed query,
    which spares the feeds their pinned-post conditions on the usual day when there is none."""
    now = timezone.now()
    # The kind is checked here, not in SQL: SQLite would take the index post_pinned for it
    # (every announcement ever made) instead of post_pinned_now (those pinned lately).
    pinned = Post.objects.filter(pinned_until__gt=now, deleted_at__isnull=True).order_by()
    rows = pinned.values_list("id", "kind")
    return [pk for pk, kind in rows if kind == Post.Kind.ANNOUNCEMENT]


def pinned_for(
    viewer: Viewer,
    *,
    community: Any = None,
    company_wide: bool = True,
    candidates: list[int] | None = None,
) -> list[Post]:
    """Announcements pinned right now that concern `viewer` (or `community`'s readers);
    `candidates`: what `pinned_now()` gave, when the caller asked it already."""
    if not is_signed_in(viewer):
        return []
    if candidates is None:
        candidates = pinned_now()
    if not candidates:
        return []
    now = timezone.now()
    pinned = _base().filter(
        post_visible_q(viewer),
        pk__in=candidates,
        kind=Post.Kind.ANNOUNCEMENT,
        pinned_until__gt=now,
    )
    if community is not None:
        pinned = pinned.filter(community=community)
    else:
        place = Q(community_id__in=member_community_ids(viewer))
        if company_wide:
            place |= Q(community__isnull=True)
        pinned = pinned.filter(place)
    return list(pinned.order_by("-published_at", "-id")[:20])


def posts_decorate(viewer: Viewer, posts: list[Post], *, first_comments: bool = True) -> list[Post]:
    """Attach what a feed item shows for `viewer`, in a fixed number of queries whatever the page.

    Sets on each post: my_reaction, bookmarked, my_idea_vote, poll_view, first_comments,
    topic_list, attachment_list, my_read, card_marks (what other apps mark on the card).
    """
    if not posts:
        return posts
    ids = [p.pk for p in posts]
    reactions = dict(
        Reaction.objects.filter(post_id__in=ids, person=viewer).values_list("post_id", "kind")
    )
    bookmarked = set(
        Bookmark.objects.filter(post_id__in=ids, person=viewer).values_list("post_id", flat=True)
    )
    ideas = [p.pk for p in posts if p.kind == Post.Kind.IDEA]
    voted = set()
    if ideas:
        voted = set(
            IdeaVote.objects.filter(post_id__in=ideas, person=viewer).values_list(
                "post_id", flat=True
            )
        )
    through = Post.topics.through.objects.filter(post_id__in=ids).select_related("tag")
    topics = defaultdict(list)
    for row in through.order_by("tag__name"):
        topics[row.post_id].append(row.tag)
    attachments = defaultdict(list)
    for attachment in Attachment.objects.filter(post_id__in=ids):
        attachments[attachment.post_id].append(attachment)
    polls = _polls(viewer, [p for p in posts if p.kind == Post.Kind.POLL])
    reads = {}
    announcements = [p.pk for p in posts if p.kind == Post.Kind.ANNOUNCEMENT]
    if announcements:
        reads = {
            r.post_id: r
            for r in AnnouncementRead.objects.filter(post_id__in=announcements, person=viewer)
        }
    praised = defaultdict(list)
    praise_ids = [p.pk for p in posts if p.kind == Post.Kind.PRAISE]
    if praise_ids:
        rows = Post.praised.through.objects.filter(post_id__in=praise_ids).select_related("person")
        for row in rows:
            praised[row.post_id].append(row.person)
    firsts = _first_comments(viewer, ids) if first_comments else {}
    marks: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    for marking in card_marks:
        for post_id, mark in marking(posts).items():
            marks[post_id].append(mark)
    for post in posts:
        post.my_reaction = reactions.get(post.pk)
        post.bookmarked = post.pk in bookmarked
        post.my_idea_vote = post.pk in voted
        post.topic_list = topics.get(post.pk, [])
        # Topics show once: linked in the text where it says them, as chips otherwise (a topic
        # a facilitator added, or one past the end of a feed's excerpt).
        names = {t.name for t in post.topic_list}
        post.excerpt_html = text.excerpt_html(post.excerpt, names)
        in_text, in_excerpt = set(text.topic_names(post.body)), set(text.topic_names(post.excerpt))
        post.topics_beyond_text = [t for t in post.topic_list if t.name not in in_text]
        post.topics_beyond_excerpt = [t for t in post.topic_list if t.name not in in_excerpt]
        post.attachment_list = attachments.get(post.pk, [])
        post.cover = next((a for a in post.attachment_list if a.is_cover), None)
        post.files = [a for a in post.attachment_list if not a.is_cover]
        post.poll_view = polls.get(post.pk)
        post.my_read = reads.get(post.pk)
        post.praised_list = praised.get(post.pk, [])
        post.first_comments = firsts.get(post.pk, [])
        post.card_marks = marks.get(post.pk, [])
    return posts


def _polls(viewer: Viewer, posts: list[Post]) -> dict[int, dict[str, Any]]:
    if not posts:
        return {}
    polls = Poll.objects.filter(post_id__in=[p.pk for p in posts]).prefetch_related(
        Prefetch("options", queryset=PollOption.objects.order_by("position", "id"))
    )
    mine = defaultdict(set)
    for poll_id, option_id in PollVote.objects.filter(
        poll__in=[p.pk for p in polls], person=viewer
    ).values_list("poll_id", "option_id"):
        mine[poll_id].add(option_id)
    now = timezone.now()
    authors = {p.pk: p.author_id for p in posts}
    result = {}
    for poll in polls:
        is_open = poll.closes_at is None or poll.closes_at > now
        voted = bool(mine.get(poll.pk))
        # Its author follows the results without voting; others see them once they voted (or
        # once it closes, when the poll says so).
        is_author = authors.get(poll.post_id) == viewer.pk
        show = (not is_open) or is_author or (voted and poll.results == Poll.Results.AFTER_VOTE)
        options = list(poll.options.all())
        total = sum(o.vote_count for o in options) or 0
        result[poll.post_id] = {
            "poll": poll,
            "options": options,
            "is_open": is_open,
            "my_choices": mine.get(poll.pk, set()),
            "show_results": show,
            "total": total,
            "percent": {o.pk: round(100 * o.vote_count / total) if total else 0 for o in options},
        }
    return result


def _first_comments(viewer: Viewer, post_ids: list[int]) -> dict[int, list[Comment]]:
    """The first top-level comments of each post, shown and not by someone the viewer blocked:
    one query (a window function ranks them per post), then their authors.

    Written as SQL: the ORM spent three times the database's own time building this one query
    on every feed page. The parent test is said as COALESCE so that no index on parent_id
    applies: SQLite would walk that index for "IS NULL" (most comments) instead of the post's.
    """
    if not post_ids:
        return {}
    comment, block = Comment._meta.db_table, Block._meta.db_table
    marks = ", ".join(["%s"] * len(post_ids))
    sql = (
        f"SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER "  # noqa: S608 - table names and marks
        f"(PARTITION BY c.post_id ORDER BY c.created_at, c.id) AS first_rank FROM {comment} c "
        f"WHERE c.post_id IN ({marks}) AND c.deleted_at IS NULL AND c.hidden_at IS NULL "
        f"AND COALESCE(c.parent_id, 0) = 0 "
        f"AND c.author_id NOT IN (SELECT b.blocked_id FROM {block} b WHERE b.blocker_id = %s)"
        f") ranked WHERE first_rank <= %s ORDER BY post_id, first_rank"
    )
    comments = list(Comment.objects.raw(sql, [*post_ids, viewer.pk, FIRST_COMMENTS]))
    authors = Person.objects.in_bulk({c.author_id for c in comments})
    result: dict[int, list[Comment]] = defaultdict(list)
    for comment_row in comments:
        comment_row.author = authors[comment_row.author_id]
        result[comment_row.post_id].append(comment_row)
    return result


def comment_list_for(viewer: Viewer, post: Post) -> QuerySet[Comment]:
    """Comments of a post the viewer may read (callers got the post through `access_post`)."""
    if not is_signed_in(viewer):
        return Comment.objects.none()
    return (
        Comment.objects.filter(post=post, deleted_at__isnull=True)
        .filter(Q(hidden_at__isnull=True) | Q(author=viewer))
        .exclude(author_id__in=blocked_ids(viewer))
        .select_related("author")
    )


def comments_after(viewer: Viewer, post: Post, after_id: int) -> list[Comment]:
    """Comments newer than `after_id`, oldest first: what a page opened earlier has not shown."""
    comments = list(comment_list_for(viewer, post).filter(pk__gt=after_id).order_by("id")[:200])
    for comment in comments:
        comment.reply_list = []
    return comments


def comment_threads(viewer: Viewer, post: Post) -> list[Comment]:
    """Top-level comments, oldest first, each with `.reply_list`; two queries."""
    comments = list(comment_list_for(viewer, post).order_by("created_at", "id"))
    replies = defaultdict(list)
    top = []
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
        else:
            top.append(comment)
    for comment in top:
        comment.reply_list = replies.get(comment.pk, [])
    return top


def announcement_stats(viewer: Viewer, post: Post) -> dict[str, Any] | None:
    """Seen by N of M members, and who has not acknowledged yet (for its author and leaders)."""
    if post.kind != Post.Kind.ANNOUNCEMENT:
        return None

    if post.community_id:
        audience = Person.objects.filter(
            memberships__community_id=post.community_id,
            memberships__state=Membership.State.ACTIVE,
            is_active=True,
        )
    else:
        audience = Person.objects.filter(is_active=True)
    audience = audience.exclude(pk=post.author_id)
    reads = AnnouncementRead.objects.filter(post=post, person__is_active=True)
    stats = {"audience": audience.count(), "seen": reads.count(), "pending": []}
    if post.requires_ack:
        stats["acknowledged"] = reads.filter(acknowledged_at__isnull=False).count()
        can_see_list = viewer.pk == post.author_id or is_administrator(viewer)
        if not can_see_list and post.community_id:
            can_see_list = (
                leading_community_ids(viewer).filter(community_id=post.community_id).exists()
            )
        if can_see_list:
            done = reads.filter(acknowledged_at__isnull=False).values("person_id")
            stats["pending"] = list(audience.exclude(pk__in=done).order_by("display_name")[:200])
            stats["show_pending"] = True
    return stats


def is_post_author(viewer: Viewer, post: Post) -> bool:
    """Did `viewer` write `post`? For an anonymous post, checked against its seal."""
    if not is_signed_in(viewer):
        return False
    if post.anonymous:
        return is_sealed_author(viewer, post)
    return bool(post.author_id == viewer.pk)


def revisions_for(viewer: Viewer, post: Post) -> QuerySet[Revision]:
    """Earlier versions of a post, for its author and administrators (moderators later)."""
    if not is_signed_in(viewer) or not (is_post_author(viewer, post) or is_administrator(viewer)):
        return Revision.objects.none()
    return Revision.objects.filter(post=post, comment__isnull=True).select_related("edited_by")


def reactions_for(viewer: Viewer, post: Post) -> QuerySet[Reaction]:
    """Who reacted to a post, newest first (callers got the post through `access_post`)."""
    return Reaction.objects.filter(post=post, person__is_active=True).select_related("person")


def bookmarks_for(viewer: Viewer) -> QuerySet[Post]:
    if not is_signed_in(viewer):
        return Post.objects.none()
    return post_list_for(viewer).filter(
        id__in=Bookmark.objects.filter(person=viewer).values("post_id")
    )


def answering_of(viewer: Viewer, person: Any) -> dict[str, int]:
    """How `person` helps by answering, counted only on questions `viewer` may read: the
    questions they answered, their answers the askers accepted, and the askers they helped (an
    anonymous asker is never counted, their own questions never)."""
    if not is_signed_in(viewer):
        return {"answered": 0, "accepted": 0, "helped": 0}
    questions = (
        _base()
        .filter(post_visible_q(viewer), kind=Post.Kind.QUESTION)
        .exclude(author_id=person.pk)
        .values("pk")
    )
    answers = Comment.objects.filter(
        author_id=person.pk,
        parent__isnull=True,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        post__in=questions,
    )
    figures = answers.aggregate(
        answered=Count("post", distinct=True),
        accepted=Count("pk", filter=Q(post__accepted_comment=F("pk"))),
        helped=Count("post__author", distinct=True, filter=Q(post__anonymous=False)),
    )
    return {key: figures[key] or 0 for key in ("answered", "accepted", "helped")}
