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
from hearth.people.models import Person

from .models import AuditEntry

# verb -> how the log page names it
AUDITED = {
    "moderation.action": _("Moderation action"),
    "appeal.decided": _("Appeal decided"),
    "filter.created": _("Content filter added"),
    "filter.deleted": _("Content filter removed"),
    "identity.reveal_requested": _("Identity reveal requested"),
    "identity.reveal_approved": _("Identity revealed (break-glass)"),
    "identity.reveal_refused": _("Identity reveal refused"),
    "person.leader_set": _("Leader set"),
    "person.permissions_changed": _("Roles or permissions changed"),
    "person.left": _("Person deactivated"),
    "person.reactivated": _("Person reactivated"),
    "person.erased": _("Person erased"),
    "token.created": _("API token created"),
    "token.revoked": _("API token revoked"),
    "org.imported": _("HR file imported"),
    "data.exported": _("Personal data exported"),
    "retention.purged": _("Retention purge"),
    "audit.exported": _("Audit log exported"),
    "community.member_added": _("Member added or role changed"),
    "community.member_removed": _("Member removed"),
    "community.members_added": _("Members added in bulk"),
    "community.updated": _("Community settings changed"),
    "community.archived": _("Community archived"),
    "settings.changed": _("Settings changed"),
    "badge.granted": _("Badge awarded by hand"),
}


def _label(obj_type: str, obj_id: int | None) -> str:
    if not obj_type or obj_id is None:
        return ""
    try:
        model = apps.get_model(obj_type)
    except (LookupError, ValueError):
        return ""
    obj = model._default_manager.filter(pk=obj_id).first()
    if obj is None:
        return ""
    if obj_type == "conversations.post":
        return f"Post #{obj.pk}"  # never the text, which the log must not keep
    if obj_type == "people.person":
        return f"{obj.display_name} (@{obj.username})"
    if obj_type == "moderation.moderationaction":
        on = (
            f"comment #{obj.comment_id}"
            if obj.comment_id
            else f"post #{obj.post_id}"
            if obj.post_id
            else f"person #{obj.author_id}"
        )
        return f"{obj.get_kind_display()} · {on}"
    if obj_type == "moderation.appeal":
        return f"Appeal of action #{obj.action_id}"
    return str(obj)[:300]


@recorder
def audit_event(event) -> None:
    """Write the audit entry of an audited event (called inside the event's transaction)."""
    if event.verb not in AUDITED:
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
