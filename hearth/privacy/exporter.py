"""What goes into a person's data export, and how the zip is written.

The export holds what the person wrote, did and chose, never what others wrote about them or
who acted on them: reports filed about them and the moderators' names stay out (both would
expose colleagues); their own anonymous posts are in (the only place they are tied together,
served to them alone). Each app says what it holds about a person (`core.registry.exports`, in
its `exports.py`); this module merges the parts, adds the activity from the event log and writes
the zip. Its test fails when a model points at a person and no part says where it goes.
"""

from __future__ import annotations

import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from hearth.core.models import Event
from hearth.core.registry import export_rows, exports

FORMAT_VERSION = 1

# What the hub itself covers (the rest is in each app's part).
OWN_COVERS = {
    "core.event": "activity.json",
    "privacy.dataexport": "not exported: the exports themselves",
}


def covered() -> dict[str, str]:
    """Every model that points at a person, and where the export covers it (or why not)."""
    found = dict(OWN_COVERS)
    for part in exports:
        found.update(part.covers)
    return found


def _activity(person) -> list[dict]:
    rows = Event.objects.filter(actor=person).order_by("id")
    return export_rows(rows, "verb", "object_type", "object_id", "community_id", "created_at")


def collect(person) -> dict[str, object]:
    """Every dataset of the export, by file name (JSON-ready): the apps' parts, merged."""
    data: dict[str, object] = {}
    for part in exports:
        for name, content_of in part.files.items():
            content = content_of(person)
            if isinstance(data.get(name), dict) and isinstance(content, dict):
                data[name] = {**data[name], **content}  # type: ignore[dict-item]
            elif name in data:
                raise ValueError(f"Two apps fill {name} with lists: give each its own key.")
            else:
                data[name] = content
    data["activity.json"] = _activity(person)
    return data


README = """Your data from {network}, exported on {when}.

profile.json        who you are in the directory, your emails and sign-in methods
posts.json          everything you posted (anonymous posts included, marked "anonymous"),
                    with earlier versions and the list of attached files
comments.json       your comments and replies, with earlier versions
reactions.json, votes.json, bookmarks.json, announcements.json, follows.json
memberships.json, invitations.json, proposals.json
notifications.json  what Hearth told you about (ids of posts, not others' texts)
reports.json        reports you filed; moderation.json: decisions about your content, appeals
settings.json       email choices, who you blocked or muted, your API tokens (never the secret)
activity.json       everything you did, as recorded in the event log
files/              your photo and the files attached to your posts

Keep this file safe: it contains your anonymous posts, which nobody else can tie to you.
"""


def write_zip(person, target, *, network: str) -> None:
    """Write the export of `person` into the open binary file `target`."""
    data = collect(person)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt", README.format(network=network, when=timezone.now().isoformat())
        )
        archive.writestr(
            "export.json",
            json.dumps(
                {
                    "format": FORMAT_VERSION,
                    "person": person.username,
                    "created_at": timezone.now().isoformat(),
                },
                indent=2,
            ),
        )
        for name, content in data.items():
            archive.writestr(
                name, json.dumps(content, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            )
        for part in exports:
            for stored, name in part.stored(person) if part.stored else ():
                _copy(archive, stored, name)


def _copy(archive: zipfile.ZipFile, field_file, name: str) -> None:
    """Stream one stored file into the archive (a missing file is noted, not fatal)."""
    try:
        with field_file.open("rb") as source, archive.open(name, "w") as sink:
            for chunk in iter(lambda: source.read(1 << 16), b""):
                sink.write(chunk)
    except (FileNotFoundError, OSError):
        archive.writestr(name + ".missing.txt", "This file was no longer in storage.")
