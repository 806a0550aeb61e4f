"""The notifications app's gauge on /metrics (registered in `apps.ready`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from hearth.core.registry import gauges

from .models import Notification


@gauges("email_overdue")
def email_overdue() -> Iterator[object]:
    # Imported here: prometheus_client picks its value store on first import (see core.ops).
    from prometheus_client.core import GaugeMetricFamily

    stale = timezone.now() - datetime.timedelta(seconds=settings.HEARTH_EMAIL_CLAIM_SECONDS)
    overdue = Notification.objects.filter(
        emailed_at__isnull=True, email_claimed_at__lt=stale
    ).count()
    yield GaugeMetricFamily(
        "hearth_email_overdue",
        "Emails claimed for sending and not sent in time (retried).",
        value=overdue,
    )
