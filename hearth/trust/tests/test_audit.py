"""The audit log: written with the change it records, append-only, read by auditors only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from hearth.conversations.tests.factories import make_post
from hearth.moderation import services as moderation_services
from hearth.moderation.models import Report
from hearth.people import services as people
from hearth.trust.models import AuditEntry


@pytest.fixture
def acted(company, places):
    """Victor (facilitator) hid Maria's post after Ana reported it."""
    post = make_post(company.manager, places.open, body="Leaked figures")
    report = moderation_services.report_create(actor=company.member, reason="spam", post=post)
    moderation_services.action_take(
        actor=company.vp, report=report, kind="hide", reason="Off topic"
    )
    return post


def test_audited_changes_write_their_entry_in_the_same_transaction(company, acted):
    entry = AuditEntry.objects.get(action="moderation.action")
    assert entry.actor == company.vp
    assert entry.actor_name == f"{company.vp.display_name} (@victor)"
    assert entry.target_label == f"Hide · post #{acted.pk}"
    assert entry.detail["kind"] == "hide"
    assert "Leaked" not in json.dumps(entry.detail)  # the log keeps no content
    # A change that rolls back leaves no entry behind.
    with pytest.raises(RuntimeError), transaction.atomic():
        people.leader_set(actor=company.admin, person=company.member, value=True)
        raise RuntimeError
    assert not AuditEntry.objects.filter(action="person.leader_set").exists()
    people.leader_set(actor=company.admin, person=company.member, value=True)
    assert AuditEntry.objects.filter(action="person.leader_set", actor=company.admin).count() == 1
    # Ordinary activity is not audited.
    assert not AuditEntry.objects.filter(action__startswith="post.").exists()
    assert not AuditEntry.objects.filter(action="report.created").exists()


def test_entries_cannot_be_edited_or_deleted(company, acted):
    entry = AuditEntry.objects.get(action="moderation.action")
    entry.action = "nothing"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "moderation.action"


def test_role_and_permission_changes_outside_the_services_are_audited(company):
    member = company.member
    member.is_staff = True
    member.save()
    perm = Permission.objects.get(codename="moderate", content_type__app_label="trust")
    member.user_permissions.add(perm)
    member.user_permissions.remove(perm)
    changes = [
        e.detail["changed"]
        for e in AuditEntry.objects.filter(
            action="person.permissions_changed", target_id=member.pk
        ).order_by("id")
    ]
    assert changes[0] == {"is_staff": [False, True]}
    assert list(changes[1]["permissions"]) == ["add"]
    assert list(changes[2]["permissions"]) == ["remove"]
    # Saving without a role change writes nothing.
    member.title = "Engineer"
    member.save()
    assert AuditEntry.objects.filter(action="person.permissions_changed").count() == 3


def test_the_log_page_reads_details_as_words(client, company):
    member = company.member
    member.is_staff = True
    member.save()
    perm = Permission.objects.get(codename="moderate", content_type__app_label="trust")
    member.user_permissions.add(perm)
    client.force_login(company.admin)
    page = client.get("/moderation/audit/").content.decode()
    assert "<dt>Changed: is staff</dt><dd>no → yes</dd>" in page
    assert "<dt>Changed: permissions</dt><dd>add: " in page
    assert "{&#x27;" not in page and "[False" not in page  # no Python dictionaries


def test_tokens_and_imports_are_audited(company):
    people.token_create(actor=company.member, person=company.member, name="laptop")
    entry = AuditEntry.objects.get(action="token.created")
    assert entry.actor == company.member and "ana" in entry.target_label
    from hearth.people.importer import org_import

    header = "employee_id,email,name,title,department,location,country,manager_id\n"
    report = org_import(
        actor=company.admin,
        data=(header + "E900,new@tellall.example,New One,Analyst,Ops,Lyon,FR,\n").encode(),
    )
    assert not report.errors, report.errors
    entry = AuditEntry.objects.get(action="org.imported")
    assert entry.actor == company.admin and entry.detail["created"] == 1
    # Everyone missing from the file was deactivated, each with an entry naming them.
    left = AuditEntry.objects.filter(action="person.left", actor=company.admin)
    assert left.count() == entry.detail["deactivated"] > 0
    assert any("@ana" in e.target_label for e in left)


def test_only_auditors_see_the_log_page(client, company, acted):
    client.force_login(company.vp)  # a moderator, not an auditor
    assert client.get("/moderation/audit/").status_code == 404
    assert client.get("/moderation/audit/export.csv").status_code == 404
    client.force_login(company.admin)
    page = client.get("/moderation/audit/")
    assert page.status_code == 200
    assert "Moderation action" in page.content.decode()
    assert 'href="/moderation/audit/"' in page.content.decode()  # the menu offers it


def test_a_person_with_the_auditor_permission_reads_and_exports(client, company, acted):
    auditor = company.colleague  # Carlos reads Spanish
    auditor.user_permissions.add(
        Permission.objects.get(codename="audit", content_type__app_label="trust")
    )
    client.force_login(auditor)
    page = client.get("/moderation/audit/", {"action": "moderation.action"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Acción de moderación" in body and "Roles o permisos cambiados</td>" not in body
    export = client.get("/moderation/audit/export.csv", {"action": "moderation.action"})
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:3] == ["time", "action", "by"]
    assert [r[1] for r in rows[1:]] == ["moderation.action"]
    # The export itself is in the log, with the filters it used.
    exported = AuditEntry.objects.get(action="audit.exported")
    assert exported.actor == auditor
    assert exported.detail["filters"]["action"] == "moderation.action"


def test_bad_filters_are_explained_and_kept(client, company):
    client.force_login(company.admin)
    page = client.get(
        "/moderation/audit/", {"since": "2026-05-10", "until": "2026-05-01", "actor": "grace"}
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "The end is before the start." in body
    assert 'value="grace"' in body and 'value="2026-05-10"' in body
    assert client.get("/moderation/audit/", {"since": "yesterday"}).status_code == 400
    assert client.get("/moderation/audit/export.csv", {"since": "x"}).status_code == 400
    assert not AuditEntry.objects.filter(action="audit.exported").exists()


def test_audit_api(api, api_as, company, acted):
    denied = api.get("/api/v1/audit")
    assert denied.status_code == 403
    assert "auditors" in denied.json()["detail"]
    admin = api_as(company.admin)
    items = admin.get("/api/v1/audit", {"action": "moderation"}).json()["items"]
    assert [(i["action"], i["actor"]) for i in items] == [("moderation.action", "victor")]
    assert admin.get("/api/v1/audit", {"actor": "nobody"}).json()["items"] == []
    bad = admin.get(
        "/api/v1/audit", {"since": "2026-05-10T00:00:00Z", "until": "2026-05-01T00:00:00Z"}
    )
    assert bad.status_code == 422
    assert admin.get("/api/v1/audit", {"since": "soon"}).status_code == 422
    assert Report.objects.count() == 1


def test_an_app_declares_what_it_audits_without_touching_the_log(client, company, places):
    """Apps declare their audited verbs and how their objects are named
    (core.registry.audited): the log writes, names, filters and labels them like its own."""
    from hearth.core.events import event_record
    from hearth.core.registry import Audited, audited

    audited.register(
        "a-new-app",
        Audited(
            {"garden.fenced": "Garden fenced"},
            labels={"communities.community": lambda place: f"garden of {place.slug}"},
        ),
    )
    try:
        with transaction.atomic():
            event_record(actor=company.admin, verb="garden.fenced", obj=places.open)
            event_record(actor=company.admin, verb="garden.watered", obj=places.open)
        entry = AuditEntry.objects.get(action__startswith="garden.")
        assert entry.action == "garden.fenced"
        assert entry.target_label == f"garden of {places.open.slug}"
        client.force_login(company.admin)
        page = client.get("/moderation/audit/?action=garden.fenced").content.decode()
        assert "Garden fenced" in page and f"garden of {places.open.slug}" in page
    finally:
        audited.unregister("a-new-app")
