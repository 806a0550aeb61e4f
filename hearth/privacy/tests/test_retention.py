"""Retention: deleted content is purged after the configured days, read notifications and
expired exports go too; the purge runs nightly, can be run by administrators, and is audited."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from hearth.conversations import services as talk
from hearth.conversations.models import Attachment, Comment, Post, Revision
from hearth.conversations.tests.factories import make_post
from hearth.notifications.models import Notification
from hearth.privacy import services
from hearth.privacy.models import DataExport
from hearth.search.models import SearchDocument
from hearth.trust.models import AuditEntry

from .conftest import post_json


def age(model, pk, days: int, field: str = "deleted_at") -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.now() - timedelta(days=days)})


def test_deleted_content_is_purged_after_the_retention_period(company, ana_wrote, settings):
    settings.HEARTH_RETENTION_DELETED_DAYS = 30
    ana = company.member
    old = ana_wrote["post"]
    talk.post_update(actor=ana, post=old, body="Ana's plan, second draft")
    stored = Attachment.objects.get(post=old).file.name
    talk.post_delete(actor=ana, post=old)
    age(Post, old.pk, 31)
    recent = make_post(ana, old.community, body="Deleted yesterday, still recoverable")
    talk.post_delete(actor=ana, post=recent)
    age(Post, recent.pk, 1)
    talk.comment_delete(actor=ana, comment=ana_wrote["comment"])
    age(Comment, ana_wrote["comment"].pk, 40)

    counts = services.retention_purge()

    assert counts["posts_purged"] == 1 and counts["comments_purged"] == 1
    purged = Post.objects.get(pk=old.pk)
    assert (purged.body, purged.title, purged.html) == ("", "", "") and purged.purged_at
    assert not Revision.objects.filter(post=old).exists()
    assert not Attachment.objects.filter(post=old).exists()
    assert not default_storage.exists(stored)
    assert not SearchDocument.objects.filter(post_id=old.pk).exists()
    assert Comment.objects.get(pk=ana_wrote["comment"].pk).body == ""
    assert Post.objects.get(pk=recent.pk).body == "Deleted yesterday, still recoverable"
    assert Post.objects.get(pk=ana_wrote["others"].pk).body.startswith("Maria's own roadmap")
    assert services.retention_purge()["posts_purged"] == 0  # nothing twice


def test_old_read_notifications_go_and_unread_ones_stay(company, settings):
    settings.HEARTH_RETENTION_NOTIFICATIONS_DAYS = 180
    now = timezone.now()
    common = {
        "recipient": company.member,
        "verb": "mention",
        "group_key": "k",
        "event_id": 1,
        "created_at": now,
        "updated_at": now,
    }
    old_read = Notification.objects.create(**common, read_at=now - timedelta(days=200))
    old_unread = Notification.objects.create(**common)
    fresh_read = Notification.objects.create(**common, read_at=now - timedelta(days=3))
    assert services.retention_purge()["notifications_deleted"] == 1
    assert not Notification.objects.filter(pk=old_read.pk).exists()
    assert Notification.objects.filter(pk__in=[old_unread.pk, fresh_read.pk]).count() == 2


def test_expired_and_abandoned_exports_are_cleaned_up(company):
    ready = services.export_build(services.export_request(actor=company.member).pk)
    stored = ready.file.name
    age(DataExport, ready.pk, 1, field="expires_at")
    stuck = services.export_request(actor=company.manager)
    age(DataExport, stuck.pk, 1, field="created_at")
    counts = services.retention_purge()
    assert counts["exports_expired"] == 1 and counts["exports_failed"] == 1
    ready.refresh_from_db()
    assert ready.status == "expired" and not default_storage.exists(stored)
    assert DataExport.objects.get(pk=stuck.pk).status == "failed"


def test_a_purge_is_recorded_in_the_audit_log(company):
    services.retention_purge(actor=company.admin)
    entry = AuditEntry.objects.get(action="retention.purged")
    assert entry.actor == company.admin and entry.detail["deleted_content_days"] == 30


def test_the_api_shows_the_policy_and_runs_the_purge_for_administrators(company, api_as, api):
    admin = api_as(company.admin)
    before = admin.get("/api/v1/privacy/retention").json()
    assert before["deleted_content_days"] == 30 and before["last_run_at"] is None
    ran = post_json(admin, "/api/v1/privacy/retention/purge")
    assert ran.status_code == 200 and ran.json()["posts_purged"] == 0
    after = admin.get("/api/v1/privacy/retention").json()
    assert after["last_run_at"] and after["last_run"]["posts_purged"] == 0
    assert api.get("/api/v1/privacy/retention").status_code == 403
    assert post_json(api, "/api/v1/privacy/retention/purge").status_code == 403


def test_the_privacy_page_is_for_administrators(client, company):
    client.force_login(company.member)
    assert client.get("/privacy/").status_code == 404
    assert client.post("/privacy/purge/").status_code == 404
    client.force_login(company.admin)
    page = client.get("/privacy/?q=ana")
    assert page.status_code == 200 and b"No purge has run yet." in page.content
    assert b"/privacy/people/ana/" in page.content
    assert b"Nobody has this username." in client.get("/privacy/?q=nobody").content
    done = client.post("/privacy/purge/", follow=True)
    assert b"Purge done" in done.content and b"Last purge" in done.content
