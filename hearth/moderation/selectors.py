"""Who may moderate what, the moderation queue, appeals and break-glass requests.

Company moderators (administrators, or people given the "Moderate everything" permission)
moderate everything, people included; owners and facilitators of a community moderate the
posts and comments in it. Nobody moderates their own content.
"""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hearth.communities.models import Membership
from hearth.core.access import is_administrator, is_signed_in
from hearth.core.types import Viewer
from hearth.trust.selectors import is_company_moderator

from .models import Appeal, ModerationAction, Report, RevealRequest

MODERATING_ROLES = ("owner", "facilitator")


def moderated_community_ids(person: Viewer) -> QuerySet[Any]:
    return Membership.objects.filter(
        person=person, state=Membership.State.ACTIVE, role__in=MODERATING_ROLES
    ).values("community_id")


def is_moderator(person: Viewer) -> bool:
    if not is_signed_in(person):
        return False
    return is_company_moderator(person) or moderated_community_ids(person).exists()


def _scope_q(person: Viewer) -> Q:
    # A report filed "later" (a held anonymous post, at its published time) is nobody's yet.
    due = Q(created_at__lte=timezone.now())
    if is_company_moderator(person):
        return due
    return due & Q(community_id__in=moderated_community_ids(person))


def may_moderate(person: Viewer, report: Report) -> bool:
    if not is_signed_in(person) or report.created_at > timezone.now():
        return False
    if is_company_moderator(person):
        return True
    return report.community_id is not None and (
        moderated_community_ids(person).filter(community_id=report.community_id).exists()
    )


def queue_for(person: Viewer, *, state: str = Report.State.OPEN) -> QuerySet[Report]:
    """Reports the person may handle, oldest first (nothing for someone who moderates nothing)."""
    if not is_moderator(person):
        return Report.objects.none()
    return (
        Report.objects.filter(_scope_q(person), state=state)
        .select_related("reporter", "author", "community", "post", "comment", "person")
        .order_by("created_at", "id")
    )


def reports_by(person: Viewer) -> QuerySet[Report]:
    """What the person reported and what came of it."""
    if not is_signed_in(person):
        return Report.objects.none()
    return Report.objects.filter(reporter=person).select_related("action").order_by("-created_at")


def actions_about(person: Viewer) -> QuerySet[ModerationAction]:
    """Moderation of the person's own content or account, with appeals (theirs to see)."""
    if not is_signed_in(person):
        return ModerationAction.objects.none()
    return (
        ModerationAction.objects.filter(author=person)
        .exclude(kind=ModerationAction.Kind.DISMISS)
        .select_related("post", "comment", "appeal")
    )


def appeals_for(person: Viewer) -> QuerySet[Appeal]:
    """Open appeals; company moderators decide them (never on their own action)."""
    if not is_company_moderator(person):
        return Appeal.objects.none()
    return (
        Appeal.objects.filter(state=Appeal.State.OPEN)
        .exclude(action__moderator=person)
        .select_related("action", "author", "action__post", "action__comment")
        .order_by("created_at")
    )


PENALTIES = ("hide", "delete", "warn", "suspend")


def repeat_offenders(person: Viewer, *, days: int = 90, least: int = 2) -> list[dict[str, Any]]:
    """Authors with several penalties in the person's scope lately, most first."""
    if not is_moderator(person):
        return []
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        ModerationAction.objects.filter(_scope_q(person), kind__in=PENALTIES, created_at__gte=since)
        .exclude(author__is_stand_in=True)
        .values("author_id", "author__display_name", "author__username")
        .annotate(count=Count("id"))
        .filter(count__gte=least)
        .order_by("-count", "author__display_name")[:20]
    )
    return [
        {"username": r["author__username"], "name": r["author__display_name"], "count": r["count"]}
        for r in rows
    ]


def stats_for(person: Viewer, *, days: int = 30) -> dict[str, Any]:
    """Open reports, reports handled lately and the median time it took, in the person's scope."""
    if not is_moderator(person):
        return {"open": 0, "handled": 0, "median_hours": None}
    since = timezone.now() - datetime.timedelta(days=days)
    scoped = Report.objects.filter(_scope_q(person))
    handled = list(
        scoped.filter(handled_at__gte=since).values_list("created_at", "handled_at")[:5000]
    )
    hours = [(done - made).total_seconds() / 3600 for made, done in handled if done is not None]
    return {
        "open": scoped.filter(state=Report.State.OPEN).count(),
        "handled": len(handled),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
    }


def reveal_requests_for(viewer: Viewer) -> QuerySet[Any]:
    """Break-glass requests, for administrators only (newest first)."""

    if not is_administrator(viewer):
        return RevealRequest.objects.none()
    return RevealRequest.objects.select_related("post", "requested_by", "decided_by")


def revealed_to(viewer: Viewer, request: Any) -> bool:
    """Only the two administrators who took part see whom a request revealed."""
    return request.state == "revealed" and viewer.pk in (
        request.requested_by_id,
        request.decided_by_id,
    )
