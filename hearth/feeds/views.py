"""Feed pages (home, discover, topics, a person's activity) and follow buttons."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hearth.communities.access import access_community
from hearth.conversations.forms import REACTION_ICONS, REACTIONS
from hearth.conversations.selectors import posts_decorate
from hearth.core.errors import HearthError, NotFound
from hearth.core.pagination import paginate
from hearth.core.types import PageRequest
from hearth.core.web import back, html_errors
from hearth.people.access import access_person

from . import services
from .selectors import (
    ACTIVE_ORDER,
    HOME_ORDER,
    activity_of,
    discover_for,
    follow_counts,
    followers_of,
    following_of,
    new_posts_count,
)

PAGE_SIZE = 20


def feed_page(
    request: PageRequest,
    posts,
    ordering,
    *,
    title: str,
    template: str = "feeds/feed.html",
    pinned=None,
    context=None,
    windows=None,
) -> HttpResponse:
    """One page of a feed; HTMX asks for the next page when the reader reaches the end."""
    try:
        rows, next_cursor = paginate(
            posts,
            ordering=ordering,
            limit=PAGE_SIZE,
            cursor=request.GET.get("cursor"),
            windows=windows,
        )
    except HearthError as error:
        raise Http404 from error
    pinned = pinned or []
    ids = {p.pk for p in pinned}
    rows = [p for p in rows if p.pk not in ids]
    posts_decorate(request.user, pinned + rows)
    page = {
        "posts": rows,
        "pinned": pinned,
        "next_cursor": next_cursor,
        "reactions": REACTIONS,
        "icons": REACTION_ICONS,
        "title": title,
        "now": timezone.now().isoformat(),
    }
    page.update(context or {})
    if request.htmx and request.GET.get("cursor"):
        return render(request, "feeds/_items.html", page)
    return render(request, template, page)


@require_GET
def new_count(request: PageRequest) -> HttpResponse:
    """How many new home-feed posts arrived since the page was shown (polled by HTMX)."""
    try:
        since = datetime.datetime.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = timezone.now()
    if timezone.is_naive(since):
        since = timezone.make_aware(since, datetime.UTC)
    count = new_posts_count(request.user, since)
    return render(request, "feeds/_new_count.html", {"count": count, "since": since.isoformat()})


@require_GET
def discover(request: PageRequest) -> HttpResponse:
    return feed_page(
        request,
        discover_for(request.user),
        ACTIVE_ORDER,
        title=_("Discover"),
        context={"intro": _("What is active across the communities you can see.")},
    )


@require_GET
def activity(request: PageRequest, username: str) -> HttpResponse:
    try:
        person = access_person(request.user, username)
    except NotFound as error:
        raise Http404 from error
    return feed_page(
        request,
        activity_of(request.user, person),
        HOME_ORDER,
        title=_("Posts by %(name)s") % {"name": person.name},
        template="feeds/activity.html",
        context={"person": person},
    )


@require_POST
@html_errors
def follow_person(request: PageRequest, username: str) -> HttpResponse:
    person = access_person(request.user, username)
    on = request.POST.get("on") == "1"
    services.person_follow(actor=request.user, person=person, on=on)
    if request.htmx:
        return render(
            request,
            "feeds/_follow_person.html",
            {"person": person, "following": on, "counts": follow_counts(person)},
        )
    return redirect(back(request, person.get_absolute_url()))


@require_POST
@html_errors
def follow_topic(request: PageRequest, name: str) -> HttpResponse:
    on = request.POST.get("on") == "1"
    tag = services.topic_follow(actor=request.user, name=name, on=on)
    if request.htmx:
        return render(request, "feeds/_follow_topic.html", {"topic": tag, "following": on})
    return redirect(back(request, "/"))


@require_POST
@html_errors
def follow_community(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    services.community_follow(
        actor=request.user, community=community, on=request.POST.get("on") == "1"
    )
    return redirect(back(request, community.get_absolute_url()))


@require_GET
def people(request: PageRequest, username: str, which: str) -> HttpResponse:
    try:
        person = access_person(request.user, username)
    except NotFound as error:
        raise Http404 from error
    selector = followers_of if which == "followers" else following_of
    rows = list(selector(request.user, person).order_by("display_name")[:500])
    return render(request, "feeds/people.html", {"person": person, "people": rows, "which": which})
