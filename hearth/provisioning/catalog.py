"""The SCIM schemas Hearth publishes: exactly the attributes it stores, no more.

A User is a person: userName, name (given and family), displayName, title, one email address
with its type, active, externalId, and the enterprise extension's employeeNumber (the HR
import's employee id), department and manager. A Group is a department: displayName and
members. Attributes a provider sends beyond these are ignored (RFC 7644 lets a service provider
drop what it does not keep), never stored half.
"""

from __future__ import annotations

from typing import Any

from scim2_models import (
    Extension,
    Resource,
    ResourceType,
    Schema,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
)

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_RESULTS = 200


def _attribute(name: str, kind: str = "string", **characteristics: Any) -> dict[str, Any]:
    attribute = {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        "description": characteristics.pop("description", ""),
    }
    attribute.update(characteristics)
    return attribute


USER_SCHEMA = {
    "id": USER_URN,
    "name": "User",
    "description": "A person of the company.",
    "attributes": [
        _attribute(
            "userName",
            required=True,
            uniqueness="server",
            description="The name a person signs in with, unique in Hearth.",
        ),
        _attribute(
            "name",
            "complex",
            subAttributes=[_attribute("givenName"), _attribute("familyName")],
            description="The person's given and family names.",
        ),
        _attribute(
            "displayName",
            required=True,
            description="The name people know the person by (given and family names, or the "
            "user name, when a creation leaves it out).",
        ),
        _attribute("title", description="The person's job title."),
        _attribute(
            "preferredLanguage",
            description="The language Hearth speaks to the person, as in Accept-Language "
            "('pt-BR', 'da, en-gb;q=0.8'): the first one Hearth ships; none of them keeps the "
            "person's current language.",
        ),
        _attribute(
            "timezone",
            description="The person's time zone, an IANA name such as 'America/Sao_Paulo'.",
        ),
        _attribute(
            "emails",
            "complex",
            multiValued=True,
            required=True,
            subAttributes=[
                _attribute("value", required=True),
                _attribute("type", canonicalValues=["work", "home", "other"]),
            ],
            description="The person's email address; Hearth keeps one, the first given.",
        ),
        _attribute(
            "active",
            "boolean",
            required=True,
            description="False when the person has left (true when a creation leaves it out).",
        ),
    ],
}

ENTERPRISE_SCHEMA = {
    "id": ENTERPRISE_URN,
    "name": "EnterpriseUser",
    "description": "Where the person sits in the company.",
    "attributes": [
        _attribute(
            "employeeNumber",
            uniqueness="server",
            description="The employee id, as the HR import names it.",
        ),
        _attribute("department", description="The department's name."),
        _attribute(
            "manager",
            "complex",
            subAttributes=[
                _attribute("value", description="The manager's id."),
                _attribute("$ref", "reference", referenceTypes=["User"]),
                _attribute("displayName", mutability="readOnly", returned="request"),
            ],
            description="The person's manager, another User.",
        ),
    ],
}

GROUP_SCHEMA = {
    "id": GROUP_URN,
    "name": "Group",
    "description": "A department: its members are the people who work in it.",
    "attributes": [
        _attribute(
            "displayName", required=True, uniqueness="server", description="The department."
        ),
        _attribute(
            "members",
            "complex",
            multiValued=True,
            subAttributes=[
                _attribute("value", mutability="immutable"),
                _attribute("$ref", "reference", referenceTypes=["User"], mutability="immutable"),
            ],
            description="The people of the department (a person is in one department).",
        ),
    ],
}

User: type[Resource[Any]] = Resource.from_schema(Schema.model_validate(USER_SCHEMA))
EnterpriseUser: type[Extension] = Extension.from_schema(Schema.model_validate(ENTERPRISE_SCHEMA))
Group: type[Resource[Any]] = Resource.from_schema(Schema.model_validate(GROUP_SCHEMA))
UserResource: type[Resource[Any]] = User[EnterpriseUser]  # type: ignore[index]

CONFIG = ServiceProviderConfig.model_validate(
    {
        "documentationUri": "https://hearth.example/docs/provisioning/",
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A provisioning client's token, created by an administrator.",
                "primary": True,
            }
        ],
    }
)

# What Entra ID and Okta send beyond the standard is tolerated, as their guides describe:
# attributes Hearth does not keep are dropped, a "remove" carrying a value removes that value,
# and a replace through a filter that matches nothing (emails[type eq "work"].value on a person
# without one) adds the entry.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)

PROVIDER = ScimProvider(
    models=[User, EnterpriseUser, Group],
    resource_types=[ResourceType.from_resource(UserResource), ResourceType.from_resource(Group)],
    config=CONFIG,
    policy=POLICY,
)
