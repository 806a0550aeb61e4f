"""Who delegation events concern, and how their notifications read."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import Draft

VERBS = ["draft.submitted", "draft.approved", "draft.declined"]


def recipients(event: Event) -> list[tuple[str, int, int | None]]:
    meta = event.metadata or {}
    if event.verb == "draft.submitted":
        return [("delegation", meta["leader"], None)]
    if event.verb in ("draft.approved", "draft.declined"):
        return [("delegation", meta["delegate"], event.target_id)]
    return []


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    if not notifications:
        return {}
    events = Event.objects.select_related("actor").in_bulk({n.event_id for n in notifications})
    drafts = Draft.objects.in_bulk([e.object_id for e in events.values()])
    out = {}
    for n in notifications:
        event = events.get(n.event_id)
        if event is None:
            continue
        who = event.actor.name if event.actor else _("Someone")
        draft = drafts.get(event.object_id)
        url = reverse("leadership:draft", args=[draft.pk]) if draft else None
        if event.verb == "draft.submitted":
            text = _("%(who)s drafted a post for you to approve") % {"who": who}
        elif event.verb == "draft.approved":
            text = _("%(who)s approved and published your draft") % {"who": who}
            post = posts.get(n.post_id)
            url = post.get_absolute_url() if post else url
        else:
            note = draft.decision_note if draft else ""
            text = (
                _("%(who)s declined your draft: %(note)s") % {"who": who, "note": note}
                if note
                else _("%(who)s declined your draft") % {"who": who}
            )
        out[n.pk] = (text, url)
    return out


@notifier("leadership", VERBS)
def notices(event: Event) -> list[Notice]:
    return [
        Notice(pid, kind, post_id=post_id, group=f"{kind}:{event.pk}")
        for kind, pid, post_id in recipients(event)
    ]


notification_kinds.register(
    "delegation",
    NotificationKind(gettext_lazy("Drafts for and from leaders"), email="immediate", texts=texts),
)
