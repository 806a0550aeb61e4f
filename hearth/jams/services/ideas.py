"""Take part in a jam and steer it: contributions, the hosts' thread, tags, alerts, spotlights,
merged ideas, follow-ups, the report and the community that carries the ideas on."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities import services as communities
from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.people.models import Person, Tag
from hearth.people.services import tags_from_names

from ..access import is_host
from ..models import Alert, Contribution, Jam, Theme
from .running import _facilitator_or_refuse, jam_close_due

CONTRIBUTION_KINDS = (Post.Kind.IDEA, Post.Kind.UPDATE, Post.Kind.QUESTION)


def _check_live(jam: Jam) -> None:
    state = jam.state
    if state == Jam.State.SCHEDULED:
        raise Conflict(_("This jam has not started yet."))
    if state != Jam.State.LIVE:
        raise Conflict(_("This jam is closed: it is read-only now."))


@transaction.atomic
def contribution_create(
    *,
    actor: Person,
    jam: Jam,
    theme: Theme,
    kind: str,
    body: str,
    title: str = "",
    anonymous: bool = False,
) -> Contribution:
    """Post an idea, a question or a discussion in a theme of a live jam."""
    if theme.jam_id != jam.pk:
        raise Invalid(
            _("This theme belongs to another jam."), [FieldError("theme", _("Unknown theme."))]
        )
    _check_live(jam)
    if kind not in CONTRIBUTION_KINDS:
        raise Invalid(
            _("A jam takes ideas, questions and discussion."),
            [FieldError("kind", _("Choose idea, question or update."))],
        )
    if anonymous and not jam.allow_anonymous:
        raise Invalid(
            _("This jam does not take anonymous contributions."),
            [FieldError("anonymous", _("Not allowed in this jam."))],
        )
    communities.community_join(actor=actor, community=jam.forum)
    post = talk.post_create(
        actor=actor,
        data=talk.PostIn(
            kind=kind,
            body=body,
            title=title,
            community=jam.forum,
            anonymous=anonymous,
        ),
    )
    contribution = Contribution.objects.create(
        post=post, jam=jam, theme=theme, created_at=post.created_at
    )
    event_record(
        actor=post.author,
        verb="jam.contributed",
        obj=post,
        target=jam,
        community_id=jam.forum_id,
        metadata={"theme": theme.pk, "kind": kind},
    )
    return contribution


@transaction.atomic
def host_thread_open(*, actor: Person, jam: Jam, theme: Theme | None = None) -> Contribution:
    """A host opens their live "ask the host" thread: a question everyone can reply to."""
    if not is_host(actor, jam):
        raise Forbidden(_("Only the jam's hosts open an “ask the host” thread."))
    _check_live(jam)
    if Contribution.objects.filter(jam=jam, is_host_thread=True, post__author=actor).exists():
        raise Conflict(_("Your “ask the host” thread is already open."))
    theme = theme or jam.themes.first()
    if theme is None:
        raise Conflict(_("This jam has no theme to open the thread in."))
    if theme.jam_id != jam.pk:
        raise Invalid(
            _("This theme belongs to another jam."), [FieldError("theme", _("Unknown theme."))]
        )
    contribution = contribution_create(
        actor=actor,
        jam=jam,
        theme=theme,
        kind=Post.Kind.QUESTION,
        title=_("Ask the host: %(name)s") % {"name": actor.name},
        body=_(
            "Ask me anything about the challenge: I answer here, in person, while the jam is live."
        ),
    )
    contribution.is_host_thread, contribution.spotlight = True, True
    contribution.save(update_fields=["is_host_thread", "spotlight"])
    return contribution


@transaction.atomic
def contribution_tag(*, actor: Person, contribution: Contribution, name: str) -> Contribution:
    """A facilitator tags a contribution with a topic (its #tag, findable everywhere)."""

    _facilitator_or_refuse(actor, contribution.jam, contribution.theme)
    name = " ".join((name or "").lstrip("#").split())
    if not name or len(name) > rules.limit(Tag, "name"):
        raise Invalid(
            _("Give a tag of 1 to 60 characters."),
            [FieldError("name", _("Give a tag of 1 to 60 characters."))],
        )
    contribution.post.topics.add(*tags_from_names([name]))
    event_record(
        actor=actor,
        verb="jam.tagged",
        obj=contribution.post,
        target=contribution.jam,
        community_id=contribution.jam.forum_id,
        metadata={"tag": name},
    )
    return contribution


@transaction.atomic
def alert_send(*, actor: Person, jam: Jam, body: str, theme: Theme | None = None) -> Alert:
    """A short prompt pushed to a theme's participants (or the whole audience)."""
    _facilitator_or_refuse(actor, jam, theme)
    _check_live(jam)
    body = " ".join((body or "").split())
    if not body:
        raise Invalid(_("Write the alert."), [FieldError("body", _("Write the alert."))])
    rules.refuse(Alert, _("An alert is short."), body=body)
    if theme is not None and theme.jam_id != jam.pk:
        raise Invalid(
            _("This theme belongs to another jam."), [FieldError("theme", _("Unknown theme."))]
        )
    alert = Alert.objects.create(
        jam=jam, theme=theme, body=body, created_by=actor, created_at=timezone.now()
    )
    event_record(
        actor=actor,
        verb="jam.alert",
        obj=alert,
        target=jam,
        community_id=jam.forum_id,
        metadata={"theme": theme.pk if theme else None},
    )
    return alert


@transaction.atomic
def spotlight_set(*, actor: Person, contribution: Contribution, on: bool = True) -> Contribution:
    _facilitator_or_refuse(actor, contribution.jam, contribution.theme)
    contribution.spotlight = on
    contribution.save(update_fields=["spotlight"])
    event_record(
        actor=actor,
        verb="jam.spotlight",
        obj=contribution.post,
        target=contribution.jam,
        community_id=contribution.jam.forum_id,
        metadata={"on": on},
    )
    return contribution


@transaction.atomic
def idea_merge(*, actor: Person, source: Contribution, target: Contribution) -> Contribution:
    """Merge a duplicate idea into another: its votes and followers (bookmarks) move over."""
    if source.jam_id != target.jam_id:
        raise Invalid(
            _("Ideas can only be merged within one jam."),
            [FieldError("target", _("This idea is in another jam."))],
        )
    _facilitator_or_refuse(actor, source.jam)
    if source.pk == target.pk:
        raise Invalid(
            _("An idea cannot be merged into itself."),
            [FieldError("target", _("Choose another idea."))],
        )
    if source.post.kind != Post.Kind.IDEA or target.post.kind != Post.Kind.IDEA:
        raise Invalid(_("Only ideas can be merged."), [FieldError("target", _("Not an idea."))])
    if source.merged_into_id or target.merged_into_id:
        raise Conflict(_("One of these ideas was already merged."))
    if source.jam.state not in (Jam.State.LIVE, Jam.State.CLOSED):
        raise Conflict(_("Ideas are merged while the jam runs or before its report."))
    moved = talk.idea_votes_move(source=source.post, target=target.post)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    event_record(
        actor=actor,
        verb="jam.merged",
        obj=source.post,
        target=target.post,
        community_id=source.jam.forum_id,
        metadata={"votes_moved": moved},
    )
    return target


@transaction.atomic
def follow_up_set(
    *,
    actor: Person,
    contribution: Contribution,
    selected: bool,
    owner: Person | None = None,
    due_on: datetime.date | None = None,
) -> Contribution:
    """Select an idea for follow-up, with an owner and a due date (after the jam closes)."""
    jam = contribution.jam
    _facilitator_or_refuse(actor, jam)
    if jam.state == Jam.State.SCHEDULED or jam.state == Jam.State.LIVE:
        raise Conflict(_("Follow-ups are chosen once the jam has closed."))
    if contribution.merged_into_id:
        raise Conflict(_("This idea was merged into another; follow that one up."))
    errors = []
    if selected and owner is None:
        errors.append(FieldError("owner", _("A selected idea needs an owner.")))
    if selected and due_on is None:
        errors.append(FieldError("due_on", _("A selected idea needs a due date.")))
    if selected and due_on is not None and due_on < timezone.localdate():
        errors.append(FieldError("due_on", _("The due date is already past.")))
    if owner is not None and not owner.is_active:
        errors.append(FieldError("owner", _("The owner must be an active person.")))
    if errors:
        raise Invalid(_("The follow-up was not saved."), errors)
    contribution.selected = selected
    contribution.owner = owner if selected else None
    contribution.due_on = due_on if selected else None
    contribution.save(update_fields=["selected", "owner", "due_on"])
    event_record(
        actor=actor,
        verb="jam.follow_up",
        obj=contribution.post,
        target=jam,
        community_id=jam.forum_id,
        metadata={"selected": selected, "owner": owner.pk if owner and selected else None},
    )
    return contribution


@transaction.atomic
def report_publish(*, actor: Person, jam: Jam, summary: str) -> Jam:
    """Publish the closing report; every contributor of an idea hears what became of it."""
    _facilitator_or_refuse(actor, jam)
    state = jam.state
    if state in (Jam.State.SCHEDULED, Jam.State.LIVE):
        raise Conflict(_("The report comes after the jam closes."))
    if state == Jam.State.REPORTED:
        raise Conflict(_("This jam's report is already published."))
    summary = (summary or "").strip()
    if len(summary) < 20:
        raise Invalid(
            _("Sum up what the jam produced."),
            [FieldError("summary", _("At least 20 characters."))],
        )
    jam_close_due()
    jam.reported_at, jam.report_summary = timezone.now(), summary[:10000]
    jam.save(update_fields=["reported_at", "report_summary"])
    event_record(actor=actor, verb="jam.reported", obj=jam, community_id=jam.forum_id)
    return jam


def _username(person: Person | None) -> str:
    return person.username if person is not None else ""


@transaction.atomic
def follow_up_community(*, actor: Person, jam: Jam) -> Community:
    """Turn the selected ideas into a new community of purpose (a draft, charter prefilled)."""
    _facilitator_or_refuse(actor, jam)
    selected = list(
        Contribution.objects.filter(jam=jam, selected=True)
        .select_related("post", "owner")
        .order_by("due_on", "id")
    )
    if not selected:
        raise Conflict(_("Select at least one idea for follow-up first."))
    # A selected idea always has its owner and date (`follow_up_set` asks for both).
    lines = [
        f"- {c.post.display_title} (owner: @{_username(c.owner)}, due {c.due_on:%Y-%m-%d})"
        for c in selected
    ]
    due = max(c.due_on for c in selected if c.due_on is not None)
    owners = sorted({_username(c.owner) for c in selected if c.owner_id != actor.pk})
    community = communities.community_create(
        actor=actor,
        name=f"Follow-up: {jam.title}"[:120],
        kind=Community.Kind.PURPOSE,
        state=Community.State.DRAFT,
        purpose=f"Deliver the ideas selected in the jam “{jam.title}”."[:2000],
        business_goal=jam.challenge[:2000],
        deliverable="\n".join(lines)[:2000],
        starts_on=timezone.localdate(),
        ends_on=due,
        facilitators=owners,
    )
    event_record(
        actor=actor,
        verb="jam.follow_up_community",
        obj=jam,
        target=community,
        community_id=jam.forum_id,
    )
    return community
