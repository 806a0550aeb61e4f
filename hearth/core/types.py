"""Field types for the API's input: a date is a date, written as one.

Pydantic reads "0" as a Unix time (1970-01-01) and 0 as a date; the API takes dates only as
ISO 8601 text (`YYYY-MM-DD`, and `YYYY-MM-DDTHH:MM[:SS][zone]` for a moment), so a typo is a
422 that says what to send, not a date nobody meant. Objects already of the type (an output
schema built from a model) pass through; text is parsed here, so the strict JSON validation of
request bodies (`core.api`) sees a date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from pydantic import BeforeValidator

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _date_text(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date | None):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise ValueError("Send a date as YYYY-MM-DD.")
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"Not a date: {error}.") from error


def _moment_text(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime | None):
        return value
    if not isinstance(value, str) or not _MOMENT.match(value.strip()):
        raise ValueError("Send a date and time as YYYY-MM-DDTHH:MM[:SS], with its time zone.")
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"Not a date and time: {error}.") from error


IsoDate = Annotated[datetime.date, BeforeValidator(_date_text)]
IsoDateTime = Annotated[datetime.datetime, BeforeValidator(_moment_text)]

# A middleware's next step: the rest of the chain, then the view.
GetResponse = Callable[[HttpRequest], HttpResponseBase]


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware (every request does here)."""

    htmx: Any


class PageRequest(HtmxRequest):
    """A page's request: through django-htmx, and signed in unless the view is public
    (`SignInRequiredMiddleware`): `user` is the person (typed loosely, as core knows no app)."""

    user: Any


class ApiRequest(HttpRequest):
    """A request Ninja authenticated: `auth` is the person."""

    auth: Any


# Who is asking: a person, an anonymous visitor or nobody (a task). Access functions and
# selectors take one; what it may see is theirs to decide.
Viewer = Any
