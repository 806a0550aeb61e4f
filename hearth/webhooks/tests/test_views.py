"""The webhooks pages: owners find them from their community; a refused address keeps what was
typed (422); someone else's webhook is a 404; turning off, testing and deleting work."""

from __future__ import annotations

from hearth.webhooks import services
from hearth.webhooks.models import Delivery, Subscription


def test_owners_find_webhooks_from_their_community_and_members_do_not(client, company, places):
    client.force_login(company.manager)  # owns Network Ops
    page = client.get(places.open.get_absolute_url())
    assert b'href="/webhooks/"' in page.content
    client.force_login(company.member)
    assert b'href="/webhooks/"' not in client.get(places.open.get_absolute_url()).content
    mine = client.get("/webhooks/")
    assert mine.status_code == 200 and b"New webhook" not in mine.content


def test_a_refused_address_keeps_what_was_typed(client, company, places):
    client.force_login(company.manager)
    refused = client.post(
        "/webhooks/",
        {
            "url": "https://192.168.1.20/in",
            "description": "Team chat",
            "kinds": ["post.created", "comment.created"],
            "community": places.open.slug,
        },
    )
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "inside a private network" in text
    assert 'value="Team chat"' in text and 'value="https://192.168.1.20/in"' in text
    assert not Subscription.objects.exists()


def test_turn_off_test_and_delete_from_the_page(client, company, places, receiver):
    hook = services.subscription_create(
        actor=company.manager, url=receiver.url, kinds=["post.created"], community=places.open
    )
    client.force_login(company.member)
    assert client.get(f"/webhooks/{hook.pk}/").status_code == 404
    assert client.post(f"/webhooks/{hook.pk}/delete/").status_code == 404
    client.force_login(company.manager)
    assert client.post(f"/webhooks/{hook.pk}/test/").status_code == 302
    services.deliveries_send_due()  # the worker's round
    assert Delivery.objects.get(subscription=hook).status == "delivered"
    assert "webhook.test" in client.get(f"/webhooks/{hook.pk}/deliveries/").content.decode()
    client.post(f"/webhooks/{hook.pk}/active/", {"active": "0"})
    hook.refresh_from_db()
    assert not hook.active
    page = client.post(f"/webhooks/{hook.pk}/test/", follow=True)
    assert "This webhook is off" in page.content.decode()
    client.post(f"/webhooks/{hook.pk}/delete/")
    assert not Subscription.objects.exists()
