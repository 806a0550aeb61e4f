"""Run a jam: create and change it, its audience and reminders, its opening and closing on time;
and what erasing a person removes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities import services as communities
from hearth.communities.models import Community, Invitation, Membership
from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.core.slugs import unique_slug
from hearth.people.models import Department, Location, Person

from ..access import is_host, may_create, may_facilitate
from ..models import Jam, Reminder, Theme, Visit
from ..selectors import audience_of

MIN_THEMES, MAX_THEMES = 2, 8


MAX_DAYS = 14


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


def _validate(data: JamIn, errors: list[FieldError]) -> tuple:
    title = " ".join((data.title or "").split())
    rules.check(
        Jam,
        errors,
        required=("title", "challenge", "starts_at", "ends_at"),
        title=title,
        challenge=data.challenge,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
    )
    if data.starts_at and data.ends_at:
        if data.ends_at <= data.starts_at:
            errors.append(FieldError("ends_at", _("A jam must end after it starts.")))
        elif data.ends_at - data.starts_at > datetime.timedelta(days=MAX_DAYS):
            errors.append(
                FieldError("ends_at", _("A jam lasts at most %(n)d days.") % {"n": MAX_DAYS})
            )
        if data.ends_at <= timezone.now():
            errors.append(FieldError("ends_at", _("This end is already past.")))
    rules.check(Jam, errors, goal_pct=data.goal_pct)
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
    assert data.starts_at and data.ends_at  # `_validate` asked for both
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
    assert change.starts_at and change.ends_at  # `_validate` asked for both
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
    if len(message) > rules.limit(Invitation, "message"):  # each person's invitation holds it
        too_long = rules.too_long(rules.limit(Invitation, "message"))
        raise Invalid(_("Too long."), [FieldError("message", too_long)])
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


def jam_visit(*, actor: Person, jam: Jam) -> None:
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


def _facilitator_or_refuse(actor, jam: Jam, theme: Theme | None = None) -> None:
    if not may_facilitate(actor, jam, theme):
        raise Forbidden(_("Only the jam's hosts and facilitators can do this."))


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


@erasers("jams")
def person_forget(person) -> None:
    """Erasure: reminders and visits (contributions are content, handled by the mode)."""
    Reminder.objects.filter(person=person).delete()
    Visit.objects.filter(person=person).delete()
