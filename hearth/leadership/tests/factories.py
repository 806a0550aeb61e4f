"""Test data for leadership: an AMA that is live now."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hearth.leadership import services as leadership_services


def make_ama(host, *, title="Ask the CEO anything", hours=2, allow_anonymous=True, **fields):
    now = timezone.now()
    return leadership_services.ama_create(
        actor=host,
        data=leadership_services.AmaIn(
            title=title,
            starts_at=fields.pop("starts_at", now - datetime.timedelta(minutes=5)),
            ends_at=fields.pop("ends_at", now + datetime.timedelta(hours=hours)),
            allow_anonymous=allow_anonymous,
            **fields,
        ),
    )


def end(ama) -> None:
    """Move the AMA's end into the past."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    type(ama).objects.filter(pk=ama.pk).update(
        starts_at=past - datetime.timedelta(hours=1), ends_at=past
    )
    ama.refresh_from_db()
