"""SCIM resources over people and departments: scim2-server speaks the protocol (routes,
validation, PATCH, ETags, errors) and calls this storage, which reads through the selectors and
writes through the services."""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager
from typing import Any

from django.db import transaction
from scim2_models import (
    ConflictException,
    InvalidValueException,
    NotFoundException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    ResponseParameters,
    SearchRequest,
    UniquenessException,
)
from scim2_server.storage import ScimStorage, SearchPage

from hearth.core.errors import Conflict, HearthError
from hearth.people.models import Department, Person

from . import services
from .catalog import ENTERPRISE_URN, GROUP_URN, USER_URN, EnterpriseUser, Group, UserResource
from .filters import filter_query
from .models import Client
from .selectors import scim_departments, scim_people


def _version(payload: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode())
    return f'W/"{digest.hexdigest()[:20]}"'


def _clean(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if value not in (None, "", [], {})}


def user_payload(person: Person) -> dict[str, Any]:
    record = getattr(person, "scim_record", None)
    manager = person.manager
    enterprise = _clean(
        {
            "schemas": [ENTERPRISE_URN],
            "employeeNumber": person.employee_id,
            "department": person.department.name if person.department else None,
            "manager": {
                "value": str(manager.pk),
                "$ref": f"Users/{manager.pk}",
                "displayName": manager.display_name,
            }
            if manager
            else None,
        }
    )
    payload = _clean(
        {
            "schemas": [USER_URN, ENTERPRISE_URN] if len(enterprise) > 1 else [USER_URN],
            "id": str(person.pk),
            "externalId": record.external_id if record else None,
            "userName": person.username,
            "name": _clean({"givenName": person.first_name, "familyName": person.last_name}),
            "displayName": person.display_name,
            "title": person.title,
            # A provider's own values as it sent them; Hearth's for people it never sent.
            "preferredLanguage": record.preferred_language if record else person.language,
            "timezone": record.timezone if record else person.time_zone,
            "emails": [_clean({"value": person.email, "type": record and record.email_type})],
            ENTERPRISE_URN: enterprise if len(enterprise) > 1 else None,
        }
    )
    payload["active"] = person.is_active
    payload["meta"] = {
        "resourceType": "User",
        "created": person.date_joined.isoformat(),
        "lastModified": getattr(person, "scim_modified", person.date_joined).isoformat(),
        "version": _version(payload),
    }
    return payload


def group_payload(department: Department, *, with_members: bool = True) -> dict[str, Any]:
    record = getattr(department, "scim_record", None)
    payload = _clean(
        {
            "schemas": [GROUP_URN],
            "id": str(department.pk),
            "externalId": record.external_id if record else None,
            "displayName": department.name,
            "members": [
                {"value": str(p.pk), "$ref": f"Users/{p.pk}"} for p in department.people.all()
            ]
            if with_members
            else None,
        }
    )
    modified = getattr(department, "scim_modified", department.created_at)
    payload["meta"] = {
        "resourceType": "Group",
        "created": department.created_at.isoformat(),
        "lastModified": modified.isoformat(),
        "version": _version(payload),
    }
    return payload


def _user_values(resource: Any) -> services.UserValues:
    """What a SCIM User says, in Hearth's terms (the catalog builds its models at run time,
    so their attributes are not known to the type checker)."""
    enterprise: Any = resource[EnterpriseUser] or EnterpriseUser()
    emails = resource.emails or []
    work = next((e for e in emails if (e.type or "").lower() == "work"), None)
    email = work or (emails[0] if emails else None)
    manager_id = None
    if enterprise.manager is not None:
        reference = enterprise.manager.value or (enterprise.manager.ref or "").rsplit("/", 1)[-1]
        if reference:
            if not str(reference).isdigit() or len(str(reference)) > 18:
                raise InvalidValueException(detail=f"The manager {reference} does not exist.")
            manager_id = int(reference)
    return services.UserValues(
        user_name=resource.user_name or "",
        email=(email.value if email else "") or "",
        email_type=(email.type if email else "") or "",
        display_name=resource.display_name or "",
        given_name=(resource.name.given_name if resource.name else "") or "",
        family_name=(resource.name.family_name if resource.name else "") or "",
        title=resource.title or "",
        preferred_language=resource.preferred_language or "",
        timezone=resource.timezone or "",
        active=resource.active is not False,
        external_id=resource.external_id or "",
        employee_number=enterprise.employee_number or "",
        department=enterprise.department or "",
        manager_id=manager_id,
    )


def _group_values(resource: Any) -> services.GroupValues:
    ids = []
    for member in resource.members or []:
        reference = member.value or (member.ref or "").rsplit("/", 1)[-1]
        if not reference or not str(reference).isdigit() or len(str(reference)) > 18:
            raise InvalidValueException(detail=f"The member {reference} does not exist.")
        ids.append(int(reference))
    return services.GroupValues(
        name=resource.display_name or "", external_id=resource.external_id or "", member_ids=ids
    )


def _pk(resource_id: str) -> int:
    if not resource_id.isdigit() or len(resource_id) > 18:
        raise NotFoundException(detail=f"There is no resource {resource_id}.")
    return int(resource_id)


def _scim_error(error: HearthError) -> Exception:
    if isinstance(error, Conflict):
        return UniquenessException(detail=error.detail)
    if error.status == 404:
        return NotFoundException(detail=error.detail)
    if error.status == 409:
        return ConflictException(detail=error.detail)
    return InvalidValueException(detail=error.detail)


class HearthStorage(ScimStorage):
    """The storage of one request, on behalf of one provisioning client."""

    def __init__(self, client: Client):
        self.client = client

    def operation(self) -> AbstractContextManager[Any]:
        return transaction.atomic()

    # Reads -----------------------------------------------------------------------------

    def _person(self, resource_id: str) -> Person:
        person = scim_people().filter(pk=_pk(resource_id)).first()
        if person is None:
            raise NotFoundException(detail=f"There is no User {resource_id}.")
        return person

    def _department(self, resource_id: str, with_members: bool = True) -> Department:
        found = scim_departments(with_members=with_members).filter(pk=_pk(resource_id)).first()
        if found is None:
            raise NotFoundException(detail=f"There is no Group {resource_id}.")
        return found

    def _resource(self, payload: dict[str, Any], kind: str) -> Resource[Any]:
        model = UserResource if kind == "User" else Group
        return model.model_validate(payload)

    def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        if resource_type.name == "User":
            return self._resource(user_payload(self._person(resource_id)), "User")
        department = self._department(resource_id)
        return self._resource(group_payload(department), "Group")

    def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        """One page of the matching resources; at the root (several types), Users then Groups,
        an attribute a type does not keep matching none of its resources."""
        node = search_request.filter.ast if search_request.filter is not None else None
        several = len(resource_types) > 1
        start = search_request.start_index_0 or 0
        count = search_request.count
        total = 0
        found: list[Resource[Any]] = []
        for resource_type in resource_types:
            kind = resource_type.name
            members = _wants_members(search_request)
            if kind == "User":
                rows: Any = scim_people().filter(filter_query("user", node, lenient=several))
            else:
                rows = scim_departments(with_members=members).filter(
                    filter_query("group", node, lenient=several)
                )
            rows = rows.distinct()
            size = rows.count()
            begin = max(start - total, 0)
            wanted = None if count is None else count - len(found)
            total += size
            if begin >= size or wanted == 0:
                continue
            page = rows[begin:] if wanted is None else rows[begin : begin + wanted]
            if kind == "User":
                found += [self._resource(user_payload(p), "User") for p in page]
            else:
                found += [
                    self._resource(group_payload(d, with_members=members), "Group") for d in page
                ]
        return SearchPage(total, found)

    # Writes ----------------------------------------------------------------------------

    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        try:
            if resource_type.name == "User":
                person = services.scim_user_create(
                    client=self.client, values=_user_values(resource)
                )
                return self.get(resource_type, str(person.pk))
            department = services.scim_group_create(
                client=self.client, values=_group_values(resource)
            )
            return self.get(resource_type, str(department.pk))
        except HearthError as error:
            raise _scim_error(error) from error

    def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        resource_id = str(resource.id)
        with transaction.atomic():
            current = self.get(resource_type, resource_id)
            if expected_version and current.meta and current.meta.version != expected_version:
                raise PreconditionFailedException(detail="The resource changed meanwhile.")
            try:
                if resource_type.name == "User":
                    services.scim_user_update(
                        client=self.client,
                        person=self._person(resource_id),
                        values=_user_values(resource),
                    )
                else:
                    services.scim_group_update(
                        client=self.client,
                        department=self._department(resource_id, with_members=False),
                        values=_group_values(resource),
                    )
            except HearthError as error:
                raise _scim_error(error) from error
        return self.get(resource_type, resource_id)

    def delete(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        expected_version: str | None = None,
    ) -> None:
        with transaction.atomic():
            current = self.get(resource_type, resource_id)
            if expected_version and current.meta and current.meta.version != expected_version:
                raise PreconditionFailedException(detail="The resource changed meanwhile.")
            if resource_type.name == "User":
                services.scim_user_delete(client=self.client, person=self._person(resource_id))
            else:
                services.scim_group_delete(
                    client=self.client,
                    department=self._department(resource_id, with_members=False),
                )


def _wants_members(search_request: SearchRequest[Any]) -> bool:
    """Entra ID lists groups with excludedAttributes=members: do not load a department's
    thousands of people for nothing."""
    excluded = {str(a).lower() for a in search_request.excluded_attributes or []}
    attributes = {str(a).lower() for a in search_request.attributes or []}
    if "members" in excluded or f"{GROUP_URN.lower()}:members" in excluded:
        return False
    if attributes:
        return any(a.endswith("members") or a.startswith("members") for a in attributes)
    return True
