"""A webhook that gave up tells its owner (the notifications consumer asks)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import Subscription


@notifier("webhooks", ["webhook.failing"])
def notices(event: Event) -> list[Notice]:
    return [Notice(event.metadata["owner"], "webhook.failing", group=f"webhook:{event.object_id}")]


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    if not notifications:
        return {}
    events = Event.objects.in_bulk({n.event_id for n in notifications})
    found = Subscription.objects.in_bulk([e.object_id for e in events.values()])
    out: dict[int, tuple[str, str | None]] = {}
    for n in notifications:
        event = events.get(n.event_id)
        subscription = found.get(event.object_id) if event else None
        if subscription is None:
            continue
        text = _("Your webhook to %(url)s has failed for a day; its deliveries stopped.") % {
            "url": subscription.url
        }
        out[n.pk] = (text, reverse("webhooks:detail", args=[subscription.pk]))
    return out


notification_kinds.register(
    "webhook.failing",
    NotificationKind(
        gettext_lazy("A webhook of mine stopped"), email="immediate", texts=texts, news=True
    ),
)
