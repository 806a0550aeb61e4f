"""Download my data: a zip of everything I wrote and did (anonymous posts included), built by
the worker, served to me alone, one at a time, audited."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import models

from hearth.privacy import exporter, services
from hearth.privacy.models import DataExport
from hearth.trust.models import AuditEntry

from .conftest import post_json


def built(person) -> DataExport:
    export = services.export_request(actor=person)
    return services.export_build(export.pk)


def open_zip(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_my_export_holds_what_i_wrote_and_did_and_my_files(company, ana_wrote):
    export = built(company.member)
    assert export.status == "ready" and export.size > 0 and export.expires_at
    archive = open_zip(export)
    names = set(archive.namelist())
    assert {
        "README.txt",
        "profile.json",
        "posts.json",
        "comments.json",
        "reactions.json",
        "activity.json",
        "settings.json",
    } <= names
    profile = json.loads(archive.read("profile.json"))
    assert profile["email"] == "ana@tellall.example"
    posts = {p["body"]: p for p in json.loads(archive.read("posts.json"))}
    assert posts["Ana's plan for the ring network"]["anonymous"] is False
    assert posts["Anonymous: the on-call rota is unfair"]["anonymous"] is True
    attachment = posts["Ana's plan for the ring network"]["attachments"][0]
    assert archive.read(attachment["file"]) == b"ring topology"
    comments = json.loads(archive.read("comments.json"))
    assert [c["body"] for c in comments] == ["Ana replies to Maria"]
    assert json.loads(archive.read("reactions.json"))[0]["kind"] == "like"


def test_the_export_leaves_out_what_others_wrote(company, ana_wrote):
    archive = open_zip(built(company.member))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Maria's own roadmap" not in everything
    assert b"Maria comments on Ana's plan" not in everything
    assert b"maria@tellall.example" not in everything


def test_a_finished_export_is_audited_without_naming_anonymous_posts(company, ana_wrote):
    built(company.member)
    entry = AuditEntry.objects.get(action="data.exported")
    assert entry.actor == company.member
    assert "anonymous" not in json.dumps(entry.detail).lower()
    assert str(ana_wrote["anonymous"].pk) not in json.dumps(entry.detail)


def test_every_model_that_points_at_a_person_is_covered_by_the_export():
    person_model = apps.get_model(django_settings.AUTH_USER_MODEL)
    missing = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.ManyToManyField | models.OneToOneField)
                and field.related_model is person_model
                and model._meta.label_lower not in exporter.covered()
            ):
                missing.append(f"{model._meta.label_lower}.{field.name}")
    assert missing == [], (
        "Say in the app's exports.py (its ExportPart.covers) where these go in the export"
    )


def test_a_second_export_while_one_is_prepared_is_refused(company, api):
    first = post_json(api, "/api/v1/me/exports")
    assert first.status_code == 202 and first.json()["status"] == "pending"
    second = post_json(api, "/api/v1/me/exports")
    assert second.status_code == 409
    assert "already being prepared" in second.json()["detail"]
    assert DataExport.objects.filter(person=company.member).count() == 1


def test_exports_are_limited_per_day(company, api, settings):
    settings.HEARTH_EXPORTS_PER_DAY = 1
    services.export_build(services.export_request(actor=company.member).pk)
    response = post_json(api, "/api/v1/me/exports")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_failed_build_is_recorded_and_i_can_ask_again(company, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exporter, "write_zip", broken)
    export = built(company.member)
    assert export.status == "failed" and export.error == "disk full"
    monkeypatch.undo()
    assert built(company.member).status == "ready"


def test_the_api_lists_and_serves_my_export(company, api, ana_wrote):
    export = built(company.member)
    listed = api.get("/api/v1/me/exports").json()
    assert listed[0]["status"] == "ready" and listed[0]["download_url"].endswith("/download")
    response = api.get(f"/api/v1/me/exports/{export.pk}/download")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).read("README.txt").startswith(b"Your data")


def test_nobody_else_gets_my_export_administrators_included(company, api_as, client):
    export = built(company.member)
    for person in (company.manager, company.admin):
        other = api_as(person)
        assert other.get(f"/api/v1/me/exports/{export.pk}").status_code == 404
        assert other.get(f"/api/v1/me/exports/{export.pk}/download").status_code == 404
        client.force_login(person)
        assert client.get(f"/privacy/my-data/{export.pk}/download/").status_code == 404


def test_an_export_not_ready_cannot_be_downloaded(company, api):
    export = services.export_request(actor=company.member)
    response = api.get(f"/api/v1/me/exports/{export.pk}/download")
    assert response.status_code == 409
    assert "not ready" in response.json()["detail"]
    assert api.get("/api/v1/me/exports/99999999/download").status_code == 404


def test_the_page_prepares_and_follows_my_export(
    member_client, company, django_capture_on_commit_callbacks
):
    page = member_client.get("/privacy/my-data/")
    assert page.status_code == 200 and b"No export yet." in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post("/privacy/my-data/")
    assert response.status_code == 302
    export = DataExport.objects.get(person=company.member)
    assert export.status == "ready"  # the worker ran on commit (immediate mode in tests)
    page = member_client.get("/privacy/my-data/")
    assert f"/privacy/my-data/{export.pk}/download/".encode() in page.content
    download = member_client.get(f"/privacy/my-data/{export.pk}/download/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_the_page_polls_while_an_export_is_being_built(member_client, company):
    services.export_request(actor=company.member)
    partial = member_client.get("/privacy/my-data/", HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 3s"' in partial.content
    assert b"Waiting for the worker" in partial.content
    again = member_client.post("/privacy/my-data/", follow=True)
    assert b"already being prepared" in again.content
    assert DataExport.objects.filter(person=company.member).count() == 1


@pytest.mark.django_db
def test_signed_out_visitors_cannot_export(client):
    assert post_json(client, "/api/v1/me/exports").status_code == 401
    response = client.get("/privacy/my-data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
