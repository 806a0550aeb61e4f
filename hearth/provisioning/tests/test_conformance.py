"""SCIM conformance measured with a suite nobody here wrote: scim2-tester's RFC 7643/7644
checks, run in process against Hearth's WSGI application."""

from collections import Counter

import pytest
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server

from hearth.config.wsgi import application
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


def test_scim2_tester_passes_with_no_failure(token, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client = WSGISCIMClient(
        application,
        base_url="http://testserver/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
    )
    results = check_server(client)
    failures = [
        f"{r.resource_type or ''} {r.title}: {r.reason}"
        for r in results
        if r.status != Status.SUCCESS
    ]
    assert failures == []
    statuses = Counter(r.status for r in results)
    # The suite really ran: discovery, both resource types, every CRUD and PATCH check.
    assert statuses[Status.SUCCESS] >= 75, statuses
    titles = {r.title for r in results if r.status == Status.SUCCESS}
    assert {"object_creation", "object_replacement", "object_deletion"} <= titles
    # What it created is in Hearth's own tables.
    assert Person.objects.filter(scim_record__isnull=False).exists()
