"""The worker's part of recognition: a nightly sweep that awards badges to everyone who meets
them (events award them as they happen; this catches new or changed definitions)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import badges
from .models import Badge


@db_periodic_task(crontab(hour="3", minute="30"))
def badges_sweep() -> None:
    badges.evaluate()


@db_task()
def badge_sweep(badge_id: int) -> None:
    badge = Badge.objects.filter(pk=badge_id, active=True).first()
    if badge is not None:
        badges.evaluate(badges=[badge])
