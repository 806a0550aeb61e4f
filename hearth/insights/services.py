"""Writes for insights: a person's choice to be named, the value report's assumptions, and
rebuilding the snapshots."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.core.access import is_administrator
from hearth.core.errors import FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.registry import erasers

from .models import Assumption, Expertise, Influence, NamedChoice, TopicInfluence
from .selectors.outcomes import MAX_MINUTES_SAVED, MINUTES_SAVED, minutes_saved


def named_set(*, actor, named: bool) -> bool:
    NamedChoice.objects.update_or_create(person=actor, defaults={"named": named})
    return named


@transaction.atomic
def minutes_saved_set(*, actor, minutes) -> Assumption:
    """Set the minutes an answered question is assumed to save (administrators; audited). The
    value report shows it as an assumption, with who set it and when."""
    if not is_administrator(actor):
        raise Forbidden(_("Only administrators set the value report's assumptions."))
    try:
        value = int(str(minutes).strip())
    except (TypeError, ValueError):
        value = -1
    if not 1 <= value <= MAX_MINUTES_SAVED:
        raise Invalid(
            _("The assumption was not changed."),
            [
                FieldError(
                    "minutes_saved_per_answer",
                    _("A whole number of minutes from 1 to %(n)d.") % {"n": MAX_MINUTES_SAVED},
                )
            ],
        )
    before = minutes_saved()["minutes"]
    found, _created = Assumption.objects.update_or_create(
        key=MINUTES_SAVED, defaults={"value": value, "set_by": actor, "set_at": timezone.now()}
    )
    event_record(
        actor=actor,
        verb="settings.changed",
        obj=found,
        metadata={"setting": f"insights.{MINUTES_SAVED}", "before": before, "after": value},
    )
    return found


@erasers("insights")
def person_forget(person) -> None:
    """Erasure: derived standing goes; daily counts stay, counted for a pseudonym."""
    for model in (Expertise, Influence, NamedChoice, TopicInfluence):
        model.objects.filter(person=person).delete()
