import pytest

from hearth.core.models import Event
from hearth.provisioning.models import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, company):
    client.force_login(company.admin)
    return client


def test_an_administrator_creates_a_client_and_sees_its_token_once(admin_client, company):
    page = admin_client.post("/provisioning/", {"name": "  Okta  "})
    assert page.status_code == 200
    client = Client.objects.get()
    assert client.name == "Okta"
    token = page.context["new_token"]
    assert token.startswith(client.prefix) and token.encode() in page.content
    assert client.token_hash not in page.content.decode()
    again = admin_client.get("/provisioning/")
    assert token.encode() not in again.content and b"Okta" in again.content


def test_a_bad_name_keeps_what_was_typed(admin_client, company):
    page = admin_client.post("/provisioning/", {"name": "x" * 300})
    assert page.status_code == 422
    assert b"x" * 300 in page.content
    assert not Client.objects.exists()


def test_revoking_is_audited(admin_client, company):
    admin_client.post("/provisioning/", {"name": "Okta"})
    client = Client.objects.get()
    answer = admin_client.post(f"/provisioning/{client.pk}/revoke/")
    assert answer.status_code == 302
    client.refresh_from_db()
    assert client.revoked_at is not None
    assert Event.objects.filter(verb="provisioning.client_revoked", object_id=client.pk).exists()


def test_people_who_are_not_administrators_see_no_such_page(member_client, company):
    assert member_client.get("/provisioning/").status_code == 404
    assert member_client.post("/provisioning/", {"name": "Mine"}).status_code == 404
    assert not Client.objects.exists()
