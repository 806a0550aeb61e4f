"""Writes for insights: a person's choice to be named, and rebuilding the snapshots."""

from __future__ import annotations

from .models import NamedChoice


def named_set(*, actor, named: bool) -> bool:
    NamedChoice.objects.update_or_create(person=actor, defaults={"named": named})
    return named


def is_named(person) -> bool:
    return NamedChoice.objects.filter(person=person, named=True).exists()
