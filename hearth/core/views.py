"""The shell every page lives in: home, the pages later capabilities fill, errors, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET


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


def _error(request, status: int) -> HttpResponse:
    title, message = ERRORS[status]
    if request.path.startswith("/api/"):
        from .api import problem

        return problem(request, status, str(title), str(message))
    return render(request, "error.html", {"title": title, "message": message}, status=status)


@login_not_required
def not_found(request, exception=None):
    return _error(request, 404)


@login_not_required
def forbidden(request, exception=None):
    return _error(request, 403)


@login_not_required
def bad_request(request, exception=None):
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return _error(request, 413)
    return _error(request, 400)


@login_not_required
def server_error(request):
    if request.path.startswith("/api/"):
        from .api import problem

        return problem(request, 500, "Server error", "Something went wrong on our side.")
    # No context processors: the failure may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
