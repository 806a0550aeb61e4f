"""Marks the pages a device may keep for reading offline, and wipes a device at sign-out."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .views import KEEP_VIEWS


class OfflinePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = request.resolver_match
        name = match.view_name if match else ""
        if (
            request.method == "GET"
            and response.status_code == 200
            and name in KEEP_VIEWS
            and request.user.is_authenticated
            and not request.headers.get("HX-Request")
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response["X-Hearth-Offline"] = "keep"
        elif name == "account_logout" and request.method == "POST":
            # Signing out leaves nothing on the device: kept pages, the worker, local storage.
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
