"""What every post and comment goes through before it is written: the rules of the text,
polls, places, mentions, topics, files and the content filters."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from hearth.communities.models import Community
from hearth.communities.selectors import can_lead, membership_of
from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, RateLimited
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.rules import limit
from hearth.core.uploads import MAX_FILES, CheckedFile, check_upload
from hearth.people.models import Person, Tag
from hearth.trust import policies
from hearth.trust.limits import check_rate, rate_spend_sealed
from hearth.trust.selectors import blocker_ids

from .. import text
from ..models import (
    Comment,
    Mention,
    Poll,
    PollOption,
    Post,
)

# The model's limits (core.rules): declared once, on the fields.
MAX_BODY = limit(Post, "body")


MAX_TITLE = limit(Post, "title")


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
    # A question whose title asks it may leave the details empty; every other post has a body.
    details_optional = kind == Post.Kind.QUESTION and title.strip()
    required = () if details_optional else ("body",)
    rules.check(Post, errors, counted=True, required=required, body=body)
    rules.check(Post, errors, title=title)
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
    most = rules.limit(PollOption, "label")
    if any(len(label) > most for label in labels):
        errors.append(FieldError("poll.options", rules.too_long(most)))
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
    if (members.first() or 0) < least:
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
    mentioned = list(
        Person.objects.filter(username__in=usernames - already_people)
        .exclude(pk=actor.pk)
        .exclude(pk__in=blocker_ids(actor))  # people who blocked the author are not reached
    )
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


def _shown(actor: Person, post: Post) -> Person:
    """Who the records name for the author's own actions on a post: the stand-in if anonymous."""
    return post.author if post.anonymous and post.author.is_stand_in else actor


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)
