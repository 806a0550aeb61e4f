"""Who may see the insights, the filters of a view (period, department, location, country,
community), the smallest group shown, and the cache of computed views."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities.models import Community, Membership
from hearth.communities.selectors import community_visible_q
from hearth.conversations.selectors import topic_known_to
from hearth.core.access import is_administrator
from hearth.core.errors import FieldError, Invalid, NotFound
from hearth.core.types import Viewer
from hearth.people.models import Department, Location, Person

from ..models import (
    ActivityDay,
    PostFact,
    Snapshot,
)

UTC = datetime.UTC


MAX_DAYS = 3 * 366


def threshold() -> int:
    return getattr(settings, "HEARTH_INSIGHTS_MIN_GROUP", 5)


def benchmarks() -> dict[str, Any]:
    return getattr(settings, "HEARTH_BENCHMARKS", {})


def may_view(person: Viewer) -> bool:
    return bool(
        person
        and person.is_authenticated
        and person.is_active
        and (is_administrator(person) or person.has_perm("insights.view_insights"))
    )


def suppress(n: int | None) -> int | None:
    """A count of people: shown only from the threshold up (0 is shown: it names nobody)."""
    if n is None:
        return None
    return n if n == 0 or n >= threshold() else None


@dataclass
class Filters:
    start: datetime.date
    end: datetime.date
    department: Department | None = None
    location: Location | None = None
    country: str = ""
    community: Community | None = None
    given: list[str] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before."""
        span = datetime.timedelta(days=self.days)
        return Filters(
            self.start - span,
            self.end - span,
            self.department,
            self.location,
            self.country,
            self.community,
            self.given,
        )

    def describe(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "department": self.department.name if self.department else None,
            "location": self.location.name if self.location else None,
            "country": self.country or None,
            "community": self.community.slug if self.community else None,
        }


def parse_filters(
    viewer: Viewer,
    *,
    start: Any = None,
    end: Any = None,
    department: str = "",
    location: str = "",
    country: str = "",
    community: str = "",
    default_days: int = 30,
) -> Filters:
    """Check a period and filters; unknown values and periods in the future or reversed are a
    422 naming the field; a group under the threshold too (including by differencing)."""
    today = timezone.now().astimezone(UTC).date()
    errors: list[FieldError] = []
    start = _date(start, "start", errors)
    end = _date(end, "end", errors)
    if errors:
        raise Invalid(_("Check the period."), errors)
    end = end or today
    start = start or end - datetime.timedelta(days=default_days - 1)
    if end > today:
        errors.append(FieldError("end", _("The period cannot end in the future.")))
    if start > end:
        errors.append(FieldError("start", _("The start comes before the end.")))
    elif (end - start).days > MAX_DAYS:
        errors.append(FieldError("start", _("At most three years at a time.")))
    found = Filters(start=start, end=end)
    if department:
        found.department = Department.objects.filter(name__iexact=department.strip()).first()
        if found.department is None:
            errors.append(FieldError("department", _("There is no such department.")))
        found.given.append("department")
    if location:
        found.location = Location.objects.filter(name__iexact=location.strip()).first()
        if found.location is None:
            errors.append(FieldError("location", _("There is no such location.")))
        found.given.append("location")
    if country:
        code = country.strip().upper()

        if not Person.objects.filter(country=code).exists():
            errors.append(FieldError("country", _("Nobody works in that country.")))
        found.country = code
        found.given.append("country")
    if community:
        found.community = Community.objects.filter(
            community_visible_q(viewer), slug=community.strip()
        ).first()
        if found.community is None:
            errors.append(FieldError("community", _("There is no such community.")))
        found.given.append("community")
    if errors:
        raise Invalid(_("Check the period and the filters."), errors)
    _check_group(found)
    return found


def _date(value: Any, name: str, errors: list[FieldError]) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError(name, _("A date like 2026-01-31.")))
        return None


def people_q(filters: Filters, without: str = "", prefix: str = "", *, leavers: bool = False) -> Q:
    """The filters as a condition on people (`prefix`: the path to a person, e.g. "person__";
    `leavers`: people who left count too, for who stayed)."""
    # The group's own activity counts even for people who left since; only the population
    # (no prefix) is today's active employees. Snapshots never hold the stand-in.
    q = Q(is_stand_in=False) if not prefix else Q()
    if not prefix and not leavers:
        q &= Q(is_active=True)
    if filters.department and without != "department":
        q &= Q(**{f"{prefix}department": filters.department})
    if filters.location and without != "location":
        q &= Q(**{f"{prefix}location": filters.location})
    if filters.country and without != "country":
        q &= Q(**{f"{prefix}country": filters.country})
    if filters.community and without != "community":
        members = Membership.objects.filter(
            community=filters.community, state=Membership.State.ACTIVE
        ).values("person")
        q &= Q(**{f"{prefix}pk__in" if prefix else "pk__in": members})
    return q


def population(filters: Filters, without: str = "") -> int:
    """How many people the filters describe: active employees (members, for a community)."""
    return Person.objects.filter(people_q(filters, without)).count()


def _check_group(filters: Filters) -> None:
    least = threshold()
    group = population(filters)
    if group < least:
        raise Invalid(
            _("These filters describe fewer than %(n)d people: choose a wider group.")
            % {"n": least},
            [
                FieldError(
                    filters.given[-1] if filters.given else "filters",
                    _("Fewer than %(n)d people.") % {"n": least},
                )
            ],
        )
    for name in filters.given:
        wider = population(filters, without=name)
        if 0 < wider - group < least:
            raise Invalid(
                _(
                    "Compared with the same filters without “%(name)s”, this would single out "
                    "fewer than %(n)d people: choose a wider group."
                )
                % {"name": name, "n": least},
                [FieldError(name, _("Would single out a few people."))],
            )


ACTIVE = Q(posts__gt=0) | Q(comments__gt=0) | Q(reactions__gt=0) | Q(reads__gt=0)


INTERACTIVE = Q(posts__gt=0) | Q(comments__gt=0) | Q(reactions__gt=0) | Q(mentions__gt=0)


def _activity(filters: Filters, start: Any = None, end: Any = None) -> Any:
    """The group's activity rows in the period (in the community, with a community filter)."""
    rows = ActivityDay.objects.filter(
        day__gte=start or filters.start, day__lte=end or filters.end
    ).filter(people_q(filters, prefix="person__"))
    if filters.community:
        rows = rows.filter(community_id=filters.community.pk)
    return rows


def _posts(filters: Filters) -> Any:
    facts = PostFact.objects.filter(day__gte=filters.start, day__lte=filters.end)
    if filters.community:
        facts = facts.filter(community_id=filters.community.pk)
    if filters.department or filters.location or filters.country:
        # Anonymous posts belong to no group: only the whole company (or a community) has them.
        facts = facts.filter(people_q(filters, prefix="author__"))
    return facts


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _cached(name: str, filters: Filters, compute: Any) -> dict[str, Any]:
    """`compute(filters)`, kept in the shared cache until the snapshots are rebuilt."""
    import hashlib
    import json

    from django.core.cache import cache

    built = built_at()
    described = [filters.describe(), threshold(), built.isoformat() if built else None]
    key = f"hearth:insights:{name}:" + hashlib.sha256(json.dumps(described).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = compute(filters)
        cache.set(key, data, 24 * 3600)
    found: dict[str, Any] = data
    return found


def snapshot(key: str) -> Snapshot | None:
    return Snapshot.objects.filter(key=key).first()


def built_at() -> Any:
    snap = snapshot("built")
    return snap.computed_at if snap else None


def access_tag(viewer: Viewer, name: str) -> Any:
    tag = topic_known_to(viewer, name)
    if tag is None:
        raise NotFound(_("There is no such topic."))
    return tag


def leads_any(person: Viewer) -> bool:
    return Membership.objects.filter(
        person=person,
        state=Membership.State.ACTIVE,
        role__in=["owner", "sponsor", "facilitator"],
    ).exists()


def filter_choices(viewer: Viewer) -> dict[str, Any]:
    """What the filters offer: departments, locations, countries, and open communities."""
    return {
        "departments": list(Department.objects.order_by("name").values_list("name", flat=True)),
        "locations": list(Location.objects.order_by("name").values_list("name", flat=True)),
        "countries": sorted(
            # Without the model's ordering, or DISTINCT would be over every person's name too.
            {c for c in Person.objects.order_by().values_list("country", flat=True).distinct() if c}
        ),
        "communities": list(
            Community.objects.filter(community_visible_q(viewer), privacy="open")
            .order_by("name")
            .values_list("slug", "name")[:500]
        ),
    }


def department_named(name: str) -> Any:
    name = (name or "").strip()
    return Department.objects.filter(name__iexact=name).first() if name else None
