"""Writes for jams: create, remind, contribute, facilitate (alerts, spotlight, merge), close,
report and follow up. Each validates, runs in a transaction and records its event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities import services as communities
from hearth.communities.models import Community, Invitation, Membership
from hearth.conversations import services as talk
from hearth.conversations.models import Bookmark, IdeaVote, Post
from hearth.core.access import is_administrator, is_signed_in
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.core.slugs import unique_slug
from hearth.people.models import Department, Location, Person
from hearth.people.services import tags_from_names

from .models import Alert, Contribution, Jam, Reminder, Theme, Visit

MIN_THEMES, MAX_THEMES = 2, 8
MAX_DAYS = 14
CONTRIBUTION_KINDS = (Post.Kind.IDEA, Post.Kind.UPDATE, Post.Kind.QUESTION)


@dataclass
class ThemeIn:
    title: str
    description: str = ""
    facilitators: list[str] = field(default_factory=list)


@dataclass
class JamIn:
    title: str
    challenge: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    themes: list[ThemeIn]
    hosts: list[str]
    serves: Community | None = None
    audience_departments: list[str] = field(default_factory=list)
    audience_locations: list[str] = field(default_factory=list)
    audience_countries: list[str] = field(default_factory=list)
    allow_anonymous: bool = False
    goal_pct: int = 50


def may_create(person) -> bool:
    """Leaders and administrators run jams."""
    return is_signed_in(person) and (person.is_leader or is_administrator(person))


def is_host(person, jam: Jam) -> bool:
    return jam.hosts.filter(pk=person.pk).exists()


def may_facilitate(person, jam: Jam, theme: Theme | None = None) -> bool:
    """Hosts, the jam's creator, administrators, and the facilitators (of the theme, if given)."""
    if not person or not person.is_authenticated or not person.is_active:
        return False
    if is_administrator(person) or jam.created_by_id == person.pk or is_host(person, jam):
        return True
    themes = Theme.objects.filter(jam=jam, facilitators=person)
    if theme is not None:
        themes = themes.filter(pk=theme.pk)
    return themes.exists()


def _people(usernames: list[str], field_name: str, errors: list[FieldError]) -> list[Person]:
    names = list(dict.fromkeys(u.strip().lstrip("@") for u in usernames if u and u.strip()))
    found = {
        p.username: p
        for p in Person.objects.filter(username__in=names, is_active=True, is_stand_in=False)
    }
    missing = [n for n in names if n not in found]
    if missing:
        errors.append(
            FieldError(
                field_name, _("Nobody active is called %(names)s.") % {"names": ", ".join(missing)}
            )
        )
    return [found[n] for n in names if n in found]


def audience_query(*, departments=(), locations=(), countries=()) -> Q:
    if not (departments or locations or countries):
        return Q()
    query = Q(pk__in=[])
    if departments:
        query |= Q(department__in=departments)
    if locations:
        query |= Q(location__in=locations)
    if countries:
        query |= Q(country__in=countries)
    return query


def audience_of(jam: Jam):
    """The people the jam is for (active, real people)."""
    people = Person.objects.filter(is_active=True, is_stand_in=False)
    if jam.audience_everyone:
        return people
    return people.filter(
        audience_query(
            departments=list(jam.audience_departments.all()),
            locations=list(jam.audience_locations.all()),
            countries=jam.audience_countries,
        )
    )


def _validate(data: JamIn, errors: list[FieldError]) -> tuple:
    title = " ".join((data.title or "").split())
    if not title:
        errors.append(FieldError("title", _("Give the jam a title.")))
    elif len(title) > 160:
        errors.append(FieldError("title", _("At most 160 characters.")))
    if not (data.challenge or "").strip():
        errors.append(FieldError("challenge", _("State the challenge people will work on.")))
    elif len(data.challenge) > 5000:
        errors.append(FieldError("challenge", _("At most 5000 characters.")))
    if data.starts_at is None:
        errors.append(FieldError("starts_at", _("Say when the jam starts.")))
    if data.ends_at is None:
        errors.append(FieldError("ends_at", _("Say when the jam ends.")))
    if data.starts_at and data.ends_at:
        if data.ends_at <= data.starts_at:
            errors.append(FieldError("ends_at", _("A jam must end after it starts.")))
        elif data.ends_at - data.starts_at > datetime.timedelta(days=MAX_DAYS):
            errors.append(
                FieldError("ends_at", _("A jam lasts at most %(n)d days.") % {"n": MAX_DAYS})
            )
        if data.ends_at <= timezone.now():
            errors.append(FieldError("ends_at", _("This end is already past.")))
    if not 1 <= (data.goal_pct or 0) <= 100:
        errors.append(FieldError("goal_pct", _("Between 1 and 100 percent.")))
    if not MIN_THEMES <= len(data.themes) <= MAX_THEMES:
        errors.append(
            FieldError(
                "themes",
                _("A jam has between %(low)d and %(high)d themes.")
                % {"low": MIN_THEMES, "high": MAX_THEMES},
            )
        )
    themes = []
    seen = set()
    for i, theme in enumerate(data.themes):
        name = " ".join((theme.title or "").split())
        if not name:
            errors.append(FieldError(f"themes.{i}.title", _("Every theme needs a title.")))
        elif name.lower() in seen:
            errors.append(FieldError(f"themes.{i}.title", _("Two themes have this title.")))
        seen.add(name.lower())
        facilitators = _people(theme.facilitators, f"themes.{i}.facilitators", errors)
        if not theme.facilitators:
            errors.append(
                FieldError(
                    f"themes.{i}.facilitators",
                    _(
                        "Every theme needs at least one facilitator, or contributions fall into a "
                        "black hole."
                    ),
                )
            )
        themes.append((name[:120], (theme.description or "")[:2000], facilitators))
    hosts = _people(data.hosts, "hosts", errors)
    if not data.hosts:
        errors.append(FieldError("hosts", _("Name at least one host.")))
    departments = list(Department.objects.filter(name__in=data.audience_departments))
    if len(departments) != len(set(data.audience_departments)):
        errors.append(FieldError("audience_departments", _("Unknown department.")))
    locations = list(Location.objects.filter(name__in=data.audience_locations))
    if len({loc.name for loc in locations}) != len(set(data.audience_locations)):
        errors.append(FieldError("audience_locations", _("Unknown location.")))
    countries = sorted({c.upper() for c in data.audience_countries if c})
    if any(len(c) != 2 or not c.isalpha() for c in countries):
        errors.append(FieldError("audience_countries", _("Use two-letter country codes.")))
    return title, themes, hosts, departments, locations, countries


def _slug(title: str) -> str:
    return unique_slug(Jam, title, fallback="jam")  # /jams/new/ is the form


@transaction.atomic
def jam_create(*, actor: Person, data: JamIn) -> Jam:
    """Create a jam, its forum (an open community) and its themes; nothing if anything is off."""
    if not may_create(actor):
        raise Forbidden(_("Leaders and administrators run jams."))
    errors: list[FieldError] = []
    title, themes, hosts, departments, locations, countries = _validate(data, errors)
    if errors:
        raise Invalid(_("The jam could not be created."), errors)
    facilitator_names = sorted({p.username for _t, _d, people in themes for p in people})
    forum = communities.community_create(
        actor=actor,
        name=f"Jam: {title}"[:120],
        purpose=data.challenge[:2000],
        facilitators=facilitator_names,
        allow_anonymous=data.allow_anonymous,
    )
    for host in hosts:
        if host.pk != actor.pk:
            Membership.objects.update_or_create(
                community=forum,
                person=host,
                defaults={"role": Membership.Role.SPONSOR, "state": Membership.State.ACTIVE},
            )
    Community.objects.filter(pk=forum.pk).update(
        member_count=Membership.objects.filter(community=forum, state="active").count()
    )
    jam = Jam.objects.create(
        slug=_slug(title),
        title=title,
        challenge=data.challenge.strip(),
        serves=data.serves,
        forum=forum,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        audience_everyone=not (departments or locations or countries),
        audience_countries=countries,
        allow_anonymous=data.allow_anonymous,
        goal_pct=data.goal_pct,
        created_by=actor,
    )
    jam.hosts.set(hosts)
    jam.audience_departments.set(departments)
    jam.audience_locations.set(locations)
    for position, (name, description, facilitators) in enumerate(themes):
        theme = Theme.objects.create(
            jam=jam, title=name, description=description, position=position
        )
        theme.facilitators.set(facilitators)
    jam.audience_size = audience_of(jam).count()
    jam.save(update_fields=["audience_size"])
    event_record(
        actor=actor,
        verb="jam.created",
        obj=jam,
        community_id=forum.pk,
        metadata={"audience": jam.audience_size},
    )
    return jam


@dataclass
class JamChange:
    version: int
    title: str
    challenge: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    goal_pct: int
    allow_anonymous: bool


@transaction.atomic
def jam_update(*, actor: Person, jam: Jam, change: JamChange) -> Jam:
    """Change a jam's title, challenge, times, goal or anonymity (hosts and its creator).

    `change.version` is the version the editor started from: if someone saved in between, the
    edit is refused (409) rather than silently overwriting theirs."""
    jam = Jam.objects.select_for_update().get(pk=jam.pk)
    if not (is_administrator(actor) or jam.created_by_id == actor.pk or is_host(actor, jam)):
        raise Forbidden(_("Only the jam's hosts change it."))
    if change.version != jam.version:
        raise Conflict(
            _("Someone else changed this jam meanwhile: reload it and make your change again.")
        )
    state = jam.state
    if state in (Jam.State.CLOSED, Jam.State.REPORTED):
        raise Conflict(_("This jam is closed: it can no longer change."))
    errors: list[FieldError] = []
    probe = JamIn(
        title=change.title,
        challenge=change.challenge,
        starts_at=change.starts_at,
        ends_at=change.ends_at,
        themes=[ThemeIn("x", facilitators=["-"])] * 2,
        hosts=["-"],
        goal_pct=change.goal_pct,
    )
    title = _validate(probe, errors)[0]
    errors = [e for e in errors if not e.field.startswith(("themes", "hosts"))]
    if state == Jam.State.LIVE and change.starts_at != jam.starts_at:
        errors.append(FieldError("starts_at", _("The jam has started: its start stays.")))
    if errors:
        raise Invalid(_("The jam was not changed."), errors)
    before = {
        f: getattr(jam, f)
        for f in ("title", "challenge", "starts_at", "ends_at", "goal_pct", "allow_anonymous")
    }
    jam.title, jam.challenge = title, change.challenge.strip()
    jam.starts_at, jam.ends_at = change.starts_at, change.ends_at
    jam.goal_pct, jam.allow_anonymous = change.goal_pct, change.allow_anonymous
    jam.version += 1
    jam.save()
    Community.objects.filter(pk=jam.forum_id).update(allow_anonymous=change.allow_anonymous)
    changed = [f for f, v in before.items() if getattr(jam, f) != v]
    event_record(
        actor=actor,
        verb="jam.updated",
        obj=jam,
        community_id=jam.forum_id,
        metadata={"fields": changed},
    )
    return jam


@transaction.atomic
def audience_invite(*, actor: Person, jam: Jam, message: str) -> int:
    """Send everyone in the audience a personal invitation to the jam's forum (through the
    communities' invitation mechanism, so seen/joined/contributed are tracked). People already
    in it or invited before are skipped; running it again invites only newcomers."""

    _facilitator_or_refuse(actor, jam)
    if jam.state not in (Jam.State.SCHEDULED, Jam.State.LIVE):
        raise Conflict(_("This jam is closed: nobody can be invited any more."))
    message = (message or "").strip()
    if not message:
        raise Invalid(_("Write the invitation."), [FieldError("message", _("Write a message."))])
    if len(message) > 2000:
        raise Invalid(_("Too long."), [FieldError("message", _("At most 2000 characters."))])
    members = Membership.objects.filter(community=jam.forum, state=Membership.State.ACTIVE)
    invited = Invitation.objects.filter(community=jam.forum)
    people = (
        audience_of(jam)
        .exclude(pk__in=members.values("person_id"))
        .exclude(pk__in=invited.values("invitee_id"))
        .exclude(pk=actor.pk)
        .values_list("id", flat=True)
    )
    now = timezone.now()
    rows = [
        Invitation(
            community=jam.forum,
            inviter=actor,
            invitee_id=pid,
            message=message,
            reason=_("you are in the jam's audience"),
            sent_at=now,
        )
        for pid in people.iterator(chunk_size=2000)
    ]
    Invitation.objects.bulk_create(rows, batch_size=1000)
    if rows:
        event_record(
            actor=actor,
            verb="jam.invited",
            obj=jam,
            community_id=jam.forum_id,
            metadata={"count": len(rows), "sent_at": now.isoformat()},
        )
    return len(rows)


def reminder_set(*, actor: Person, jam: Jam, on: bool = True) -> bool:
    """Ask to be told when the jam goes live (or take it back)."""
    if jam.state != Jam.State.SCHEDULED:
        raise Conflict(_("This jam has already started."))
    if on:
        Reminder.objects.get_or_create(jam=jam, person=actor)
    else:
        Reminder.objects.filter(jam=jam, person=actor).delete()
    return on


def visit(*, actor: Person, jam: Jam) -> None:
    """Count a reader of a live jam (once per person)."""
    if jam.state != Jam.State.LIVE or not actor.is_authenticated:
        return
    try:
        with transaction.atomic():
            Visit.objects.get_or_create(
                jam=jam, person=actor, defaults={"first_seen_at": timezone.now()}
            )
    except IntegrityError:
        pass


def _check_live(jam: Jam) -> None:
    state = jam.state
    if state == Jam.State.SCHEDULED:
        raise Conflict(_("This jam has not started yet."))
    if state != Jam.State.LIVE:
        raise Conflict(_("This jam is closed: it is read-only now."))


@transaction.atomic
def contribute(
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


def _facilitator_or_refuse(actor, jam: Jam, theme: Theme | None = None) -> None:
    if not may_facilitate(actor, jam, theme):
        raise Forbidden(_("Only the jam's hosts and facilitators can do this."))


@transaction.atomic
def host_thread_open(*, actor: Person, jam: Jam, theme: Theme | None = None) -> Contribution:
    """A host opens their live "ask the host" thread: a question everyone can reply to."""
    if not is_host(actor, jam):
        raise Forbidden(_("Only the jam's hosts open an “ask the host” thread."))
    _check_live(jam)
    if Contribution.objects.filter(jam=jam, is_host_thread=True, post__author=actor).exists():
        raise Conflict(_("Your “ask the host” thread is already open."))
    theme = theme or jam.themes.first()
    if theme.jam_id != jam.pk:
        raise Invalid(
            _("This theme belongs to another jam."), [FieldError("theme", _("Unknown theme."))]
        )
    contribution = contribute(
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
    if not name or len(name) > 60:
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
    if len(body) > 280:
        raise Invalid(_("An alert is short."), [FieldError("body", _("At most 280 characters."))])
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
    target_author = target.post.author_id
    voters = set(IdeaVote.objects.filter(post=target.post).values_list("person_id", flat=True))
    moved = [
        v
        for v in IdeaVote.objects.filter(post=source.post)
        if v.person_id not in voters and v.person_id != target_author
    ]
    IdeaVote.objects.filter(pk__in=[v.pk for v in moved]).update(post=target.post)
    IdeaVote.objects.filter(post=source.post).delete()
    followers = set(Bookmark.objects.filter(post=target.post).values_list("person_id", flat=True))
    Bookmark.objects.filter(post=source.post).exclude(person_id__in=followers).update(
        post=target.post
    )
    Post.objects.filter(pk=target.post_id).update(vote_count=F("vote_count") + len(moved))
    Post.objects.filter(pk=source.post_id).update(vote_count=0)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    event_record(
        actor=actor,
        verb="jam.merged",
        obj=source.post,
        target=target.post,
        community_id=source.jam.forum_id,
        metadata={"votes_moved": len(moved)},
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
def jam_close_due(now=None) -> int:
    """Make jams whose time is up read-only (their forum is archived); run by the worker."""
    now = now or timezone.now()
    closed = 0
    for jam in Jam.objects.filter(ends_at__lte=now).exclude(forum__state=Community.State.ARCHIVED):
        Community.objects.filter(pk=jam.forum_id).update(
            state=Community.State.ARCHIVED, archived_at=now
        )
        event_record(actor=None, verb="jam.closed", obj=jam, community_id=jam.forum_id)
        closed += 1
    return closed


@transaction.atomic
def jam_go_live_due(now=None) -> int:
    """Announce jams that just went live to those who asked to be reminded (worker)."""
    now = now or timezone.now()
    due = Jam.objects.filter(starts_at__lte=now, ends_at__gt=now, live_announced_at__isnull=True)
    count = 0
    for jam in due.select_for_update():
        jam.live_announced_at = now
        jam.save(update_fields=["live_announced_at"])
        event_record(actor=None, verb="jam.live", obj=jam, community_id=jam.forum_id)
        count += 1
    return count


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
    lines = [
        f"- {c.post.display_title} (owner: @{c.owner.username}, due {c.due_on:%Y-%m-%d})"
        for c in selected
    ]
    due = max(c.due_on for c in selected)
    owners = sorted({c.owner.username for c in selected if c.owner_id != actor.pk})
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


@erasers("jams")
def person_forget(person) -> None:
    """Erasure: reminders and visits (contributions are content, handled by the mode)."""
    Reminder.objects.filter(person=person).delete()
    Visit.objects.filter(person=person).delete()
