"""Pages that gather many apps: home, a person's page and the people directory.

Each app provides its own pieces (selectors and template partials); these views put them on one
page, so that no app below needs another's to fill a page of its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hearth.communities import invitations
from hearth.communities.access import access_community
from hearth.communities.selectors import (
    can_lead,
    can_read,
    communities_of,
    days_left,
    leaders_with_activity,
    membership_of,
    proposals_for_page,
)
from hearth.conversations.models import Post
from hearth.conversations.selectors import (
    bookmarks_for,
    pinned_for,
    pinned_now,
    post_list_for,
)
from hearth.core.access import is_administrator
from hearth.core.errors import NotFound
from hearth.core.markdown import render_markdown
from hearth.core.types import PageRequest
from hearth.facilitation import maturity
from hearth.facilitation.selectors import (
    endorsed_by,
    endorsements_of,
    engagement_of,
    welcome,
)
from hearth.feeds.selectors import (
    HOME_ORDER,
    HOME_WINDOWS,
    access_topic,
    activity_of,
    follow_counts,
    following_state,
    home_feed_for,
    topic_feed_for,
    topics_trending,
)
from hearth.feeds.views import feed_page
from hearth.insights.selectors import experts_for, experts_on
from hearth.people import selectors as people
from hearth.people.access import access_person
from hearth.recognition.selectors import badge_catalogue, badges_of, level_for
from hearth.recognition.views import typed_award_for
from hearth.trust.selectors import relation

DIRECTORY_PAGE_SIZE = 24


@require_GET
def home(request: PageRequest) -> HttpResponse:
    person = request.user
    candidates = pinned_now()  # asked once for both
    pinned = [] if request.GET.get("cursor") else pinned_for(person, candidates=candidates)
    return feed_page(
        request,
        home_feed_for(person, pinned=candidates),
        HOME_ORDER,
        title=_("Home"),
        template="pages/home.html",
        pinned=pinned,
        windows=HOME_WINDOWS,
        context={
            "chain": people.management_chain(person),
            "reports": list(people.direct_reports(person)[:8]),
            "trending": topics_trending(person, limit=8),
            "new_url": "feeds:new_count",
            "welcome": welcome(person) if not request.GET.get("cursor") else None,
        },
    )


@require_GET
def topic(request: PageRequest, name: str) -> HttpResponse:
    try:
        tag = access_topic(request.user, name)
    except NotFound as error:
        raise Http404 from error
    return feed_page(
        request,
        topic_feed_for(request.user, tag),
        HOME_ORDER,
        title=f"#{tag.name}",
        template="pages/topic.html",
        context={
            "topic": tag,
            "following": following_state(request.user, topic=tag),
            "experts": experts_for(tag),
        },
    )


def _person_or_404(request: PageRequest, username: str):
    try:
        return access_person(request.user, username)
    except NotFound as error:
        raise Http404 from error


@require_GET
def person(request: PageRequest, username: str) -> HttpResponse:
    """A person's page: their profile with what every app knows of them that the viewer may see."""
    person = _person_or_404(request, username)
    return render(
        request,
        "pages/person.html",
        {
            "person": person,
            "bio_html": render_markdown(person.bio),
            "chain": people.management_chain(person),
            "reports": list(people.direct_reports(person)),
            "is_me": person.pk == request.user.pk,
            "leader_choice": {None: "derived", True: "yes", False: "no"}[person.leader_override],
            "following": following_state(request.user, person=person),
            "follow_counts": follow_counts(person),
            "recent_posts": list(activity_of(request.user, person).order_by("-published_at")[:5]),
            "communities": list(communities_of(request.user, person)[:50]),
            # How they engage, from what the viewer may see: for newcomers to learn from.
            "engagement": engagement_of(request.user, person),
            "relation": relation(request.user, person),
            "endorsements": endorsements_of(person),
            "endorsed": endorsed_by(request.user, person),
            "badges": badges_of(person),
            "level": level_for(request.user, person),
            "badge_choices": list(badge_catalogue().filter(active=True))
            if is_administrator(request.user) and person.is_active
            else [],
            "award_typed": typed_award_for(request, person),
        },
    )


@require_GET
def directory(request: PageRequest) -> HttpResponse:
    filters: dict[str, Any] = {
        key: request.GET.get(key, "").strip()[:100]
        for key in ("q", "department", "location", "country", "skill")
    }
    found = people.person_list_for(request.user, **filters)
    page = Paginator(found, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "querystring": urlencode({k: v for k, v in filters.items() if v}),
    }
    if filters["skill"]:  # who knows it best, from public answers, posts and endorsements
        context.update(experts_on(request.user, filters["skill"]))
    if request.htmx:
        # Typing in the search box swaps only the results: the filter lists stay as they are.
        return render(request, "pages/directory.html#results", context)
    context["facets"] = people.directory_facets(request.user)
    return render(request, "pages/directory.html", context)


@require_GET
def community(request: PageRequest, slug: str) -> HttpResponse:
    """A community's page: its charter, its people and its posts."""
    try:
        community = access_community(request.user, slug)
    except NotFound as error:
        raise Http404 from error
    membership = membership_of(request.user, community)
    readable = can_read(request.user, community, membership)
    invitation = invitations.pending_for(request.user).filter(community=community).first()
    if invitation is not None:
        invitations.mark_seen(person=request.user, community=community)
    kind = request.GET.get("kind", "")
    if kind not in Post.Kind.values:
        kind = ""
    posts = post_list_for(request.user, community=community, kind=kind)
    if not readable:
        posts = posts.none()
    elif not kind:
        # Pinned announcements lead the first page and are not repeated further down.
        posts = posts.exclude(kind=Post.Kind.ANNOUNCEMENT, pinned_until__gt=timezone.now())
    remaining = days_left(community)
    return feed_page(
        request,
        posts,
        HOME_ORDER,
        title=community.name,
        template="pages/community.html",
        pinned=pinned_for(request.user, community=community) if readable and not kind else [],
        context={
            "community": community,
            "membership": membership,
            "readable": readable,
            "leads": can_lead(request.user, community),
            "kind": kind,
            "kinds": Post.Kind.choices,
            "following": following_state(request.user, community=community),
            "leaders": leaders_with_activity(community) if readable else [],
            "key_results": list(community.key_results.all()),
            "days_left": remaining,
            "maturity": maturity.explain_cached(community) if readable else None,
            "invitation": invitation,
            "proposals": proposals_for_page(request.user, community) if readable else None,
            "days_overdue": -remaining if remaining is not None and remaining < 0 else 0,
        },
    )


@require_GET
def bookmarks(request: PageRequest) -> HttpResponse:
    return feed_page(
        request,
        bookmarks_for(request.user),
        ["-published_at", "-id"],
        title=_("Bookmarks"),
        template="pages/bookmarks.html",
    )
