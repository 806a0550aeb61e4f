from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post


def post_json(client, url: str, payload: dict | None = None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


@pytest.fixture
def anonymous_ok(settings, places):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    places.open.allow_anonymous = True
    places.open.save(update_fields=["allow_anonymous"])
    return places.open


@pytest.fixture
def ana_wrote(company, places, anonymous_ok):
    """Ana's footprint: a post with a file, an anonymous post, a comment, a reaction."""
    ana, maria = company.member, company.manager
    post = make_post(ana, places.open, body="Ana's plan for the ring network")
    talk.attachment_add(
        actor=ana, post=post, upload=SimpleUploadedFile("ring.txt", b"ring topology", "text/plain")
    )
    secret = make_post(
        ana, places.open, body="Anonymous: the on-call rota is unfair", anonymous=True
    )
    others = make_post(maria, places.open, body="Maria's own roadmap, not Ana's business")
    comment = talk.comment_create(actor=ana, post=others, body="Ana replies to Maria")
    talk.reaction_set(actor=ana, post=others, kind="like")
    talk.comment_create(actor=maria, post=post, body="Maria comments on Ana's plan")
    return {"post": post, "anonymous": secret, "others": others, "comment": comment}
