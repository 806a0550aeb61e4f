"""Webhooks in the API: administrators subscribe the company, owners their community; bad
targets (private networks, other schemes), unknown events and grants out of place are refused
with the field named and nothing saved; a test event; the delivery log; audited."""

from __future__ import annotations

import json

import pytest

from hearth.trust.models import AuditEntry
from hearth.webhooks import services
from hearth.webhooks.models import Subscription


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_an_administrator_subscribes_the_company_and_tests_it(api_as, company, receiver):
    admin = api_as(company.admin)
    created = post_json(
        admin,
        "/api/v1/webhooks",
        {"url": receiver.url, "kinds": ["post.created"], "description": "Chat bridge"},
    )
    assert created.status_code == 201, created.content
    hook = created.json()
    assert hook["community"] is None and hook["secret"].startswith("whsec_")
    assert hook["owner"] == "admin" and hook["active"] is True
    tested = post_json(admin, f"/api/v1/webhooks/{hook['id']}/test", {})
    assert tested.status_code == 202 and tested.json()["kind"] == "webhook.test"
    services.deliveries_send_due()
    log = admin.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()
    assert [(d["kind"], d["status"], d["response_status"]) for d in log["items"]] == [
        ("webhook.test", "delivered", 200)
    ]
    assert log["next_cursor"] is None
    assert [w["id"] for w in admin.get("/api/v1/webhooks").json()] == [hook["id"]]
    off = admin.patch(
        f"/api/v1/webhooks/{hook['id']}",
        json.dumps({"active": False, "kinds": ["post.created", "jam.closed"]}),
        content_type="application/json",
    )
    assert off.status_code == 200 and off.json()["kinds"] == ["post.created", "jam.closed"]
    assert post_json(admin, f"/api/v1/webhooks/{hook['id']}/test", {}).status_code == 409
    assert AuditEntry.objects.filter(action="webhook.created").count() == 1
    assert AuditEntry.objects.filter(action="webhook.updated").count() == 1
    assert admin.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 204
    assert not Subscription.objects.exists()
    assert AuditEntry.objects.filter(action="webhook.deleted").count() == 1


def test_owners_subscribe_their_community_and_nobody_else_can(api_as, company, places, receiver):
    maria = api_as(company.manager)  # owns the open and private communities
    mine = post_json(
        maria,
        "/api/v1/webhooks",
        {"url": receiver.url, "kinds": ["post.created"], "community": places.private.slug},
    )
    assert mine.status_code == 201 and mine.json()["community"] == places.private.slug
    ana = api_as(company.member)  # a member, not an owner
    refused = post_json(
        ana,
        "/api/v1/webhooks",
        {"url": receiver.url, "kinds": ["post.created"], "community": places.private.slug},
    )
    assert refused.status_code == 403
    company_wide = post_json(
        ana, "/api/v1/webhooks", {"url": receiver.url, "kinds": ["post.created"]}
    )
    assert company_wide.status_code == 403
    # An administrator who is no member of the secret community cannot find it to subscribe.
    admin = api_as(company.admin)
    secret = post_json(
        admin,
        "/api/v1/webhooks",
        {"url": receiver.url, "kinds": ["post.created"], "community": places.secret.slug},
    )
    assert secret.status_code == 404
    # Someone else's webhook is not there for them, and its secret never shows.
    other = mine.json()["id"]
    for client in (ana, admin):
        assert client.get(f"/api/v1/webhooks/{other}").status_code == 404
        assert client.get(f"/api/v1/webhooks/{other}/deliveries").status_code == 404
        assert client.delete(f"/api/v1/webhooks/{other}").status_code == 404
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:9/hooks", "https://"),
        ("https://127.0.0.1/hooks", "private network"),
        ("https://10.1.2.3/hooks", "private network"),
        ("https://169.254.169.254/latest/meta-data/", "private network"),
        ("https://[::1]/hooks", "private network"),
        ("https://192.168.0.10/hooks", "private network"),
        ("https://user:pass@example.com/hooks", "user name or password"),
        ("ftp://example.com/hooks", "https://"),
        ("not a url", "valid URL"),
        ("https://example.com:99999/hooks", "port"),
        ("https://no-such-host.invalid/hooks", "does not resolve"),
        ("", "Where should the events go?"),
    ],
)
def test_targets_inside_the_network_or_not_on_the_web_are_refused(api_as, company, url, message):
    admin = api_as(company.admin)
    refused = post_json(admin, "/api/v1/webhooks", {"url": url, "kinds": ["post.created"]})
    assert refused.status_code == 422, refused.content
    errors = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert message in errors["url"]
    assert not Subscription.objects.exists()


def test_an_allowed_host_may_be_private_and_a_changed_url_is_checked_again(
    api_as, company, settings
):
    settings.HEARTH_WEBHOOK_ALLOWED_HOSTS = ["chat.intranet.local"]
    admin = api_as(company.admin)
    allowed = post_json(
        admin,
        "/api/v1/webhooks",
        {"url": "http://chat.intranet.local/hooks", "kinds": ["post.created"]},
    )
    assert allowed.status_code == 201, allowed.content
    moved = admin.patch(
        f"/api/v1/webhooks/{allowed.json()['id']}",
        json.dumps({"url": "https://10.0.0.5/hooks"}),
        content_type="application/json",
    )
    assert moved.status_code == 422
    assert Subscription.objects.get().url == "http://chat.intranet.local/hooks"


def test_unknown_events_and_grants_out_of_place_are_refused(api_as, company, places, receiver):
    admin, maria = api_as(company.admin), api_as(company.manager)
    unknown = post_json(admin, "/api/v1/webhooks", {"url": receiver.url, "kinds": ["post.liked"]})
    assert unknown.status_code == 422
    assert "post.created" in {e["field"]: e["message"] for e in unknown.json()["errors"]}["kinds"]
    empty = post_json(admin, "/api/v1/webhooks", {"url": receiver.url, "kinds": []})
    assert empty.status_code == 422
    grant = post_json(
        maria,
        "/api/v1/webhooks",
        {
            "url": receiver.url,
            "kinds": ["post.created"],
            "community": places.open.slug,
            "include_restricted": True,
        },
    )
    assert grant.status_code == 403  # only administrators grant private and secret content
    too_long = post_json(
        admin,
        "/api/v1/webhooks",
        {"url": receiver.url, "kinds": ["post.created"], "description": "d" * 201},
    )
    assert too_long.status_code == 422
    malformed = admin.post("/api/v1/webhooks", "{", content_type="application/json")
    assert malformed.status_code in (400, 422)
    assert not Subscription.objects.exists()


def test_signed_out_callers_get_nothing(client, company, receiver):
    hook = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"]
    )
    assert client.get("/api/v1/webhooks").status_code == 401
    assert client.get(f"/api/v1/webhooks/{hook.pk}").status_code == 401
    assert client.post("/api/v1/webhooks", "{}", content_type="application/json").status_code == 401


def test_the_lists_cost_the_same_for_one_webhook_or_many(api_as, company, receiver):
    """The webhooks list and a delivery log keep a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = api_as(company.admin)
    first = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"]
    )
    services.delivery_send(actor=company.admin, subscription=first)

    def cost(path: str) -> int:
        admin.get(path)  # warm (the token's first use)
        with CaptureQueriesContext(connection) as queries:
            assert admin.get(path).status_code == 200
        return len(queries)

    few = (cost("/api/v1/webhooks"), cost(f"/api/v1/webhooks/{first.pk}/deliveries"))
    for n in range(5):
        services.subscription_create(
            actor=company.admin, url=f"{receiver.url}?{n}", kinds=["post.created"]
        )
        services.delivery_send(actor=company.admin, subscription=first)
    many = (cost("/api/v1/webhooks"), cost(f"/api/v1/webhooks/{first.pk}/deliveries"))
    assert many == few
