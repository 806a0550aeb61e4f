"""Writes for webhooks: subscriptions (created, changed, deleted, tested), the event consumer
that turns events into deliveries, and the worker's sending with retries.

Exactly once: the consumer writes one `Delivery` per subscription and event (a unique
constraint) in the transaction that moves its cursor, so a crash never loses nor doubles one.
A worker claims a delivery for a lease before sending it, so two workers never send it at the
same time, and a worker killed after claiming leaves it to the next one once the lease ends.
Every attempt carries the same `webhook-id`: a receiver that got an answer lost on the way
recognises the retry (Standard Webhooks)."""

from __future__ import annotations

import base64
import datetime
import json
import logging
import secrets
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

from hearth.communities.models import Community
from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import consumer, event_record
from hearth.core.models import Event
from hearth.core.outbound import Refused, target_check
from hearth.core.registry import erasers
from hearth.people.models import Person

from .access import may_subscribe, still_owned
from .models import KINDS, Delivery, Subscription
from .selectors import payloads_for, subscribed_verbs
from .tasks import send_webhooks

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
RETRY_FOR = datetime.timedelta(days=1)
# After the first failed attempt, then capped: about fifteen attempts in a day.
BACKOFF = [30, 120, 600, 1800, 3600, 7200]


def lease() -> datetime.timedelta:
    """How long a worker holds a delivery it sends (longer than an attempt can take)."""
    return datetime.timedelta(seconds=settings.HEARTH_WEBHOOK_LEASE_SECONDS)


def _secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _check(
    actor: Person,
    *,
    url: str,
    kinds: list[str],
    community: Community | None,
    include_restricted: bool,
    description: str,
) -> None:
    errors: list[FieldError] = []
    rules.check(Subscription, errors, required=("url",), url=url, description=description)
    if url and not errors:
        try:
            target_check(url)
        except Refused as refused:
            errors.append(FieldError("url", str(refused)))
    unknown = [k for k in kinds if k not in KINDS]
    if not kinds or unknown:
        errors.append(FieldError("kinds", _("Choose one or more of: %s.") % ", ".join(KINDS)))
    if include_restricted and community is not None:
        errors.append(
            FieldError("include_restricted", _("A community's webhook carries that community."))
        )
    if errors:
        raise Invalid(_("The webhook was not saved."), errors)


def _may(actor: Person, community: Community | None, include_restricted: bool) -> None:
    if not may_subscribe(actor, community):
        if community is None:
            raise Forbidden(_("Company-wide webhooks are set by administrators."))
        raise Forbidden(_("A community's webhooks are set by its owners."))
    if include_restricted and not may_subscribe(actor, None):
        raise Forbidden(_("Only an administrator grants private and secret content."))


@transaction.atomic
def subscription_create(
    *,
    actor: Person,
    url: str,
    kinds: list[str],
    community: Community | None = None,
    include_restricted: bool = False,
    description: str = "",
) -> Subscription:
    """Subscribe a URL to kinds of event (audited); its signing secret is made here."""
    url, description = (url or "").strip(), " ".join((description or "").split())
    kinds = list(dict.fromkeys(kinds or []))
    _may(actor, community, include_restricted)
    _check(
        actor,
        url=url,
        kinds=kinds,
        community=community,
        include_restricted=include_restricted,
        description=description,
    )
    subscription = Subscription.objects.create(
        owner=actor,
        community=community,
        url=url,
        description=description,
        kinds=kinds,
        include_restricted=include_restricted,
        secret=_secret(),
        created_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb="webhook.created",
        obj=subscription,
        community_id=community.pk if community else None,
        metadata={"url": url, "kinds": kinds, "include_restricted": include_restricted},
    )
    return subscription


@transaction.atomic
def subscription_update(
    *,
    actor: Person,
    subscription: Subscription,
    url: str | None = None,
    kinds: list[str] | None = None,
    include_restricted: bool | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> Subscription:
    """Change where a webhook goes, what it hears, or turn it on and off (audited). Turning a
    failing webhook on again clears the flag."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    grant = subscription.include_restricted if include_restricted is None else include_restricted
    _may(actor, subscription.community, grant and not subscription.include_restricted)
    new: dict[str, Any] = {
        "url": subscription.url if url is None else url.strip(),
        "kinds": subscription.kinds if kinds is None else list(dict.fromkeys(kinds)),
        "include_restricted": grant,
        "description": subscription.description
        if description is None
        else " ".join(description.split()),
    }
    _check(
        actor,
        url=new["url"],
        kinds=new["kinds"],
        community=subscription.community,
        include_restricted=grant,
        description=new["description"],
    )
    before = {
        "url": subscription.url,
        "kinds": subscription.kinds,
        "include_restricted": subscription.include_restricted,
        "active": subscription.active,
    }
    for field, value in new.items():
        setattr(subscription, field, value)
    if active is not None:
        subscription.active = active
        if active:
            subscription.failing_since = None
    subscription.save()
    after = {field: getattr(subscription, field) for field in before}
    if after != before:
        event_record(
            actor=actor,
            verb="webhook.updated",
            obj=subscription,
            community_id=subscription.community_id,
            metadata={"before": before, "after": after},
        )
    return subscription


@transaction.atomic
def subscription_delete(*, actor: Person, subscription: Subscription) -> None:
    """Remove a webhook and its delivery log (audited)."""
    _may(actor, subscription.community, False)
    event_record(
        actor=actor,
        verb="webhook.deleted",
        obj=subscription,
        community_id=subscription.community_id,
        metadata={"url": subscription.url, "kinds": subscription.kinds},
    )
    subscription.delete()


def _message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


@transaction.atomic
def delivery_send(*, actor: Person, subscription: Subscription) -> Delivery:
    """Send a test event now (the delivery log shows how the receiver answered)."""
    _may(actor, subscription.community, False)
    if not subscription.active:
        raise Conflict(_("This webhook is off; turn it on first."))
    now = timezone.now()
    delivery = Delivery.objects.create(
        subscription=subscription,
        message_id=_message_id(),
        kind="webhook.test",
        payload={
            "type": "webhook.test",
            "timestamp": now.isoformat(),
            "data": {"webhook": subscription.pk, "message": "A test from Hearth."},
        },
        next_attempt_at=now,
        created_at=now,
    )
    transaction.on_commit(_schedule)
    return delivery


@consumer("webhooks", verbs=subscribed_verbs)
def deliveries_from_event(event: Event) -> None:
    """One delivery per subscription that hears the event and may see what it is about."""
    active = list(Subscription.objects.filter(active=True).select_related("owner", "community"))
    # A community's webhook whose owner no longer owns the community hears nothing more.
    owned = still_owned(active)
    subscriptions = [s for s in active if s.community_id is None or s.pk in owned]
    now = timezone.now()
    rows = [
        Delivery(
            subscription=subscription,
            event=event,
            message_id=_message_id(),
            kind=payload["type"],
            payload=payload,
            next_attempt_at=now,
            created_at=now,
        )
        for subscription, payload in payloads_for(subscriptions, event)
    ]
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        transaction.on_commit(_schedule)


def _schedule() -> None:
    try:
        send_webhooks()
    except Exception:  # the periodic sender picks them up within a minute
        logger.exception("Could not enqueue webhook deliveries")


def deliveries_send_due(*, now: datetime.datetime | None = None, limit: int = 100) -> int:
    """Send what is due, each claimed first; how many were attempted. (`now`: a moment to act
    at, for tests; each claim is taken at the later of it and the clock, so a long round never
    claims with a lease already over.)"""

    def moment() -> datetime.datetime:
        return timezone.now() if now is None else max(now, timezone.now())

    def free(at: datetime.datetime) -> Q:
        return Q(claimed_until__isnull=True) | Q(claimed_until__lt=at)

    started = moment()
    due = list(
        Delivery.objects.filter(
            free(started), status=Delivery.Status.PENDING, next_attempt_at__lte=started
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    attempted = 0
    for pk in due:
        at = moment()
        claimed = Delivery.objects.filter(free(at), pk=pk, status=Delivery.Status.PENDING).update(
            claimed_until=at + lease()
        )
        if claimed:  # else another worker took it
            delivery_attempt(pk, now=at)
            attempted += 1
    return attempted


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is the receiver's answer, never followed


def _post(subscription: Subscription, delivery: Delivery) -> tuple[int | None, str]:
    """POST the signed payload; (status, error)."""
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    try:
        target_check(subscription.url)  # http(s) only, and not into a private network
    except Refused as refused:
        return None, str(refused)
    sent_at = timezone.now()
    signature = Webhook(subscription.secret).sign(delivery.message_id, sent_at, body)
    request = urllib.request.Request(  # noqa: S310 - target_check allowed the scheme
        subscription.url,
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Hearth-Webhooks/1",
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": signature,
        },
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return None, str(reason)[:300]


def delivery_attempt(pk: int, *, now: datetime.datetime | None = None) -> Delivery | None:
    """One attempt at a claimed delivery; the outcome is written at once."""
    delivery = Delivery.objects.select_related("subscription").filter(pk=pk).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return delivery
    subscription = delivery.subscription
    now = now or timezone.now()
    if not subscription.active:
        status, error = None, "The webhook is off."
    else:
        status, error = _post(subscription, delivery)
    delivery.attempts += 1
    delivery.response_status = status
    delivery.claimed_until = None
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.error = Delivery.Status.DELIVERED, now, ""
        delivery.save()
        return delivery
    delivery.error = error or f"HTTP {status}"
    wait = BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
    delivery.next_attempt_at = now + datetime.timedelta(seconds=wait)
    if delivery.event_id is None:  # a test is tried once: its answer is what was asked
        delivery.status = Delivery.Status.FAILED
        delivery.save()
    elif not subscription.active or delivery.next_attempt_at > delivery.created_at + RETRY_FOR:
        _give_up(delivery, now)
    else:
        delivery.save()
    return delivery


@transaction.atomic
def _give_up(delivery: Delivery, now: datetime.datetime) -> None:
    delivery.status = Delivery.Status.FAILED
    delivery.save()
    subscription = Subscription.objects.select_for_update().get(pk=delivery.subscription_id)
    if subscription.active and subscription.failing_since is None:
        subscription.failing_since = now
        subscription.save(update_fields=["failing_since"])
        event_record(
            actor=None,
            verb="webhook.failing",
            obj=subscription,
            community_id=subscription.community_id,
            metadata={
                "owner": subscription.owner_id,
                "url": subscription.url,
                "message_id": delivery.message_id,
                "error": delivery.error,
            },
        )


@erasers("webhooks")
def person_forget(person: Person) -> None:
    """Erasure: the webhooks the person set, with their delivery logs."""
    Subscription.objects.filter(owner=person).delete()
