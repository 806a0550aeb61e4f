"""Writes for recognition: rules (administrators), leaderboard visibility, a community's mix."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hearth.communities.selectors import can_lead
from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.core.slugs import unique_slug

from .badges import CriteriaError, award_by_hand, parse
from .defaults import BADGE_ICONS, DEFAULT_BADGE_ICON
from .models import Badge, BadgeAward, LeaderboardChoice, PointRule, RewardMix
from .points import rule_for
from .tasks import badge_sweep

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
    if not is_administrator(actor):
        raise Forbidden(_("Only administrators change the point rules."))

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


def _admin_or_refuse(actor, message) -> None:
    if not is_administrator(actor):
        raise Forbidden(message)


@transaction.atomic
def badge_save(
    *,
    actor,
    name: str,
    criteria: str = "",
    description: str = "",
    icon: str = "",
    active: bool = True,
    badge: Badge | None = None,
) -> Badge:
    """Define a badge or change one (administrators; audited). Criteria that do not parse are
    refused with what is wrong; nothing is saved then."""

    _admin_or_refuse(actor, _("Only administrators define badges."))
    errors = []
    name, criteria = (name or "").strip(), (criteria or "").strip()
    if not name:
        errors.append(FieldError("name", _("Name the badge.")))
    elif len(name) > rules.limit(Badge, "name"):
        rules.check(Badge, errors, name=name)
    elif (
        Badge.objects.filter(name__iexact=name)
        .exclude(pk=badge.pk if badge is not None else 0)
        .exists()
    ):
        errors.append(FieldError("name", _("Another badge has this name.")))
    rules.check(Badge, errors, description=description)
    icon = (icon or "").strip()
    if icon and icon not in BADGE_ICONS:
        errors.append(
            FieldError(
                "icon", _("Pick one of the icons: %(names)s.") % {"names": ", ".join(BADGE_ICONS)}
            )
        )
    if len(criteria) > rules.limit(Badge, "criteria"):
        rules.check(Badge, errors, criteria=criteria)
    else:
        try:
            parse(criteria)
        except CriteriaError as error:
            errors.append(FieldError("criteria", str(error)))
    if errors:
        raise Invalid(_("The badge was not saved."), errors)
    before = None
    if badge is None:
        badge = Badge(code=unique_slug(Badge, name, fallback="badge", max_length=36, field="code"))
    else:
        before = {"name": badge.name, "criteria": badge.criteria, "active": badge.active}
    badge.name, badge.criteria, badge.active = name, criteria, active
    badge.description = (description or "").strip()
    badge.icon = icon or badge.icon or DEFAULT_BADGE_ICON
    badge.save()
    event_record(
        actor=actor,
        verb="settings.changed",
        obj=badge,
        metadata={
            "setting": f"badge.{badge.code}",
            "before": before,
            "after": {"name": badge.name, "criteria": badge.criteria, "active": badge.active},
        },
    )
    if badge.active and badge.criteria:
        transaction.on_commit(lambda: badge_sweep(badge.pk))  # who already meets it
    return badge


@transaction.atomic
def badge_award(*, actor, badge: Badge, person, reason: str) -> BadgeAward:
    """An administrator awards a badge by hand, saying why (audited; the person is told)."""

    _admin_or_refuse(actor, _("Only administrators award badges by hand."))
    reason = (reason or "").strip()
    errors = []
    if not reason:
        errors.append(FieldError("reason", _("Say why: the person and the audit log see it.")))
    else:
        rules.check(BadgeAward, errors, reason=reason)
    if not badge.active:
        errors.append(FieldError("badge", _("This badge is switched off.")))
    if not person.is_active or person.is_stand_in:
        errors.append(FieldError("person", _("Not an active colleague.")))
    if errors:
        raise Invalid(_("The badge was not awarded."), errors)
    if BadgeAward.objects.filter(badge=badge, person=person).exists():
        raise Conflict(_("%(name)s already holds this badge.") % {"name": person.name})
    award = award_by_hand(badge, person, by=actor, reason=reason)
    if award is None:  # awarded meanwhile by another administrator
        raise Conflict(_("%(name)s already holds this badge.") % {"name": person.name})
    return award


@erasers("recognition")
def person_forget(person) -> None:
    """Erasure: points stay (the ledger is append-only and counts for communities and
    departments) but the person leaves leaderboards for good; badges are personal and go."""
    LeaderboardChoice.objects.update_or_create(person=person, defaults={"hidden": True})
    BadgeAward.objects.filter(person=person).delete()
