"""What moderation puts in the audit log (core.registry.audited): every decision, filter and
break-glass step, and how its actions and appeals are named there."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited


def _action(action) -> str:
    on = (
        f"comment #{action.comment_id}"
        if action.comment_id
        else f"post #{action.post_id}"
        if action.post_id
        else f"person #{action.author_id}"
    )
    return f"{action.get_kind_display()} · {on}"


audited.register(
    "moderation",
    Audited(
        {
            "moderation.action": _("Moderation action"),
            "appeal.decided": _("Appeal decided"),
            "filter.created": _("Content filter added"),
            "filter.deleted": _("Content filter removed"),
            "identity.reveal_requested": _("Identity reveal requested"),
            "identity.reveal_approved": _("Identity revealed (break-glass)"),
            "identity.reveal_refused": _("Identity reveal refused"),
        },
        labels={
            "moderation.moderationaction": _action,
            "moderation.appeal": lambda appeal: f"Appeal of action #{appeal.action_id}",
        },
    ),
)
