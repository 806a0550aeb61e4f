"""Notification emails: immediate ones from an outbox, daily and weekly digests, unsubscribe.

Every email is built for its recipient at sending time through the same selectors as the
pages, so it never carries what they may no longer see. An email is claimed before it is sent
and marked after; a crash in between means it is sent again after ten minutes with the same
Message-ID (at least once, never silently lost).
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Post
from hearth.conversations.selectors import post_list_for
from hearth.core.ops import delivery_failures
from hearth.core.registry import notification_kinds
from hearth.feeds.models import Follow
from hearth.people.models import Person

from .mailin import reply_address
from .models import DigestSent, Frequency, Notification
from .selectors import decorate, frequencies_for, kind_of, verbs_known

logger = logging.getLogger(__name__)
FRESH = datetime.timedelta(days=2)
_SALT = "hearth.unsubscribe"


def _claim_timeout() -> datetime.timedelta:
    """How long a claimed email may stay unsent before another attempt (a crashed sender)."""
    return datetime.timedelta(seconds=settings.HEARTH_EMAIL_CLAIM_SECONDS)


def unsubscribe_token(person_id: int, verb: str) -> str:
    return signing.dumps({"p": person_id, "v": verb}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    if data.get("v") not in notification_kinds and data.get("v") != "digest":
        return None
    return data["p"], data["v"]


def unsubscriber(token: str) -> tuple[Person, str] | None:
    """The active person and the kind a signed unsubscribe link is for, or None."""
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    person = Person.objects.filter(pk=found[0], is_active=True).first()
    return (person, found[1]) if person is not None else None


def _absolute(path: str) -> str:
    return f"{settings.HEARTH_BASE_URL}{path}"


def _message(
    person: Person,
    subject: str,
    template: str,
    context: dict,
    unsubscribe_verb: str,
    message_id: str,
    reply_to: str | None = None,
) -> EmailMultiAlternatives:
    unsubscribe = _absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(person.pk, unsubscribe_verb)])
    )
    context = {
        **context,
        "person": person,
        "network_name": settings.HEARTH_NETWORK_NAME,
        "unsubscribe_url": unsubscribe,
        "base_url": settings.HEARTH_BASE_URL,
    }
    with translation.override(person.language or "en"):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"[{settings.HEARTH_NETWORK_NAME}] {subject}",
        body=text,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<{message_id}@{settings.HEARTH_BASE_URL.split('://')[-1].split('/')[0]}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    if reply_to:
        message.reply_to = [reply_to]
    message.attach_alternative(html, "text/html")
    return message


def send_immediate(*, limit: int = 200) -> int:
    """Send the emails of notifications people want at once; return how many were sent."""
    now = timezone.now()
    unclaimed = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - _claim_timeout())
    due = Notification.objects.filter(
        unclaimed,
        email_frequency=Frequency.IMMEDIATE,
        emailed_at__isnull=True,
        read_at__isnull=True,
        created_at__gte=now - FRESH,
    )
    sent = 0
    connection = get_connection()
    for notification_id in list(due.values_list("id", flat=True)[:limit]):
        claimed = (
            Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)
            .filter(
                Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - _claim_timeout())
            )
            .update(email_claimed_at=timezone.now())
        )
        if not claimed:
            continue  # another worker has it
        notification = Notification.objects.select_related("recipient", "actor").get(
            pk=notification_id
        )
        person = notification.recipient
        if not person.is_active or not person.email:
            Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
            continue
        with translation.override(person.language or "en"):  # the subject in their language
            decorate(person, [notification])
        if notification.hidden:
            # The post is no longer visible to them: nothing to tell by email.
            Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
            continue
        message = _message(
            person,
            notification.text,
            "notification",
            {"notification": notification, "url": _absolute(notification.target_url)},
            notification.verb,
            f"notification-{notification.pk}",
            # A reply to a moderation decision must not become a comment on the post.
            reply_to=reply_address(notification.post_id, person.pk)
            if notification.post_id and not kind_of(notification).news
            else None,
        )
        try:
            connection.send_messages([message])
        except Exception:  # SMTP down: release the claim, try again later
            logger.exception("Could not send notification %s", notification_id)
            delivery_failures().labels("notification").inc()
            Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
            continue
        Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
        sent += 1
    return sent


def _local(person: Person, now: datetime.datetime) -> datetime.datetime:
    try:
        return now.astimezone(zoneinfo.ZoneInfo(person.time_zone or "UTC"))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return now.astimezone(datetime.UTC)


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """Send the daily (and on Mondays the weekly) digest to people whose local hour has come.

    A person gets a digest only if some kind of notification is set to it; an empty digest is
    never sent.
    """

    now = now or timezone.now()
    sent = 0
    connection = get_connection()
    verbs = set(verbs_known())
    people = (
        Person.objects.filter(is_active=True)
        .exclude(email="")
        .only("id", "email", "time_zone", "language", "display_name", "username")
    )
    for person in people.iterator(chunk_size=2000):
        local = _local(person, now)
        if local.hour != settings.HEARTH_DIGEST_HOUR:
            continue
        chosen = set(frequencies_for({person.pk}, verbs).values())
        kinds = [Frequency.DAILY] if Frequency.DAILY in chosen else []
        if local.weekday() == 0 and Frequency.WEEKLY in chosen:
            kinds.append(Frequency.WEEKLY)
        for kind in kinds:
            period = (
                local.date().isoformat()
                if kind == Frequency.DAILY
                else (f"{local.isocalendar().year}-W{local.isocalendar().week:02d}")
            )
            sent += _digest(person, kind, period, connection, now)
    return sent


def _digest(person: Person, kind: str, period: str, connection, now) -> int:
    from django.db import IntegrityError, transaction

    items = list(
        Notification.objects.filter(
            recipient=person, email_frequency=kind, digested_at__isnull=True, read_at__isnull=True
        )
        .select_related("actor")
        .order_by("-updated_at")[:50]
    )
    with translation.override(person.language or "en"):  # each line in their language
        decorate(person, items)
    visible = [n for n in items if not n.hidden]
    days = 1 if kind == Frequency.DAILY else 7
    since = now - datetime.timedelta(days=days)
    questions = _questions_for(person, since=since)
    followed, activity = (
        _followed_posts(person, since=since),
        _community_activity(person, since=since),
    )
    if not visible and not questions and not followed and not activity:
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=timezone.now())
        return 0  # an empty digest is not sent
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                person=person, kind=kind, period=period, sent_at=timezone.now(), items=len(visible)
            )
    except IntegrityError:
        return 0  # already sent for this period
    for n in visible:
        n.absolute_url = _absolute(n.target_url)
    for post in [*questions, *followed]:
        post.absolute_url = _absolute(post.get_absolute_url())
    for row in activity:
        row["absolute_url"] = _absolute(row["community"].get_absolute_url())
    with translation.override(person.language or "en"):
        subject = (
            translation.gettext("Your daily digest")
            if kind == Frequency.DAILY
            else (translation.gettext("Your weekly digest"))
        )
    message = _message(
        person,
        subject,
        "digest",
        {
            "items": visible,
            "questions": questions,
            "kind": kind,
            "followed": followed,
            "activity": activity,
        },
        "digest",
        f"digest-{person.pk}-{kind}-{period}",
    )
    try:
        connection.send_messages([message])
    except Exception:
        logger.exception("Could not send the %s digest to %s", kind, person.pk)
        delivery_failures().labels("digest").inc()
        DigestSent.objects.filter(person=person, kind=kind, period=period).delete()
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=timezone.now())
    return 1


def _followed_posts(person: Person, *, since, limit: int = 5) -> list:
    """What the people this person follows posted in the period (that they may read)."""

    followed = Follow.objects.filter(follower=person, person__isnull=False).values("person_id")
    return list(
        post_list_for(person)
        .filter(author_id__in=followed, published_at__gte=since)
        .order_by("-published_at")[:limit]
    )


def _community_activity(person: Person, *, since, limit: int = 5) -> list[dict]:
    """How many new posts each of the person's (unmuted) communities had in the period."""
    from django.db.models import Count

    mine = Membership.objects.filter(
        person=person, state=Membership.State.ACTIVE, muted=False
    ).values("community_id")
    rows = (
        post_list_for(person)
        .filter(community_id__in=mine, published_at__gte=since)
        .exclude(author=person)
        .values("community_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    )
    communities = Community.objects.in_bulk([r["community_id"] for r in rows])
    return [{"community": communities[r["community_id"]], "posts": r["n"]} for r in rows]


def _questions_for(person: Person, *, since, limit: int = 5) -> list:
    """Recent unanswered questions the person could answer (their skills), that they may read."""

    skills = list(person.skills.values_list("id", flat=True))
    if not skills:
        return []
    return list(
        post_list_for(person, kind=Post.Kind.QUESTION)
        .filter(accepted_comment__isnull=True, published_at__gte=since, topics__in=skills)
        .exclude(author=person)
        .distinct()
        .order_by("-published_at")[:limit]
    )
