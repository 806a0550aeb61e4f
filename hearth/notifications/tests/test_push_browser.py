"""In a real browser: the service worker shows a push message as a notification that leads to
its page, and the push page lists the person's devices and what each receives."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from hearth.conftest import evaluate_until, sign_in
from hearth.notifications import push, services
from hearth.notifications.models import PushDevice

from .pushservice import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}))"""


def test_a_push_message_becomes_a_notification(page, company, live_server):
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(page, company.member.email)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)

    # The browser's push service delivers a message to the worker (DevTools stands in for it).
    session = page.context.new_cdp_session(page)
    registrations: list[dict] = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")

    def ours() -> list[dict]:
        return [
            r
            for r in registrations
            if r["scopeURL"].startswith(live_server.url) and not r.get("isDeleted")
        ]

    for _wait in range(80):  # the events arrive soon after; 20 s at most on a loaded machine
        if ours():
            break
        page.wait_for_timeout(250)
    assert ours(), registrations
    message = {
        "title": "Hearth",
        "body": "Victor Vale mentioned you in “Night shift rota”",
        "url": f"{live_server.url}/notifications/",
        "tag": "notification-7",
    }
    # DevTools may hand the message over before the worker can take it (a real push service
    # retries too): deliver again until it is shown, a few times at most.
    shown: list = []
    for _attempt in range(4):
        session.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": live_server.url,
                "registrationId": ours()[-1]["registrationId"],
                "data": json.dumps(message),
            },
        )
        try:
            shown = evaluate_until(page, NOTIFICATIONS, bool, seconds=5)
            break
        except AssertionError:
            continue
    assert shown == [message]


def test_the_push_page_lists_devices_and_what_each_receives(page, company, settings):
    settings.HEARTH_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    service = PushService(push.public_key())
    try:
        subscription = service.subscribe()
        services.device_add(
            actor=company.member,
            endpoint=subscription["endpoint"],
            p256dh=subscription["keys"]["p256dh"],
            auth=subscription["keys"]["auth"],
            name="Ana's phone",
            kinds=["mention"],
        )
        sign_in(page, company.member.email)
        page.goto("/notifications/preferences/")
        page.get_by_role("link", name="Push notifications on your phone and computers").click()
        expect(page.get_by_role("heading", name="Push notifications")).to_be_visible()
        phone = page.get_by_role("group", name="Ana's phone")
        expect(phone.get_by_label("Mentions", exact=True)).to_be_checked()
        phone.get_by_label("Replies", exact=True).check()
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("Saved: Ana's phone.")).to_be_visible()
        assert sorted(PushDevice.objects.get().kinds) == ["mention", "reply"]
        page.get_by_role("button", name="Remove this device").click()
        expect(page.get_by_text("No device receives push notifications yet.")).to_be_visible()
    finally:
        service.close()
