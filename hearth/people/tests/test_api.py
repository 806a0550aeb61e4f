import json

import pytest
from django.test import Client

from hearth.people.services import token_create, token_revoke
from hearth.people.tests.factories import PersonFactory

PERSON_FIELDS = {
    "username",
    "display_name",
    "title",
    "department",
    "location",
    "country",
    "manager",
    "skills",
    "interests",
    "is_leader",
    "avatar_url",
}


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def test_me_is_the_token_owner(api, company):
    body = api.get("/api/v1/me").json()
    assert set(body) >= PERSON_FIELDS
    assert body["username"] == "ana"
    assert body["manager"] == "maria"
    assert body["avatar_url"].startswith("http://testserver/people/ana/avatar")


def test_a_person_by_username(api, company):
    body = api.get("/api/v1/people/maria").json()
    assert (body["display_name"], body["is_leader"], body["department"]) == (
        "Maria Lopez",
        True,
        "Engineering",
    )


def test_an_unknown_person_is_a_404_problem(api):
    assert_problem(api.get("/api/v1/people/nobody"), 404)


def test_the_directory_filters_by_name_department_location_country_and_skill(api, company):
    from hearth.people.services import tags_from_names

    company.colleague.skills.set(tags_from_names(["Negotiation"]))

    def names(**params):
        return [p["username"] for p in api.get("/api/v1/people", params).json()["items"]]

    assert names(q="carl") == ["carlos"]
    assert names(department="Sales") == ["carlos"]
    assert names(location="Madrid") == ["carlos"]
    assert names(country="ES") == ["carlos"]
    assert names(country="Spain") == ["carlos"]
    assert names(skill="negotiation") == ["carlos"]
    assert "fred" not in names()  # people who left are not in the directory


def test_the_directory_pages_with_a_cursor(api, company):
    for n in range(5):
        PersonFactory(display_name=f"Zed {n}")
    first = api.get("/api/v1/people", {"limit": 4}).json()
    assert len(first["items"]) == 4 and first["next_cursor"]
    seen = [p["username"] for p in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = api.get("/api/v1/people", {"limit": 4, "cursor": cursor}).json()
        seen += [p["username"] for p in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 11


def test_the_directory_list_needs_the_same_queries_however_long(
    api, company, django_assert_max_num_queries
):
    for n in range(40):
        PersonFactory(display_name=f"Many {n}")
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/v1/people", {"limit": 50}).json()["items"]) == 46


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 500}, "limit"),
        ({"cursor": "forged"}, "cursor"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_bad_list_parameters_are_a_422_with_the_field(api, params, field):
    body = assert_problem(api.get("/api/v1/people", params), 422)
    assert field in [e["field"] for e in body["errors"]]


@pytest.mark.parametrize(
    "header", [None, "Bearer nope", "Bearer hth_forged", "Basic abc", "Bearer " + "x" * 5000]
)
def test_without_a_valid_token_it_is_a_401(db, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    assert_problem(client.get("/api/v1/me"), 401)
    assert_problem(client.get("/api/v1/people"), 401)


def test_a_revoked_token_stops_working(company):
    token, raw = token_create(actor=company.member, person=company.member, name="script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me").status_code == 200
    token_revoke(actor=company.member, token=token)
    assert_problem(client.get("/api/v1/me"), 401)


def test_the_browser_session_works_too(member_client):
    assert member_client.get("/api/v1/me").json()["username"] == "ana"


def test_unknown_paths_and_methods_are_problems_not_pages(api):
    response = api.get("/api/v1/no-such-thing")
    assert_problem(response, 404)
    response = api.post("/api/v1/me", data="{", content_type="application/json")
    assert_problem(response, 405)
    assert response["Allow"] == "GET"


def test_the_openapi_document_describes_the_people_endpoints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/people", "/api/v1/people/{username}"} <= set(spec["paths"])
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_the_docs_page_loads_its_assets_locally(member_client):
    html = member_client.get("/api/v1/docs").content.decode()
    assert "swagger" in html.lower()
    assert "cdn" not in html.lower()


def test_tokens_are_stored_only_as_hashes(company):
    token, raw = token_create(actor=company.member, person=company.member, name="script")
    assert raw.startswith("hth_")
    assert raw not in json.dumps(
        {"hash": token.token_hash, "prefix": token.prefix, "name": token.name}
    )
    assert len(token.token_hash) == 64
