"""What jam events tell whom (the notifications consumer asks), and how it reads."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.communities.models import Invitation
from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import Alert, Contribution, Jam, Reminder
from .selectors import audience_of, participant_ids


def recipients(event: Event) -> list[tuple[int, int | None]]:
    """(person id, post id) pairs for a jam event; the anonymous stand-in is never one."""

    if event.verb == "jam.alert":
        alert = Alert.objects.select_related("jam", "theme").filter(pk=event.object_id or 0).first()
        if alert is None:
            return []
        people = participant_ids(alert.jam, theme=alert.theme)
        if alert.theme is None:
            people |= set(audience_of(alert.jam).values_list("id", flat=True))
        return [(pid, None) for pid in sorted(people)]
    if event.verb == "jam.invited":
        jam = Jam.objects.filter(pk=event.object_id or 0).first()
        if jam is None:
            return []
        ids = Invitation.objects.filter(
            community_id=jam.forum_id,
            inviter_id=event.actor_id,
            sent_at=event.metadata.get("sent_at"),
        )
        return [(pid, None) for pid in ids.values_list("invitee_id", flat=True)]
    if event.verb == "jam.live":
        readers = Reminder.objects.filter(jam=event.object_id).values_list("person_id", flat=True)
        return [(pid, None) for pid in readers]
    if event.verb == "jam.reported":
        ideas = Contribution.objects.filter(
            jam=event.object_id,
            post__kind="idea",
            post__anonymous=False,
            post__deleted_at__isnull=True,
        ).values_list("post__author_id", "post_id")
        return list(ideas)
    return []


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    """Per notification id: its text and where it leads (in a fixed number of queries)."""
    if not notifications:
        return {}
    events = Event.objects.select_related("actor").in_bulk({n.event_id for n in notifications})
    alerts = Alert.objects.in_bulk([e.object_id for e in events.values() if e.verb == "jam.alert"])
    jam_ids = {a.jam_id for a in alerts.values()} | {
        e.object_id
        for e in events.values()
        if e.verb in ("jam.live", "jam.reported", "jam.invited")
    }
    jams = Jam.objects.in_bulk(jam_ids)
    chosen = {
        c.post_id: c
        for c in Contribution.objects.select_related("owner").filter(
            post_id__in=[n.post_id for n in notifications if n.post_id], selected=True
        )
    }
    out: dict[int, tuple[str, str | None]] = {}
    for n in notifications:
        event = events.get(n.event_id)
        if event is None:
            continue
        if event.verb == "jam.alert" and event.object_id in alerts:
            alert = alerts[event.object_id]
            jam = jams.get(alert.jam_id)
            if jam:
                out[n.pk] = (
                    _("Jam alert in “%(jam)s”: %(body)s") % {"jam": jam.title, "body": alert.body},
                    jam.get_absolute_url(),
                )
        elif event.verb == "jam.invited" and event.object_id in jams:
            jam = jams[event.object_id]
            who = event.actor.name if event.actor else _("The hosts")
            out[n.pk] = (
                _("%(who)s invites you to the jam “%(jam)s”") % {"who": who, "jam": jam.title},
                jam.get_absolute_url(),
            )
        elif event.verb == "jam.live" and event.object_id in jams:
            jam = jams[event.object_id]
            out[n.pk] = (
                _("The jam “%(jam)s” is live: join in") % {"jam": jam.title},
                jam.get_absolute_url(),
            )
        elif event.verb == "jam.reported" and event.object_id in jams:
            jam = jams[event.object_id]
            post = posts.get(n.post_id)
            title = post.display_title if post else _("your idea")
            item = chosen.get(n.post_id)
            if item is not None and item.owner is not None:
                text = _(
                    "Your idea “%(title)s” was selected in the report of “%(jam)s”: "
                    "%(owner)s follows it up by %(due)s"
                ) % {"title": title, "jam": jam.title, "owner": item.owner.name, "due": item.due_on}
            else:
                text = _(
                    "The report of the jam “%(jam)s” is out: see what became of your idea "
                    "“%(title)s”"
                ) % {"jam": jam.title, "title": title}
            out[n.pk] = (text, jam.get_absolute_url() + "report/")
    return out


@notifier("jams", ["jam.alert", "jam.live", "jam.reported", "jam.invited"])
def notices(event: Event) -> list[Notice]:
    return [
        Notice(
            pid, "jam", post_id=post_id, community_id=event.community_id, group=f"jam:{event.pk}"
        )
        for pid, post_id in recipients(event)
    ]


notification_kinds.register(
    "jam",
    NotificationKind(
        gettext_lazy("Jams: alerts, start, what became of my ideas"),
        texts=texts,
        fallback=gettext_lazy("News from a jam"),
        link="own",
    ),
)
