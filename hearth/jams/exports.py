"""A person's jams: created, hosted, themes, follow-ups, reminders, reads and alerts,
in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Alert, Contribution, Jam, Reminder, Theme, Visit


def _jams(person) -> dict:
    return {
        "created": list(Jam.objects.filter(created_by=person).values_list("slug", flat=True)),
        "hosted": list(Jam.objects.filter(hosts=person).values_list("slug", flat=True)),
        "themes_facilitated": export_rows(
            Theme.objects.filter(facilitators=person), "jam__slug", "title"
        ),
        "follow_ups_owned": export_rows(
            Contribution.objects.filter(owner=person), "jam__slug", "post", "due_on"
        ),
        "reminders": list(
            Reminder.objects.filter(person=person).values_list("jam__slug", flat=True)
        ),
        "read": export_rows(Visit.objects.filter(person=person), "jam__slug", "first_seen_at"),
        "alerts_sent": export_rows(
            Alert.objects.filter(created_by=person), "jam__slug", "body", "created_at"
        ),
    }


exports.register(
    "jams",
    ExportPart(
        files={"jams.json": _jams},
        covers={
            "jams.jam": "jams.json (jams created and hosted)",
            "jams.theme": "jams.json (themes facilitated)",
            "jams.contribution": "jams.json (follow-ups owned); the posts are in posts.json",
            "jams.reminder": "jams.json (reminders)",
            "jams.visit": "jams.json (jams read)",
            "jams.alert": "jams.json (alerts sent)",
        },
    ),
)
