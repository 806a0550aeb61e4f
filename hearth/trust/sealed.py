"""Sealed identities: who wrote an anonymous post, readable by no role in normal operation.

An anonymous post is authored by one stand-in account ("Anonymous colleague"), so every
surface that names an author (pages, API, search, feeds, notifications, emails, pushes, the
event log) names the stand-in. The real author is kept in `SealedAuthor`:

- `token`: the author's id encrypted (Fernet) with a key derived from HEARTH_SEAL_KEY; only the
  break-glass service (`reveal_decide`, two administrators) decrypts it;
- `tag`: an HMAC of (post, person) with a second derived key; the product checks "is this
  viewer the author?" (to edit or delete) by recomputing it, never by decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import IntegrityError, transaction

from hearth.people.models import Person

from .models import SealedAuthor

STAND_IN_USERNAME = "anonymous-colleague"


def _key(purpose: str) -> bytes:
    secret = settings.HEARTH_SEAL_KEY or f"derived:{settings.SECRET_KEY}"
    return hashlib.sha256(f"hearth.sealed.{purpose}:{secret}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key("encrypt")))


def _tag(post_id: int, person_id: int) -> str:
    return hmac.new(_key("tag"), f"{post_id}:{person_id}".encode(), hashlib.sha256).hexdigest()


def rate_tag(person_id: int, verb: str) -> str:
    """The keyed hash that counts a person's sealed uses of a rate limit (`SealedRateUse`)."""
    return hmac.new(_key("rate"), f"{person_id}:{verb}".encode(), hashlib.sha256).hexdigest()


def stand_in():
    """The "Anonymous colleague" account (created on first use; it can never sign in)."""

    person = Person.objects.filter(is_stand_in=True).first()
    if person is not None:
        return person
    try:
        with transaction.atomic():
            person = Person(
                username=STAND_IN_USERNAME,
                email="anonymous-colleague@invalid",
                display_name="Anonymous colleague",
                is_active=False,
                is_stand_in=True,
            )
            person.set_unusable_password()
            person.save()
            return person
    except IntegrityError:  # created meanwhile by another request
        return Person.objects.get(is_stand_in=True)


def seal(post, author) -> SealedAuthor:
    """Record (encrypted) that `author` wrote the anonymous `post`."""
    token = _fernet().encrypt(json.dumps({"post": post.pk, "person": author.pk}).encode())
    return SealedAuthor.objects.create(
        post=post, token=token.decode(), tag=_tag(post.pk, author.pk)
    )


def is_sealed_author(person: Any, post: Any) -> bool:
    """Did `person` write the anonymous `post`? Answered without learning who did."""
    if not getattr(post, "anonymous", False) or person is None or not person.is_authenticated:
        return False
    tag = SealedAuthor.objects.filter(post_id=post.pk).values_list("tag", flat=True).first()
    return tag is not None and hmac.compare_digest(tag, _tag(post.pk, person.pk))


def sealed_post_ids(person) -> list[int]:
    """The anonymous posts `person` wrote (for their own data export), by recomputing tags."""
    rows = SealedAuthor.objects.values_list("post_id", "tag").iterator(chunk_size=2000)
    return [post_id for post_id, tag in rows if hmac.compare_digest(tag, _tag(post_id, person.pk))]


def seals_destroy(person) -> list[int]:
    """Destroy the seals of `person`'s anonymous posts (erasure): nobody, break-glass included,
    can tie those posts to anyone again. Returns the posts' ids."""
    post_ids = sealed_post_ids(person)
    SealedAuthor.objects.filter(post_id__in=post_ids).delete()
    return post_ids


def unseal(sealed: SealedAuthor) -> int:
    """The author's id. Only `reveal_decide` calls this, after two administrators agreed."""
    try:
        data = json.loads(_fernet().decrypt(sealed.token.encode()))
    except InvalidToken as error:
        raise ValueError("The seal cannot be opened with the current HEARTH_SEAL_KEY.") from error
    if data.get("post") != sealed.post_id:
        raise ValueError("The seal does not belong to this post.")
    return int(data["person"])
