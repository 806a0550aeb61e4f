"""Files on posts: checked by content, size-limited, thumbnailed, served only to readers."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hearth.conversations.models import Attachment, Post


def png(name="photo.png", size=(1200, 800)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(name="plan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def compose(client, files, **fields):
    data = {"kind": "update", "body": "With files", "community": "", **fields}
    return client.post("/posts/new/", {**data, "attachments": files})


def test_images_and_documents_are_attached_and_images_thumbnailed(member_client, company):
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    notes = SimpleUploadedFile("notes.txt", "Plain notes, olé".encode())
    response = compose(member_client, [png(), pdf, docx(), notes])
    assert response.status_code == 302
    post = Post.objects.get()
    kinds = {a.name: (a.content_type, a.is_image) for a in post.attachments.all()}
    assert kinds == {
        "photo.png": ("image/png", True),
        "report.pdf": ("application/pdf", False),
        "plan.docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            False,
        ),
        "notes.txt": ("text/plain", False),
    }
    image = post.attachments.get(name="photo.png")
    with Image.open(image.thumbnail) as thumb:
        assert max(thumb.size) == 640
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert image.get_absolute_url() in page and "report.pdf" in page


def test_files_are_served_to_readers_only_and_documents_never_inline(
    member_client, client, company, places
):
    member_client.post(
        "/posts/new/",
        {"kind": "update", "body": "Secret file", "community": places.secret.slug,
         "attachments": [png(), SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n")]},
    )  # fmt: skip
    image, pdf = Attachment.objects.order_by("name")
    shown = member_client.get(image.get_absolute_url())
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert (
        member_client.get(image.get_absolute_url() + "?thumbnail=1")["Content-Type"] == "image/webp"
    )
    download = member_client.get(pdf.get_absolute_url())
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(company.colleague)  # removed from the secret community
    assert client.get(image.get_absolute_url()).status_code == 404
    assert "/media/" not in image.get_absolute_url()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.png", b"<script>alert(1)</script>"),
        ("page.html", b"<!doctype html><script>alert(1)</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("notes.txt", b"<html><body onload=alert(1)>"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("report.pdf", b"PK\x03\x04 not really a pdf"),
        ("archive.docx", b"\x00\x01\x02 binary junk"),
        ("photo.jpg", b"\xff\xd8\xff\xe0 truncated jpeg"),
    ],
)
def test_unsupported_or_disguised_files_are_refused_and_the_post_kept_in_the_form(
    member_client, company, name, content
):
    response = compose(member_client, [SimpleUploadedFile(name, content)], body="Keep my words")
    assert response.status_code == 422
    page = response.content.decode()
    assert "this kind of file is not accepted" in page
    assert "Keep my words" in page
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_oversized_uploads_are_refused(member_client, company, settings):
    settings.HEARTH_ATTACHMENT_MAX_BYTES = 1024
    response = compose(member_client, [png(size=(400, 400))], body="Keep my words")
    assert response.status_code == 422
    page = response.content.decode()
    assert "photo.png is larger than the 0.0 MB limit." in page and "Keep my words" in page
    assert not Post.objects.exists()


def test_the_api_attaches_files_to_ones_own_post(api, api_as, company):
    import json

    post = api.post("/api/v1/posts", json.dumps({"body": "x"}), content_type="application/json")
    post_id = post.json()["id"]
    response = api.post(f"/api/v1/posts/{post_id}/attachments", {"file": png()})
    assert response.status_code == 201
    assert response.json()["thumbnail_url"].endswith("?thumbnail=1")
    other = api_as(company.colleague)
    assert other.post(f"/api/v1/posts/{post_id}/attachments", {"file": png()}).status_code == 403
    bad = api.post(
        f"/api/v1/posts/{post_id}/attachments", {"file": SimpleUploadedFile("a.svg", b"<svg/>")}
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"


def test_an_oversized_api_upload_is_a_413(api, company, settings):
    import json

    settings.HEARTH_ATTACHMENT_MAX_BYTES = 1024
    post_id = api.post(
        "/api/v1/posts", json.dumps({"body": "x"}), content_type="application/json"
    ).json()["id"]
    response = api.post(f"/api/v1/posts/{post_id}/attachments", {"file": png(size=(400, 400))})
    assert response.status_code == 413
    assert response.json()["title"] == "Too large"
