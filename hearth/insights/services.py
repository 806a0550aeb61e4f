"""Writes for insights: a person's choice to be named, and rebuilding the snapshots."""

from __future__ import annotations

from hearth.core.registry import erasers

from .models import Expertise, Influence, NamedChoice, TopicInfluence


def named_set(*, actor, named: bool) -> bool:
    NamedChoice.objects.update_or_create(person=actor, defaults={"named": named})
    return named


@erasers("insights")
def person_forget(person) -> None:
    """Erasure: derived standing goes; daily counts stay, counted for a pseudonym."""
    for model in (Expertise, Influence, NamedChoice, TopicInfluence):
        model.objects.filter(person=person).delete()
