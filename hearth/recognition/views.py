"""Leaderboards (people, communities, departments by period), hiding oneself, the rules page
for administrators, and a community's reward mix."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.access import access_community
from hearth.core.access import is_administrator
from hearth.core.errors import HearthError, NotFound
from hearth.core.registry import impact_panels
from hearth.core.types import PageRequest
from hearth.core.web import html_errors
from hearth.feeds.selectors import HOME_ORDER
from hearth.feeds.views import feed_page
from hearth.people.access import access_person

from . import selectors, services
from .badges import MEASURES
from .defaults import BADGE_ICONS


@require_GET
def leaderboards(request: PageRequest) -> HttpResponse:
    board = request.GET.get("board", "people")
    period = request.GET.get("period", "month")
    if board not in selectors.BOARDS or period not in selectors.PERIODS:
        board, period = "people", "month"
    return render(
        request,
        "recognition/leaderboards.html",
        {
            "board": board,
            "period": period,
            "rows": selectors.leaderboard(request.user, board=board, period=period),
            "my_points": selectors.points_of(request.user, period),
            "hidden": selectors.is_hidden(request.user),
            "boards": selectors.BOARDS,
            "periods": list(selectors.PERIODS),
        },
    )


@require_GET
def praise(request: PageRequest) -> HttpResponse:
    """The recognition wall: praise company-wide or in one community, by company value."""
    from django.conf import settings

    community = None
    if request.GET.get("community"):
        try:
            community = access_community(request.user, request.GET["community"])
        except NotFound as error:
            raise Http404 from error
    value = request.GET.get("value", "")
    if value and value not in settings.HEARTH_COMPANY_VALUES:
        value = ""
    return feed_page(
        request,
        selectors.praise_wall(request.user, value=value, community=community),
        HOME_ORDER,
        title=_("Recognition wall"),
        template="recognition/praise.html",
        context={"values": settings.HEARTH_COMPANY_VALUES, "value": value, "community": community},
    )


@require_GET
def impact(request: PageRequest) -> HttpResponse:
    """What's in it for me: private to the person."""
    return render(
        request,
        "recognition/impact.html",
        {
            "i": selectors.impact_of(request.user),
            "person": request.user,
            "badges": selectors.badges_of(request.user),
            "level": selectors.level_for(request.user, request.user),
            "panels": [html for panel in impact_panels if (html := panel(request))],
        },
    )


@require_POST
def hide(request: PageRequest) -> HttpResponse:
    hidden = services.leaderboard_hide(actor=request.user, hidden=request.POST.get("hidden") == "1")
    messages.success(
        request,
        _("You no longer appear on leaderboards; your points still count.")
        if hidden
        else _("You appear on leaderboards again."),
    )
    return redirect("recognition:leaderboards")


@require_http_methods(["GET", "POST"])
def rules(request: PageRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise Http404
    errors = {}
    if request.method == "POST":
        code = request.POST.get("code", "")
        points, cap = (
            request.POST.get("points", "").strip(),
            request.POST.get("daily_cap", "").strip(),
        )
        try:
            services.rule_update(
                actor=request.user,
                code=code,
                points=int(points) if points.lstrip("-").isdigit() else None,
                daily_cap=int(cap) if cap.lstrip("-").isdigit() else None,
                clear_cap=cap == "",
                active=request.POST.get("active") == "on",
            )
        except NotFound as error:
            raise Http404 from error
        except HearthError as error:
            errors[code] = "; ".join(e.message for e in error.errors) or error.detail
        else:
            messages.success(request, _("The rule “%(code)s” is saved.") % {"code": code})
            return redirect("recognition:rules")
    return render(
        request,
        "recognition/rules.html",
        {
            "rules": list(selectors.rules()),
            "errors": errors,
            "typed": request.POST if errors else {},
        },
        status=422 if errors else 200,
    )


@require_POST
@html_errors
def mix(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    services.reward_mix_set(
        actor=request.user, community=community, mix=request.POST.get("mix", "")
    )
    messages.success(request, _("Saved: how this community rewards."))
    return redirect(community)


@require_http_methods(["GET", "POST"])
def badges(request: PageRequest) -> HttpResponse:
    """Every badge and what earns it; administrators define and change them here."""
    is_admin = is_administrator(request.user)
    errors, typed = {}, {}
    if request.method == "POST":
        if not is_admin:
            raise Http404
        code = request.POST.get("code", "")
        badge = None
        if code:
            badge = selectors.badge_catalogue().filter(code=code).first()
            if badge is None:
                raise Http404
        try:
            saved = services.badge_save(
                actor=request.user,
                badge=badge,
                name=request.POST.get("name", ""),
                criteria=request.POST.get("criteria", ""),
                description=request.POST.get("description", ""),
                icon=request.POST.get("icon", ""),
                active=request.POST.get("active") == "on",
            )
        except HearthError as error:
            errors = {e.field: e.message for e in error.errors} or {"": error.detail}
            typed = {**request.POST.dict(), "code": code}
        else:
            messages.success(request, _("The badge “%(name)s” is saved.") % {"name": saved.name})
            return redirect("recognition:badges")
    catalogue = selectors.badge_catalogue()
    if not is_admin:
        catalogue = catalogue.filter(active=True)

    return render(
        request,
        "recognition/badges.html",
        {
            "catalogue": list(catalogue),
            "is_admin": is_admin,
            "errors": errors,
            "typed": typed,
            "measures": MEASURES,
            "badge_icons": BADGE_ICONS,
            "mine": {a.badge_id for a in selectors.badges_of(request.user)},
        },
        status=422 if errors else 200,
    )


TYPED_AWARD = "recognition.typed_award"


def typed_award_for(request: PageRequest, person) -> dict | None:
    """What an administrator typed in the award form of this person's profile before it was
    refused (shown once, so the form keeps it)."""
    typed = request.session.pop(TYPED_AWARD, None) if TYPED_AWARD in request.session else None
    return typed if typed and typed.get("person") == person.pk else None


@require_POST
def badge_award(request: PageRequest, username: str) -> HttpResponse:
    """An administrator awards a badge by hand from someone's profile."""

    if not is_administrator(request.user):
        raise Http404
    try:
        person = access_person(request.user, username)
    except NotFound as error:
        raise Http404 from error
    badge = selectors.badge_catalogue().filter(code=request.POST.get("badge", "")).first()
    try:
        if badge is None:
            raise NotFound(_("There is no such badge."))
        services.badge_award(
            actor=request.user, badge=badge, person=person, reason=request.POST.get("reason", "")
        )
    except HearthError as error:
        problem = "; ".join(e.message for e in error.errors) or error.detail or _("Not saved.")
        messages.error(request, problem)
        # The profile's form shows again what was typed, with the problem beside it.
        request.session[TYPED_AWARD] = {
            "person": person.pk,
            "badge": request.POST.get("badge", "")[:80],
            "reason": request.POST.get("reason", "")[:2000],
            "problem": problem,
        }
    else:
        messages.success(
            request,
            _("%(name)s now holds “%(badge)s”.") % {"name": person.name, "badge": badge.name},
        )
    return redirect(person.get_absolute_url() + "#badges")
