import pytest

from hearth.demo.identity import seed_identity
from hearth.people.selectors import apps_authorised
from hearth.people.tests.factories import PersonFactory
from hearth.provisioning.models import Client
from hearth.provisioning.services import client_authenticate

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_scim_client_and_an_app_ana_authorised(client):
    manoj = PersonFactory(display_name="Manoj Shah", is_staff=True)
    ana = PersonFactory(display_name="Ana Ribeiro")
    assert seed_identity() == 2
    assert seed_identity() == 0  # run again, nothing new
    demo = Client.objects.get()
    assert demo.created_by == manoj and demo.last_used_at is not None
    assert client_authenticate(token=demo.token_hash) is None  # no usable token anywhere
    assert [(a.name, a.scopes) for a in apps_authorised(ana)] == [
        ("Chat bridge (demo)", ["read", "write:posts"])
    ]
    client.force_login(ana)
    assert b"Chat bridge (demo)" in client.get("/people/me/apps/").content
