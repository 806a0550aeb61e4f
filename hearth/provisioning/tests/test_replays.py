"""The request shapes Entra ID and Okta send, as their public SCIM guides document them
(Microsoft: "Develop and plan provisioning for a SCIM endpoint"; Okta: "SCIM 2.0 protocol
reference"), replayed against Hearth: quirks included (capitalised ops, a path-less replace,
a remove carrying a value, a filter on emails[type eq "work"], attributes Hearth does not keep)."""

import pytest

from hearth.people.models import Department, Person

pytestmark = pytest.mark.django_db

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def _patch(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


def test_entra_id_user_lifecycle(scim):
    missing = scim.get('Users?filter=userName eq "Test_User_ab6490ee"')
    assert missing.status_code == 200 and missing.json()["totalResults"] == 0

    created = scim.post(
        "Users",
        {
            "schemas": [USER, ENTERPRISE],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_ab6490ee",
            "active": True,
            "emails": [
                {"primary": True, "type": "work", "value": "Test_User_fd0ea19b@testuser.com"}
            ],
            "meta": {"resourceType": "User"},
            "name": {
                "formatted": "givenName familyName",
                "familyName": "familyName",
                "givenName": "givenName",
            },
            "roles": [],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    person = Person.objects.get(pk=body["id"])
    assert person.username == "Test_User_ab6490ee"
    assert person.display_name == "givenName familyName"  # Entra sent no displayName
    assert person.email == "test_user_fd0ea19b@testuser.com"
    assert body["externalId"] == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    assert body["emails"] == [{"value": person.email, "type": "work"}]

    found = scim.get('Users?filter=externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')
    assert [r["id"] for r in found.json()["Resources"]] == [body["id"]]

    changed = scim.patch(
        f"Users/{person.pk}",
        _patch(
            {
                "op": "Replace",
                "path": 'emails[type eq "work"].value',
                "value": "updated@testuser.com",
            },
            {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
        ),
    )
    assert changed.status_code in (200, 204), changed.content
    person.refresh_from_db()
    assert (person.email, person.last_name) == ("updated@testuser.com", "updatedFamilyName")

    boss = scim.post(
        "Users",
        {
            "schemas": [USER],
            "userName": "boss",
            "displayName": "The Boss",
            "emails": [{"value": "boss@testuser.com"}],
        },
    ).json()
    managed = scim.patch(
        f"Users/{person.pk}",
        _patch({"op": "Add", "path": f"{ENTERPRISE}:manager", "value": {"value": boss["id"]}}),
    )
    assert managed.status_code in (200, 204), managed.content
    person.refresh_from_db()
    assert person.manager_id == int(boss["id"])
    assert person.org_path == f"/{boss['id']}/{person.pk}/"

    disabled = scim.patch(
        f"Users/{person.pk}", _patch({"op": "Replace", "path": "active", "value": "False"})
    )
    assert disabled.status_code in (200, 204), disabled.content
    assert scim.get(f"Users/{person.pk}").json()["active"] is False
    person.refresh_from_db()
    assert not person.is_active and person.deactivated_at is not None

    gone = scim.delete(f"Users/{person.pk}")
    assert gone.status_code == 204
    assert scim.get(f"Users/{person.pk}").status_code == 404
    assert Person.objects.filter(pk=person.pk, is_active=False).exists()  # content stays


def test_entra_id_group_lifecycle(scim):
    people = [
        scim.post(
            "Users",
            {
                "schemas": [USER],
                "userName": f"u{i}",
                "displayName": f"U {i}",
                "emails": [{"value": f"u{i}@x.example"}],
            },
        ).json()["id"]
        for i in range(3)
    ]
    assert (
        scim.get('Groups?excludedAttributes=members&filter=displayName eq "Sales EMEA"').json()[
            "totalResults"
        ]
        == 0
    )
    created = scim.post(
        "Groups",
        {
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "Sales EMEA",
            "meta": {"resourceType": "Group"},
            "members": [],
            "schemas": [GROUP],
        },
    )
    assert created.status_code == 201, created.content
    group = created.json()["id"]

    added = scim.patch(
        f"Groups/{group}",
        _patch(
            {
                "op": "Add",
                "path": "members",
                "value": [{"$ref": None, "value": people[0]}, {"$ref": None, "value": people[1]}],
            }
        ),
    )
    assert added.status_code in (200, 204), added.content
    department = Department.objects.get(pk=group)
    assert set(department.people.values_list("pk", flat=True)) == {int(people[0]), int(people[1])}

    removed = scim.patch(
        f"Groups/{group}",
        _patch({"op": "Remove", "path": "members", "value": [{"$ref": None, "value": people[0]}]}),
    )
    assert removed.status_code in (200, 204), removed.content
    assert list(department.people.values_list("pk", flat=True)) == [int(people[1])]

    renamed = scim.patch(
        f"Groups/{group}", _patch({"op": "Replace", "path": "displayName", "value": "Sales Europe"})
    )
    assert renamed.status_code in (200, 204)
    department.refresh_from_db()
    assert department.name == "Sales Europe"

    listed = scim.get(
        'Groups?excludedAttributes=members&filter=displayName eq "sales europe"'
    ).json()
    assert listed["totalResults"] == 1 and "members" not in listed["Resources"][0]

    assert scim.delete(f"Groups/{group}").status_code == 204
    assert Person.objects.get(pk=people[1]).department is None  # the people stay


def test_okta_user_lifecycle(scim):
    assert (
        scim.get('Users?filter=userName eq "test.user@okta.local"&startIndex=1&count=100').json()[
            "totalResults"
        ]
        == 0
    )
    created = scim.post(
        "Users",
        {
            "schemas": [USER],
            "userName": "test.user@okta.local",
            "name": {"givenName": "Test", "familyName": "User"},
            "emails": [{"primary": True, "value": "test.user@okta.local", "type": "work"}],
            "displayName": "Test User",
            "locale": "en-US",
            "externalId": "00ujl29u0le5T6Aj10h7",
            "groups": [],
            "password": "1mz050nq",
            "active": True,
        },
    )
    assert created.status_code == 201, created.content
    user = created.json()
    person = Person.objects.get(pk=user["id"])
    assert not person.has_usable_password()  # Okta's password is not kept

    user["name"]["familyName"] = "Userson"
    user["title"] = "Buyer"
    replaced = scim.put(f"Users/{user['id']}", user)
    assert replaced.status_code == 200, replaced.content
    person.refresh_from_db()
    assert (person.last_name, person.title) == ("Userson", "Buyer")

    deactivated = scim.patch(
        f"Users/{user['id']}", _patch({"op": "replace", "value": {"active": False}})
    )
    assert deactivated.status_code in (200, 204), deactivated.content
    person.refresh_from_db()
    assert not person.is_active

    reactivated = scim.patch(
        f"Users/{user['id']}", _patch({"op": "replace", "value": {"active": True}})
    )
    assert reactivated.status_code in (200, 204)
    person.refresh_from_db()
    assert person.is_active


def test_okta_group_push(scim):
    user = scim.post(
        "Users",
        {
            "schemas": [USER],
            "userName": "ann@okta.local",
            "displayName": "Ann",
            "emails": [{"value": "ann@okta.local"}],
        },
    ).json()
    group = scim.post(
        "Groups", {"schemas": [GROUP], "displayName": "Test SCIMv2", "members": []}
    ).json()
    renamed = scim.patch(
        f"Groups/{group['id']}",
        _patch(
            {"op": "replace", "value": {"id": group["id"], "displayName": "Test SCIMv2 renamed"}}
        ),
    )
    assert renamed.status_code in (200, 204), renamed.content
    added = scim.patch(
        f"Groups/{group['id']}",
        _patch(
            {
                "op": "add",
                "path": "members",
                "value": [{"value": user["id"], "display": "ann@okta.local"}],
            }
        ),
    )
    assert added.status_code in (200, 204), added.content
    assert Person.objects.get(pk=user["id"]).department.name == "Test SCIMv2 renamed"
    removed = scim.patch(
        f"Groups/{group['id']}",
        _patch({"op": "remove", "path": f'members[value eq "{user["id"]}"]'}),
    )
    assert removed.status_code in (200, 204), removed.content
    assert Person.objects.get(pk=user["id"]).department is None
