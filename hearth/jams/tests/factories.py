from __future__ import annotations

import datetime

from django.utils import timezone

from hearth.jams import services
from hearth.jams.models import Jam


def make_jam(
    company, *, starts_in_hours: float = -1, hours: float = 72, actor=None, **overrides
) -> Jam:
    """Grace hosts; "Customers" is facilitated by Victor, "Network" by Maria."""
    now = timezone.now()
    data = {
        "title": "Customer obsession 2027",
        "challenge": "How do we delight customers next year?",
        "starts_at": now + datetime.timedelta(hours=starts_in_hours),
        "ends_at": now + datetime.timedelta(hours=starts_in_hours + hours),
        "themes": [
            services.ThemeIn("Customers", facilitators=["victor"]),
            services.ThemeIn("Network", facilitators=["maria"]),
        ],
        "hosts": ["grace"],
        **overrides,
    }
    return services.jam_create(actor=actor or company.ceo, data=services.JamIn(**data))


def close(jam: Jam) -> Jam:
    """Move the jam's end into the past and let the worker close it."""
    Jam.objects.filter(pk=jam.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=4),
        ends_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    services.jam_close_due()
    jam.refresh_from_db()
    return jam
