"""Demo leavers: over the years some people left the company, as the HR import or SCIM would
tell Hearth, a few weeks after they last wrote, replied or reacted. Nobody who leads, manages or
plays a demo role leaves. The value report's retention figures count them. A second
`hearth seed` (whose HR import brings them back) makes the same people leave on the same
dates."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hearth.communities.models import Membership
from hearth.conversations.models import Comment, Post, Reaction
from hearth.core.events import events_record_many
from hearth.core.models import Event
from hearth.core.registry import DemoRun, demo_generator
from hearth.people.models import AccessToken, Person
from hearth.people.services import org_recompute

from .company import PERSONAS

QUIET_DAYS = 60  # who has been silent this long may have left
LEAVING = 0.3  # the share of those who did


def _last_active() -> dict[int, datetime.datetime]:
    last: dict[int, datetime.datetime] = {}
    for model, field in ((Post, "author_id"), (Comment, "author_id"), (Reaction, "person_id")):
        rows = model.objects.order_by().values(field).annotate(at=Max("created_at"))
        for pid, at in rows.values_list(field, "at"):
            if at is not None and (pid not in last or at > last[pid]):
                last[pid] = at
    return last


def people_leave(*, seed: int) -> int:
    """Make the quiet people who left leave; answer how many."""
    rng = random.Random(seed)
    now = timezone.now()
    kept = {name for name, *_rest in PERSONAS.values()}
    leading = set(
        Membership.objects.filter(
            state=Membership.State.ACTIVE,
            role__in=[Membership.Role.OWNER, Membership.Role.SPONSOR, Membership.Role.FACILITATOR],
        ).values_list("person_id", flat=True)
    )
    candidates = (
        Person.objects.filter(
            is_active=True, is_stand_in=False, is_staff=False, is_leader=False, report_count=0
        )
        .exclude(display_name__in=kept)
        .exclude(pk__in=leading)
        .exclude(user_permissions__codename="view_insights")
        .order_by("pk")
    )
    last = _last_active()
    leaving: dict[int, datetime.datetime] = {}
    for pk in candidates.values_list("pk", flat=True).iterator():
        at = last.get(pk)
        draw = rng.random()
        gap = datetime.timedelta(days=rng.uniform(7, 45))
        if at is not None and now - at >= datetime.timedelta(days=QUIET_DAYS) and draw < LEAVING:
            leaving[pk] = min(at + gap, now - datetime.timedelta(days=1))
    # As the HR import tells Hearth of leavers: in bulk, with one "person.left" event each.
    with transaction.atomic():
        for pk, when in leaving.items():
            Person.objects.filter(pk=pk).update(is_active=False, deactivated_at=when)
        AccessToken.objects.filter(person_id__in=list(leaving), revoked_at__isnull=True).update(
            revoked_at=now
        )
        events_record_many(
            Event(verb="person.left", object_type="people.person", object_id=pk, created_at=when)
            for pk, when in leaving.items()
        )
        org_recompute()
    return len(leaving)


@demo_generator("leavers", 85)
def leavers_write(run: DemoRun) -> str:
    return f"Leavers: {people_leave(seed=run.seed)} people left over the years"
