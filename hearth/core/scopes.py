"""What a token may do: the scopes of personal access tokens and OAuth apps, and the one rule
that gives every API operation the scope it needs (the OpenAPI document lists it on each
operation). A token's scopes never add rights: the person's own permissions still apply.

Browser sessions are not scoped: a person acting in person may do what they may do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .errors import Forbidden

SCOPES = {
    "read": _("Read what you can see"),
    "write": _("Act for you: join, follow, vote, react, change your settings"),
    "write:posts": _("Write posts and comments as you"),
    "read:insights": _("Read the insights you may see"),
    "admin": _(
        "Use your administrator's or moderator's rights: moderation, audit log, privacy, "
        "webhooks, point rules, value report assumptions"
    ),
}
ALL = tuple(SCOPES)
# Administration, whichever method: what only administrators, moderators or auditors call.
ADMINISTRATION = re.compile(
    r"^/api/v1/(audit|moderation/|privacy/|webhooks|recognition/rules"
    r"|people/\{username\}/(deactivate|reactivate|erase))"
)
# Writing content: posts, their attachments and comments (reacting, voting, bookmarking or
# accepting an answer are acting: "write").
CONTENT = re.compile(r"^/api/v1/posts(/\{post_id\}(/attachments|/comments(/\{comment_id\})?)?)?$")
READS = {"GET", "HEAD", "OPTIONS"}
# Settings only administrators change, though those who read insights read them.
ADMIN_WRITES = {"/api/v1/insights/assumptions"}


def scope_for(method: str, path: str) -> str:
    """The scope an operation needs: `path` as the OpenAPI document spells it."""
    method = method.upper()
    if ADMINISTRATION.match(path) or (path in ADMIN_WRITES and method not in READS):
        return "admin"
    if path.startswith("/api/v1/insights/") and method in READS:
        return "read:insights"
    if method in READS:
        return "read"
    if CONTENT.match(path):
        return "write:posts"
    return "write"


def operation_path(request: HttpRequest) -> str:
    """The OpenAPI path of the operation a request resolved to (/api/v1/posts/{post_id})."""
    match = request.resolver_match
    route = match.route if match is not None else request.path.lstrip("/")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def parse(value: str | Iterable[str]) -> list[str]:
    """Known scopes, in their canonical order, from "read write" or a list."""
    names = set(value.split() if isinstance(value, str) else value)
    return [name for name in ALL if name in names]


def require(request: HttpRequest, granted: Iterable[str]) -> None:
    """Refuse (403, nothing done) a token that lacks the scope of the operation it calls."""
    needed = scope_for(request.method or "GET", operation_path(request))
    if needed not in set(granted):
        raise Forbidden(
            f"This token lacks the scope “{needed}” this operation needs; "
            "create a token (or authorise the app) with it."
        )
