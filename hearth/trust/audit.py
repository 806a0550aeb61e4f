"""The audit log: which events are audited, and how an entry is written.

Every audited change already records an event (`hearth.core.events`); a recorder turns the
audited verbs into `AuditEntry` rows in the same transaction, so an audited change without its
entry cannot be committed. Names are copied into the entry so it reads the same later.
Role and permission changes made in Django's admin reach the log through model signals.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, pre_save
from django.utils.translation import gettext_lazy as _

from hearth.core.context import current_actor
from hearth.core.events import event_record, recorder
from hearth.core.registry import Audited, audited, audited_verbs
from hearth.people.models import Person

from .models import AuditEntry

audited.register(
    "trust",
    Audited(
        {
            "person.permissions_changed": _("Roles or permissions changed"),
            "audit.exported": _("Audit log exported"),
        }
    ),
)


def _label(obj_type: str, obj_id: int | None) -> str:
    """How the entry names its target, as the target's app says (else its `str`)."""
    if not obj_type or obj_id is None:
        return ""
    try:
        model = apps.get_model(obj_type)
    except (LookupError, ValueError):
        return ""
    obj = model._default_manager.filter(pk=obj_id).first()
    if obj is None:
        return ""
    for entry in audited:
        if obj_type in entry.labels:
            return entry.labels[obj_type](obj)[:300]
    return str(obj)[:300]


@recorder
def audit_event(event) -> None:
    """Write the audit entry of an audited event (called inside the event's transaction)."""
    if event.verb not in audited_verbs():
        return
    actor = event.actor
    target_type, target_id = event.object_type, event.object_id
    if event.target_type and event.object_type not in ("people.person", "conversations.post"):
        target_type, target_id = event.target_type, event.target_id
    detail = dict(event.metadata or {})
    if event.target_type and (event.target_type, event.target_id) != (target_type, target_id):
        detail.setdefault("in", _label(event.target_type, event.target_id))
    AuditEntry.objects.create(
        event=event,
        created_at=event.created_at,
        actor=actor,
        actor_name=f"{actor.display_name} (@{actor.username})" if actor else "",
        action=event.verb,
        target_type=target_type,
        target_id=target_id,
        target_label=_label(target_type, target_id),
        community_id=event.community_id,
        detail=detail,
    )


# Roles and permissions changed outside the services (Django's admin, a shell).
_ROLE_FIELDS = ("is_staff", "is_superuser")


def _person_saving(sender, instance, **kwargs) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(_ROLE_FIELDS):
        return
    before = sender.objects.filter(pk=instance.pk).values(*_ROLE_FIELDS).first()
    if before is None:
        return
    changes = {
        f: [before[f], getattr(instance, f)]
        for f in _ROLE_FIELDS
        if before[f] != getattr(instance, f)
    }
    if changes:
        event_record(
            actor=current_actor(),
            verb="person.permissions_changed",
            obj=instance,
            metadata={"changed": changes},
        )


def _m2m_changed(sender, instance, action, pk_set, model, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return

    if not isinstance(instance, Person):
        return
    names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ()))
    kind = "groups" if model._meta.model_name == "group" else "permissions"
    event_record(
        actor=current_actor(),
        verb="person.permissions_changed",
        obj=instance,
        metadata={"changed": {kind: {action.removeprefix("post_"): names}}},
    )


def connect() -> None:
    pre_save.connect(_person_saving, sender=Person, dispatch_uid="audit-person-roles")
    m2m_changed.connect(_m2m_changed, sender=Person.groups.through, dispatch_uid="audit-groups")
    m2m_changed.connect(
        _m2m_changed, sender=Person.user_permissions.through, dispatch_uid="audit-permissions"
    )
