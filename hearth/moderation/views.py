"""Report something, the moderation queue, a report's review, my reports, appeals, reveals and
content filters. Its pages keep their place under /moderation/ and their names in the `trust:`
namespace, which `config/urls.py` assembles from trust's and moderation's."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.selectors import led_communities
from hearth.core.access import is_administrator
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors
from hearth.trust.selectors import is_company_moderator

from . import filters as content_filters
from . import services
from .access import (
    access_anonymous_post,
    access_appeal,
    access_own_action,
    access_report,
    access_reveal,
    target_of,
)
from .forms import (
    ActionForm,
    AppealForm,
    DecisionForm,
    FilterForm,
    ReportForm,
    RevealDecisionForm,
    RevealRequestForm,
)
from .selectors import (
    actions_about,
    appeals_for,
    is_moderator,
    queue_for,
    repeat_offenders,
    reports_by,
    reveal_requests_for,
    revealed_to,
    stats_for,
)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_http_methods(["GET", "POST"])
def report_new(request: PageRequest) -> HttpResponse:
    """`?post=`, `?comment=` or `?person=`: what is reported, then the form."""
    source = request.POST if request.method == "POST" else request.GET
    username = source.get("person") or None
    try:
        target = target_of(
            request.user,
            post_id=_int(source.get("post")),
            comment_id=_int(source.get("comment")),
            username=username,
        )
    except NotFound as error:
        raise Http404 from error
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(actor=request.user, **form.cleaned_data, **target)
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. A moderator will look at it, and you will be told the outcome."),
            )
            item = target.get("post") or target["person"]
            return redirect(item.get_absolute_url())
    return render(
        request,
        "moderation/report_new.html",
        {"form": form, **target},
        status=422 if form.errors else 200,
    )


@require_GET
def queue(request: PageRequest) -> HttpResponse:
    if not is_moderator(request.user):
        raise Http404
    reports = list(queue_for(request.user)[:500])
    items: dict[tuple, dict] = {}
    for report in reports:
        key = (report.post_id, report.comment_id, report.person_id)
        items.setdefault(key, {"first": report, "reports": []})["reports"].append(report)
    return render(
        request,
        "moderation/queue.html",
        {
            "items": list(items.values()),
            "appeals": list(appeals_for(request.user)[:100]),
            "stats": stats_for(request.user),
            "offenders": repeat_offenders(request.user),
            "company": is_company_moderator(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def review(request: PageRequest, report_id: int) -> HttpResponse:
    try:
        report = access_report(request.user, report_id)
    except NotFound as error:
        raise Http404 from error
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_take(
                actor=request.user,
                report=report,
                kind=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Done. The people concerned are told."))
            return redirect("trust:queue")
    others = queue_for(request.user).filter(
        post=report.post_id, comment=report.comment_id, person=report.person_id
    )
    return render(
        request,
        "moderation/review.html",
        {
            "report": report,
            "form": form,
            "others": list(others),
            "history": list(actions_about(report.author)[:10]),
            "company": is_company_moderator(request.user),
        },
        status=422 if form.errors else 200,
    )


@require_GET
def my_reports(request: PageRequest) -> HttpResponse:
    return render(
        request, "moderation/my_reports.html", {"reports": list(reports_by(request.user)[:200])}
    )


@require_GET
def mine(request: PageRequest) -> HttpResponse:
    """Moderation of my content and account, with the reasons and a way to appeal."""
    return render(
        request, "moderation/mine.html", {"actions": list(actions_about(request.user)[:200])}
    )


@require_http_methods(["GET", "POST"])
def appeal_new(request: PageRequest, action_id: int) -> HttpResponse:
    try:
        action = access_own_action(request.user, action_id)
    except NotFound as error:
        raise Http404 from error
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_create(
                actor=request.user, action=action, text=form.cleaned_data["text"]
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Your appeal is sent; another moderator will decide."))
            return redirect("trust:mine")
    return render(
        request,
        "moderation/appeal_new.html",
        {"action": action, "form": form},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def appeal_decide(request: PageRequest, appeal_id: int) -> HttpResponse:
    try:
        appeal = access_appeal(request.user, appeal_id)
    except NotFound as error:
        raise Http404 from error
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(
                actor=request.user,
                appeal=appeal,
                overturn=form.cleaned_data["decision"] == "overturn",
                reason=form.cleaned_data["reason"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Decided. The author is told."))
            return redirect("trust:queue")
    return render(
        request,
        "moderation/appeal_decide.html",
        {"appeal": appeal, "form": form},
        status=422 if form.errors else 200,
    )


def _administrator(request: PageRequest) -> None:
    if not is_administrator(request.user):
        raise Http404


@require_GET
def reveals(request: PageRequest) -> HttpResponse:
    """Break-glass requests: those waiting for a second administrator, then the history."""
    _administrator(request)
    rows = list(reveal_requests_for(request.user)[:200])
    now = timezone.now()
    for row in rows:
        row.expired = row.state == "pending" and row.expires_at <= now
    return render(request, "moderation/reveals.html", {"requests": rows})


@require_http_methods(["GET", "POST"])
def reveal_new(request: PageRequest) -> HttpResponse:
    _administrator(request)
    try:
        post = access_anonymous_post(request.user, _int(request.GET.get("post")) or 0)
    except NotFound as error:
        raise Http404 from error
    form = RevealRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.reveal_request(
                actor=request.user, post=post, reason=form.cleaned_data["reason"]
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Asked. A second administrator must now approve."))
            return redirect("trust:reveal", made.pk)
    return render(
        request,
        "moderation/reveal_new.html",
        {"form": form, "post": post},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def reveal(request: PageRequest, request_id: int) -> HttpResponse:
    _administrator(request)
    try:
        item = access_reveal(request.user, request_id)
    except NotFound as error:
        raise Http404 from error
    form = RevealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.reveal_decide(
                actor=request.user,
                request=item,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["decision_reason"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            return redirect("trust:reveal", item.pk)
    return render(
        request,
        "moderation/reveal.html",
        {
            "item": item,
            "form": form,
            "revealed": revealed_to(request.user, item),
            "expired": item.state == "pending" and item.expires_at <= timezone.now(),
            "may_decide": item.state == "pending" and item.requested_by_id != request.user.pk,
        },
        status=422 if form.errors else 200,
    )


def _filter_places(request: PageRequest):
    communities = list(led_communities(request.user))
    everywhere = is_company_moderator(request.user)
    if not everywhere and not communities:
        raise Http404
    return communities, everywhere


@require_http_methods(["GET", "POST"])
def filters(request: PageRequest) -> HttpResponse:
    """Word and pattern filters: company-wide ones (company moderators) and communities' own."""
    communities, everywhere = _filter_places(request)
    form = FilterForm(request.POST or None, communities=communities, everywhere=everywhere)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        slug = data.pop("community")
        community = next((c for c in communities if c.slug == slug), None)
        try:
            content_filters.filter_create(actor=request.user, community=community, **data)
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The filter applies from now on."))
            return redirect("trust:filters")
    return render(
        request,
        "moderation/filters.html",
        {"form": form, "rules": list(content_filters.filters_managed_by(request.user))},
        status=422 if form.errors else 200,
    )


@require_POST
def filter_delete(request: PageRequest, filter_id: int) -> HttpResponse:
    try:
        rule = content_filters.access_filter(request.user, filter_id)
        content_filters.filter_delete(actor=request.user, rule=rule)
    except NotFound as error:
        raise Http404 from error
    messages.success(request, _("The filter is removed."))
    return redirect("trust:filters")
