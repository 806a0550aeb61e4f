"""May this person set an idea's status? Reading an idea is reading its post
(`conversations.access.access_post`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hearth.communities.selectors import can_lead
from hearth.conversations.access import access_post
from hearth.conversations.models import Post
from hearth.core.access import is_administrator
from hearth.core.errors import FieldError, Invalid, NotFound
from hearth.core.types import Viewer


def access_merge_target(viewer: Viewer, post_id: int) -> Post:
    """The idea an idea merges into, if `viewer` may read it: else a field error (422)."""
    try:
        return access_post(viewer, post_id)
    except NotFound as error:
        raise Invalid(
            _("The idea's status was not changed."),
            [FieldError("merged_into", _("No such idea."))],
        ) from error


def may_set_status(viewer: Viewer, post: Post) -> bool:
    """The community's owners, sponsors and facilitators answer its ideas (administrators
    too); an idea posted on a profile is answered by administrators."""
    if post.kind != Post.Kind.IDEA:
        return False
    if post.community_id is None:
        return is_administrator(viewer)
    return can_lead(viewer, post.community)
