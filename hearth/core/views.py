"""The shell every page lives in: home, the pages later capabilities fill, errors, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .ops import metrics_text, readiness


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


ERRORS = {
    400: (_("Bad request"), _("The request could not be understood.")),
    403: (_("Not allowed"), _("You do not have access to this page.")),
    404: (_("Page not found"), _("There is nothing here, or it is not visible to you.")),
    413: (
        _("Too large"),
        _(
            "What you sent is too large: at most 5 MB of text, and files up to the attachment "
            "limit. Go back, shorten it, and try again."
        ),
    ),
}


def _error(request: HttpRequest, status: int) -> HttpResponse:
    title, message = ERRORS[status]
    if request.path.startswith("/api/"):
        from .api import problem

        return problem(request, status, str(title), str(message))
    return render(request, "error.html", {"title": title, "message": message}, status=status)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return _error(request, 413)
    return _error(request, 400)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from .api import problem

        return problem(request, 500, "Server error", "Something went wrong on our side.")
    # No context processors: the failure may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest page behind sign-in: every middleware, no query of its own. Pages can ask
    whether the session still holds; `make bench` measures it as the ceiling of the others."""
    return HttpResponse("ok", content_type="text/plain", headers={"Cache-Control": "no-store"})


@login_not_required
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness for a load balancer: database, cache and worker lag (503 when not ready)."""

    ok, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ok else "not ready", **checks}, status=200 if ok else 503
    )


@login_not_required
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for loopback scrapers or a bearer of HEARTH_METRICS_TOKEN."""
    import hmac

    from django.conf import settings
    from prometheus_client import CONTENT_TYPE_LATEST

    token = settings.HEARTH_METRICS_TOKEN
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    # Loopback, and not a request a proxy on the same machine forwarded from elsewhere.
    local = request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1") and not (
        request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded")
    )
    if not (local or (token and hmac.compare_digest(sent, token))):
        return HttpResponse(
            "Metrics are for the operators' scraper.\n", status=403, content_type="text/plain"
        )
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
