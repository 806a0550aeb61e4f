"""Webhooks in the public API: the webhooks I manage, one, change, delete, its deliveries, a
test event."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.core.api import STANDARD_ERRORS, PageQuery, page_out
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest

from . import services
from .access import access_subscription, subscriptions_for
from .schemas import DeliveryOut, DeliveryPage, WebhookIn, WebhookOut, WebhookPatch
from .selectors import deliveries_of

router = Router(tags=["webhooks"])


def _webhook(subscription) -> dict:
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "description": subscription.description,
        "kinds": subscription.kinds,
        "community": subscription.community.slug if subscription.community else None,
        "include_restricted": subscription.include_restricted,
        "active": subscription.active,
        "failing_since": subscription.failing_since,
        "created_at": subscription.created_at,
        "owner": subscription.owner.username,
        "secret": subscription.secret,
    }


@router.get("/webhooks", response={200: list[WebhookOut], **STANDARD_ERRORS}, summary="List")
def webhook_list(request: ApiRequest):
    """The webhooks you manage: yours, and every company-wide one for an administrator."""
    return [_webhook(s) for s in subscriptions_for(request.auth)[:200]]


@router.post("/webhooks", response={201: WebhookOut, **STANDARD_ERRORS}, summary="Create")
def webhook_create(request: ApiRequest, payload: WebhookIn):
    """Company-wide (administrators) or for a community you own; the target must not be in a
    private network unless the installation allows its host. The answer holds the signing
    secret (Standard Webhooks)."""
    community = access_community(request.auth, payload.community) if payload.community else None
    subscription = services.subscription_create(
        actor=request.auth,
        url=payload.url,
        kinds=payload.kinds,
        community=community,
        include_restricted=payload.include_restricted,
        description=payload.description,
    )
    return Status(201, _webhook(subscription))


@router.get("/webhooks/{webhook_id}", response={200: WebhookOut, **STANDARD_ERRORS}, summary="One")
def webhook_detail(request: ApiRequest, webhook_id: int):
    return _webhook(access_subscription(request.auth, webhook_id))


@router.patch(
    "/webhooks/{webhook_id}", response={200: WebhookOut, **STANDARD_ERRORS}, summary="Change"
)
def webhook_update(request: ApiRequest, webhook_id: int, payload: WebhookPatch):
    """Change the URL, the events or the description, or turn it off and on (on again clears
    a failing flag)."""
    subscription = services.subscription_update(
        actor=request.auth,
        subscription=access_subscription(request.auth, webhook_id),
        **payload.dict(exclude_unset=True),
    )
    return _webhook(subscription)


@router.delete("/webhooks/{webhook_id}", response={204: None, **STANDARD_ERRORS}, summary="Delete")
def webhook_delete(request: ApiRequest, webhook_id: int):
    services.subscription_delete(
        actor=request.auth, subscription=access_subscription(request.auth, webhook_id)
    )
    return Status(204, None)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response={200: DeliveryPage, **STANDARD_ERRORS},
    summary="Deliveries",
)
def delivery_list(request: ApiRequest, webhook_id: int, page: Query[PageQuery]):
    """The delivery log, newest first: each event sent, its attempts and the last answer."""
    subscription = access_subscription(request.auth, webhook_id)
    rows, next_cursor = paginate(
        deliveries_of(subscription),
        ordering=["-created_at", "-id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return page_out((_delivery(d) for d in rows), next_cursor)


def _delivery(delivery) -> dict:
    return {
        field: getattr(delivery, field)
        for field in DeliveryOut.model_fields  # the schema's fields, as the model names them
    }


@router.post(
    "/webhooks/{webhook_id}/test",
    response={202: DeliveryOut, **STANDARD_ERRORS},
    summary="Send a test event",
)
def delivery_test(request: ApiRequest, webhook_id: int):
    """A `webhook.test` event, sent now; the delivery log shows the receiver's answer."""
    delivery = services.delivery_send(
        actor=request.auth, subscription=access_subscription(request.auth, webhook_id)
    )
    return Status(202, _delivery(delivery))
