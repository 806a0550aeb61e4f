"""SCIM in Hearth's own terms: the HR import and SCIM agree on a person (employee id), active
false deactivates exactly as leaving the HR export does, every write is audited, bad input is
refused with a SCIM error and changes nothing, and a page of people costs the same queries
whatever its length."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.core.models import Event
from hearth.people.importer import org_import
from hearth.people.models import AccessToken, Department, Person
from hearth.people.services import token_authenticate, token_create
from hearth.people.tests.factories import PASSWORD, PersonFactory
from hearth.provisioning import services
from hearth.provisioning.models import Client

pytestmark = pytest.mark.django_db

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
HR = (
    "employee_id,email,name,title,department,location,country,manager_id\n"
    "E1,grace@tellall.example,Grace Mensah,CEO,Executive Office,London,GB,\n"
    "E2,ana@tellall.example,Ana Ribeiro,Engineer,Network,London,GB,E1\n"
)


def _user(name, **extra):
    return {
        "schemas": [USER],
        "userName": name,
        "displayName": name.title(),
        "emails": [{"value": f"{name}@x.example"}],
        **extra,
    }


def test_scim_and_the_hr_import_agree_on_the_employee_id(scim):
    assert org_import(actor=None, data=HR.encode()).ok
    ana = Person.objects.get(employee_id="E2")
    found = scim.get(f'Users?filter={ENTERPRISE}:employeeNumber eq "E2"').json()
    assert [r["id"] for r in found["Resources"]] == [str(ana.pk)]
    assert found["Resources"][0][ENTERPRISE]["department"] == "Network"
    assert found["Resources"][0][ENTERPRISE]["manager"]["value"] == str(ana.manager_id)

    # A creation naming the employee id is the HR import's person, not a second account.
    created = scim.post(
        "Users",
        {
            "schemas": [USER, ENTERPRISE],
            "userName": "ana.ribeiro@tellall.example",
            "displayName": "Ana Ribeiro",
            "emails": [{"value": "ana@tellall.example", "type": "work"}],
            "externalId": "entra-ana",
            ENTERPRISE: {"employeeNumber": "E2", "department": "Network"},
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["id"] == str(ana.pk)
    assert Person.objects.filter(employee_id="E2").count() == 1
    ana.refresh_from_db()
    assert ana.username == "ana.ribeiro@tellall.example"

    # The next HR file still finds her by employee id (and, owning user names, sets hers back).
    report = org_import(actor=None, data=HR.encode())
    assert report.ok and report.updated == ["ana"] and report.created == []
    assert Person.objects.get(employee_id="E2").pk == ana.pk


def test_active_false_deactivates_exactly_as_leaving_the_hr_export(scim, client):
    person = PersonFactory(username="leaver")
    _token, raw = token_create(actor=person, person=person, name="script")
    client.login(username="leaver", password=PASSWORD)
    assert client.get("/").status_code == 200

    answer = scim.patch(
        f"Users/{person.pk}",
        {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]},
    )
    assert answer.status_code in (200, 204)
    person.refresh_from_db()
    assert not person.is_active and person.deactivated_at
    assert client.get("/").status_code == 302  # the session ended
    assert token_authenticate(token=raw) is None
    assert AccessToken.objects.get(person=person).revoked_at is not None
    assert Event.objects.filter(verb="person.left", object_id=person.pk).exists()

    # The HR import deactivates the same way: tokens revoked too.
    assert org_import(actor=None, data=HR.encode()).ok
    other = PersonFactory(username="other", employee_id="E9")
    _t, other_raw = token_create(actor=other, person=other, name="x")
    assert org_import(actor=None, data=HR.encode()).ok
    other.refresh_from_db()
    assert not other.is_active
    assert AccessToken.objects.get(person=other).revoked_at is not None


def test_every_write_is_audited_with_its_client(scim, admin):
    created = scim.post("Users", _user("zoe")).json()
    scim.patch(
        f"Users/{created['id']}",
        {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title", "value": "Chef"}]},
    )
    scim.delete(f"Users/{created['id']}")
    verbs = list(
        Event.objects.filter(verb__startswith="provisioning.user")
        .order_by("id")
        .values_list("verb", "metadata")
    )
    assert [v for v, _m in verbs] == [
        "provisioning.user_created",
        "provisioning.user_updated",
        "provisioning.user_deleted",
    ]
    assert {m["client"] for _v, m in verbs} == {"Entra ID"}
    assert Event.objects.filter(verb="provisioning.client_created", actor=admin).exists()


def test_a_deleted_person_comes_back_with_their_account(scim):
    first = scim.post("Users", _user("sam")).json()
    assert scim.delete(f"Users/{first['id']}").status_code == 204
    assert scim.get('Users?filter=userName eq "sam"').json()["totalResults"] == 0
    again = scim.post("Users", _user("sam"))
    assert again.status_code == 201 and again.json()["id"] == first["id"]
    assert Person.objects.get(pk=first["id"]).is_active


def test_without_a_valid_token_nothing_is_served(client, token, admin):
    people = Person.objects.count()
    assert client.get("/scim/v2/Users").status_code == 401
    wrong = client.get("/scim/v2/Users", headers={"Authorization": "Bearer hsc_nope"})
    assert wrong.status_code == 401 and "WWW-Authenticate" in wrong
    assert json.loads(wrong.content)["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    refused = client.post(
        "/scim/v2/Users", data=json.dumps(_user("x")), content_type="application/scim+json"
    )
    assert refused.status_code == 401 and Person.objects.count() == people
    # The service provider configuration is public (RFC 7644 §4).
    assert client.get("/scim/v2/ServiceProviderConfig").status_code == 200

    services.client_revoke(actor=admin, client=Client.objects.get())
    assert (
        client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


@pytest.mark.parametrize(
    ("body", "status", "scim_type"),
    [
        (b"{not json", 400, "invalidSyntax"),
        (
            json.dumps(
                {
                    "schemas": [USER],
                    "displayName": "No user name",
                    "emails": [{"value": "a@x.example"}],
                }
            ).encode(),
            400,
            None,
        ),
        (json.dumps(_user("bad name!")).encode(), 400, "invalidValue"),
        (
            json.dumps({**_user("noemail"), "emails": [{"value": "not-an-address"}]}).encode(),
            400,
            "invalidValue",
        ),
        (json.dumps({**_user("long"), "title": "x" * 500}).encode(), 400, "invalidValue"),
        (
            json.dumps(
                {
                    **_user("boss"),
                    "schemas": [USER, ENTERPRISE],
                    ENTERPRISE: {"manager": {"value": "999999"}},
                }
            ).encode(),
            400,
            "invalidValue",
        ),
    ],
)
def test_bad_people_are_refused_and_nothing_is_created(
    scim, client, token, body, status, scim_type
):
    people = Person.objects.count()
    answer = client.post(
        "/scim/v2/Users",
        data=body,
        content_type="application/scim+json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == status, answer.content
    error = answer.json()
    assert error["detail"]
    if scim_type:
        assert error["scimType"] == scim_type
    assert Person.objects.count() == people


def test_taken_values_are_conflicts(scim):
    PersonFactory(username="taken", email="taken@x.example", employee_id="E7")
    for body in (_user("taken"), {**_user("fresh"), "emails": [{"value": "TAKEN@x.example"}]}):
        answer = scim.post("Users", body)
        assert answer.status_code == 409, answer.content
        assert answer.json()["scimType"] == "uniqueness"
    assert not Person.objects.filter(username="fresh").exists()


def test_a_manager_loop_and_bad_filters_are_refused(scim):
    boss = scim.post("Users", _user("boss")).json()
    report = scim.post(
        "Users",
        {
            **_user("report"),
            "schemas": [USER, ENTERPRISE],
            ENTERPRISE: {"manager": {"value": boss["id"]}},
        },
    ).json()
    loop = scim.patch(
        f"Users/{boss['id']}",
        {
            "schemas": [PATCH],
            "Operations": [
                {"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": report["id"]}}
            ],
        },
    )
    assert loop.status_code == 400 and "report to themselves" in loop.json()["detail"]
    assert Person.objects.get(pk=boss["id"]).manager is None
    for bad in ('nickName eq "x"', "userName eq", "active gt true"):
        answer = scim.get(f"Users?filter={bad}")
        assert answer.status_code == 400, (bad, answer.content)
        assert answer.json()["scimType"] == "invalidFilter"
    assert scim.get("Users/abc").status_code == 404
    assert scim.get("Groups/99999").status_code == 404


def test_filters_run_in_the_database(scim):
    for name in ("alba", "albert", "bruno"):
        scim.post("Users", {**_user(name), "title": "Pilot" if name != "bruno" else "Cook"})

    def names(q):
        return sorted(r["userName"] for r in scim.get(f"Users?filter={q}").json()["Resources"])

    assert names('userName sw "alb"') == ["alba", "albert"]
    assert names('userName sw "alb" and not (userName eq "ALBA")') == ["albert"]
    assert names('title eq "cook" or userName ew "ba"') == ["alba", "bruno"]
    assert names('emails[value co "bruno"]') == ["bruno"]
    assert names('title pr and active eq true and not (userName eq "root")') == [
        "alba",
        "albert",
        "bruno",
    ]
    page = scim.get("Users?startIndex=2&count=1").json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (4, 2, 1)  # and root


def test_a_page_of_people_costs_the_same_queries_whatever_its_length(scim):
    Department.objects.create(name="Ops")
    for _i in range(3):
        PersonFactory(manager=None)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert scim.get("Users?count=200").status_code == 200
        return len(queries)

    cost()  # the client's first use of the minute is recorded
    small = cost()
    boss = PersonFactory()
    for _ in range(12):
        PersonFactory(manager=boss)
    assert cost() == small
    Department.objects.create(name="Sales")
    with CaptureQueriesContext(connection) as queries:
        assert scim.get("Groups?count=200").status_code == 200
    groups = len(queries)
    for i in range(5):
        Department.objects.create(name=f"D{i}")
    with CaptureQueriesContext(connection) as queries:
        scim.get("Groups?count=200")
    assert len(queries) == groups


def test_the_preferred_language_and_time_zone_come_from_the_identity_provider(scim):
    created = scim.post(
        "Users", _user("lucia", preferredLanguage="es-MX", timezone="America/Mexico_City")
    )
    assert created.status_code == 201, created.content
    assert created.json()["preferredLanguage"] == "es-MX"  # returned as sent
    lucia = Person.objects.get(username="lucia")
    assert (lucia.language, lucia.time_zone) == ("es", "America/Mexico_City")
    # A language list in Accept-Language form: the first one Hearth ships.
    replace = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "preferredLanguage"}]}
    replace["Operations"][0]["value"] = "sv-SE, en-GB;q=0.8"
    assert scim.patch(f"Users/{lucia.pk}", replace).status_code in (200, 204)
    lucia.refresh_from_db()
    assert lucia.language == "en"
    # A language Hearth does not ship keeps the person's (the provider cannot know ours).
    replace["Operations"][0]["value"] = "sv-SE"
    assert scim.patch(f"Users/{lucia.pk}", replace).status_code in (200, 204)
    lucia.refresh_from_db()
    assert lucia.language == "en"
    # So does a time zone the zone database does not know.
    replace["Operations"][0].update(path="timezone", value="Mars/Olympus_Mons")
    assert scim.patch(f"Users/{lucia.pk}", replace).status_code in (200, 204)
    lucia.refresh_from_db()
    assert lucia.time_zone == "America/Mexico_City"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("pt-BR", "pt-br"),
        ("zh-CN", "zh-hans"),
        ("ja-JP", "ja"),
        ("ar-EG", "ar"),
        ("hi-IN", "hi"),
        ("tr-TR", "tr"),
        ("pl-PL", "pl"),
        ("nl-BE", "nl"),
        ("fr-CA", "fr"),
        ("de-AT", "de"),
        ("it-IT", "it"),
    ],
)
def test_every_language_the_interface_ships_is_taken_from_the_provider(scim, sent, kept):
    created = scim.post("Users", _user("lucia", preferredLanguage=sent))
    assert created.status_code == 201, created.content
    assert Person.objects.get(username="lucia").language == kept
