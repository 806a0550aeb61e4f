"""Who facilitation events concern, and how their notifications read."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.communities.models import Membership
from hearth.conversations.models import Post
from hearth.conversations.notifications import may_read_post
from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier
from hearth.people.models import Person
from hearth.trust.sealed import is_sealed_author

from .models import Introduction

VERBS = [
    "post.waiting",
    "expert.asked",
    "introduction.made",
    "introduction.connected",
    "introduction.reminded",
    "newcomer.introduced",
    "skill.endorsed",
]
FACILITATORS = (Membership.Role.OWNER, Membership.Role.FACILITATOR)


def _leads(community_id: int | None, roles: Any) -> list[int]:
    if community_id is None:
        return []
    return list(
        Membership.objects.filter(
            community_id=community_id, state="active", role__in=roles
        ).values_list("person_id", flat=True)
    )


def recipients(event: Event) -> list[tuple[str, int, int | None]]:
    """(verb, person id, post id) for one facilitation event."""
    meta = event.metadata or {}
    if event.verb == "post.waiting":
        roles = (Membership.Role.SPONSOR,) if meta.get("level") == "sponsors" else FACILITATORS
        return [("waiting", pid, event.object_id) for pid in _leads(event.community_id, roles)]
    if event.verb == "expert.asked":
        if _asks_the_sealed_author(meta["expert"], event.object_id):
            return []  # asked to answer their own anonymous question: spared, silently
        return [("expert", meta["expert"], event.object_id)]
    if event.verb in ("introduction.made", "introduction.connected", "introduction.reminded"):
        return [("introduction", pid, None) for pid in meta.get("people", [])]
    if event.verb == "newcomer.introduced":
        return [
            ("newcomer", pid, event.object_id) for pid in _leads(event.community_id, FACILITATORS)
        ]
    if event.verb == "skill.endorsed":
        return [("endorsement", event.object_id, None)] if event.object_id else []
    return []


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    """Per notification id: its text and where it leads (a fixed number of queries)."""
    from django.urls import reverse

    if not notifications:
        return {}
    events = Event.objects.select_related("actor").in_bulk({n.event_id for n in notifications})
    intros = Introduction.objects.select_related("first", "second", "introduced_by").in_bulk(
        [e.object_id for e in events.values() if e.verb.startswith("introduction.")]
    )
    out = {}
    for n in notifications:
        event = events.get(n.event_id)
        if event is None:
            continue
        meta = event.metadata or {}
        post = posts.get(n.post_id)
        title = post.display_title if post else _("a post you can no longer see")
        who = event.actor.name if event.actor else _("Someone")
        url = post.get_absolute_url() if post else None
        if event.verb == "post.waiting":
            text = _("“%(title)s” has waited %(hours)s hours for a response") % {
                "title": title,
                "hours": meta.get("hours"),
            }
            url = reverse("facilitation:queue")
        elif event.verb == "expert.asked":
            text = _("%(who)s thinks you can answer “%(title)s”: %(reason)s") % {
                "who": who,
                "title": title,
                "reason": meta.get("reason", ""),
            }
        elif event.verb == "newcomer.introduced":
            text = _("%(who)s is new and said hello: welcome them") % {"who": who}
        elif event.verb == "skill.endorsed":
            text = _("%(who)s endorsed you for %(skill)s") % {
                "who": who,
                "skill": meta.get("skill"),
            }
            url = reverse("people:detail", args=[viewer.username])
        elif event.object_id in intros:
            intro = intros[event.object_id]
            other = intro.second if n.recipient_id == intro.first_id else intro.first
            if event.verb == "introduction.connected":
                text = _("You and %(other)s are connected: say hello") % {"other": other.name}
                url = other.get_absolute_url()
            elif event.verb == "introduction.reminded":
                text = _("%(other)s is waiting for your answer to an introduction") % {
                    "other": other.name
                }
                url = reverse("facilitation:meet")
            else:
                text = _("%(who)s would like you to meet %(other)s") % {
                    "who": intro.introduced_by.name,
                    "other": other.name,
                }
                if intro.introduced_by_id == other.pk:
                    text = _("%(other)s would like to meet you") % {"other": other.name}
                url = reverse("facilitation:meet")
        else:
            continue
        out[n.pk] = (text, url)
    return out


def _asks_the_sealed_author(person_id: int, post_id: int | None) -> bool:
    post = Post.objects.filter(pk=post_id or 0, anonymous=True).first()
    person = Person.objects.filter(pk=person_id).first()
    return post is not None and person is not None and is_sealed_author(person, post)


@notifier("facilitation", VERBS)
def notices(event: Event) -> list[Notice]:
    return [
        Notice(
            pid,
            kind,
            post_id=post_id,
            community_id=event.community_id,
            group=f"{kind}:{event.pk}",
        )
        for kind, pid, post_id in recipients(event)
        if post_id is None or may_read_post(pid, post_id)
    ]


# The kinds of notification facilitation events call for, told by `texts`.
KINDS = {
    "waiting": NotificationKind(
        gettext_lazy("Contributions waiting for a response (facilitators)"), texts=texts
    ),
    "expert": NotificationKind(
        gettext_lazy("Questions colleagues think I can answer"), email="immediate", texts=texts
    ),
    "introduction": NotificationKind(gettext_lazy("Introductions"), email="immediate", texts=texts),
    "newcomer": NotificationKind(
        gettext_lazy("Newcomers saying hello (facilitators)"), texts=texts
    ),
    "endorsement": NotificationKind(
        gettext_lazy("Endorsements of my skills"), email="weekly", texts=texts
    ),
}
for verb, kind in KINDS.items():
    notification_kinds.register(verb, kind)
