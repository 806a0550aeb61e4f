"""Posts for tests, written through the services like people write them."""

from __future__ import annotations

from hearth.conversations.services import PollIn, PostIn, post_create


def make_post(author, community=None, *, kind="update", body="Hello colleagues", **fields):
    if kind == "poll" and "poll" not in fields:
        fields["poll"] = PollIn(options=["Yes", "No"])
    if kind == "article" and "title" not in fields:
        fields["title"] = "An article"
    return post_create(
        actor=author, data=PostIn(kind=kind, body=body, community=community, **fields)
    )
