"""My data (export and download), and the administrators' privacy page: retention, the purge,
deactivating and erasing a person."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.core.access import is_administrator
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors, html_errors
from hearth.people import services as people
from hearth.people.access import access_person

from . import services
from .forms import EraseForm
from .selectors import access_export, exports_for, last_purge, retention_policy


def _administrator(request: PageRequest) -> None:
    if not is_administrator(request.user):
        raise Http404  # the same answer as for a page that does not exist


@require_http_methods(["GET", "POST"])
@html_errors
def mine(request: PageRequest) -> HttpResponse:
    """My data: ask for an export, follow it (the list refreshes while one is being built)."""
    if request.method == "POST":
        services.export_request(actor=request.user)
        messages.success(
            request, _("Your export is being prepared; this page shows when it is ready.")
        )
        return redirect("privacy:mine")
    exports = list(exports_for(request.user)[:20])
    context = {
        "exports": exports,
        "busy": any(e.is_busy for e in exports),
        "policy": retention_policy(),
    }
    if request.htmx:
        return render(request, "privacy/_exports.html", context)
    return render(request, "privacy/mine.html", context)


@require_GET
def download(request: PageRequest, export_id: int) -> HttpResponseBase:
    try:
        export = access_export(request.user, export_id)
        services.export_downloaded(actor=request.user, export=export)
    except NotFound as error:
        raise Http404 from error
    except HearthError as error:
        messages.error(request, error.detail)
        return redirect("privacy:mine")
    stamp = (export.finished_at or export.created_at).strftime("%Y%m%d")
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        content_type="application/zip",
        filename=f"hearth-data-{request.user.username}-{stamp}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def overview(request: PageRequest) -> HttpResponse:
    """Administrators: the retention settings, the last purge, and finding someone to erase."""
    _administrator(request)
    query = request.GET.get("q", "").strip()[:150]
    found = None
    if query:
        try:
            found = access_person(request.user, query.lstrip("@"))
        except NotFound:
            found = None
    return render(
        request,
        "privacy/overview.html",
        {
            "policy": retention_policy(),
            "last": last_purge(),
            "query": query,
            "found": found,
            "now": timezone.now(),
        },
    )


@require_POST
@html_errors
def purge(request: PageRequest) -> HttpResponse:
    _administrator(request)
    counts = services.retention_purge(actor=request.user)
    messages.success(
        request,
        _(
            "Purge done: %(posts)d posts, %(comments)d comments, "
            "%(notifications)d notifications, %(exports)d exports."
        )
        % {
            "posts": counts["posts_purged"],
            "comments": counts["comments_purged"],
            "notifications": counts["notifications_deleted"],
            "exports": counts["exports_expired"],
        },
    )
    return redirect("privacy:overview")


def _person(request: PageRequest, username: str):
    _administrator(request)
    try:
        return access_person(request.user, username)
    except NotFound as error:
        raise Http404 from error


@require_http_methods(["GET", "POST"])
def person(request: PageRequest, username: str) -> HttpResponse:
    """One person's account: deactivate or reactivate it, or erase the person."""
    subject = _person(request, username)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.person_erase(actor=request.user, person=subject, **form.cleaned_data)
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Erased. The account is now “%(name)s”.")
                % {"name": result["person"].display_name},
            )
            return redirect("privacy:person", result["person"].username)
    return render(
        request,
        "privacy/person.html",
        {"subject": subject, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@html_errors
def deactivate(request: PageRequest, username: str) -> HttpResponse:
    subject = _person(request, username)
    if request.POST.get("active") == "1":
        people.person_reactivate(actor=request.user, person=subject)
        messages.success(request, _("%(name)s can sign in again.") % {"name": subject.name})
    else:
        if subject.pk == request.user.pk:
            messages.error(request, _("You cannot deactivate yourself."))
            return redirect("privacy:person", subject.username)
        people.person_deactivate(actor=request.user, person=subject)
        messages.success(
            request,
            _("%(name)s is deactivated; what they wrote stays, under their name.")
            % {"name": subject.name},
        )
    return redirect("privacy:person", subject.username)
