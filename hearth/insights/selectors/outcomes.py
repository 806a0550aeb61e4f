"""Outcomes beside participation, for the value report: questions answered and the time they
saved (an assumption an administrator sets), ideas shipped and charters delivered in the period;
and, over the 12 months to the period's end, who stayed and how fast newcomers found help.

The same privacy rules as the dashboard: a group of people under the threshold is never shown,
and neither is a share whose part, or whose rest, is such a group (5 of 7 stayed names the 2 who
left). No figure claims a cause: they say how groups differ, never why."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Post
from hearth.facilitation.models import Introduction
from hearth.ideas.models import IdeaStatus, IdeaStatusChange, Status
from hearth.people.models import Person

from ..models import ActivityDay, Assumption
from .filters import (
    INTERACTIVE,
    UTC,
    Filters,
    _cached,
    _posts,
    people_q,
    suppress,
    threshold,
)

YEAR = 365
# Taking part is measured in the 90 days before the year began, so that leaving (which ends
# taking part) cannot make those who left look like people who never took part.
TOOK_PART_DAYS = 90
# A newcomer's first 90 days: newcomers are those who joined 90 days to a year before the end.
NEWCOMER_DAYS = 90
MINUTES_SAVED = "minutes_saved_per_answer"
DEFAULT_MINUTES_SAVED = 30
MAX_MINUTES_SAVED = 8 * 60


def minutes_saved() -> dict[str, Any]:
    """The minutes an answered question is assumed to save, who set it and when (None: the
    default, never set)."""
    found = Assumption.objects.filter(key=MINUTES_SAVED).select_related("set_by").first()
    if found is None:
        return {"minutes": DEFAULT_MINUTES_SAVED, "set_by": None, "set_at": None}
    return {"minutes": found.value, "set_by": found.set_by, "set_at": found.set_at}


def outcomes(filters: Filters) -> dict[str, Any]:
    """The outcome figures for the report (the caller checked `may_view` and the filters). Kept
    in the shared cache until the snapshots are rebuilt, as the dashboard; the time saved is
    worked out at each read, so a new assumption shows at once."""
    data = _cached("outcomes", filters, _outcomes)
    assumed = minutes_saved()
    saved = {
        key: round(data["period"][key]["questions_answered"] * assumed["minutes"] / 60, 1)
        for key in ("now", "before")
    }
    return {**data, "assumed": assumed, "hours_saved": saved}


def _outcomes(filters: Filters) -> dict[str, Any]:
    return {
        "period": {"now": _in_period(filters), "before": _in_period(filters.previous())},
        "retention": retention(filters),
        "newcomers": newcomers(filters),
    }


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=UTC)


def _kept(part: int, whole: int) -> float | None:
    """The share `part / whole`, or None when the whole, the part or the rest is a group of
    people under the threshold (0 names nobody)."""
    least = threshold()
    rest = whole - part
    if whole < least or 0 < part < least or 0 < rest < least:
        return None
    return round(part / whole, 3)


def _median_days(days: list[int]) -> float | None:
    return round(statistics.median(days), 1) if len(days) >= threshold() else None


def _in_period(filters: Filters) -> dict[str, int]:
    """Counts of what the period produced (things, not people: never suppressed)."""
    start, end = _moment(filters.start), _moment(filters.end + datetime.timedelta(days=1))
    answered = _posts(filters).filter(kind="question", answered=True).count()
    shipped = IdeaStatus.objects.filter(
        status=Status.DONE,
        post__deleted_at__isnull=True,
        post__in=IdeaStatusChange.objects.filter(
            status=Status.DONE, created_at__gte=start, created_at__lt=end
        ).values("post"),
    )
    delivered = Community.objects.filter(
        state=Community.State.DELIVERED, delivered_at__gte=start, delivered_at__lt=end
    )
    if filters.community:
        shipped = shipped.filter(post__community=filters.community)
        delivered = delivered.filter(pk=filters.community.pk)
    if filters.department or filters.location or filters.country:
        # An anonymous idea belongs to no group; a community delivers for a group when people
        # of the group were among its members.
        shipped = shipped.filter(people_q(filters, prefix="post__author__"))
        members = Membership.objects.filter(
            people_q(filters, prefix="person__"), state=Membership.State.ACTIVE
        ).values("community")
        delivered = delivered.filter(pk__in=members)
    return {
        "questions_answered": answered,
        "ideas_shipped": shipped.count(),
        "charters_delivered": delivered.count(),
    }


def _group(filters: Filters) -> Any:
    """Everyone the filters describe, those who left included (not the stand-in)."""
    return Person.objects.filter(people_q(filters, leavers=True))


def _joined_before(day: datetime.date) -> Q:
    return Q(hire_date__lt=day) | Q(hire_date__isnull=True, date_joined__lt=_moment(day))


def retention(filters: Filters) -> dict[str, Any]:
    """Of the people here when the year to the period's end began, the share still here at its
    end: those who had taken part (posted, replied or reacted in the 90 days before) against
    those who had not."""
    end = filters.end
    start = end - datetime.timedelta(days=YEAR - 1)
    gone_by = _moment(end + datetime.timedelta(days=1))
    took_part = ActivityDay.objects.filter(
        INTERACTIVE,
        person=OuterRef("pk"),
        day__gte=start - datetime.timedelta(days=TOOK_PART_DAYS),
        day__lt=start,
    )
    if filters.community:
        took_part = took_part.filter(community_id=filters.community.pk)
    rows = (
        _group(filters)
        .filter(_joined_before(start))
        .filter(Q(deactivated_at__isnull=True) | Q(deactivated_at__gte=_moment(start)))
        .annotate(took_part=Exists(took_part))
        .values("took_part")
        .annotate(n=Count("pk"), left=Count("pk", filter=Q(deactivated_at__lt=gone_by)))
        .values_list("took_part", "n", "left")
    )
    counts = {bool(part): (n, left) for part, n, left in rows}

    def side(part: bool) -> dict[str, Any]:
        n, left = counts.get(part, (0, 0))
        return {"people": suppress(n), "stayed": _kept(n - left, n)}

    return {
        "start": start,
        "end": end,
        "took_part_since": start - datetime.timedelta(days=TOOK_PART_DAYS),
        "participants": side(True),
        "others": side(False),
    }


def newcomers(filters: Filters) -> dict[str, Any]:
    """People who joined 90 days to a year before the period's end: the share who, in their
    first 90 days, had a question of theirs answered to their satisfaction (an answer they
    accepted, from someone else) or were connected to a colleague by a facilitator, and the
    median days it took those who did."""
    end = filters.end
    earliest = end - datetime.timedelta(days=YEAR - 1)
    latest = end - datetime.timedelta(days=NEWCOMER_DAYS - 1)
    joined_in = Q(hire_date__gte=earliest, hire_date__lt=latest) | Q(
        hire_date__isnull=True,
        date_joined__gte=_moment(earliest),
        date_joined__lt=_moment(latest),
    )
    cohort = _group(filters).filter(joined_in)
    joined = {
        pk: hired or signed_up.astimezone(UTC).date()
        for pk, hired, signed_up in cohort.values_list("pk", "hire_date", "date_joined")
    }
    ids = cohort.values("pk")  # a subquery: a large company's newcomers are many
    accepted = Post.objects.filter(
        kind=Post.Kind.QUESTION,
        anonymous=False,
        deleted_at__isnull=True,
        author_id__in=list(joined),
        accepted_comment__isnull=False,
        accepted_comment__created_at__gte=_moment(earliest),
    ).values_list("author_id", "accepted_comment__created_at", "accepted_comment__author_id")
    answered = _first_days(
        joined, ((author, at) for author, at, by in accepted.iterator() if by != author)
    )
    introductions = Introduction.objects.filter(
        Q(first_id__in=ids) | Q(second_id__in=ids),
        connected_at__gte=_moment(earliest),
    ).values_list("first_id", "second_id", "connected_at")
    connected = _first_days(
        joined,
        (
            (pk, at)
            for first, second, at in introductions.iterator()
            for pk in (first, second)
            if pk in joined and at is not None
        ),
    )
    n = len(joined)
    return {
        "joined_from": earliest,
        "joined_to": latest - datetime.timedelta(days=1),
        "people": suppress(n),
        "answered": _kept(len(answered), n),
        "answered_people": suppress(len(answered)),
        "answered_days": _median_days(list(answered.values())),
        "connected": _kept(len(connected), n),
        "connected_people": suppress(len(connected)),
        "connected_days": _median_days(list(connected.values())),
    }


def _first_days(
    joined: dict[int, datetime.date], moments: Iterable[tuple[int, datetime.datetime]]
) -> dict[int, int]:
    """For each newcomer, the days from joining to the first of the moments in their first 90
    days (what came before they joined does not count)."""
    first: dict[int, int] = {}
    for pk, at in moments:
        days = (at.astimezone(UTC).date() - joined[pk]).days
        if 0 <= days < NEWCOMER_DAYS and days < first.get(pk, NEWCOMER_DAYS):
            first[pk] = days
    return first
