"""The notifications page, the bell's count, and opening one notification."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.core.errors import HearthError, Invalid
from hearth.core.pagination import paginate
from hearth.core.registry import notification_choices, notification_kinds
from hearth.core.types import PageRequest

from . import push, services
from .emails import unsubscriber
from .models import Frequency
from .selectors import (
    decorate,
    devices_for,
    frequencies_for,
    notifications_for,
    unread_count,
    unread_since,
)
from .services import device_add, device_remove, device_update, preference_set
from .services import email_unsubscribe as stop

PAGE_SIZE = 30


@require_GET
def notification_list(request: PageRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    verb = request.GET.get("verb", "")
    if verb not in notification_kinds:
        verb = ""
    try:
        rows, next_cursor = paginate(
            notifications_for(request.user, unread=unread, verb=verb),
            ordering=["-updated_at", "-id"],
            limit=PAGE_SIZE,
            cursor=request.GET.get("cursor"),
        )
    except HearthError as error:
        raise Http404 from error
    decorate(request.user, rows)
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": rows,
            "next_cursor": next_cursor,
            "unread": unread,
            "verb": verb,
            "verbs": notification_choices(),
        },
    )


@require_GET
def count(request: PageRequest) -> HttpResponse:
    """The bell, refreshed when the live stream says so; with `since`, a toast for what is new."""
    context: dict = {"unread_notifications": unread_count(request.user)}
    try:
        since = datetime.datetime.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = None
    if since is not None and context["unread_notifications"]:
        if timezone.is_naive(since):
            since = timezone.make_aware(since, datetime.UTC)
        fresh = list(unread_since(request.user, since)[:2])
        if fresh:
            decorate(request.user, fresh[:1])
            context["toast"] = fresh[0]
            context["toast_more"] = (
                min(context["unread_notifications"] - 1, 99) if len(fresh) > 1 else 0
            )
    return render(request, "notifications/_bell.html", context)


@require_POST
def read_all(request: PageRequest) -> HttpResponse:
    services.notifications_read(actor=request.user, everything=True)
    return redirect("notifications:list")


@require_GET
def open_one(request: PageRequest, notification_id: int) -> HttpResponse:
    """Mark a notification read and go to what it is about."""
    notification = notifications_for(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    services.notifications_read(actor=request.user, ids=[notification.pk])
    decorate(request.user, [notification])
    return redirect(notification.target_url)


@require_http_methods(["GET", "POST"])
def preferences(request: PageRequest) -> HttpResponse:
    """Choose, per kind of notification, how to hear about it by email."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    verbs = notification_choices()
    current = frequencies_for({request.user.pk}, {v for v, _ in verbs})
    if request.method == "POST":
        for verb, _label in verbs:
            chosen = request.POST.get(verb)
            if chosen in Frequency.values and chosen != current[(request.user.pk, verb)]:
                preference_set(actor=request.user, verb=verb, frequency=chosen)
        messages.success(request, _("Your email settings are saved."))
        return redirect("notifications:preferences")
    rows = [(verb, label, current[(request.user.pk, verb)]) for verb, label in verbs]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "frequencies": Frequency.choices},
    )


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: PageRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from an email (RFC 8058): the signed link is the credential."""

    found = unsubscriber(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    person, verb = found
    context = {"label": dict(notification_choices()).get(verb, ""), "digest": verb == "digest"}
    if request.method == "POST":
        stop(person=person, verb=verb)
        return render(request, "notifications/unsubscribe.html", {**context, "done": True})
    return render(request, "notifications/unsubscribe.html", context)


# Push notifications on devices --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def push_devices(request: PageRequest) -> HttpResponse:
    """The person's devices that receive push notifications; adding this browser (the page's
    script subscribes it with the push service, then posts its subscription here)."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    if request.method == "POST":
        try:
            device_add(
                actor=request.user,
                endpoint=request.POST.get("endpoint", ""),
                p256dh=request.POST.get("p256dh", ""),
                auth=request.POST.get("auth", ""),
                name=request.POST.get("name", ""),
                session_key=request.session.session_key,
            )
        except Invalid as error:
            fields = [{"field": e.field, "message": e.message} for e in error.errors]
            return JsonResponse({"detail": error.detail, "errors": fields}, status=422)
        messages.success(request, _("This device will receive push notifications."))
        return JsonResponse({"ok": True}, status=201)
    return render(
        request,
        "notifications/push.html",
        {
            "devices": devices_for(request.user),
            "kinds": notification_choices(),
            "public_key": push.public_key(),
        },
    )


@require_POST
def push_device(request: PageRequest, device_id: int) -> HttpResponse:
    from django.contrib import messages
    from django.utils.translation import gettext as _

    device = get_object_or_404(devices_for(request.user), pk=device_id)
    if request.POST.get("remove"):
        device_remove(actor=request.user, device=device)
        messages.success(request, _("The device receives nothing more."))
    else:
        device_update(actor=request.user, device=device, kinds=request.POST.getlist("kinds"))
        messages.success(request, _("Saved: %(name)s.") % {"name": device.name or _("device")})
    return redirect("notifications:push")
