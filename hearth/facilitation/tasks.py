"""The worker's part of facilitation: escalate what waits too long, follow up introductions."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services, tallies


@db_periodic_task(crontab(minute="*/15"))
def escalate_waiting_posts() -> None:
    services.waiting_escalate()


@db_periodic_task(crontab(hour="9", minute="5"))
def follow_up_introductions() -> None:
    services.introductions_follow_up()


@db_periodic_task(crontab(minute="41"))
def refresh_maturity() -> int:
    """Hourly: store each community's maturity level for lists and the API."""
    return services.maturity_refresh()


@db_periodic_task(crontab(day_of_week="0", hour="3", minute="17"))
def fit_expert_routing() -> bool:
    """Weekly: fit expert routing's weights on the latest answered questions."""
    return services.routing_fit() is not None


@db_periodic_task(crontab(minute="23"))
def count_routing_history() -> int:
    """Hourly: count what everyone wrote, per topic and community, for expert routing."""
    return tallies.count().rows
