"""Feeds and following in the public API."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.communities.selectors import can_read
from hearth.conversations.api import posts_page
from hearth.conversations.schemas import PostOut, PostPage
from hearth.conversations.selectors import pinned_for, pinned_now, posts_decorate
from hearth.core.api import STANDARD_ERRORS, PageQuery, page_out
from hearth.core.errors import Forbidden
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.access import access_person
from hearth.people.schemas import PersonOut, PersonPage

from . import services
from .selectors import (
    ACTIVE_ORDER,
    HOME_ORDER,
    HOME_WINDOWS,
    access_topic,
    activity_of,
    discover_for,
    followers_of,
    following_of,
    home_feed_for,
    topic_feed_for,
)

router = Router(tags=["feeds"])


@router.get("/feed", response={200: PostPage, **STANDARD_ERRORS}, summary="My home feed")
def home(request: ApiRequest, page: Query[PageQuery]):
    candidates = pinned_now()  # asked once for both
    feed = home_feed_for(request.auth, pinned=candidates)
    result = posts_page(request, feed, HOME_ORDER, page, windows=HOME_WINDOWS)
    if not page.cursor:
        # Pinned announcements lead the first page (and are not repeated below).
        pinned = pinned_for(request.auth, candidates=candidates)
        posts_decorate(request.auth, pinned, first_comments=False)
        ids = {p.pk for p in pinned}
        result["items"] = [PostOut.from_post(p, request) for p in pinned] + [
            item for item in result["items"] if item["id"] not in ids
        ]
    return result


@router.get("/discover", response={200: PostPage, **STANDARD_ERRORS}, summary="Active everywhere")
def discover(request: ApiRequest, page: Query[PageQuery]):
    return posts_page(request, discover_for(request.auth), ACTIVE_ORDER, page)


@router.get(
    "/people/{username}/activity",
    response={200: PostPage, **STANDARD_ERRORS},
    summary="A person's posts",
)
def activity(request: ApiRequest, username: str, page: Query[PageQuery]):
    person = access_person(request.auth, username)
    return posts_page(request, activity_of(request.auth, person), HOME_ORDER, page)


@router.get(
    "/topics/{name}/feed", response={200: PostPage, **STANDARD_ERRORS}, summary="A topic's posts"
)
def topic_feed(request: ApiRequest, name: str, page: Query[PageQuery]):
    topic = access_topic(request.auth, name)
    return posts_page(request, topic_feed_for(request.auth, topic), HOME_ORDER, page)


def _people_page(request, people, page: PageQuery) -> dict:
    rows, next_cursor = paginate(
        people.prefetch_related("skills", "interests"),
        ordering=["display_name", "id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return page_out([PersonOut.from_person(p, request) for p in rows], next_cursor)


@router.get("/people/{username}/followers", response={200: PersonPage, **STANDARD_ERRORS})
def followers(request: ApiRequest, username: str, page: Query[PageQuery]):
    person = access_person(request.auth, username)
    return _people_page(request, followers_of(request.auth, person), page)


@router.get("/people/{username}/following", response={200: PersonPage, **STANDARD_ERRORS})
def following(request: ApiRequest, username: str, page: Query[PageQuery]):
    person = access_person(request.auth, username)
    return _people_page(request, following_of(request.auth, person), page)


@router.post("/people/{username}/follow", response={204: None, **STANDARD_ERRORS}, summary="Follow")
def person_follow(request: ApiRequest, username: str):
    person = access_person(request.auth, username)
    services.person_follow(actor=request.auth, person=person, on=True)
    return Status(204, None)


@router.delete(
    "/people/{username}/follow", response={204: None, **STANDARD_ERRORS}, summary="Unfollow"
)
def person_unfollow(request: ApiRequest, username: str):
    person = access_person(request.auth, username)
    services.person_follow(actor=request.auth, person=person, on=False)
    return Status(204, None)


@router.post(
    "/topics/{name}/follow", response={204: None, **STANDARD_ERRORS}, summary="Follow a topic"
)
def topic_follow(request: ApiRequest, name: str):
    services.topic_follow(actor=request.auth, name=name, on=True)
    return Status(204, None)


@router.delete(
    "/topics/{name}/follow", response={204: None, **STANDARD_ERRORS}, summary="Unfollow a topic"
)
def topic_unfollow(request: ApiRequest, name: str):
    services.topic_follow(actor=request.auth, name=name, on=False)
    return Status(204, None)


@router.post(
    "/communities/{slug}/follow",
    response={204: None, **STANDARD_ERRORS},
    summary="Follow a community",
)
def community_follow(request: ApiRequest, slug: str):
    community = access_community(request.auth, slug)
    if not can_read(request.auth, community):
        raise Forbidden("Only members can follow this community.")
    services.community_follow(actor=request.auth, community=community, on=True)
    return Status(204, None)


@router.delete(
    "/communities/{slug}/follow",
    response={204: None, **STANDARD_ERRORS},
    summary="Unfollow a community",
)
def community_unfollow(request: ApiRequest, slug: str):
    community = access_community(request.auth, slug)
    services.community_follow(actor=request.auth, community=community, on=False)
    return Status(204, None)
