"""Write posts: publish, schedule, hold, announce when they appear, edit, delete; what
moderation does to them; attachments and their previews."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from hearth.communities import invitations
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.registry import upload_sources
from hearth.core.uploads import MAX_FILES, CheckedFile, check_upload, thumbnail
from hearth.people.models import Person
from hearth.trust import policies, sealed
from hearth.trust.limits import check_rate, check_upload_rate, rate_spend_sealed
from hearth.trust.selectors import check_not_suspended

from .. import text
from ..models import (
    Attachment,
    Comment,
    Mention,
    Poll,
    PollOption,
    Post,
    Revision,
)
from ..selectors import is_post_author
from .writing import (
    PostIn,
    _anonymous_delay,
    _check_files,
    _check_pin,
    _check_place,
    _check_poll,
    _check_text,
    _lock,
    _mentions_announce,
    _mentions_create,
    _praised_people,
    _record_mentions,
    _render,
    _screen,
    _shown,
    _topics,
)


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
    if data.kind == Post.Kind.POLL and data.poll is not None:  # `_check_poll` asked for one
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
    if held and verdict is not None:  # announced (mentions, feeds, search) when released
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
    from ..tasks import announce_posts  # tasks import these services

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
    from ..tasks import make_previews  # tasks import these services

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
    if hold and verdict is not None:
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


def post_moderate(*, post: Post, comment: Comment | None, kind: str) -> None:
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
            updates: dict[str, Any] = {"comment_count": F("comment_count") + (1 if shown else -1)}
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
    attachment = post.attachments.latest("id")
    event_record(
        actor=actor,
        verb="post.attachment_added",
        obj=attachment,
        target=post,
        community_id=post.community_id,
    )
    return attachment
