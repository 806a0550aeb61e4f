"""What HTML views share: domain errors shown as form errors or messages, never as a 500."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import HearthError, NotFound
from .types import HtmxRequest

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocal(forms.DateTimeInput):
    """The browser's own date and time picker (`<input type="datetime-local">`), in the
    reader's local time; its fields read it with `input_formats=[DATETIME_LOCAL]`."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_LOCAL)


def form_errors(form: forms.BaseForm, error: HearthError) -> None:
    """Show a domain error on the form fields it names (or above the form)."""
    for field_error in error.errors:
        field = field_error.field.split(".")[0]
        form.add_error(field if field in form.fields else None, field_error.message)
    if not error.errors:
        form.add_error(None, error.detail)


def back(request: HttpRequest, fallback: str) -> str:
    """Where to go after an action: a safe `next`, else the referring page, else `fallback`."""
    for candidate in (request.POST.get("next"), request.GET.get("next")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return fallback


def html_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run an action view; a domain error becomes a 404, a 403, or a message on the way back.

    For HTMX requests the message is swapped into the page's alert region with the error status.
    """

    @functools.wraps(view)
    def wrapper(request: HtmxRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404 from error
        except HearthError as error:
            if error.status == 403 and not request.htmx:
                raise PermissionDenied(error.detail) from error
            if request.htmx:
                response = HttpResponse(
                    f'<p class="message message-error">{escape(error.detail)}</p>',
                    status=error.status,
                )
                response["HX-Retarget"] = "#alerts"
                response["HX-Reswap"] = "innerHTML"
                return response
            messages.error(request, error.detail)
            return redirect(back(request, "/"))

    return wrapper
