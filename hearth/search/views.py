"""The search page and the typeahead under the search box."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearth.communities.selectors import community_list_for
from hearth.conversations.models import Post
from hearth.core.errors import HearthError
from hearth.core.types import PageRequest

from .selectors import (
    PostFilters,
    search_communities,
    search_for,
    search_people,
    search_posts,
    similar_questions,
)

PAGE_SIZE = 20


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_GET
def search(request: PageRequest) -> HttpResponse:
    """Search posts, people and communities; filters narrow the posts."""
    viewer = request.user
    q = " ".join(request.GET.get("q", "").split())[:200]
    type_ = request.GET.get("type", "")
    if type_ not in ("", "post", "person", "community"):
        type_ = ""
    filters = PostFilters(
        kind=request.GET.get("kind", "") if request.GET.get("kind") in Post.Kind.values else "",
        start=_date(request.GET.get("start", "")),
        end=_date(request.GET.get("end", "")),
        answered={"yes": True, "no": False}.get(request.GET.get("answered", "")),
    )
    community_slug = request.GET.get("community", "")
    if community_slug:
        community = community_list_for(viewer).filter(slug=community_slug).first()
        filters.community_id = community.pk if community else -1
    error = ""
    hits: list[Any] = []
    next_cursor = None
    if q:
        try:
            hits, next_cursor = search_for(
                viewer,
                q,
                type=type_,
                filters=filters,
                limit=PAGE_SIZE,
                cursor=request.GET.get("cursor"),
            )
        except HearthError as problem:
            error = problem.detail
    context = {
        "q": q,
        "type": type_,
        "hits": hits,
        "next_cursor": next_cursor,
        "error": error,
        "filters": filters,
        # How many of the folded filters are set: the fold opens by itself when any is.
        "filters_set": sum(
            1 for value in (filters.kind, community_slug, filters.start, filters.end) if value
        )
        + (filters.answered is not None),
        "kinds": Post.Kind.choices,
        "community": community_slug,
        "communities": list(community_list_for(viewer, mine=True).order_by("name")[:200]),
        "params": request.GET.copy(),
    }
    status = 400 if error else 200  # the page still shows the query and says what is wrong
    if request.htmx and request.GET.get("cursor"):
        return render(request, "search/search.html#results", context, status=status)
    return render(request, "search/search.html", context, status=status)


@require_GET
def suggest(request: PageRequest) -> HttpResponse:
    """Typeahead under the search box: a few people, communities and posts."""
    q = " ".join(request.GET.get("q", "").split())[:100]
    viewer = request.user
    context: dict[str, Any] = {"q": q, "people": [], "communities": [], "posts": []}
    if len(q) >= 2:
        context["people"] = search_people(viewer, q, limit=4)[0]
        context["communities"] = search_communities(viewer, q, limit=3)[0]
        context["posts"] = search_posts(viewer, q, limit=5)[0]
    return render(request, "search/_suggest.html", context)


@require_GET
def similar(request: PageRequest) -> HttpResponse:
    """Earlier questions like the title being typed (HTMX)."""
    title = request.GET.get("title", "")[:200]
    return render(
        request,
        "search/_similar.html",
        {"questions": similar_questions(request.user, title)},
    )
