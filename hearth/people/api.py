"""People endpoints of the public API: /me, /people, /people/{username}."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.security import HttpBearer
from oauth2_provider.oauth2_backends import get_oauthlib_core

from hearth.core import scopes
from hearth.core.api import STANDARD_ERRORS, page_out
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest

from .access import access_person
from .schemas import PeopleFilters, PersonOut, PersonPage
from .selectors import person_list_for
from .services import TOKEN_PREFIX, token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a personal access token, within its scopes."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token=token)
        if found is None:
            return None
        scopes.require(request, found.scopes.split())
        request.user = found.person
        return found.person


class OAuthAuth(HttpBearer):
    """`Authorization: Bearer <token>` with an OAuth app's access token (django-oauth-toolkit),
    within the scopes its person granted, for an active person."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if token.startswith(TOKEN_PREFIX):
            return None
        valid, oauth = get_oauthlib_core().verify_request(request, scopes=[])
        person = oauth.user if valid else None
        if person is None or not person.is_active:
            return None
        scopes.require(request, oauth.access_token.scope.split())
        request.user = person
        return person


router = Router(tags=["people"])


@router.get("/me", response={200: PersonOut, **STANDARD_ERRORS}, summary="The signed-in person")
def me(request: ApiRequest):
    person = access_person(request.auth, request.auth.username)
    return PersonOut.from_person(person, request)


@router.get(
    "/people", response={200: PersonPage, **STANDARD_ERRORS}, summary="Search the directory"
)
def people_list(request: ApiRequest, filters: Query[PeopleFilters]):
    people = person_list_for(
        request.auth,
        q=filters.q,
        department=filters.department,
        location=filters.location,
        country=filters.country,
        skill=filters.skill,
        with_tags=True,
    )
    rows, next_cursor = paginate(
        people, ordering=["display_name", "id"], limit=filters.limit, cursor=filters.cursor
    )
    return page_out([PersonOut.from_person(p, request) for p in rows], next_cursor)


@router.get(
    "/people/{username}", response={200: PersonOut, **STANDARD_ERRORS}, summary="One person"
)
def people_detail(request: ApiRequest, username: str):
    return PersonOut.from_person(access_person(request.auth, username), request)
