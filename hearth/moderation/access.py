"""Fetch one report, action or appeal for a viewer: 404 when it is not theirs to handle."""

from __future__ import annotations

from typing import Any

from hearth.conversations.access import access_comment, access_post
from hearth.conversations.models import Comment, Post
from hearth.core.access import is_administrator
from hearth.core.errors import NotFound
from hearth.core.types import Viewer
from hearth.people.access import access_person

from .models import Appeal, ModerationAction, Report, RevealRequest
from .selectors import actions_about, appeals_for, may_moderate, reveal_requests_for


def access_report(person: Viewer, report_id: int) -> Report:
    """A report the person may handle (404 otherwise, whether or not it exists)."""
    rows = Report.objects.select_related("post", "comment", "person", "author", "community")
    report = rows.filter(pk=report_id).first()
    if report is None or not may_moderate(person, report):
        raise NotFound("No such report in your moderation queue.")
    return report


def access_own_action(viewer: Viewer, action_id: int) -> ModerationAction:
    """A moderation of the viewer's own content or account (which they may appeal)."""
    action = actions_about(viewer).filter(pk=action_id).first()
    if action is None:
        raise NotFound("No such moderation of your content.")
    return action


def access_appeal(viewer: Viewer, appeal_id: int) -> Appeal:
    appeal = appeals_for(viewer).filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound("No such appeal waiting for you.")
    return appeal


def target_of(
    viewer: Viewer,
    *,
    post_id: int | None = None,
    comment_id: int | None = None,
    username: str | None = None,
) -> dict[str, Any]:
    """What a report is about, fetched through the viewer's own rights (404 if not visible)."""

    if username is not None:
        return {"person": access_person(viewer, username)}
    if comment_id is not None:
        owner = Comment.objects.filter(pk=comment_id).values_list("post_id", flat=True).first()
        if owner is None:
            raise NotFound("No such comment.")
        post = access_post(viewer, owner)
        return {"post": post, "comment": access_comment(viewer, post, comment_id)}
    if post_id is None:
        raise NotFound("Name a post, a comment or a person.")
    return {"post": access_post(viewer, post_id)}


def access_reveal(viewer: Viewer, request_id: int) -> RevealRequest:
    request: RevealRequest | None = reveal_requests_for(viewer).filter(pk=request_id).first()
    if request is None:
        raise NotFound("No such request.")
    return request


def access_anonymous_post(viewer: Viewer, post_id: int) -> Post:
    """An anonymous post, for an administrator who may ask to reveal its author."""

    if not is_administrator(viewer):
        raise NotFound()
    post = Post.objects.select_related("community").filter(pk=post_id).first()
    if post is None:
        raise NotFound("No such post.")
    return post
