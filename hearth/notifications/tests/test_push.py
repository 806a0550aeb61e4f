"""Web Push, end to end against a push service on loopback that checks the VAPID signature and
decrypts each message (`pushservice.py`): a notification reaches each device that wants its kind
exactly once, says only what the notification says, and never reaches a device after sign-out,
after its person left, or about something they may no longer see."""

from __future__ import annotations

import pytest

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.notifications import push, services
from hearth.notifications.models import Notification, PushDelivery, PushDevice
from hearth.people.services import person_deactivate

from .pushservice import PushService


@pytest.fixture
def service(settings):
    settings.HEARTH_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # the loopback service is allowed
    settings.HEARTH_BASE_URL = "https://hearth.tellall.example"
    running = PushService(push.public_key())
    yield running
    running.close()
    assert running.refused == []  # every message Hearth sent was signed and encrypted right


def device(person, subscription, kinds, session_key=None):
    return services.device_add(
        actor=person,
        endpoint=subscription["endpoint"],
        p256dh=subscription["keys"]["p256dh"],
        auth=subscription["keys"]["auth"],
        name="Phone",
        kinds=kinds,
        session_key=session_key,
    )


def mention(
    company, title="Night shift rota", body="@carlos can you cover Friday? Secret: marmalade"
):
    post = make_post(company.vp, None, title=title, body=body)
    events_dispatch()
    return post


def test_a_notification_reaches_each_device_that_wants_it_exactly_once(company, service):
    phone, laptop = service.subscribe(), service.subscribe()
    device(company.colleague, phone, ["mention"])
    device(company.colleague, laptop, ["reply"])
    post = mention(company)
    assert push.send_pushes() == 1
    assert push.send_pushes() == 0  # already sent: never twice
    notification = Notification.objects.get(recipient=company.colleague, verb="mention")
    assert service.messages(phone) == [
        {
            "title": "Hearth",
            "body": "Victor Vale te mencionó en «Night shift rota»",  # Carlos reads Spanish
            "url": f"https://hearth.tellall.example{post.get_absolute_url()}",
            "tag": f"notification-{notification.pk}",
        }
    ]
    assert service.messages(laptop) == []
    assert "marmalade" not in str(service.messages(phone))  # nothing of the post beyond the notice
    assert PushDelivery.objects.filter(sent_at__isnull=False).count() == 1


def test_the_message_is_in_the_recipients_language(company, service):
    company.colleague.language = "en"
    company.colleague.save(update_fields=["language"])
    phone = service.subscribe()
    device(company.colleague, phone, ["mention"])
    mention(company)
    push.send_pushes()
    assert service.messages(phone)[0]["body"] == "Victor Vale mentioned you in “Night shift rota”"


def test_nothing_reaches_a_device_after_its_session_signs_out(client, company, service):
    client.force_login(company.colleague)
    phone, other = service.subscribe(), service.subscribe()
    device(company.colleague, phone, ["mention"], session_key=client.session.session_key)
    device(company.colleague, other, ["mention"], session_key="another-browser")
    client.post("/accounts/logout/")
    assert list(PushDevice.objects.values_list("endpoint", flat=True)) == [other["endpoint"]]
    mention(company)
    push.send_pushes()
    assert service.messages(phone) == [] and len(service.messages(other)) == 1


def test_nothing_reaches_a_person_who_left(company, service):
    phone = service.subscribe()
    device(company.colleague, phone, ["mention"])
    post = make_post(company.vp, None, title="Rota", body="@carlos Friday?")
    person_deactivate(actor=company.admin, person=company.colleague)  # before the worker ran
    events_dispatch()
    push.send_pushes()
    assert service.messages(phone) == [] and not PushDevice.objects.exists()
    assert post.pk


def test_nothing_is_pushed_about_a_post_hidden_before_the_worker_ran(company, service):
    phone = service.subscribe()
    device(company.colleague, phone, ["mention"])
    post = mention(company)
    talk.post_moderate(post=post, comment=None, kind="hide")
    assert push.send_pushes() == 0
    assert service.messages(phone) == []
    assert PushDelivery.objects.get().sent_at is not None  # settled, not retried


def test_a_subscription_the_push_service_calls_gone_is_forgotten(company, service):
    phone = service.subscribe()
    device(company.colleague, phone, ["mention"])
    service.make_gone(phone)
    mention(company)
    assert push.send_pushes() == 0
    assert not PushDevice.objects.exists()


def test_an_unreachable_push_service_is_tried_again(company, service):
    phone = service.subscribe()
    device(company.colleague, phone, ["mention"])
    service.close()
    mention(company)
    assert push.send_pushes() == 0
    delivery = PushDelivery.objects.get()
    assert delivery.sent_at is None and delivery.claimed_at is None  # released for next round


# The API -----------------------------------------------------------------------------------


def test_the_api_adds_lists_changes_and_removes_devices(api, company, service):
    assert api.get("/api/v1/push/key").json() == {"public_key": push.public_key()}
    subscription = service.subscribe()
    added = api.post(
        "/api/v1/push/devices",
        {**subscription, "name": "Ana's phone", "kinds": ["mention", "reply"]},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    device_id = added.json()["id"]
    assert added.json()["kinds"] == ["mention", "reply"]
    assert [d["name"] for d in api.get("/api/v1/push/devices").json()] == ["Ana's phone"]
    changed = api.patch(
        f"/api/v1/push/devices/{device_id}", {"kinds": ["answer"]}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["kinds"] == ["answer"]
    assert api.delete(f"/api/v1/push/devices/{device_id}").status_code == 204
    assert api.get("/api/v1/push/devices").json() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "http://10.0.0.7/push/x"}, "endpoint"),
        ({"endpoint": "ftp://push.example/x"}, "endpoint"),
        ({"keys": {"p256dh": "not base64!", "auth": "abc"}}, "p256dh"),
        ({"keys": {"p256dh": "abc", "auth": ""}}, "auth"),
        ({"kinds": ["mention", "gossip"]}, "kinds"),
    ],
)
def test_a_bad_device_is_refused_with_its_reason(api, service, change, field):
    body = {**service.subscribe(), **change}
    response = api.post("/api/v1/push/devices", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.content.decode()
    assert not PushDevice.objects.exists()


def test_another_persons_device_is_not_found(api, api_as, company, service):
    theirs = device(company.colleague, service.subscribe(), ["mention"])
    assert (
        api.patch(
            f"/api/v1/push/devices/{theirs.pk}", {"kinds": []}, content_type="application/json"
        ).status_code
        == 404
    )
    assert api.delete(f"/api/v1/push/devices/{theirs.pk}").status_code == 404
    assert PushDevice.objects.filter(pk=theirs.pk).exists()


# The page ----------------------------------------------------------------------------------


def test_the_page_adds_this_browser_and_keeps_its_session(client, company, service):
    client.force_login(company.member)
    page = client.get("/notifications/push/")
    assert page.status_code == 200 and push.public_key() in page.content.decode()
    subscription = service.subscribe()
    added = client.post(
        "/notifications/push/",
        {"endpoint": subscription["endpoint"], "name": "Linux", **subscription["keys"]},
    )
    assert added.status_code == 201
    device = PushDevice.objects.get()
    assert device.session == push.session_digest(client.session.session_key)
    assert "Linux" in client.get("/notifications/push/").content.decode()
    # Bad input: a clear message, nothing saved.
    bad = client.post("/notifications/push/", {"endpoint": "https://192.168.1.9/x", "p256dh": ""})
    assert bad.status_code == 422 and "private network" in bad.json()["errors"][0]["message"]
    assert PushDevice.objects.count() == 1


def test_the_page_changes_what_a_device_receives_and_removes_it(client, company, service):
    mine = device(company.colleague, service.subscribe(), ["mention"])
    theirs = device(company.member, service.subscribe(), ["mention"])
    client.force_login(company.colleague)
    saved = client.post(f"/notifications/push/{mine.pk}/", {"kinds": ["reply", "answer"]})
    assert saved.status_code == 302
    mine.refresh_from_db()
    assert mine.kinds == ["answer", "reply"]
    assert client.post(f"/notifications/push/{theirs.pk}/", {"remove": "1"}).status_code == 404
    client.post(f"/notifications/push/{mine.pk}/", {"remove": "1"})
    assert list(PushDevice.objects.all()) == [theirs]


def test_a_secret_communitys_post_is_never_pushed_to_an_outsider(company, places, service):
    """Carlos was in the secret "Merger Room" and was removed; Ana is in it. Both have a device
    that wants every kind of notification. A post there mentioning both reaches Ana's device
    with its notice only, and nothing of it reaches Carlos's."""
    from hearth.notifications.services import verbs_known

    inside, outside = service.subscribe(), service.subscribe()
    device(company.member, inside, sorted(verbs_known()))
    device(company.colleague, outside, sorted(verbs_known()))
    post = make_post(
        company.ceo, places.secret, title="Due diligence", body="@ana @carlos CANARY_SECRET"
    )
    talk.comment_create(actor=company.ceo, post=post, body="More: CANARY_SECRET")
    events_dispatch()
    push.send_pushes()
    assert service.messages(outside) == []
    pushed = service.messages(inside)
    assert [m["body"] for m in pushed] == ["Grace Mensah mentioned you in “Due diligence”"]
    assert "CANARY" not in str(pushed)
    assert not PushDelivery.objects.filter(device__person=company.colleague).exists()
