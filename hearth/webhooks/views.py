"""Webhooks in the product: the list and a new one, one webhook with its delivery log, a test,
turning it off and on, deleting it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.access import access_community
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors, html_errors

from . import services
from .access import (
    access_subscription,
    may_subscribe_company,
    owned_communities,
    subscriptions_for,
)
from .forms import WebhookForm
from .selectors import deliveries_of


def _subscription(request: PageRequest, webhook_id: int):
    try:
        return access_subscription(request.user, webhook_id)
    except NotFound as error:
        raise Http404 from error


@require_http_methods(["GET", "POST"])
def webhooks(request: PageRequest) -> HttpResponse:
    """The webhooks I manage, and a new one (company-wide or for a community I own)."""
    company = may_subscribe_company(request.user)
    places = list(owned_communities(request.user).order_by("name"))
    form = WebhookForm(request.POST or None, places=places, company=company)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community = (
                access_community(request.user, data["community"]) if data["community"] else None
            )
            created = services.subscription_create(
                actor=request.user,
                url=data["url"],
                kinds=data["kinds"],
                community=community,
                include_restricted=data.get("include_restricted", False),
                description=data["description"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Webhook saved. Its signing secret is below."))
            return redirect("webhooks:detail", created.pk)
    return render(
        request,
        "webhooks/list.html",
        {
            "subscriptions": list(subscriptions_for(request.user)),
            "form": form,
            "may_create": company or bool(places),
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def detail(request: PageRequest, webhook_id: int) -> HttpResponse:
    """One webhook: change it, its secret, and its last deliveries."""
    subscription = _subscription(request, webhook_id)
    initial = {
        "url": subscription.url,
        "description": subscription.description,
        "kinds": subscription.kinds,
        "include_restricted": subscription.include_restricted,
    }
    form = WebhookForm(
        request.POST or None,
        initial=initial,
        company=subscription.community_id is None and may_subscribe_company(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.subscription_update(
                actor=request.user,
                subscription=subscription,
                url=data["url"],
                kinds=data["kinds"],
                description=data["description"],
                include_restricted=data.get("include_restricted"),
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Webhook saved."))
            return redirect("webhooks:detail", subscription.pk)
    return render(
        request,
        "webhooks/detail.html",
        {
            "subscription": subscription,
            "form": form,
            "deliveries": list(deliveries_of(subscription)[:50]),
        },
        status=422 if form.errors else 200,
    )


@require_GET
def deliveries(request: PageRequest, webhook_id: int) -> HttpResponse:
    """The delivery log alone (the detail page refreshes it)."""
    subscription = _subscription(request, webhook_id)
    return render(
        request,
        "webhooks/_deliveries.html",
        {"subscription": subscription, "deliveries": list(deliveries_of(subscription)[:50])},
    )


@require_POST
@html_errors
def test(request: PageRequest, webhook_id: int) -> HttpResponse:
    subscription = _subscription(request, webhook_id)
    services.delivery_send(actor=request.user, subscription=subscription)
    messages.success(request, _("Test event sent; its answer appears in the log below."))
    return redirect("webhooks:detail", subscription.pk)


@require_POST
@html_errors
def active(request: PageRequest, webhook_id: int) -> HttpResponse:
    subscription = _subscription(request, webhook_id)
    on = request.POST.get("active") == "1"
    services.subscription_update(actor=request.user, subscription=subscription, active=on)
    messages.success(request, _("Webhook turned on.") if on else _("Webhook turned off."))
    return redirect("webhooks:detail", subscription.pk)


@require_POST
@html_errors
def delete(request: PageRequest, webhook_id: int) -> HttpResponse:
    subscription = _subscription(request, webhook_id)
    services.subscription_delete(actor=request.user, subscription=subscription)
    messages.success(request, _("Webhook deleted."))
    return redirect("webhooks:list")
