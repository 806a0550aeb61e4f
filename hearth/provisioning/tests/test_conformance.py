"""SCIM conformance measured with a suite nobody here wrote: scim2-tester's RFC 7643/7644
checks, run in process against Hearth's WSGI application."""

from collections import Counter

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server

from hearth.config.wsgi import application
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Hearth's WSGI application called in process, as Django's test client does it: the end
    of a request must not close the test's database connection (PostgreSQL)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield application
    for signal in signals:
        signal.connect(close_old_connections)


def test_scim2_tester_passes_with_no_failure(token, wsgi_in_the_test_transaction):
    client = WSGISCIMClient(
        wsgi_in_the_test_transaction,
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
