"""How posts are named in the audit log (core.registry.audited): by number, never by their
text, which the log must not keep."""

from hearth.core.registry import Audited, audited

audited.register(
    "conversations", Audited({}, labels={"conversations.post": lambda post: f"Post #{post.pk}"})
)
