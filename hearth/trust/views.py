"""Block and mute, the people I block, the audit log."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hearth.core.registry import audited_verbs
from hearth.core.spreadsheets import csv_writer
from hearth.core.types import PageRequest
from hearth.core.web import back, html_errors
from hearth.people.access import access_person

from . import services
from .forms import AuditFilterForm
from .selectors import audit_entries, blocks_and_mutes, detail_lines, is_auditor


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _toggle(request: PageRequest, username: str, *, kind: str) -> HttpResponse:
    person = access_person(request.user, username)
    on = request.POST.get("on") == "1"
    if kind == "block":
        services.block_set(actor=request.user, person=person, blocked=on)
        done = _("%(name)s is blocked.") if on else _("%(name)s is no longer blocked.")
    else:
        services.mute_set(actor=request.user, person=person, muted=on)
        done = _("%(name)s is muted.") if on else _("%(name)s is no longer muted.")
    messages.success(request, done % {"name": person.name})
    return redirect(back(request, person.get_absolute_url()))


@require_POST
@html_errors
def block(request: PageRequest, username: str) -> HttpResponse:
    return _toggle(request, username, kind="block")


@require_POST
@html_errors
def mute(request: PageRequest, username: str) -> HttpResponse:
    return _toggle(request, username, kind="mute")


@require_GET
def blocked(request: PageRequest) -> HttpResponse:
    return render(request, "trust/blocked.html", blocks_and_mutes(request.user))


AUDIT_PAGE = 100
AUDIT_COLUMNS = [
    "time",
    "action",
    "by",
    "target_type",
    "target_id",
    "target",
    "community_id",
    "detail",
]


def _audit_filters(request: PageRequest) -> tuple[AuditFilterForm, dict | None]:
    if not is_auditor(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    if not request.GET:
        return form, {}
    return form, form.filters() if form.is_valid() else None


@require_GET
def audit_log(request: PageRequest) -> HttpResponse:
    """The audit log for auditors: filter by action, person and dates; pages of 100."""
    form, filters = _audit_filters(request)
    entries, older = [], None
    if filters is not None:
        rows = audit_entries(request.user, **filters)
        before = _int(request.GET.get("before"))
        if before:
            rows = rows.filter(pk__lt=before)
        entries = list(rows.order_by("-id")[: AUDIT_PAGE + 1])
        if len(entries) > AUDIT_PAGE:
            entries = entries[:AUDIT_PAGE]
            query = request.GET.copy()
            query["before"] = entries[-1].pk
            older = query.urlencode()
    labels = audited_verbs()
    for entry in entries:
        entry.label = labels.get(entry.action, entry.action)
        entry.lines = detail_lines(entry.detail)
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "trust/audit.html",
        {"form": form, "entries": entries, "older": older, "export_query": query.urlencode()},
        status=400 if filters is None else 200,
    )


@require_GET
def audit_export(request: PageRequest) -> HttpResponseBase:
    """The filtered log as CSV; the export is itself written to the log first."""
    form, filters = _audit_filters(request)
    if filters is None:
        return render(request, "trust/audit.html", {"form": form, "entries": []}, status=400)
    services.audit_exported(actor=request.user, filters=filters)
    rows = audit_entries(request.user, **filters).order_by("id")

    def lines():
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(AUDIT_COLUMNS)
        for entry in rows.iterator(chunk_size=2000):
            writer.writerow(
                [
                    entry.created_at.isoformat(),
                    entry.action,
                    entry.actor_name,
                    entry.target_type,
                    entry.target_id or "",
                    entry.target_label,
                    entry.community_id or "",
                    json.dumps(entry.detail, sort_keys=True, ensure_ascii=False),
                ]
            )
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="hearth-audit-{stamp}.csv"'
    return response
