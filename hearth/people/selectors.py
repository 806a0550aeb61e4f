"""Reads about people, always for a viewer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken as OAuthAccessToken

from hearth.core import scopes
from hearth.core.types import Viewer

from .models import AccessToken, Department, Location, Person, Tag


def _base(*, with_tags: bool) -> QuerySet[Person]:
    people = Person.objects.select_related("department", "location", "manager")
    if with_tags:
        people = people.prefetch_related(
            Prefetch("skills", queryset=Tag.objects.order_by("name")),
            Prefetch("interests", queryset=Tag.objects.order_by("name")),
        )
    return people


def person_list_for(
    viewer: Viewer,
    *,
    q: str = "",
    department: str = "",
    location: str = "",
    country: str = "",
    skill: str = "",
    include_inactive: bool = False,
    with_tags: bool = False,
) -> QuerySet[Person]:
    """People in the directory as `viewer` sees them, filtered; active people only by default.

    `with_tags` prefetches skills and interests, for callers that show them (the API).
    """
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return Person.objects.none()
    people = _base(with_tags=with_tags).filter(is_stand_in=False)
    if not include_inactive:
        people = people.filter(is_active=True)
    q = " ".join((q or "").split())[:100]
    for word in q.split():
        people = people.filter(
            Q(display_name__icontains=word) | Q(username__icontains=word) | Q(title__icontains=word)
        )
    if department:
        people = people.filter(department__name__iexact=department)
    if location:
        people = people.filter(location__name__iexact=location)
    if country:
        people = people.filter(country__in=_country_codes(country))
    if skill:
        people = people.filter(skills__name__iexact=skill).distinct()
    return people


def _country_codes(name: str) -> list[str]:
    from django_countries import countries

    name = name.strip()
    if len(name) == 2:
        return [name.upper()]
    code = countries.by_name(name)
    return [code] if code else []


def directory_facets(viewer: Viewer) -> dict[str, list[Any]]:
    """Departments, locations, countries and skills to filter the directory by."""
    if viewer is None or not viewer.is_authenticated:
        return {"departments": [], "locations": [], "countries": [], "skills": []}
    active = Q(people__is_active=True)
    countries = (
        Person.objects.filter(is_active=True)
        .exclude(country="")
        .values_list("country", flat=True)
        .distinct()
        .order_by("country")
    )
    from django_countries import countries as country_names

    names = dict(country_names)
    return {
        "departments": list(
            Department.objects.annotate(n=Count("people", filter=active))
            .filter(n__gt=0)
            .values_list("name", flat=True)
        ),
        "locations": list(
            Location.objects.annotate(n=Count("people", filter=active))
            .filter(n__gt=0)
            .values_list("name", flat=True)
            .distinct()
        ),
        "countries": sorted(((c, names.get(c, c)) for c in countries), key=lambda x: str(x[1])),
        # Declared skills and interests only: a #topic used in private posts is not listed.
        "skills": list(
            Tag.objects.filter(
                Q(
                    id__in=Person.skills.through.objects.filter(person__is_active=True).values(
                        "tag_id"
                    )
                )
                | Q(
                    id__in=Person.interests.through.objects.filter(person__is_active=True).values(
                        "tag_id"
                    )
                )
            )
            .order_by("name")
            .values_list("name", flat=True)[:500]
        ),
    }


def management_chain(person: Person) -> list[Person]:
    """The person's managers from the top of the company down to their direct manager."""
    ids = person.management_chain_ids
    if not ids:
        return []
    found = {
        p.id: p for p in Person.objects.select_related("department", "location").filter(id__in=ids)
    }
    return [found[i] for i in ids if i in found]


def direct_reports(person: Person) -> QuerySet[Person]:
    """The person's active direct reports, by name."""
    return (
        Person.objects.select_related("department", "location")
        .filter(manager=person, is_active=True)
        .order_by("display_name", "id")
    )


def org_roots() -> QuerySet[Person]:
    """The top of the org chart: active people with nobody above them (usually the CEO)."""
    return (
        Person.objects.select_related("department", "location")
        .filter(is_active=True, org_level=0)
        .filter(Q(report_count__gt=0) | Q(employee_id__isnull=False))
        .order_by("-report_count", "display_name")
    )


@dataclass(frozen=True)
class AuthorisedApp:
    """An OAuth app a person let act for them: what it may do, since when, until when."""

    id: int
    name: str
    scopes: list[str]
    since: datetime.datetime
    last_expires: datetime.datetime


def apps_authorised(person: Person) -> list[AuthorisedApp]:
    """The apps holding a live access or refresh token of this person (two queries)."""
    now = timezone.now()
    live = (
        OAuthAccessToken.objects.filter(user=person)
        .filter(Q(expires__gt=now) | Q(refresh_token__isnull=False, refresh_token__revoked=None))
        .select_related("application")
        .order_by("created")
    )
    found: dict[int, AuthorisedApp] = {}
    for token in live:
        app = token.application
        if app is None:
            continue
        seen = found.get(app.pk)
        granted = set(token.scope.split()) | set(seen.scopes if seen else [])
        found[app.pk] = AuthorisedApp(
            id=app.pk,
            name=app.name,
            scopes=scopes.parse(granted),
            since=seen.since if seen else token.created,
            last_expires=max(token.expires, seen.last_expires) if seen else token.expires,
        )
    return sorted(found.values(), key=lambda a: a.name.lower())


def tokens_for(person: Person) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(person=person).order_by("-created_at")


def department_names() -> list[str]:
    """Names of departments that have active people, for filters."""
    return list(
        Department.objects.filter(people__is_active=True)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def still_active(person_id: int) -> bool:
    """Whether this person may still use Hearth (long-lived connections ask again)."""
    return Person.objects.filter(pk=person_id, is_active=True).exists()


class SignInMismatch(Exception):
    """The identity provider describes someone the org chart says is someone else."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def person_for_sign_in(*, employee_id: Any, email: Any, provider: str) -> Person | None:
    """The person a single sign-on describes: by employee id, then by email; None when the org
    chart knows neither. Refused (SignInMismatch): an employee id and an email that belong to
    two different people, or a person already signed in through this provider as someone else."""
    people = Person.objects.filter(is_stand_in=False, erased_at__isnull=True)
    email = str(email or "").strip().lower()
    by_email = people.filter(email__iexact=email).first() if email else None
    person = None
    if employee_id:
        person = people.filter(employee_id=str(employee_id)).first()
        if person is not None and by_email is not None and by_email.pk != person.pk:
            raise SignInMismatch(
                "email-of-another",
                _(
                    "Your identity provider gives an email address that belongs to another "
                    "person in Hearth. Ask your administrator to correct it."
                ),
            )
    person = person or by_email
    if person is not None and SocialAccount.objects.filter(user=person, provider=provider).exists():
        raise SignInMismatch(
            "linked-to-another",
            _(
                "This Hearth account is already linked to another identity at your provider. "
                "Ask your administrator."
            ),
        )
    return person


def sso_app_for(request: Any, email: str) -> Any:
    """The identity provider (allauth SocialApp, in the database or in settings) whose domains
    include this email's, or None."""
    domain = email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""
    if not domain:
        return None
    for app in get_adapter().list_apps(request):
        domains = {str(d).lower() for d in (app.settings or {}).get("domains", [])}
        if domain in domains:
            return app
    return None
