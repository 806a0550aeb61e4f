"""Deliveries: from the event log to the receiver, signed (Standard Webhooks, verified with its
own library), once per event and subscription, retried with backoff for a day, then the webhook
is flagged and its owner told; never more than the subscription may carry."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.notifications.models import Notification
from hearth.webhooks import services
from hearth.webhooks.models import Delivery


def verified(subscription, receiver) -> list[dict]:
    """Every request the receiver got for this subscription, verified against its secret."""
    hook = Webhook(subscription.secret)
    mine = set(
        Delivery.objects.filter(subscription=subscription).values_list("message_id", flat=True)
    )
    return [
        hook.verify(body, headers)
        for headers, body in receiver.requests
        if headers["webhook-id"] in mine
    ]


def send(now=None) -> int:
    events_dispatch()
    return services.deliveries_send_due(now=now)


def test_a_post_reaches_the_company_webhook_signed_and_once(company, places, receiver):
    hook = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created", "comment.created"]
    )
    post = make_post(company.member, places.open, body="Fibre reaches Lisbon")
    talk.comment_create(actor=company.manager, post=post, body="Great news for the south")
    send()
    payloads = verified(hook, receiver)
    assert [p["type"] for p in payloads] == ["post.created", "comment.created"]
    assert payloads[0]["data"]["post"]["id"] == post.pk
    assert payloads[0]["data"]["post"]["author"]["username"] == "ana"
    assert payloads[0]["data"]["post"]["community"]["slug"] == places.open.slug
    assert payloads[1]["data"]["comment"]["body"] == "Great news for the south"
    ids = [headers["webhook-id"] for headers, _body in receiver.requests]
    assert len(set(ids)) == 2
    # Dispatching and sending again sends nothing twice.
    assert send() == 0
    assert len(receiver.requests) == 2
    assert Delivery.objects.filter(status="delivered").count() == 2


def test_a_webhook_carries_only_what_its_owner_may_see(company, places, receiver, settings):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    company_wide = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"], description="all"
    )
    granted = services.subscription_create(
        actor=company.admin,
        url=receiver.url + "?granted",
        kinds=["post.created"],
        include_restricted=True,
    )
    pricing = services.subscription_create(
        actor=company.manager,
        url=receiver.url + "?pricing",
        kinds=["post.created"],
        community=places.private,
    )
    from hearth.communities.models import Community

    Community.objects.filter(pk=places.open.pk).update(allow_anonymous=True)
    places.open.refresh_from_db()
    for place in (places.open, places.private, places.secret):
        make_post(company.member, place, body=f"CANARY-{place.privacy}")
    anonymous = talk.post_create(
        actor=company.member,
        data=talk.PostIn(body="CANARY-anonymous worry", community=places.open, anonymous=True),
    )
    send()

    def bodies(subscription):
        rows = Delivery.objects.filter(subscription=subscription).order_by("id")
        return [json.dumps(d.payload) for d in rows]

    heard = bodies(company_wide)
    assert len(heard) == 2 and "CANARY-open" in heard[0] and "CANARY-anonymous" in heard[1]
    assert not any("CANARY-private" in b or "CANARY-secret" in b for b in heard)
    assert all("CANARY-private" not in b for b in bodies(company_wide))
    assert len(bodies(granted)) == 4  # private and secret too, granted on purpose
    assert bodies(pricing) and all("CANARY-private" in b for b in bodies(pricing))
    anonymous_payloads = [
        d.payload
        for d in Delivery.objects.filter(event__object_id=anonymous.pk, kind="post.created")
    ]
    assert len(anonymous_payloads) == 2
    for payload in anonymous_payloads:
        assert payload["data"]["post"]["author"] is None
        assert "ana" not in json.dumps(payload) and "Ribeiro" not in json.dumps(payload)
    assert len(verified(company_wide, receiver)) == 2  # what was sent verifies


def test_held_and_deleted_posts_are_not_sent(company, places, receiver):
    hook = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"]
    )
    post = make_post(company.member, places.open, body="Soon gone")
    talk.post_delete(actor=company.member, post=post)
    send()
    assert not Delivery.objects.filter(subscription=hook).exists()


def test_a_failing_receiver_is_retried_then_the_webhook_is_flagged_and_its_owner_told(
    company, places, receiver
):
    receiver.answers = [500] * 100
    hook = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"]
    )
    make_post(company.member, places.open, body="Will it arrive?")
    send()
    delivery = Delivery.objects.get(subscription=hook)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    first_retry = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=20) < first_retry <= datetime.timedelta(seconds=30)
    assert services.deliveries_send_due() == 0  # not before its time
    moment = timezone.now()
    while Delivery.objects.get(pk=delivery.pk).status == "pending":
        moment = Delivery.objects.get(pk=delivery.pk).next_attempt_at + datetime.timedelta(
            seconds=1
        )
        services.deliveries_send_due(now=moment)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and 10 <= delivery.attempts <= 30
    assert moment - delivery.created_at >= datetime.timedelta(hours=20)
    ids = {headers["webhook-id"] for headers, _body in receiver.requests}
    assert ids == {delivery.message_id}  # every retry is the same message
    hook.refresh_from_db()
    assert hook.failing_since is not None and hook.active
    assert Event.objects.filter(verb="webhook.failing", object_id=hook.pk).count() == 1
    events_dispatch()
    told = Notification.objects.get(recipient=company.admin, verb="webhook.failing")
    assert Event.objects.get(pk=told.event_id).object_id == hook.pk
    # Turning it on again clears the flag.
    services.subscription_update(actor=company.admin, subscription=hook, active=True)
    hook.refresh_from_db()
    assert hook.failing_since is None


def test_a_worker_that_died_holding_a_delivery_leaves_it_to_the_next_once_its_lease_ends(
    company, places, receiver
):
    hook = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"]
    )
    make_post(company.member, places.open, body="Claimed then lost")
    events_dispatch()
    delivery = Delivery.objects.get(subscription=hook)
    now = timezone.now()
    # What a worker killed right after claiming leaves behind:
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=now + services.lease())
    assert services.deliveries_send_due(now=now) == 0
    assert receiver.requests == []
    later = now + services.lease() + datetime.timedelta(seconds=1)
    assert services.deliveries_send_due(now=later) == 1
    assert services.deliveries_send_due(now=later) == 0
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_a_redirect_is_an_answer_never_followed(company, places, receiver):
    receiver.answers = [302]
    hook = services.subscription_create(
        actor=company.admin, url=receiver.url, kinds=["post.created"]
    )
    make_post(company.member, places.open, body="Redirected?")
    send()
    delivery = Delivery.objects.get(subscription=hook)
    assert (delivery.status, delivery.response_status) == ("pending", 302)
    assert len(receiver.requests) == 1


def test_a_community_webhook_stops_when_its_owner_no_longer_owns_it(company, places, receiver):
    from hearth.communities.models import Membership

    hook = services.subscription_create(
        actor=company.manager, url=receiver.url, kinds=["post.created"], community=places.open
    )
    make_post(company.member, places.open, body="Heard")
    events_dispatch()
    Membership.objects.filter(person=company.manager, community=places.open).update(role="member")
    make_post(company.member, places.open, body="Not heard any more")
    events_dispatch()
    assert Delivery.objects.filter(subscription=hook).count() == 1


def test_an_accepted_answer_a_delivered_community_and_a_newcomer_arrive(company, places, receiver):
    from hearth.communities import services as communities
    from hearth.people.importer import org_import

    hook = services.subscription_create(
        actor=company.admin,
        url=receiver.url,
        kinds=["answer.accepted", "community.delivered", "person.joined"],
    )
    question = talk.post_create(
        actor=company.member,
        data=talk.PostIn(kind="question", body="Which router?", community=places.open),
    )
    answer = talk.comment_create(actor=company.manager, post=question, body="The new one")
    talk.answer_accept(actor=company.member, post=question, comment=answer)
    purpose = communities.community_create(
        actor=company.manager,
        name="Ship it",
        kind="purpose",
        purpose="Ship the thing",
        business_goal="Faster",
        deliverable="The thing",
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    communities.community_deliver(
        actor=company.manager,
        community=purpose,
        outcome=communities.OutcomeIn(summary="Shipped on time.", links=[], final_values={}),
    )
    csv = (
        b"employee_id,email,name,title,department,location,country,manager_id\n"
        b"E-900,nina@tellall.example,Nina Newcomer,Analyst,Sales,Madrid,ES,\n"
    )
    report = org_import(actor=company.admin, data=csv)
    assert not report.errors, report.errors
    send()
    by_type = {p["type"]: p["data"] for p in verified(hook, receiver)}
    assert by_type["answer.accepted"]["comment"]["body"] == "The new one"
    assert by_type["answer.accepted"]["post"]["id"] == question.pk
    assert by_type["community.delivered"]["community"]["outcome"] == "Shipped on time."
    assert by_type["person.joined"]["person"]["display_name"] == "Nina Newcomer"


def test_hearing_an_event_costs_the_same_for_one_webhook_or_many(company, places, receiver):
    """What the event is about, its community and who still owns what are read once per event,
    whatever the number of webhooks (the consumer runs for every post and comment)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.core.events import consumer_skip_to_latest

    def cost(webhooks: int) -> int:
        for n in range(webhooks):
            services.subscription_create(
                actor=company.manager if n % 2 else company.admin,
                url=f"{receiver.url}?n={n}",
                kinds=["post.created"],
                community=places.open if n % 2 else None,
            )
        consumer_skip_to_latest("webhooks")
        make_post(company.member, places.open, body=f"Counting with {webhooks}")
        with CaptureQueriesContext(connection) as queries:
            events_dispatch(only="webhooks")
        return len(queries)

    few = cost(2)
    assert Delivery.objects.count() == 2
    many = cost(8)  # ten webhooks now
    assert Delivery.objects.count() == 2 + 10
    assert many == few
