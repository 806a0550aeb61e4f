"""Writes for recognition: rules (administrators), leaderboard visibility, a community's mix."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hearth.communities.selectors import can_lead
from hearth.core.errors import FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record

from .models import LeaderboardChoice, PointRule, RewardMix

MAX_POINTS = 1000


@transaction.atomic
def rule_update(
    *,
    actor,
    code: str,
    points: int | None = None,
    daily_cap: int | None = None,
    clear_cap: bool = False,
    active: bool | None = None,
) -> PointRule:
    """Change a rule's points, daily cap or whether it applies (administrators; audited)."""
    if not (actor.is_staff or actor.is_superuser):
        raise Forbidden(_("Only administrators change the point rules."))
    from .points import rule_for

    rule_for(code)  # the defaults exist even in a freshly flushed table
    rule = PointRule.objects.select_for_update().filter(code=code).first()
    if rule is None:
        raise NotFound(_("There is no point rule “%(code)s”.") % {"code": code})
    errors = []
    if points is not None and not -MAX_POINTS <= points <= MAX_POINTS:
        errors.append(FieldError("points", _("Between -1000 and 1000.")))
    if daily_cap is not None and daily_cap < 1:
        errors.append(FieldError("daily_cap", _("A daily cap is at least 1 (or none).")))
    if errors:
        raise Invalid(_("The rule was not changed."), errors)
    before = {"points": rule.points, "daily_cap": rule.daily_cap, "active": rule.active}
    if points is not None:
        rule.points = points
    if clear_cap:
        rule.daily_cap = None
    elif daily_cap is not None:
        rule.daily_cap = daily_cap
    if active is not None:
        rule.active = active
    rule.save()
    event_record(
        actor=actor,
        verb="settings.changed",
        obj=rule,
        metadata={
            "setting": f"points.{code}",
            "before": before,
            "after": {"points": rule.points, "daily_cap": rule.daily_cap, "active": rule.active},
        },
    )
    return rule


def leaderboard_hide(*, actor, hidden: bool = True) -> bool:
    LeaderboardChoice.objects.update_or_create(person=actor, defaults={"hidden": hidden})
    return hidden


@transaction.atomic
def reward_mix_set(*, actor, community, mix: str) -> RewardMix:
    if not can_lead(actor, community):
        raise Forbidden(_("The community's owners, sponsors and facilitators choose this."))
    if mix not in RewardMix.Mix.values:
        raise Invalid(
            _("Choose individuals, the group or both."),
            [FieldError("mix", _("individual, group or both"))],
        )
    row, _created = RewardMix.objects.update_or_create(community=community, defaults={"mix": mix})
    event_record(
        actor=actor,
        verb="community.updated",
        obj=community,
        community_id=community.pk,
        metadata={"fields": ["reward_mix"], "reward_mix": mix},
    )
    return row
