"""Demo identity: the identity provider provisioning the company over SCIM (a client Manoj
created, used a couple of hours ago) and the chat bridge Ana let act for her, so *Provisioning
(SCIM)* and *Connected apps* open on something. Run again, it changes nothing."""

from __future__ import annotations

import datetime
import secrets

from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, RefreshToken

from hearth.core.registry import DemoRun, demo_generator
from hearth.people.models import Person
from hearth.provisioning.models import Client

CLIENT, APP = "Entra ID (demo)", "Chat bridge (demo)"


def seed_identity() -> int:
    """Write the demo's provisioning client and authorised app; answer how many were new."""
    manoj = Person.objects.filter(display_name="Manoj Shah").first()
    ana = Person.objects.filter(display_name="Ana Ribeiro").first()
    if manoj is None or ana is None:
        return 0
    now = timezone.now()
    made = 0
    if not Client.objects.filter(name=CLIENT).exists():
        raw = secrets.token_urlsafe(32)  # never shown: the demo's provider is imaginary
        Client.objects.create(
            name=CLIENT,
            prefix="hsc_demo",
            token_hash=raw,
            created_by=manoj,
            last_used_at=now - datetime.timedelta(hours=2),
        )
        made += 1
    app, created = Application.objects.get_or_create(
        name=APP,
        defaults={
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": "https://chat.tellall.example/oauth/callback",
            "user": manoj,
        },
    )
    if created or not RefreshToken.objects.filter(user=ana, application=app).exists():
        token = AccessToken.objects.create(
            user=ana,
            application=app,
            token=secrets.token_urlsafe(32),
            expires=now + datetime.timedelta(hours=1),
            scope="read write:posts",
        )
        RefreshToken.objects.create(
            user=ana, application=app, token=secrets.token_urlsafe(32), access_token=token
        )
        made += 1
    return made


@demo_generator("identity", 40)
def write_identity(run: DemoRun) -> str:
    made = seed_identity()
    return f"Identity: {made} new (a SCIM client, an app Ana authorised)"
