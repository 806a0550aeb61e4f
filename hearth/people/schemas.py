from __future__ import annotations

from typing import Any

from ninja import Schema

from hearth.core.api import Page

from .models import Person


class PersonSummary(Schema):
    username: str
    display_name: str
    avatar_url: str


class PersonOut(Schema):
    """A person as the API shows them (see API.md: Person)."""

    username: str
    display_name: str
    title: str
    department: str | None
    location: str | None
    country: str | None
    country_name: str | None
    manager: str | None
    skills: list[str]
    interests: list[str]
    is_leader: bool
    is_active: bool
    org_level: int
    time_zone: str
    avatar_url: str
    url: str

    @staticmethod
    def from_person(person: Person, request=None) -> dict:
        avatar = person.avatar_url
        url = person.get_absolute_url()
        country: Any = person.country  # django-countries' Country (typed as a str)
        if request is not None:
            avatar = request.build_absolute_uri(avatar)
            url = request.build_absolute_uri(url)
        return {
            "username": person.username,
            "display_name": person.name,
            "title": person.title,
            "department": person.department.name if person.department else None,
            "location": person.location.name if person.location else None,
            "country": country.code or None,
            "country_name": str(country.name) if country else None,
            "manager": person.manager.username if person.manager else None,
            "skills": [t.name for t in person.skills.all()],
            "interests": [t.name for t in person.interests.all()],
            "is_leader": person.is_leader,
            "is_active": person.is_active,
            "org_level": person.org_level,
            "time_zone": person.time_zone,
            "avatar_url": avatar,
            "url": url,
        }


class PersonPage(Page[PersonOut]):
    pass


def person_summary(person, request) -> dict:
    return {
        "username": person.username,
        "display_name": person.name,
        "avatar_url": request.build_absolute_uri(person.avatar_url),
    }


class PeopleFilters(Schema):
    q: str = ""
    department: str = ""
    location: str = ""
    country: str = ""
    skill: str = ""
    limit: int | None = None
    cursor: str | None = None
