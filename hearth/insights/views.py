"""Insights pages: the organisation dashboard, influencers, experts, personas, community health,
leaders as a group, the value report; and for everyone, "my persona" and people to follow."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.core.access import is_administrator
from hearth.core.errors import HearthError
from hearth.core.registry import impact_panels
from hearth.core.types import PageRequest
from hearth.core.web import back

from . import charts, report, selectors, services


def _filters_or_errors(request, default_days: int = 30):
    query = request.GET
    try:
        return selectors.parse_filters(
            request.user,
            default_days=default_days,
            start=query.get("start"),
            end=query.get("end"),
            department=query.get("department", ""),
            location=query.get("location", ""),
            country=query.get("country", ""),
            community=query.get("community", ""),
        ), None
    except HearthError as error:
        return None, error


def _choices(viewer) -> dict:
    return selectors.filter_choices(viewer)


def _require_viewer(request) -> None:
    if not selectors.may_view(request.user):
        raise Http404


@require_GET
def overview(request: PageRequest) -> HttpResponse:
    """Everyone: their own persona and people to follow. Analysts: the dashboard."""
    if not selectors.may_view(request.user):
        return render(request, "insights/mine.html", _mine(request))
    filters, error = _filters_or_errors(request)
    context = {
        "typed": request.GET,
        "error": error,
        **_choices(request.user),
        "built_at": selectors.built_at(),
    }
    if filters is not None:
        data = selectors.dashboard(request.user, filters)
        context.update(d=data, charts=charts.dashboard_charts(data))
    return render(request, "insights/dashboard.html", context, status=422 if error else 200)


def _mine(request) -> dict:
    return {
        "me": selectors.my_persona(request.user),
        "to_follow": selectors.people_to_follow(request.user),
        "named": selectors.is_named(request.user),
    }


@require_GET
def mine(request: PageRequest) -> HttpResponse:
    return render(request, "insights/mine.html", _mine(request))


@require_POST
def named(request: PageRequest) -> HttpResponse:
    on = services.named_set(actor=request.user, named=request.POST.get("named") == "1")
    messages.success(
        request,
        _("You may now be named in influence lists and reports.")
        if on
        else _("You will not be named in influence lists and reports; you are only counted."),
    )
    return redirect(back(request, "insights:mine"))


@impact_panels("insights")
def named_question(request: PageRequest) -> str:
    """On the impact page, once: may influence lists and reports name you? Whatever the answer,
    it is not asked again (it can be changed on "My insights")."""
    if selectors.named_asked(request.user):
        return ""
    return render_to_string("insights/_named_ask.html", request=request)


@require_GET
def influencers(request: PageRequest) -> HttpResponse:
    _require_viewer(request)
    department = selectors.department_named(request.GET.get("department", ""))
    topic = None
    if request.GET.get("topic"):
        try:
            topic = selectors.access_tag(request.user, request.GET["topic"])
        except HearthError:
            topic = None
    by_level = selectors.influence_by_level()
    chart = charts.scatter(
        _("Influence against org-chart level"),
        [
            (
                p["level"],
                p["percentile"],
                f"{p['person'].name if p['person'] else _('Someone')} · "
                f"{_('level')} {p['level']} · {p['percentile']:g}",
                p["beyond"],
            )
            for p in by_level["points"]
        ],
        _("Org-chart level"),
        _("Influence percentile"),
        max([p["level"] for p in by_level["points"]] or [1]),
    )
    return render(
        request,
        "insights/influencers.html",
        {
            "board": selectors.influencers(request.user, department=department),
            "department": department,
            "topic": topic,
            "topic_people": selectors.topic_influencers(topic) if topic else [],
            "levels": by_level["levels"],
            "beyond": [p for p in by_level["points"] if p["beyond"] and p["person"]][:20],
            "chart": chart,
            **_choices(request.user),
        },
    )


@require_GET
def personas(request: PageRequest) -> HttpResponse:
    _require_viewer(request)
    filters, error = _filters_or_errors(request, default_days=90)
    data = selectors.personas(filters) if filters else None
    chart = None
    if data:
        chart = charts.bar_chart(
            _("People by persona"),
            [(selectors.persona_label(name), n) for name, n in data["personas"].items()],
        )
    return render(
        request,
        "insights/personas.html",
        {
            "data": data,
            "chart": chart,
            "error": error,
            "typed": request.GET,
            "rows": [(selectors.persona_label(k), n) for k, n in data["personas"].items()]
            if data
            else [],
            "threshold": selectors.threshold(),
            **_choices(request.user),
        },
        status=422 if error else 200,
    )


@require_GET
def communities(request: PageRequest) -> HttpResponse:
    """Community health: the communications team sees all it may see; facilitators see the
    communities they lead."""
    if selectors.may_view(request.user):
        rows = selectors.community_health(request.user, only_at_risk=bool(request.GET.get("risk")))
    else:
        rows = selectors.community_health(
            request.user, only_at_risk=bool(request.GET.get("risk")), led_by=request.user
        )
        if not rows and not selectors.leads_any(request.user):
            raise Http404
    return render(
        request, "insights/communities.html", {"rows": rows, "risk": bool(request.GET.get("risk"))}
    )


@require_GET
def leaders(request: PageRequest) -> HttpResponse:
    _require_viewer(request)
    return render(
        request,
        "insights/leaders.html",
        {"o": selectors.leaders_overview(), "threshold": selectors.threshold()},
    )


@require_http_methods(["GET", "POST"])
def value_report(request: PageRequest) -> HttpResponse:
    """The report; an administrator's POST sets the minutes an answered question is assumed to
    save (a bad value shows the report again with what was typed and the error)."""
    _require_viewer(request)
    if request.method == "POST":
        if not is_administrator(request.user):
            raise PermissionDenied
        typed = request.POST.get("minutes_saved_per_answer", "")
        try:
            services.minutes_saved_set(actor=request.user, minutes=typed)
        except HearthError as error:
            shown = error.errors[0].message if error.errors else error.detail
            return _report(request, status=422, typed_minutes=typed, minutes_error=shown)
        messages.success(request, _("The assumption is saved; the report shows it."))
        return redirect(request.get_full_path())
    return _report(request)


def _report(request, status: int = 200, **extra) -> HttpResponse:
    query = request.GET
    filters, error = _filters_or_errors(request)
    data = None
    if filters is not None:
        try:
            data = report.build(request.user, filters)
        except HearthError as problem:
            error = problem
    fmt = query.get("format", "") if status == 200 else ""
    if data is not None and fmt == "pdf":
        response = HttpResponse(report.pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename(data, "pdf")}"'
        return response
    if data is not None and fmt == "csv":
        response = HttpResponse(report.csv_zip(data), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{report.filename(data, "zip")}"'
        return response
    return render(
        request,
        "insights/report.html",
        {"r": data, "error": error, "typed": query, **_choices(request.user), **extra},
        status=422 if error else status,
    )
