"""Delete old wake-up signals (they only matter for a few seconds)."""

import datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import LiveSignal


def prune(older_than: datetime.timedelta = datetime.timedelta(minutes=5)) -> int:
    return LiveSignal.objects.filter(created_at__lt=timezone.now() - older_than).delete()[0]


@db_periodic_task(crontab(minute="*/5"))
def prune_signals() -> int:
    return prune()
