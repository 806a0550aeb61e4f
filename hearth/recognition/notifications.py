"""How badge notifications read (the consumer in `notifications` says who hears)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import BadgeAward


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    if not notifications:
        return {}
    events = Event.objects.in_bulk({n.event_id for n in notifications})
    awards = BadgeAward.objects.select_related("badge").in_bulk(
        [e.object_id for e in events.values()]
    )
    out: dict[int, tuple[str, str | None]] = {}
    for n in notifications:
        event = events.get(n.event_id)
        award = awards.get(event.object_id) if event else None
        if award is None:
            continue
        badge = f"“{award.badge.name}”"
        if award.reason:
            text = _("You were awarded the badge %(badge)s: %(reason)s") % {
                "badge": badge,
                "reason": award.reason,
            }
        else:
            text = _("You earned the badge %(badge)s") % {"badge": badge}
        out[n.pk] = (text, reverse("recognition:impact") + "#badges")
    return out


@notifier("recognition", ["badge.awarded", "badge.granted"])
def notices(event: Event) -> list[Notice]:
    return [Notice(event.metadata["person"], "badge", group=f"badge:{event.pk}")]


notification_kinds.register(
    "badge", NotificationKind(gettext_lazy("Badges I earned"), email="daily", texts=texts)
)
