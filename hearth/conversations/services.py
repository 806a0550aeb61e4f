"""Writes to posts, comments, reactions, polls and ideas; each records its event."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from hearth.communities import invitations
from hearth.communities.models import Community
from hearth.communities.selectors import can_lead, membership_of
from hearth.core.access import is_administrator
from hearth.core.bulk import update_rows
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, RateLimited
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.registry import erasers, upload_sources
from hearth.core.replicas import housekeeping
from hearth.core.uploads import MAX_FILES, CheckedFile, check_upload, thumbnail
from hearth.people.models import Person, Tag
from hearth.trust import policies, sealed
from hearth.trust.limits import check_rate, check_upload_rate, rate_spend_sealed
from hearth.trust.selectors import blocker_ids, check_not_suspended

from . import text
from .models import (
    AnnouncementRead,
    Attachment,
    Bookmark,
    Comment,
    IdeaVote,
    Mention,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostView,
    Reaction,
    Revision,
)
from .selectors import is_post_author

MAX_BODY = 20_000
MAX_TITLE = 200
MAX_OPTIONS = 20
MAX_PIN_DAYS = 90


@dataclass
class PollIn:
    options: list[str]
    multiple: bool = False
    closes_at: datetime.datetime | None = None
    results: str = Poll.Results.AFTER_VOTE


@dataclass
class PostIn:
    """What a composer or an API call sends to create or change a post."""

    kind: str = Post.Kind.UPDATE
    body: str = ""
    title: str = ""
    community: Community | None = None
    poll: PollIn | None = None
    anonymous: bool = False
    praised: list[str] = field(default_factory=list)
    praised_team: Community | None = None
    praise_value: str = ""
    pinned_until: datetime.datetime | None = None
    requires_ack: bool = False
    publish_at: datetime.datetime | None = None
    draft: bool = False


def _check_text(body: str, title: str, kind: str, errors: list[FieldError]) -> None:
    if not body.strip():
        errors.append(FieldError("body", "Write something first."))
    elif len(body) > MAX_BODY:
        errors.append(FieldError("body", f"At most {MAX_BODY:,} characters ({len(body):,} now)."))
    if len(title) > MAX_TITLE:
        errors.append(FieldError("title", f"At most {MAX_TITLE} characters."))
    if kind == Post.Kind.ARTICLE and not title.strip():
        errors.append(FieldError("title", "An article needs a title."))


def _check_poll(poll: PollIn | None, now, errors: list[FieldError]) -> list[str]:
    if poll is None:
        errors.append(FieldError("poll", "A poll needs its options."))
        return []
    labels = [" ".join(str(o).split()) for o in poll.options]
    if any(not label for label in labels):
        errors.append(FieldError("poll.options", "Options cannot be empty."))
    if not 2 <= len(labels) <= MAX_OPTIONS:
        errors.append(FieldError("poll.options", f"Give between 2 and {MAX_OPTIONS} options."))
    if len({label.casefold() for label in labels}) != len(labels):
        errors.append(FieldError("poll.options", "Each option must be different."))
    if any(len(label) > 200 for label in labels):
        errors.append(FieldError("poll.options", "An option has at most 200 characters."))
    if poll.closes_at is not None and poll.closes_at <= now:
        errors.append(FieldError("poll.closes_at", "The closing time must be in the future."))
    if poll.results not in Poll.Results.values:
        errors.append(FieldError("poll.results", "after_vote or after_close."))
    return labels


def _check_place(actor: Person, data: PostIn, errors: list[FieldError]) -> None:
    community = data.community
    if community is not None:
        membership = membership_of(actor, community)
        if membership is None or not membership.is_active:
            raise Forbidden("Join the community to post in it.")
        if community.state == Community.State.ARCHIVED:
            raise Conflict("This community is archived and read-only.")
    if data.kind == Post.Kind.ANNOUNCEMENT:
        allowed = is_administrator(actor) if community is None else can_lead(actor, community)
        if not allowed:
            raise Forbidden(
                "Only the community's owners, sponsors and facilitators can post announcements"
                " (and administrators company-wide)."
            )
    if data.anonymous:
        _check_anonymous(data, errors)


ANONYMOUS_KINDS = (Post.Kind.UPDATE, Post.Kind.QUESTION, Post.Kind.IDEA, Post.Kind.POLL)


def _check_anonymous(data: PostIn, errors: list[FieldError]) -> None:
    """Anonymous posts: only where a community allows them, and only where a crowd hides one."""
    community = data.community
    if community is None or not community.allow_anonymous:
        errors.append(FieldError("anonymous", "Anonymous posts are not allowed here."))
        return
    least = settings.HEARTH_ANONYMOUS_MIN_MEMBERS
    members = Community.objects.filter(pk=community.pk).values_list("member_count", flat=True)
    if members.first() < least:
        errors.append(
            FieldError(
                "anonymous",
                f"Anonymous posts need a community of at least {least} members, so that nobody "
                "can be guessed.",
            )
        )
    if data.kind not in ANONYMOUS_KINDS:
        errors.append(FieldError("anonymous", "Updates, questions, ideas and polls only."))
    if data.draft or data.publish_at:
        errors.append(FieldError("anonymous", "Anonymous posts cannot be drafts or scheduled."))


def _praised_people(actor: Person, data: PostIn, errors: list[FieldError]) -> list[Person]:
    if data.kind != Post.Kind.PRAISE:
        return []
    names = [n.strip().lstrip("@") for n in data.praised if n and n.strip()]
    people = list(Person.objects.filter(username__in=names, is_active=True))
    missing = set(names) - {p.username for p in people}
    if missing:
        errors.append(FieldError("praised", f"Unknown people: {', '.join(sorted(missing))}."))
    if not people and data.praised_team is None and not missing:
        errors.append(FieldError("praised", "Say whom you are thanking: people or a team."))
    if any(p.pk == actor.pk for p in people):
        errors.append(FieldError("praised", "Praise others, not yourself."))
    values = settings.HEARTH_COMPANY_VALUES
    if data.praise_value and data.praise_value not in values:
        errors.append(FieldError("praise_value", f"One of: {', '.join(values)}."))
    return people


def _check_pin(data: PostIn, now, errors: list[FieldError]) -> None:
    if data.pinned_until is None:
        return
    if data.kind != Post.Kind.ANNOUNCEMENT:
        errors.append(FieldError("pinned_until", "Only announcements can be pinned."))
    elif data.pinned_until <= now:
        errors.append(FieldError("pinned_until", "Pin until a time in the future."))
    elif data.pinned_until > now + datetime.timedelta(days=MAX_PIN_DAYS):
        errors.append(FieldError("pinned_until", f"Pin for at most {MAX_PIN_DAYS} days."))


def _known_usernames(body: str) -> set[str]:
    names = text.mentioned_usernames(body)
    if not names:
        return set()
    return set(
        Person.objects.filter(username__in=names, is_active=True).values_list("username", flat=True)
    )


def _mentioned_communities(body: str, people: set[str]) -> dict[str, Community]:
    """Communities named with @slug that every reader may know of: never secret ones nor
    drafts, whose link would confirm that they exist (the text is rendered once for all)."""
    names = [n for n in text.mentioned_usernames(body) if n not in people]
    if not names:
        return {}
    communities = (
        Community.objects.filter(slug__in=names)
        .exclude(privacy=Community.Privacy.SECRET)
        .exclude(state=Community.State.DRAFT)
    )
    return {c.slug: c for c in communities}


def _render(body: str) -> str:
    people = _known_usernames(body)
    communities = _mentioned_communities(body, people)
    return text.render(body, known_usernames=people, known_communities=set(communities))


def _check_community_mentions(actor: Person, body: str, already: set[int]) -> list[Community]:
    """The communities this text mentions as a whole; only their leaders may, a few times a day."""
    communities = _mentioned_communities(body, _known_usernames(body))
    led = [c for c in communities.values() if c.pk not in already and can_lead(actor, c)]
    if not led:
        return []
    limit = settings.HEARTH_COMMUNITY_MENTIONS_PER_DAY
    since = timezone.now() - datetime.timedelta(days=1)
    recent = list(
        Event.objects.filter(actor=actor, verb="community.mentioned", created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) + len(led) > limit:
        oldest = recent[0] if recent else timezone.now()
        wait = max(60, int((oldest + datetime.timedelta(days=1) - timezone.now()).total_seconds()))
        raise RateLimited(
            f"You can mention a whole community {limit} times a day; the next one is possible "
            f"in about {wait // 3600} h {wait % 3600 // 60} min.",
            retry_after=wait,
        )
    return led


def _topics(body: str, title: str) -> list[Tag]:
    names = text.topic_names(f"{title}\n{body}")[:20]
    if not names:
        return []
    existing = {t.name.lower(): t for t in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in existing:
            existing[name], _ = Tag.objects.get_or_create(name=name)
    return [existing[n] for n in names]


def _record_mentions(
    actor: Person,
    post: Post,
    comment: Comment | None,
    body: str,
    *,
    shown_as=None,
    limit: bool = True,
) -> None:
    """Record and announce each newly mentioned person, and each community mentioned by one of
    its leaders. `shown_as` is who the events name (the stand-in, for an anonymous post)."""
    mentions = _mentions_create(actor, post, comment, body, limit=limit)
    _mentions_announce(shown_as or actor, post, mentions)


def _mentions_create(
    actor: Person,
    post: Post,
    comment: Comment | None,
    body: str,
    *,
    limit: bool = True,
    sealed_use: bool = False,
    at=None,
) -> list[Mention]:
    """Store the new mentions of a text (checking the writer's limit); announcing them is
    `_mentions_announce`, at once or when the post appears. `sealed_use`: the events will not
    name the writer, so their uses are counted without naming them either."""
    usernames = _known_usernames(body)
    existing = post.mentions.filter(comment=None) if comment is None else comment.mentions.all()
    already_people = set(existing.exclude(person=None).values_list("person__username", flat=True))
    already_communities = set(
        existing.exclude(community=None).values_list("community_id", flat=True)
    )
    communities = _check_community_mentions(actor, body, already_communities)
    now = at or timezone.now()
    mentioned = (
        Person.objects.filter(username__in=usernames - already_people)
        .exclude(pk=actor.pk)
        .exclude(pk__in=blocker_ids(actor))  # people who blocked the author are not reached
    )
    mentioned = list(mentioned)
    if mentioned and limit:
        check_rate(actor, "mention.created", adding=len(mentioned))
        if sealed_use:
            rate_spend_sealed(actor, "mention.created", len(mentioned))
    made = [
        Mention.objects.create(post=post, comment=comment, person=person, created_at=now)
        for person in mentioned
    ]
    made += [
        Mention.objects.create(post=post, comment=comment, community=community, created_at=now)
        for community in communities
    ]
    return made


def _mentions_announce(shown_as: Person, post: Post, mentions: Sequence[Mention]) -> None:
    """The events of mentions: people and communities hear of them (notifications follow)."""
    for mention in mentions:
        comment = mention.comment_id
        if mention.person_id is not None:
            event_record(
                actor=shown_as,
                verb="mention.created",
                obj=mention,
                target=post,
                community_id=post.community_id,
                metadata={"person": mention.person_id, "comment": comment},
            )
        else:
            event_record(
                actor=shown_as,
                verb="community.mentioned",
                obj=mention,
                target=post,
                community_id=mention.community_id,
                metadata={"community": mention.community_id, "comment": comment},
            )


def _screen(text: str, community, *, actor, is_post: bool = True) -> policies.Verdict | None:
    """Filters (a blocking one refuses), then pre-approval of posts by non-leaders (`actor` None
    for anonymous posts)."""
    policies.refuse_if_blocked(verdict := policies.screen(text, community=community))
    preapproved = is_post and community is not None and community.preapprove_posts
    if verdict is None and preapproved and (actor is None or not can_lead(actor, community)):
        return policies.Verdict("hold", "approval", "Pre-approval of posts")
    return verdict


@transaction.atomic
def post_create(*, actor: Person, data: PostIn, attachments: Sequence = (), cover=None) -> Post:
    """Publish (or save as draft, or schedule) a post of any kind."""
    check_not_suspended(actor)
    check_rate(actor, "post.created")  # named and anonymous posts alike (see check_rate)
    now = timezone.now()
    errors: list[FieldError] = []
    if data.kind not in Post.Kind.values:
        raise Invalid("Unknown kind of post.", [FieldError("kind", "Not a kind of post.")])
    _check_text(data.body, data.title, data.kind, errors)
    _check_place(actor, data, errors)
    labels = _check_poll(data.poll, now, errors) if data.kind == Post.Kind.POLL else []
    praised = _praised_people(actor, data, errors)
    _check_pin(data, now, errors)
    if (data.draft or data.publish_at) and data.kind != Post.Kind.ARTICLE:
        errors.append(FieldError("publish_at", "Only articles can be drafts or scheduled."))
    if data.publish_at is not None and data.publish_at <= now:
        data.publish_at = None
    files = _check_files(attachments, cover, errors)
    if data.anonymous and files:
        errors.append(
            FieldError(
                "attachments",
                "Anonymous posts take no files: a file's metadata can name its author.",
            )
        )
    if errors:
        raise Invalid("The post could not be published.", errors)
    check_upload_rate(actor, len(files))
    title = " ".join(data.title.split())
    # Anonymous posts take one path whoever wrote them: a leader's is held for approval too.
    verdict = _screen(
        f"{title}\n{data.body}", data.community, actor=None if data.anonymous else actor
    )
    held = verdict is not None and not data.draft
    html = _render(data.body)
    author, shown_at = actor, now
    if data.anonymous:
        # Everything downstream (events, search, notifications) sees only the stand-in; the
        # real author is sealed. A random delay keeps the time from pointing at anyone, and
        # every time others can read (events, mentions, the moderation queue) is that one.
        author, shown_at = sealed.stand_in(), now + _anonymous_delay()
    post = Post.objects.create(
        kind=data.kind,
        author=author,
        community=data.community,
        title=title,
        body=data.body,
        html=html,
        excerpt=text.excerpt(html),
        created_at=shown_at,
        anonymous=data.anonymous,
        published_at=data.publish_at or shown_at,
        is_draft=data.draft,
        last_activity_at=shown_at,
        hidden_at=now if held else None,
        held=held,
        pinned_until=data.pinned_until if data.kind == Post.Kind.ANNOUNCEMENT else None,
        requires_ack=data.requires_ack and data.kind == Post.Kind.ANNOUNCEMENT,
        praised_team=data.praised_team if data.kind == Post.Kind.PRAISE else None,
        praise_value=data.praise_value if data.kind == Post.Kind.PRAISE else "",
    )
    post.topics.set(_topics(data.body, title))
    if praised:
        post.praised.set(praised)
    if data.kind == Post.Kind.POLL:
        poll = Poll.objects.create(
            post=post,
            multiple=data.poll.multiple,
            closes_at=data.poll.closes_at,
            results=data.poll.results,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, label=label, position=i) for i, label in enumerate(labels)
        )
    for checked, is_cover in files:
        _attach(actor, post, checked, is_cover, now)
    later = post.published_at > now and not post.is_draft
    if data.anonymous:
        sealed.seal(post, actor)
    if later:  # counted against the writer now; the events come when readers see the post
        rate_spend_sealed(actor, "post.created")
    if held:  # announced (mentions, feeds, search) when a moderator releases it
        policies.hold(verdict, post=post)
        if later:  # held from its published time on, like any post written then
            _announce_when_published(post)
        else:
            _record_post_event(post, "post.held")
        return post
    if post.is_draft:
        _record_post_event(post, "post.created")
        return post
    mentions = _mentions_create(
        actor, post, None, data.body, sealed_use=data.anonymous, at=post.published_at
    )
    if later:
        _announce_when_published(post)
    else:
        _announce(post, "post.created", mentions)
    if post.community_id and not data.anonymous:
        invitations.mark_contributed(person=actor, community_id=post.community_id)
    return post


def _record_post_event(post: Post, verb: str) -> None:
    event_record(
        actor=post.author,
        verb=verb,
        obj=post,
        community_id=post.community_id,
        metadata={
            "kind": post.kind,
            "draft": post.is_draft,
            "praised": list(post.praised.values_list("id", flat=True)),
        },
    )


def _announce(post: Post, verb: str, mentions: Sequence[Mention]) -> None:
    """A post readers can now see: its event, its mentions, the search index, live pages."""
    _record_post_event(post, verb)
    _mentions_announce(post.author, post, mentions)


def _announce_when_published(post: Post) -> None:
    """Owe the post's announcement until its published time; the worker pays it then."""
    Post.objects.filter(pk=post.pk).update(announce_pending=True)
    post.announce_pending = True
    when = post.published_at
    transaction.on_commit(lambda: _announce_later(when))


def _announce_later(when: datetime.datetime) -> None:
    from .tasks import announce_posts  # tasks import these services

    announce_posts.schedule(eta=when + datetime.timedelta(seconds=1))


def posts_announce_due(*, limit: int = 200) -> int:
    """Announce the posts whose published time has come (the worker's job); return how many.

    Each is announced once: the flag is cleared in the same transaction as its events."""
    now = timezone.now()
    due = Post.objects.filter(announce_pending=True, published_at__lte=now).order_by(
        "published_at", "id"
    )
    done = 0
    for post_id in list(due.values_list("id", flat=True)[:limit]):
        with transaction.atomic():
            if not Post.objects.filter(pk=post_id, announce_pending=True).update(
                announce_pending=False
            ):
                continue  # another worker announced it
            post = Post.objects.select_related("author", "community").get(pk=post_id)
            done += 1
            if post.deleted_at is not None or post.is_draft:
                continue
            if post.held:  # the moderators' queue shows it from now; released as usual
                _record_post_event(post, "post.held")
                continue
            verb = "post.created" if post.anonymous else "post.published"
            _announce(post, verb, list(post.mentions.filter(comment=None)))
    return done


def _anonymous_delay() -> datetime.timedelta:
    low, high = (list(settings.HEARTH_ANONYMOUS_DELAY_MINUTES) + [0, 0])[:2]
    seconds = secrets.randbelow(max(1, (high - low) * 60 + 1)) + low * 60
    return datetime.timedelta(seconds=seconds)


def _check_files(
    attachments: Sequence, cover, errors: list[FieldError]
) -> list[tuple[CheckedFile, bool]]:
    files = [f for f in attachments if f]
    if len(files) > MAX_FILES:
        errors.append(FieldError("attachments", f"At most {MAX_FILES} files per post."))
        return []
    checked = [(check_upload(f), False) for f in files]
    if cover:
        image = check_upload(cover)
        if not image.is_image:
            errors.append(FieldError("cover", "The cover must be an image."))
        checked.append((image, True))
    return checked


@upload_sources("attachments")
def uploads_of(person: Person) -> QuerySet[Attachment]:
    """The files a person attached to posts (counted by the upload rate)."""
    return Attachment.objects.filter(uploaded_by=person)


def _attach(actor: Person, post: Post, checked: CheckedFile, is_cover: bool, now) -> None:
    attachment = Attachment(
        post=post,
        uploaded_by=actor,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        is_image=checked.is_image,
        is_cover=is_cover,
        created_at=now,
        preview_pending=checked.is_image,
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    attachment.save()
    if checked.is_image:  # decoding is the worker's job, never a web request's
        transaction.on_commit(_previews_later)


def _previews_later() -> None:
    from .tasks import make_previews  # tasks import these services

    make_previews()


def previews_make(*, limit: int = 50) -> int:
    """Make the previews of images waiting for one (the worker's job); return how many."""
    done = 0
    pending = Attachment.objects.filter(preview_pending=True).order_by("created_at")
    for attachment_id in list(pending.values_list("id", flat=True)[:limit]):
        with transaction.atomic():
            attachment = (
                Attachment.objects.select_for_update(skip_locked=True)
                .filter(pk=attachment_id, preview_pending=True)
                .first()
            )
            if attachment is None:  # another worker has it
                continue
            with attachment.file.open("rb") as stream:
                thumb = thumbnail(stream)
            if thumb is not None:
                attachment.thumbnail.save("thumb.webp", thumb, save=False)
            attachment.preview_pending = False
            attachment.save(update_fields=["thumbnail", "preview_pending"])
            done += 1
    return done


def _shown(actor: Person, post: Post) -> Person:
    """Who the records name for the author's own actions on a post: the stand-in if anonymous."""
    return post.author if post.anonymous and post.author.is_stand_in else actor


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def post_update(
    *,
    actor: Person,
    post: Post,
    body: str | None = None,
    title: str | None = None,
    publish: bool = False,
) -> Post:
    """Change a post's text (its author only), keeping the previous text as a revision."""
    post = _lock(post)
    if not is_post_author(actor, post):
        raise Forbidden("Only the author can edit this post.")
    if post.is_deleted:
        raise Conflict("This post was deleted.")
    new_body = post.body if body is None else body
    new_title = post.title if title is None else " ".join(title.split())
    errors: list[FieldError] = []
    _check_text(new_body, new_title, post.kind, errors)
    if errors:
        raise Invalid("The post could not be saved.", errors)
    now = timezone.now()
    was_draft = post.is_draft
    changed = new_body != post.body or new_title != post.title
    verdict = None
    if changed or publish:
        verdict = _screen(
            f"{new_title}\n{new_body}", post.community, actor=actor, is_post=publish and was_draft
        )
    hold = verdict is not None and not post.held and not (was_draft and not publish)
    # An anonymous post not yet published was seen by nobody: it is changed like a draft, with
    # no revision, no "edited" time and no event whose time would point at its author.
    unseen = post.anonymous and post.published_at > now
    if changed:
        if not unseen:
            Revision.objects.create(
                post=post,
                title=post.title,
                body=post.body,
                edited_by=_shown(actor, post),
                created_at=now,
            )
        post.body, post.title = new_body, new_title
        post.html = _render(new_body)
        post.excerpt = text.excerpt(post.html)
        if not was_draft and not unseen:
            post.edited_at = now
        post.topics.set(_topics(new_body, new_title))
    if publish and was_draft:
        post.is_draft = False
        post.published_at = max(post.published_at, now)
        post.last_activity_at = now
    if hold:
        post.hidden_at, post.held = now, True
        policies.hold(verdict, post=post)
    post.save()
    if publish and was_draft and post.published_at > now:  # a scheduled draft: at its time
        # (counted against its author when the draft was written: its event names them)
        _announce_when_published(post)
    if post.held:  # announced when a moderator releases it
        if hold and not post.is_draft and not post.announce_pending:
            # Taken down until a moderator looks (readers' pages and search follow).
            _record_moderated(post, None, "hold")
        return post
    if post.announce_pending:  # announced, with every mention it then has, when it appears
        if not post.is_draft:
            _mentions_create(
                actor, post, None, new_body, sealed_use=post.anonymous, at=post.published_at
            )
        return post
    if changed or publish:
        event_record(
            actor=_shown(actor, post),
            obj=post,
            community_id=post.community_id,
            verb="post.published" if publish and was_draft else "post.edited",
        )
    if not post.is_draft:
        _record_mentions(actor, post, None, new_body, shown_as=_shown(actor, post))
    return post


@transaction.atomic
def post_delete(*, actor: Person, post: Post) -> None:
    """Soft-delete a post: it disappears everywhere, the row stays for moderation and audit."""
    post = _lock(post)
    if not is_post_author(actor, post) and not is_administrator(actor):
        raise Forbidden("Only the author or an administrator can delete this post.")
    if post.is_deleted:
        return
    shown = _shown(actor, post) if is_post_author(actor, post) else actor
    post.deleted_at, post.deleted_by = timezone.now(), shown
    post.save(update_fields=["deleted_at", "deleted_by"])
    event_record(actor=shown, verb="post.deleted", obj=post, community_id=post.community_id)


def _check_not_blocked(actor: Person, post: Post, parent: Comment | None) -> None:
    """Someone who blocked the actor does not get replies from them."""
    addressed = {post.author_id} | ({parent.author_id} if parent is not None else set())
    blockers = blocker_ids(actor).filter(blocker_id__in=addressed - {actor.pk})
    if blockers.exists():
        raise Forbidden("You cannot reply to this person.")


def moderate(*, post: Post, comment: Comment | None, kind: str) -> None:
    """Apply a moderation decision already authorised by `hearth.trust.services`.

    `kind` is hide, unhide, delete or undelete; the search index and counts follow.
    """
    post = _lock(post)
    now = timezone.now()
    if comment is not None:
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        was_shown = comment.deleted_at is None and comment.hidden_at is None
        if kind in ("hide", "unhide"):
            comment.hidden_at = now if kind == "hide" else None
        else:
            comment.deleted_at = now if kind == "delete" else None
        comment.save(update_fields=["hidden_at", "deleted_at"])
        shown = comment.deleted_at is None and comment.hidden_at is None
        if shown != was_shown:
            updates = {"comment_count": F("comment_count") + (1 if shown else -1)}
            if not shown and post.accepted_comment_id == comment.pk:
                updates["accepted_comment"] = None
            Post.objects.filter(pk=post.pk).update(**updates)
    else:
        if kind in ("hide", "unhide"):
            post.hidden_at = now if kind == "hide" else None
        else:
            post.deleted_at = now if kind == "delete" else None
        post.save(update_fields=["hidden_at", "deleted_at"])
    _record_moderated(post, comment, kind)


def _record_moderated(post: Post, comment: Comment | None, kind: str) -> None:
    """What readers may see of a post or comment changed by moderation (hidden, shown, deleted,
    restored or held): an event with no actor (the moderator's own is `moderation.action`), which
    search and live pages follow."""
    event_record(
        actor=None,
        verb="comment.moderated" if comment is not None else "post.moderated",
        obj=comment if comment is not None else post,
        target=post if comment is not None else None,
        community_id=post.community_id,
        metadata={"kind": kind},
    )


def _hold_shown_comment(verdict, comment: Comment, now) -> Comment:
    """An edit tripped a holding filter: take the comment down until a moderator looks."""
    moderate(post=comment.post, comment=comment, kind="hide")
    comment.refresh_from_db(fields=["hidden_at"])
    comment.held = True
    Comment.objects.filter(pk=comment.pk).update(held=True)
    policies.hold(verdict, post=comment.post, comment=comment)
    return comment


def release_held(*, post: Post, comment: Comment | None = None) -> None:
    """A moderator approved a held post or comment (already shown again by `moderate`): it is
    now announced like a new one, with its mentions and notifications."""
    now = timezone.now()
    if comment is not None:
        Comment.objects.filter(pk=comment.pk).update(held=False)
        comment.held = False
        post = Post.objects.get(pk=post.pk)
        Post.objects.filter(pk=post.pk).update(last_activity_at=now)
        _acknowledge(post, comment.author, now)
        event_record(
            actor=comment.author,
            verb="comment.created",
            obj=comment,
            target=post,
            community_id=post.community_id,
            metadata={
                "parent": comment.parent_id,
                "post_author": post.author_id,
                "parent_author": comment.parent.author_id if comment.parent else None,
                "kind": post.kind,
                "released": True,
            },
        )
        _record_mentions(comment.author, post, comment, comment.body, limit=False)
        return
    Post.objects.filter(pk=post.pk).update(held=False)
    post.held = False
    if post.published_at > now:  # approved before its time: announced when it appears
        _mentions_create(post.author, post, None, post.body, limit=False, at=post.published_at)
        _announce_when_published(post)
        return
    event_record(
        actor=post.author,
        verb="post.created",
        obj=post,
        community_id=post.community_id,
        metadata={
            "kind": post.kind,
            "draft": False,
            "released": True,
            "praised": list(post.praised.values_list("id", flat=True)),
        },
    )
    _record_mentions(post.author, post, None, post.body, limit=False)


def _acknowledge(post: Post, actor: Person, now) -> None:
    """Someone answered: the post is acknowledged. Anyone at all, for an anonymous post: a
    reaction that left it "not acknowledged" would point at its sealed author."""
    if post.acknowledged_at is None and (post.anonymous or not is_post_author(actor, post)):
        Post.objects.filter(pk=post.pk, acknowledged_at=None).update(acknowledged_at=now)
        post.acknowledged_at = now


def _check_open(post: Post) -> None:
    if post.community_id and post.community.state == Community.State.ARCHIVED:
        raise Conflict("This community is archived and read-only.")
    if post.is_draft:
        raise Conflict("This article is not published yet.")
    if post.published_at > timezone.now():
        # Only its author can reach it yet: a named reply or reaction now would name them.
        raise Conflict("This post is not published yet.")


@transaction.atomic
def comment_create(
    *, actor: Person, post: Post, body: str, parent: Comment | None = None
) -> Comment:
    """Reply to a post (an answer, on a question) or to one of its comments."""
    check_not_suspended(actor)
    check_rate(actor, "comment.created")
    _check_open(post)
    errors: list[FieldError] = []
    if not body.strip():
        errors.append(FieldError("body", "Write something first."))
    elif len(body) > MAX_BODY:
        errors.append(FieldError("body", f"At most {MAX_BODY:,} characters."))
    if parent is not None:
        if parent.post_id != post.pk or parent.deleted_at is not None:
            errors.append(FieldError("parent", "Reply to a comment of this post."))
        elif parent.parent_id is not None:
            parent = parent.parent  # one level of replies: answer in the same thread
    if errors:
        raise Invalid("The comment could not be saved.", errors)
    _check_not_blocked(actor, post, parent)
    verdict = _screen(body, post.community, actor=actor, is_post=False)
    now = timezone.now()
    post = _lock(post)
    comment = Comment.objects.create(
        post=post,
        parent=parent,
        author=actor,
        body=body,
        created_at=now,
        html=_render(body),
        hidden_at=now if verdict else None,
        held=verdict is not None,
    )
    if verdict is not None:  # announced when a moderator releases it
        policies.hold(verdict, post=post, comment=comment)
        event_record(
            actor=actor,
            verb="comment.held",
            obj=comment,
            target=post,
            community_id=post.community_id,
        )
        return comment
    _announce_comment(actor, post, comment, now)
    if post.community_id:
        invitations.mark_contributed(person=actor, community_id=post.community_id)
    return comment


def _announce_comment(actor: Person, post: Post, comment: Comment, now, *, limit=True) -> None:
    parent = comment.parent
    Post.objects.filter(pk=post.pk).update(
        comment_count=F("comment_count") + 1, last_activity_at=now
    )
    _acknowledge(post, actor, now)
    event_record(
        actor=actor,
        verb="comment.created",
        obj=comment,
        target=post,
        community_id=post.community_id,
        metadata={
            "parent": parent.pk if parent else None,
            "post_author": post.author_id,
            "parent_author": parent.author_id if parent else None,
            "kind": post.kind,
        },
    )
    _record_mentions(actor, post, comment, comment.body, limit=limit)


@transaction.atomic
def comment_update(*, actor: Person, comment: Comment, body: str) -> Comment:
    """Change a comment's text (its author only), keeping a revision."""
    if comment.author_id != actor.pk:
        raise Forbidden("Only the author can edit this comment.")
    if comment.deleted_at is not None:
        raise Conflict("This comment was deleted.")
    if not body.strip() or len(body) > MAX_BODY:
        raise Invalid(
            "The comment could not be saved.",
            [FieldError("body", f"Between 1 and {MAX_BODY:,} characters.")],
        )
    if body == comment.body:
        return comment
    verdict = _screen(body, comment.post.community, actor=actor, is_post=False)
    now = timezone.now()
    Revision.objects.create(
        post_id=comment.post_id, comment=comment, body=comment.body, edited_by=actor, created_at=now
    )
    comment.body, comment.edited_at = body, now
    comment.html = _render(body)
    if verdict is not None and not comment.held:
        comment = _hold_shown_comment(verdict, comment, now)
    comment.save(update_fields=["body", "html", "edited_at"])
    if comment.held:
        return comment
    event_record(
        actor=actor,
        verb="comment.edited",
        obj=comment,
        target=comment.post,
        community_id=comment.post.community_id,
    )
    _record_mentions(actor, comment.post, comment, body)
    return comment


@transaction.atomic
def comment_delete(*, actor: Person, comment: Comment) -> None:
    """Soft-delete a comment (its replies stay; an accepted answer is un-accepted)."""
    if comment.author_id != actor.pk and not is_administrator(actor):
        raise Forbidden("Only the author or an administrator can delete this comment.")
    if comment.deleted_at is not None:
        return
    post = _lock(comment.post)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    updates = {"comment_count": F("comment_count") - 1}
    if post.accepted_comment_id == comment.pk:
        updates["accepted_comment"] = None
    Post.objects.filter(pk=post.pk).update(**updates)
    event_record(
        actor=actor,
        verb="comment.deleted",
        obj=comment,
        target=post,
        community_id=post.community_id,
    )


def _recount_reactions(post: Post) -> dict[str, int]:
    rows = Reaction.objects.filter(post=post).values("kind").annotate(n=Count("id"))
    counts = {row["kind"]: row["n"] for row in rows}
    ordered = {kind: counts[kind] for kind in Reaction.Kind.values if kind in counts}
    Post.objects.filter(pk=post.pk).update(reaction_counts=ordered)
    post.reaction_counts = ordered
    return ordered


@transaction.atomic
def reaction_set(*, actor: Person, post: Post, kind: str) -> Reaction:
    """React to a post; one reaction per person, a new kind replaces the old."""
    check_not_suspended(actor)
    if kind not in Reaction.Kind.values:
        raise Invalid(
            "Unknown reaction.",
            [FieldError("kind", f"One of: {', '.join(Reaction.Kind.values)}.")],
        )
    _check_open(post)
    check_rate(actor, "reaction.set")
    post = _lock(post)
    now = timezone.now()
    reaction = Reaction.objects.filter(post=post, person=actor).first()
    previous = reaction.kind if reaction else None
    if reaction is None:
        reaction = Reaction.objects.create(post=post, person=actor, kind=kind, created_at=now)
    elif reaction.kind != kind:
        reaction.kind = kind
        reaction.save(update_fields=["kind"])
    else:
        return reaction
    _recount_reactions(post)
    _acknowledge(post, actor, now)
    event_record(
        actor=actor,
        verb="reaction.set",
        obj=post,
        community_id=post.community_id,
        metadata={"kind": kind, "previous": previous, "post_author": post.author_id},
    )
    return reaction


@transaction.atomic
def reaction_remove(*, actor: Person, post: Post) -> None:
    post = _lock(post)
    deleted, _ = Reaction.objects.filter(post=post, person=actor).delete()
    if deleted:
        _recount_reactions(post)
        event_record(actor=actor, verb="reaction.removed", obj=post, community_id=post.community_id)


@transaction.atomic
def answer_accept(*, actor: Person, post: Post, comment: Comment | None) -> Post:
    """Mark the accepted answer of a question (its asker or a community facilitator)."""
    if post.kind != Post.Kind.QUESTION:
        raise Conflict("Only questions have an accepted answer.")
    allowed = is_post_author(actor, post) or (
        post.community_id is not None and can_lead(actor, post.community)
    )
    if not allowed:
        raise Forbidden("Only the person who asked or a facilitator can accept an answer.")
    if comment is not None and (comment.post_id != post.pk or comment.deleted_at is not None):
        raise Invalid(
            "This comment is not an answer to this question.",
            [FieldError("comment", "Choose a comment of this question.")],
        )
    post = _lock(post)
    post.accepted_comment = comment
    post.save(update_fields=["accepted_comment"])
    event_record(
        actor=actor,
        verb="answer.accepted" if comment else "answer.unaccepted",
        obj=comment,
        target=post,
        community_id=post.community_id,
        metadata={"answerer": comment.author_id if comment else None},
    )
    return post


def poll_is_open(poll: Poll, now=None) -> bool:
    return poll.closes_at is None or poll.closes_at > (now or timezone.now())


@transaction.atomic
def poll_vote(*, actor: Person, post: Post, option_ids: list[int]) -> Poll:
    """Vote on an open poll; voting again replaces the previous choice."""
    if post.kind != Post.Kind.POLL:
        raise Conflict("This post is not a poll.")
    _check_open(post)
    poll = Poll.objects.select_for_update().get(post=post)
    if not poll_is_open(poll):
        raise Conflict("This poll is closed.")
    option_ids = list(dict.fromkeys(option_ids))
    options = list(poll.options.filter(pk__in=option_ids))
    if not option_ids or len(options) != len(option_ids):
        raise Invalid("Choose options of this poll.", [FieldError("options", "Unknown option.")])
    if len(options) > 1 and not poll.multiple:
        raise Invalid("This poll takes one choice.", [FieldError("options", "Choose one.")])
    previous = PollVote.objects.filter(poll=poll, person=actor)
    first_vote = not previous.exists()
    previous.delete()
    now = timezone.now()
    PollVote.objects.bulk_create(
        PollVote(poll=poll, option=o, person=actor, created_at=now) for o in options
    )
    counts = dict(PollVote.objects.filter(poll=poll).values_list("option").annotate(n=Count("id")))
    update_rows(
        PollOption, ["vote_count"], [(o.pk, counts.get(o.pk, 0)) for o in poll.options.all()]
    )
    if first_vote:
        poll.voter_count += 1
        poll.save(update_fields=["voter_count"])
    event_record(
        actor=actor,
        verb="poll.voted",
        obj=post,
        community_id=post.community_id,
        metadata={"options": [o.pk for o in options]},
    )
    return poll


@transaction.atomic
def idea_vote(*, actor: Person, post: Post, up: bool = True) -> Post:
    """Vote an idea up (or take the vote back); authors cannot vote for their own idea."""
    if post.kind != Post.Kind.IDEA:
        raise Conflict("Only ideas can be voted up.")
    _check_open(post)
    if is_post_author(actor, post):
        raise Conflict("You cannot vote for your own idea.")
    post = _lock(post)
    if up:
        try:
            with transaction.atomic():
                IdeaVote.objects.create(post=post, person=actor, created_at=timezone.now())
        except IntegrityError:
            return post
        delta = 1
    else:
        deleted, _ = IdeaVote.objects.filter(post=post, person=actor).delete()
        if not deleted:
            return post
        delta = -1
    Post.objects.filter(pk=post.pk).update(vote_count=F("vote_count") + delta)
    post.vote_count += delta
    _acknowledge(post, actor, timezone.now())
    event_record(
        actor=actor,
        verb="idea.voted" if up else "idea.unvoted",
        obj=post,
        community_id=post.community_id,
    )
    return post


def post_viewed(*, actor: Person, post: Post) -> None:
    """Count a unique reader (never the author, never twice)."""
    if not actor.is_authenticated or is_post_author(actor, post):
        return
    with housekeeping():
        PostView.objects.bulk_create(
            [PostView(post=post, person=actor, first_seen_at=timezone.now())],
            ignore_conflicts=True,
        )


@transaction.atomic
def announcement_seen(*, actor: Person, post: Post) -> AnnouncementRead | None:
    """Note that `actor` saw an announcement (once; later views change nothing)."""
    if post.kind != Post.Kind.ANNOUNCEMENT or actor.pk == post.author_id:
        return None
    read, created = AnnouncementRead.objects.get_or_create(
        post=post, person=actor, defaults={"seen_at": timezone.now()}
    )
    if created:
        event_record(
            actor=actor, verb="announcement.viewed", obj=post, community_id=post.community_id
        )
    return read


@transaction.atomic
def announcement_acknowledge(*, actor: Person, post: Post) -> AnnouncementRead:
    """Acknowledge an announcement that asks for it."""
    if post.kind != Post.Kind.ANNOUNCEMENT or not post.requires_ack:
        raise Conflict("This post does not ask to be acknowledged.")
    now = timezone.now()
    read, _ = AnnouncementRead.objects.get_or_create(
        post=post, person=actor, defaults={"seen_at": now}
    )
    if read.acknowledged_at is None:
        read.acknowledged_at = now
        read.save(update_fields=["acknowledged_at"])
        event_record(
            actor=actor,
            verb="announcement.acknowledged",
            obj=post,
            community_id=post.community_id,
        )
    return read


@transaction.atomic
def bookmark_set(*, actor: Person, post: Post, on: bool = True) -> bool:
    """Bookmark a post (or remove the bookmark); return whether it is bookmarked."""
    if on:
        _, created = Bookmark.objects.get_or_create(
            person=actor, post=post, defaults={"created_at": timezone.now()}
        )
        if created:
            event_record(
                actor=actor, verb="bookmark.added", obj=post, community_id=post.community_id
            )
        return True
    deleted, _ = Bookmark.objects.filter(person=actor, post=post).delete()
    if deleted:
        event_record(actor=actor, verb="bookmark.removed", obj=post, community_id=post.community_id)
    return False


@transaction.atomic
def attachment_add(*, actor: Person, post: Post, upload) -> Attachment:
    """Attach one more file to a post (its author only)."""
    if not is_post_author(actor, post):
        raise Forbidden("Only the author can add files to this post.")
    if post.anonymous:
        raise Conflict("Anonymous posts take no files: a file's metadata can name its author.")
    if post.attachments.count() >= MAX_FILES:
        raise Invalid("Too many files.", [FieldError("file", f"At most {MAX_FILES} per post.")])
    check_upload_rate(actor, 1)
    checked = check_upload(upload)
    _attach(actor, post, checked, False, timezone.now())
    attachment = post.attachments.order_by("-id").first()
    event_record(
        actor=actor,
        verb="post.attachment_added",
        obj=attachment,
        target=post,
        community_id=post.community_id,
    )
    return attachment


@erasers("conversations")
def person_forget(person) -> None:
    """Erasure: bookmarks, what they read, and mentions of them (their posts and comments are
    handled by the erasure's mode, before this step)."""
    Bookmark.objects.filter(person=person).delete()
    PostView.objects.filter(person=person).delete()
    Mention.objects.filter(person=person).delete()
