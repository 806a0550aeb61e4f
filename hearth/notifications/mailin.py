"""Reply by email: a reply to a notification email becomes a comment, from the right person.

Each notification email about a post carries a Reply-To address signed for its recipient and
that post: reply+<post>.<person>.<signature>@<HEARTH_REPLY_DOMAIN>. `hearth mail-in` reads
RFC 5322 messages; a reply is accepted only if the signature holds, the sender's address is
the recipient's own, the person is active and may still read the post. Quoted text and
signatures are stripped. Anything else is refused with a bounce-style reply and logged.
"""

from __future__ import annotations

import email
import logging
import re
from dataclasses import dataclass
from email import policy
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext, gettext_noop

from hearth.conversations.access import access_post
from hearth.conversations.services import comment_create
from hearth.conversations.text import plain_text
from hearth.core.errors import HearthError, NotFound
from hearth.people.models import Person

logger = logging.getLogger(__name__)
MAX_BYTES = 1024 * 1024
_ADDRESS = re.compile(r"^reply\+(\d+)\.(\d+)\.([0-9a-f]{24})@(.+)$", re.IGNORECASE)
_QUOTE_HEADER = re.compile(
    r"^(On .+ wrote:|El .+ escribió:|-----\s*Original Message\s*-----|From: .+)$", re.IGNORECASE
)


def _signature(post_id: int, person_id: int) -> str:
    return salted_hmac("hearth.reply", f"{post_id}.{person_id}").hexdigest()[:24]


def reply_address(post_id: int, person_id: int) -> str:
    signature = _signature(post_id, person_id)
    return f"reply+{post_id}.{person_id}.{signature}@{settings.HEARTH_REPLY_DOMAIN}"


@dataclass
class Outcome:
    ok: bool
    reason: str
    comment_id: int | None = None


def strip_reply(text: str) -> str:
    """The new words of a reply: no quoted lines, no "On ... wrote:" block, no signature."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip() in ("--", "-- ") or _QUOTE_HEADER.match(line.strip()):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _text_of(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return part.get_content()
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return plain_text(html.get_content())
    return ""


def _bounce(to: str, reason: str, values: dict[str, str]) -> None:
    """Tell the sender why their reply was not posted, in their language when they are one of
    ours (the person the reply address names, or whoever owns the sending address)."""
    if not to:
        return
    person = Person.objects.filter(email__iexact=to, is_active=True).first()
    with translation.override(getattr(person, "language", "") or settings.LANGUAGE_CODE):
        why = gettext(reason) % values
        EmailMessage(
            subject=f"[{settings.HEARTH_NETWORK_NAME}] " + gettext("Your reply was not posted"),
            body=gettext("Your email could not be posted as a comment: %(reason)s")
            % {"reason": why}
            + "\n\n"
            + gettext(
                "Reply from the address that received the notification, or answer on the site."
            ),
            to=[to],
            headers={"Auto-Submitted": "auto-replied"},
        ).send(fail_silently=True)


def receive(raw: bytes) -> Outcome:
    """Handle one inbound message; refuse (with a bounce and a log line) what is not valid."""
    if len(raw) > MAX_BYTES:
        return _refuse("", gettext_noop("the message is too large"))
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
        sender = parseaddr(str(message.get("From", "")))[1].lower()
        recipients = [
            address
            for _, address in getaddresses(
                [str(message.get(h, "")) for h in ("To", "Cc", "Delivered-To", "X-Original-To")]
            )
        ]
    except Exception:  # a malformed message: never a crash  # noqa: BLE001
        return _refuse("", gettext_noop("the message could not be read"))
    if str(message.get("Auto-Submitted", "no")).lower() not in ("", "no"):
        return Outcome(False, "automatic message ignored")  # never answer an auto-reply
    match = next((m for m in (_ADDRESS.match(a.strip()) for a in recipients) if m), None)
    if match is None:
        return _refuse(sender, gettext_noop("it was not sent to a reply address"))
    post_id, person_id, signature = int(match[1]), int(match[2]), match[3].lower()
    if not constant_time_compare(signature, _signature(post_id, person_id)):
        return _refuse(sender, gettext_noop("the reply address was altered"))
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None or person.email.lower() != sender:
        return _refuse(
            sender, gettext_noop("it did not come from the address the notification was sent to")
        )
    try:
        body = strip_reply(_text_of(message))
    except Exception:  # noqa: BLE001
        return _refuse(sender, gettext_noop("its text could not be read"))
    if not body:
        return _refuse(sender, gettext_noop("it has no text of its own"))

    with translation.override(person.language or settings.LANGUAGE_CODE):  # its reason too
        try:
            post = access_post(person, post_id)
            comment = comment_create(actor=person, post=post, body=body[:20_000])
        except NotFound:  # deleted, or no longer theirs to see
            detail = gettext("There is nothing here, or it is not visible to you.")
        except HearthError as error:
            detail = str(error.detail)
        else:
            detail = ""
    if detail:
        return _refuse(sender, gettext_noop("the post cannot take it (%(detail)s)"), detail=detail)
    logger.info("Reply by email from %s posted as comment %s", person.pk, comment.pk)
    return Outcome(True, "posted", comment.pk)


def _refuse(sender: str, reason: str, **values: str) -> Outcome:
    """Log and answer a refusal; `reason` is English (marked for translation) with `values`."""
    logger.warning("Inbound email refused (%s) from %r", reason % values, sender)
    _bounce(sender, reason, values)
    return Outcome(False, reason % values)
