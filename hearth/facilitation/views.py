"""Facilitation pages: the queue, expert suggestions, people to meet and introductions,
endorsements, expert settings, and a newcomer's hello."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.access import access_community
from hearth.communities.selectors import can_lead
from hearth.conversations.access import access_post
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import back, form_errors, html_errors
from hearth.people.access import access_person

from . import experts, selectors, services
from .access import may_ask_experts
from .forms import HelloForm, IntroduceForm, PreferenceForm


def _post(request: PageRequest, post_id: int):
    try:
        return access_post(request.user, post_id)
    except NotFound as error:
        raise Http404 from error


@require_GET
def queue(request: PageRequest) -> HttpResponse:
    """What waits for a response in the communities the viewer facilitates."""
    data = selectors.queue_for(request.user)
    if not data["communities"]:
        raise Http404
    return render(request, "facilitation/queue.html", data)


@require_POST
@html_errors
def acknowledge(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    services.post_acknowledge(actor=request.user, post=post)
    messages.success(request, _("Acknowledged: the author sees it was not lost."))
    return redirect(back(request, "/facilitation/"))


@require_http_methods(["GET", "POST"])
@html_errors
def suggest(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    if not may_ask_experts(request.user, post):
        raise Http404
    if request.method == "POST":
        made = services.experts_ask(
            actor=request.user, post=post, usernames=request.POST.getlist("expert")
        )
        messages.success(request, _("Asked %(n)d people to help.") % {"n": len(made)})
        return redirect(post)
    return render(
        request, "facilitation/experts.html", {"post": post, "suggestions": experts.suggest(post)}
    )


@require_GET
def meet(request: PageRequest) -> HttpResponse:
    intros = list(selectors.introductions_for(request.user)[:50])
    for intro in intros:
        intro.mine = intro.answer_of(request.user)
        intro.other = intro.second if intro.first_id == request.user.pk else intro.first
    return render(
        request,
        "facilitation/meet.html",
        {
            "people": selectors.people_to_meet(request.user),
            "introductions": intros,
        },
    )


@require_POST
@html_errors
def introduce(request: PageRequest) -> HttpResponse:
    form = IntroduceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose two people to introduce."))
        return redirect(back(request, "/facilitation/meet/"))
    data = form.cleaned_data
    first = access_person(request.user, data["first"])
    second = access_person(request.user, data["second"])
    community = access_community(request.user, data["community"]) if data["community"] else None
    services.introduction_create(
        actor=request.user, first=first, second=second, note=data["note"], community=community
    )
    messages.success(request, _("Introduction sent: they are connected once both say yes."))
    return redirect(back(request, "/facilitation/meet/"))


@require_POST
@html_errors
def answer(request: PageRequest, intro_id: int) -> HttpResponse:
    intro = selectors.access_introduction(request.user, intro_id)
    intro = services.introduction_answer(
        actor=request.user, introduction=intro, accept=request.POST.get("accept") == "1"
    )
    if intro.state == "connected":
        messages.success(request, _("You are connected: say hello."))
    return redirect("facilitation:meet")


@require_GET
def pairs(request: PageRequest, slug: str) -> HttpResponse:
    try:
        community = access_community(request.user, slug)
    except NotFound as error:
        raise Http404 from error
    if not can_lead(request.user, community):
        raise Http404
    return render(
        request,
        "facilitation/pairs.html",
        {"community": community, "pairs": selectors.pairs_in(community)},
    )


@require_POST
@html_errors
def endorse(request: PageRequest, username: str) -> HttpResponse:
    person = access_person(request.user, username)
    services.skill_endorse(
        actor=request.user,
        person=person,
        skill=request.POST.get("skill", ""),
        on=request.POST.get("on") != "0",
    )
    return redirect(person)


@require_http_methods(["GET", "POST"])
def preferences(request: PageRequest) -> HttpResponse:
    pref = selectors.preference_of(request.user)
    form = PreferenceForm(
        request.POST or None, initial={"opted_out": pref.opted_out, "away_until": pref.away_until}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(actor=request.user, **form.cleaned_data)
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("facilitation:preferences")
    return render(
        request, "facilitation/preferences.html", {"form": form}, status=422 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def hello(request: PageRequest) -> HttpResponse:
    """A newcomer introduces themselves in one of their communities."""
    welcome = selectors.welcome(request.user)
    places = [m.community for m in welcome["places"]] if welcome else []
    form = HelloForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        community = next(c for c in places if c.slug == form.cleaned_data["community"])
        try:
            post = services.newcomer_introduce(
                actor=request.user, community=community, body=form.cleaned_data["body"]
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Hello posted: the facilitators will welcome you."))
            return redirect(post)
    return render(
        request,
        "facilitation/hello.html",
        {"form": form, "places": places},
        status=422 if form.errors else 200,
    )
