"""What people's changes put in the audit log (core.registry.audited)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited

audited.register(
    "people",
    Audited(
        {
            "person.leader_set": _("Leader set"),
            "person.left": _("Person deactivated"),
            "person.reactivated": _("Person reactivated"),
            "token.created": _("API token created"),
            "token.revoked": _("API token revoked"),
            "oauth.app_revoked": _("App authorisation revoked"),
            "sso.linked": _("First sign-in through the identity provider"),
            "sso.refused": _("Sign-in through the identity provider refused"),
            "sso.sign_out_refused": _("Sign-out message from the identity provider refused"),
            "org.imported": _("HR file imported"),
        },
        labels={"people.person": lambda person: f"{person.display_name} (@{person.username})"},
    ),
)
