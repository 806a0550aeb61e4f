"""Follow and unfollow people, topics and communities; each change is an event."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import Q

from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Invalid
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.people.models import Person, Tag

from .models import Follow

TOPIC_NAME = re.compile(r"^[^\W\d_][\w-]*$")  # and at most Tag.name's length


def _follow(actor: Person, **target) -> Follow | None:
    try:
        with transaction.atomic():
            follow = Follow.objects.create(follower=actor, **target)
    except IntegrityError:
        return None
    ((kind, obj),) = target.items()
    event_record(
        actor=actor,
        verb="follow.created",
        obj=obj,
        community_id=obj.pk if kind == "community" else None,
        metadata={"kind": kind},
    )
    return follow


def _unfollow(actor: Person, **target) -> None:
    deleted, _ = Follow.objects.filter(follower=actor, **target).delete()
    if deleted:
        ((kind, obj),) = target.items()
        event_record(actor=actor, verb="follow.removed", obj=obj, metadata={"kind": kind})


@transaction.atomic
def person_follow(*, actor: Person, person: Person, on: bool = True) -> None:
    """Follow (or unfollow) a colleague; their posts come to the home feed."""
    if person.pk == actor.pk:
        raise Conflict("You cannot follow yourself.")
    if on and not person.is_active:
        raise Conflict("This person has left the company.")
    _follow(actor, person=person) if on else _unfollow(actor, person=person)


@transaction.atomic
def topic_follow(*, actor: Person, name: str, on: bool = True) -> Tag:
    """Follow (or unfollow) a #topic by name; following a new topic creates it."""
    name = name.strip().lstrip("#").lower()
    most = rules.limit(Tag, "name")
    if not TOPIC_NAME.match(name) or len(name) > most:
        raise Invalid(
            "Not a topic name.",
            [FieldError("name", f"A letter, then letters, digits, - or _ (at most {most}).")],
        )
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        if not on:
            return Tag(name=name)
        tag = Tag.objects.create(name=name)
    _follow(actor, topic=tag) if on else _unfollow(actor, topic=tag)
    return tag


@transaction.atomic
def community_follow(*, actor: Person, community, on: bool = True) -> None:
    """Follow (or unfollow) a community whose content the actor may read, without joining."""
    _follow(actor, community=community) if on else _unfollow(actor, community=community)


@erasers("feeds")
def person_forget(person) -> None:
    """Erasure: whom the person followed and who followed them."""
    Follow.objects.filter(Q(follower=person) | Q(person=person)).delete()
