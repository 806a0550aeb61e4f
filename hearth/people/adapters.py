"""How allauth behaves in Hearth (closed sign-up unless the email's domain is allowed), and the
scopes OAuth apps may ask for (django-oauth-toolkit)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from oauth2_provider.scopes import BaseScopes

from hearth.core import scopes

from .models import Person


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return bool(settings.HEARTH_SIGNUP_DOMAINS)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        domains = settings.HEARTH_SIGNUP_DOMAINS
        if domains and email.rsplit("@", 1)[-1].lower() not in domains:
            from django import forms
            from django.utils.translation import gettext as _

            raise forms.ValidationError(
                _("Use your company email address (%(domains)s).") % {"domains": ", ".join(domains)}
            )
        return email

    def populate_username(self, request, user) -> None:
        # People are addressed by username everywhere; derive it from the email's local part.
        from allauth.account.utils import user_email, user_username

        base = (user_email(user) or "person").split("@")[0]
        base = "".join(c for c in base if c.isalnum() or c in "._-")[:140] or "person"
        candidate, n = base, 1
        while Person.objects.filter(username=candidate).exists():
            n += 1
            candidate = f"{base}{n}"
        user_username(user, candidate)
        if not user.display_name:
            user.display_name = base.replace(".", " ").replace("_", " ").title()


class OAuthScopes(BaseScopes):
    """OAuth apps ask for the scopes of hearth.core.scopes; "read" when they name none."""

    def get_all_scopes(self) -> dict[str, str]:
        return {name: str(label) for name, label in scopes.SCOPES.items()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs) -> list[str]:
        return list(scopes.ALL)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs) -> list[str]:
        return ["read"]
