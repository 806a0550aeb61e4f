"""What a person was told and how they want to hear, in their data export
(core.registry.exports): ids of posts, never others' texts."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import EmailPreference, Notification, PushDevice


def _notifications(person) -> list[dict]:
    return export_rows(
        Notification.objects.filter(recipient=person),
        "verb",
        "post_id",
        "comment_id",
        "community_id",
        "actor_count",
        "created_at",
        "read_at",
        "emailed_at",
    )


def _email(person) -> dict:
    return {
        "email": export_rows(EmailPreference.objects.filter(person=person), "verb", "frequency"),
        "push_devices": export_rows(
            PushDevice.objects.filter(person=person), "name", "kinds", "created_at", "last_sent_at"
        ),
    }


exports.register(
    "notifications",
    ExportPart(
        files={"notifications.json": _notifications, "settings.json": _email},
        covers={
            "notifications.notification": "notifications.json",
            "notifications.emailpreference": "settings.json",
            "notifications.digestsent": "not personal: when digests went out",
            "notifications.pushdevice": "settings.json",
            "notifications.pushdelivery": "not personal: which notification went to which device",
        },
    ),
)
