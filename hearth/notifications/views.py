"""The notifications page, the bell's count, and opening one notification."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hearth.core.errors import HearthError
from hearth.core.pagination import paginate

from . import services
from .models import Notification
from .selectors import decorate, notifications_for, unread_count


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    verb = request.GET.get("verb", "")
    if verb not in Notification.Verb.values:
        verb = ""
    try:
        rows, next_cursor = paginate(
            notifications_for(request.user, unread=unread, verb=verb),
            ordering=["-updated_at", "-id"], limit=30, cursor=request.GET.get("cursor"),
        )  # fmt: skip
    except HearthError as error:
        raise Http404 from error
    decorate(request.user, rows)
    return render(
        request, "notifications/list.html",
        {"notifications": rows, "next_cursor": next_cursor, "unread": unread, "verb": verb,
         "verbs": Notification.Verb.choices},
    )  # fmt: skip


@require_GET
def count(request: HttpRequest) -> HttpResponse:
    """The bell, refreshed by HTMX."""
    return render(
        request, "notifications/_bell.html", {"unread_notifications": unread_count(request.user)}
    )


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(actor=request.user, everything=True)
    return redirect("notifications:list")


@require_GET
def open_one(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notification read and go to what it is about."""
    notification = notifications_for(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    services.mark_read(actor=request.user, ids=[notification.pk])
    decorate(request.user, [notification])
    return redirect(notification.target_url)
