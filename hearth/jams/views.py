"""Jam pages: the list, creating one, the landing page, themes with their composer and
facilitator tools, alerts, the live dashboard and the closing report (page, CSV, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.models import Community
from hearth.communities.selectors import community_list_for
from hearth.core.access import is_administrator
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors, html_errors
from hearth.people.access import access_person

from . import access, selectors, services
from . import report as report_files
from .forms import (
    AlertForm,
    ContributeForm,
    FollowUpForm,
    JamEditForm,
    JamForm,
    ReportForm,
    parse_themes,
    usernames,
)
from .models import Jam


def _jam(request: PageRequest, slug: str) -> Jam:
    try:
        return selectors.access_jam(request.user, slug)
    except NotFound as error:
        raise Http404 from error


def _contribution(request: PageRequest, jam: Jam, post_id: int):
    try:
        return selectors.access_contribution(request.user, jam, post_id)
    except NotFound as error:
        raise Http404 from error


@require_GET
def jam_list(request: PageRequest) -> HttpResponse:
    jams = list(selectors.jam_list_for(request.user))
    order = ("live", "scheduled", "closed", "reported")  # what one can join now comes first
    groups = {state: [j for j in jams if j.state == state] for state in order}
    return render(
        request,
        "jams/list.html",
        {
            "groups": groups,
            "may_create": access.may_create(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def jam_new(request: PageRequest) -> HttpResponse:
    if not access.may_create(request.user):
        raise Http404
    purpose = list(community_list_for(request.user, kind=Community.Kind.PURPOSE)[:200])
    form = JamForm(request.POST or None, purpose_communities=purpose)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        serves = next((c for c in purpose if c.slug == data["serves"]), None)
        try:
            jam = services.jam_create(
                actor=request.user,
                data=services.JamIn(
                    title=data["title"],
                    challenge=data["challenge"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    themes=parse_themes(data["themes"]),
                    hosts=usernames(data["hosts"]),
                    serves=serves,
                    audience_departments=data["audience_departments"],
                    audience_locations=data["audience_locations"],
                    audience_countries=usernames(data["audience_countries"]),
                    allow_anonymous=data["allow_anonymous"],
                    goal_pct=data["goal_pct"],
                ),
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The jam is scheduled."))
            return redirect(jam)
    return render(request, "jams/new.html", {"form": form}, status=422 if form.errors else 200)


@require_GET
def jam_detail(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    services.jam_visit(actor=request.user, jam=jam)
    state = jam.state
    themes = list(jam.themes.prefetch_related("facilitators"))
    counts = selectors.theme_counts(jam)
    for item in themes:
        item.count = counts.get(item.pk, 0)
    context = {
        "jam": jam,
        "state": state,
        "now": timezone.now(),
        "themes": themes,
        "hosts": list(jam.hosts.all()),
        "reminded": selectors.reminded(request.user, jam),
        "spotlight": list(
            selectors.contributions_for(request.user, jam).filter(spotlight=True)[:5]
        ),
        "recent": list(selectors.contributions_for(request.user, jam)[:10]),
        "alerts": list(jam.alerts.select_related("theme")[:5]),
        "may_facilitate": access.may_facilitate(request.user, jam),
        "is_host": access.is_host(request.user, jam),
        "host_threads": list(
            selectors.contributions_for(request.user, jam).filter(is_host_thread=True)
        ),
    }
    if request.htmx:
        return render(request, "jams/detail.html#countdown", context)
    return render(request, "jams/detail.html", context)


@require_http_methods(["GET", "POST"])
def jam_edit(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    if not (
        is_administrator(request.user)
        or jam.created_by_id == request.user.pk
        or access.is_host(request.user, jam)
    ):
        raise Http404
    initial = {
        f: getattr(jam, f)
        for f in (
            "version",
            "title",
            "challenge",
            "starts_at",
            "ends_at",
            "goal_pct",
            "allow_anonymous",
        )
    }
    form = JamEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.jam_update(
                actor=request.user, jam=jam, change=services.JamChange(**form.cleaned_data)
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The jam is updated."))
            return redirect(jam)
    return render(
        request,
        "jams/edit.html",
        {"jam": jam, "form": form},
        status=(409 if any("meanwhile" in str(e) for e in form.non_field_errors()) else 422)
        if form.errors
        else 200,
    )


@require_POST
@html_errors
def remind(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    on = services.reminder_set(actor=request.user, jam=jam, on=request.POST.get("on") != "0")
    messages.success(
        request, _("We will tell you when it starts.") if on else _("No reminder then.")
    )
    return redirect(jam)


@require_http_methods(["GET", "POST"])
def theme(request: PageRequest, slug: str, theme_id: int) -> HttpResponse:
    jam = _jam(request, slug)
    try:
        current = selectors.access_theme(request.user, jam, theme_id)
    except NotFound as error:
        raise Http404 from error
    services.jam_visit(actor=request.user, jam=jam)
    form = ContributeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_create(
                actor=request.user,
                jam=jam,
                theme=current,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                anonymous=data["anonymous"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Thank you: your contribution is in."))
            return redirect(current)
    order = request.GET.get("order", "new")
    rows = list(selectors.contributions_for(request.user, jam, theme=current, order=order)[:100])
    may_facilitate = access.may_facilitate(request.user, jam, current)
    ideas = [c for c in rows if c.post.kind == "idea"] if may_facilitate else []
    return render(
        request,
        "jams/theme.html",
        {
            "jam": jam,
            "theme": current,
            "state": jam.state,
            "form": form,
            "rows": rows,
            "order": order,
            "may_facilitate": may_facilitate,
            "ideas": ideas,
            "facilitators": list(current.facilitators.all()),
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def alerts(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    if not access.may_facilitate(request.user, jam):
        raise Http404
    themes = list(jam.themes.all())
    form = AlertForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        target = next((t for t in themes if str(t.pk) == form.cleaned_data["theme"]), None)
        try:
            services.alert_send(
                actor=request.user, jam=jam, theme=target, body=form.cleaned_data["body"]
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The alert is on its way."))
            return redirect("jams:alerts", jam.slug)
    return render(
        request,
        "jams/alerts.html",
        {
            "jam": jam,
            "form": form,
            "alerts": list(jam.alerts.select_related("theme", "created_by")),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@html_errors
def spotlight(request: PageRequest, slug: str, post_id: int) -> HttpResponse:
    jam = _jam(request, slug)
    item = _contribution(request, jam, post_id)
    services.spotlight_set(actor=request.user, contribution=item, on=request.POST.get("on") != "0")
    return redirect(item.theme)


@require_POST
@html_errors
def merge(request: PageRequest, slug: str, post_id: int) -> HttpResponse:
    jam = _jam(request, slug)
    source = _contribution(request, jam, post_id)
    target_id = request.POST.get("target", "")
    if not target_id.isdigit():
        messages.error(request, _("Choose the idea to merge into."))
        return redirect(source.theme)
    target = _contribution(request, jam, int(target_id))
    services.idea_merge(actor=request.user, source=source, target=target)
    messages.success(
        request,
        _("Merged: its votes and followers moved to “%(title)s”.")
        % {"title": target.post.display_title},
    )
    return redirect(source.theme)


@require_POST
@html_errors
def invite(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    sent = services.audience_invite(
        actor=request.user, jam=jam, message=request.POST.get("message", "")
    )
    messages.success(request, _("%(n)d personal invitations sent.") % {"n": sent})
    return redirect("jams:alerts", jam.slug)


@require_POST
@html_errors
def host_thread(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    item = services.host_thread_open(actor=request.user, jam=jam)
    messages.success(request, _("Your “ask the host” thread is open and in the spotlight."))
    return redirect(item.post)


@require_POST
@html_errors
def tag(request: PageRequest, slug: str, post_id: int) -> HttpResponse:
    jam = _jam(request, slug)
    item = _contribution(request, jam, post_id)
    services.contribution_tag(
        actor=request.user, contribution=item, name=request.POST.get("name", "")
    )
    return redirect(item.theme)


@require_GET
def dashboard(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    context = {"jam": jam, "state": jam.state, "d": selectors.dashboard(request.user, jam)}
    if request.htmx:
        return render(request, "jams/dashboard.html#figures", context)
    return render(request, "jams/dashboard.html", context)


@require_GET
def report(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    may = access.may_facilitate(request.user, jam)
    data = selectors.report(request.user, jam)
    ideas = list(selectors.contributions_for(request.user, jam, kind="idea", order="votes")[:100])
    return render(
        request,
        "jams/report.html",
        {
            "jam": jam,
            "state": jam.state,
            "r": data,
            "may_facilitate": may,
            "ideas": ideas,
            "report_form": ReportForm(initial={"summary": jam.report_summary}),
        },
    )


@require_GET
def report_csv(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    return report_files.csv_response(jam, selectors.report(request.user, jam))


@require_GET
def report_pdf(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    return report_files.pdf_response(jam, selectors.report(request.user, jam))


@require_POST
@html_errors
def follow_up(request: PageRequest, slug: str, post_id: int) -> HttpResponse:
    jam = _jam(request, slug)
    item = _contribution(request, jam, post_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the due date."))
        return redirect("jams:report", jam.slug)
    owner = None
    if form.cleaned_data["owner"].strip():
        try:
            owner = access_person(request.user, form.cleaned_data["owner"].strip().lstrip("@"))
        except NotFound:
            messages.error(
                request, _("Nobody is called %(name)s.") % {"name": form.cleaned_data["owner"]}
            )
            return redirect("jams:report", jam.slug)
    services.follow_up_set(
        actor=request.user,
        contribution=item,
        selected=form.cleaned_data["selected"],
        owner=owner,
        due_on=form.cleaned_data["due_on"],
    )
    messages.success(request, _("Follow-up saved."))
    return redirect("jams:report", jam.slug)


@require_POST
@html_errors
def publish(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    form = ReportForm(request.POST)
    summary = (
        request.POST.get("summary", "") if not form.is_valid() else form.cleaned_data["summary"]
    )
    services.report_publish(actor=request.user, jam=jam, summary=summary)
    messages.success(
        request, _("The report is published; contributors are told what became of their ideas.")
    )
    return redirect("jams:report", jam.slug)


@require_POST
@html_errors
def follow_up_community(request: PageRequest, slug: str) -> HttpResponse:
    jam = _jam(request, slug)
    community = services.follow_up_community(actor=request.user, jam=jam)
    messages.success(
        request, _("A draft community of purpose is ready: check its charter, then launch it.")
    )
    return redirect("communities:charter", community.slug)
