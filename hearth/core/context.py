"""Who is acting in the current request, for records written far from the view (signals).

A context variable, set per request by `CurrentActorMiddleware`: it lives only as long as the
request, so no process keeps state another one needs.
"""

from __future__ import annotations

import contextvars
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .types import GetResponse

_actor: contextvars.ContextVar[Any | None] = contextvars.ContextVar("hearth_actor", default=None)


def current_actor() -> Any | None:
    return _actor.get()


class CurrentActorMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        token = _actor.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)
