"""Schemathesis against the OpenAPI document: for every operation, generated requests (valid
and not) never get a 5xx, every response matches the schema, and no operation that declares
authentication answers without a token."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from hearth.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    ignored_auth,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI application directly fires request_started and request_finished, whose
    handler closes the database connection the test's transaction lives on (on PostgreSQL).
    Django's test client detaches that handler; do the same here."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _token_in_a_busy_company(company, places, person) -> str:
    """A token of `person`, in a company with communities, posts and a moderation queue."""
    from hearth.conversations.tests.factories import make_post
    from hearth.moderation import services as moderation_services
    from hearth.people.services import token_create

    post = make_post(company.manager, places.open, body="Quarterly plan, @ana")
    moderation_services.report_create(actor=company.member, reason="spam", post=post)
    _token, raw = token_create(actor=person, person=person, name="fuzz")
    return raw


@pytest.fixture
def token(company, places):
    return _token_in_a_busy_company(company, places, company.member)


@pytest.fixture
def admin_token(company, places):
    return _token_in_a_busy_company(company, places, company.admin)


# HEARTH_FUZZ_EXAMPLES=200 for a deep run by hand; the suite keeps to its time.
EXAMPLES = int(os.environ.get("HEARTH_FUZZ_EXAMPLES", "15"))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_keeps_its_contract_under_generated_requests(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@schema.parametrize()
@settings(
    max_examples=max(1, EXAMPLES * 2 // 3),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_the_api_keeps_its_contract_for_an_administrator(case, admin_token):
    """Administrators reach the operations employees are refused (audit, rules, badges...)."""
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)
