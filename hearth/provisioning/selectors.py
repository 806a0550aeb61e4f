"""What SCIM reads: the people and departments a provisioning client sees, with everything a
SCIM resource shows in one query per page."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Coalesce

from hearth.people.models import Department, Person

from .models import Client


def scim_people() -> QuerySet[Person]:
    """Every person a SCIM client sees: not the anonymous stand-in, not erased, not deleted
    over SCIM (a deleted person is deactivated and keeps their content)."""
    people: QuerySet[Person] = (
        Person.objects.filter(is_stand_in=False, erased_at__isnull=True)
        .exclude(scim_record__deleted_at__isnull=False)
        .select_related("department", "manager", "scim_record")
        .annotate(scim_modified=Coalesce("scim_record__updated_at", "date_joined"))
        .order_by("pk")
    )
    return people


def scim_departments(*, with_members: bool = True) -> QuerySet[Department]:
    departments = (
        Department.objects.select_related("scim_record")
        .annotate(scim_modified=Coalesce("scim_record__updated_at", "created_at"))
        .order_by("pk")
    )
    if with_members:
        members = (
            Person.objects.filter(is_stand_in=False, erased_at__isnull=True)
            .exclude(scim_record__deleted_at__isnull=False)
            .only("id", "department_id")
            .order_by("pk")
        )
        departments = departments.prefetch_related(Prefetch("people", queryset=members))
    return departments


def clients_listed() -> QuerySet[Client]:
    return Client.objects.select_related("created_by").order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )
