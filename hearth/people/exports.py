"""A person's profile, sign-in methods and API tokens, in their data export
(core.registry.exports)."""

from __future__ import annotations

from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from oauth2_provider.models import Application

from hearth.core.registry import ExportPart, export_rows, exports

from .models import AccessToken
from .selectors import apps_authorised


def _avatar_name(person) -> str | None:
    return "files/avatar" + PurePosixPath(person.avatar.name).suffix if person.avatar else None


def _profile(person) -> dict:
    return {
        "username": person.username,
        "email": person.email,
        "display_name": person.display_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "employee_id": person.employee_id,
        "title": person.title,
        "department": person.department.name if person.department_id else None,
        "location": person.location.name if person.location_id else None,
        "country": str(person.country or ""),
        "time_zone": person.time_zone,
        "language": person.language,
        "manager": person.manager.username if person.manager_id else None,
        "hire_date": person.hire_date,
        "bio": person.bio,
        "skills": sorted(t.name for t in person.skills.all()),
        "interests": sorted(t.name for t in person.interests.all()),
        "is_leader": person.is_leader,
        "is_staff": person.is_staff,
        "groups": sorted(g.name for g in person.groups.all()),
        "permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in person.user_permissions.select_related("content_type")
        ),
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "emails": export_rows(
            EmailAddress.objects.filter(user=person), "email", "verified", "primary"
        ),
        "identity_providers": export_rows(
            SocialAccount.objects.filter(user=person), "provider", "uid", "date_joined"
        ),
        "two_factor_methods": export_rows(
            Authenticator.objects.filter(user=person), "type", "created_at", "last_used_at"
        ),
        "avatar": _avatar_name(person),
    }


def _tokens(person) -> dict:
    rows = AccessToken.objects.filter(person=person)
    fields = ("name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    return {
        "api_tokens": export_rows(rows, *fields),
        "connected_apps": [
            {"app": app.name, "scopes": app.scopes, "since": app.since}
            for app in apps_authorised(person)
        ],
        "registered_apps": export_rows(
            Application.objects.filter(user=person), "name", "client_type", "created"
        ),
    }


def _avatar(person):
    name = _avatar_name(person)
    return [(person.avatar, name)] if name else []


exports.register(
    "people",
    ExportPart(
        files={"profile.json": _profile, "settings.json": _tokens},
        stored=_avatar,
        covers={
            "people.accesstoken": "settings.json (api_tokens)",
            "oauth2_provider.accesstoken": "settings.json (connected_apps, never the tokens)",
            "oauth2_provider.refreshtoken": "settings.json (connected_apps, never the tokens)",
            "oauth2_provider.application": "settings.json (registered_apps, never secrets)",
            "oauth2_provider.grant": "not exported: a code that lives seconds",
            "oauth2_provider.idtoken": "not exported: Hearth issues no OpenID tokens",
            "oauth2_provider.devicegrant": "not exported: Hearth allows no device grant",
            "people.person": "profile.json (manager)",
            "account.emailaddress": "profile.json (emails)",
            "mfa.authenticator": "profile.json (two-factor methods, never their secrets)",
            "socialaccount.socialaccount": "profile.json (identity_providers)",
            "usersessions.usersession": "not exported",
            "admin.logentry": "not exported: Django admin's own log",
            "auth.group": "profile.json (groups)",
            "auth.permission": "profile.json (permissions)",
        },
    ),
)
