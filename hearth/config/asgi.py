"""The application `hearth serve` runs: pages through Django's WSGI handler in a fixed pool of
threads, the live stream through Django's ASGI handler, on one port.

Django's ASGI handler runs each request's synchronous code in a thread made for that request, so
every page opened a database connection of its own and paid the sync-to-async hand-offs of each
middleware. A fixed pool of threads (a2wsgi) keeps its connections from one request to the next
(CONN_MAX_AGE) and runs the middleware as plain calls. Only the live stream, an async view that
stays open for minutes, needs the ASGI handler; its connections are closed when it ends.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.base")

from a2wsgi import WSGIMiddleware  # noqa: E402
from a2wsgi.asgi_typing import Receive, Scope, Send  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.core.signals import request_finished  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connections  # noqa: E402

#: Paths served by Django's ASGI handler; every other request is a page, served by a thread of
#: the pool.
ASYNC_PREFIXES = ("/live/",)
#: Threads per process serving pages (`hearth serve --threads`).
THREADS = int(os.environ.get("HEARTH_WEB_THREADS", "4"))


def _close_after_async_request(sender: object, **kwargs: object) -> None:
    """The ASGI handler's thread ends with its request: its connections must not outlive it.
    (A response closed outside any handler sends no class.)"""
    if isinstance(sender, type) and issubclass(sender, ASGIHandler):
        connections.close_all()


request_finished.connect(_close_after_async_request, dispatch_uid="hearth-close-after-asgi")

streams = get_asgi_application()
pages = WSGIMiddleware(get_wsgi_application(), workers=THREADS)  # type: ignore[arg-type]


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http" and not scope["path"].startswith(ASYNC_PREFIXES):
        await pages(scope, receive, send)
    else:
        await streams(scope, receive, send)  # type: ignore[arg-type]
