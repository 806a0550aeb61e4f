"""Files on posts: checked by content, size-limited, thumbnailed in the background, served only
to readers."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hearth.conversations.models import Attachment, Post
from hearth.conversations.services import previews_make


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
    # The web request stored the image and decoded nothing: the post shows a placeholder.
    assert image.preview_pending and not image.thumbnail
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert "Preparing a preview of photo.png" in page and "report.pdf" in page
    assert previews_make() == 1  # the worker's turn
    image.refresh_from_db()
    with Image.open(image.thumbnail) as thumb:
        assert max(thumb.size) == 640
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert "Preparing a preview" not in page
    assert f'src="{image.get_absolute_url()}?thumbnail=1"' in page


def test_files_are_served_to_readers_only_and_documents_never_inline(
    member_client, client, company, places
):
    member_client.post(
        "/posts/new/",
        {
            "kind": "update",
            "body": "Secret file",
            "community": places.secret.slug,
            "attachments": [png(), SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
    )
    previews_make()
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
    assert response.json()["preview_pending"] and response.json()["thumbnail_url"] is None
    previews_make()
    shown = api.get(f"/api/v1/posts/{post_id}").json()["attachments"][0]
    assert shown["thumbnail_url"].endswith("?thumbnail=1") and not shown["preview_pending"]
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


def huge_png(width=13_000, height=13_000) -> SimpleUploadedFile:
    """A few hundred KB that would decode to 169 megapixels (a one-bit image, cheap to make)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 0).save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


def test_an_image_over_the_pixel_cap_is_refused_from_its_header(member_client, api, company):
    upload = huge_png()
    assert upload.size < 1024 * 1024
    response = compose(member_client, [upload], body="Keep my words")
    assert response.status_code == 422
    page = response.content.decode()
    assert "13,000 x 13,000 pixels" in page and "40 megapixels" in page and "Keep my words" in page
    assert not Post.objects.exists() and not Attachment.objects.exists()
    import json

    post_id = api.post("/api/v1/posts", json.dumps({"body": "x"}), content_type="application/json")
    refused = api.post(f"/api/v1/posts/{post_id.json()['id']}/attachments", {"file": huge_png()})
    assert refused.status_code == 422 and "megapixels" in refused.json()["detail"]


def test_the_preview_step_skips_an_image_over_the_cap(settings, member_client, company):
    """Defence in depth: a file stored before the cap was lowered gets no preview, and the
    worker does not decode it."""
    compose(member_client, [png(size=(300, 300))])
    settings.HEARTH_IMAGE_MAX_PIXELS = 10_000
    assert previews_make() == 1
    image = Attachment.objects.get()
    assert not image.thumbnail and not image.preview_pending


def test_uploads_have_a_per_person_rate_limit(member_client, api, company, settings):
    settings.HEARTH_RATE_LIMITS = {
        **settings.HEARTH_RATE_LIMITS,
        "upload.created": (6, 3600),
    }  # 2 for a new account
    assert compose(member_client, [png(), png("b.png")]).status_code == 302
    refused = compose(member_client, [png("c.png")], body="Keep my words")
    assert refused.status_code == 422 and "Keep my words" in refused.content.decode()
    assert "You can make 2 files per 1 h" in refused.content.decode()
    post_id = Post.objects.get().pk
    answer = api.post(f"/api/v1/posts/{post_id}/attachments", {"file": png("d.png")})
    assert answer.status_code == 429 and int(answer["Retry-After"]) > 0
    assert Attachment.objects.count() == 2


def test_an_image_beyond_pillows_own_limit_gets_the_same_clear_refusal(member_client, company):
    response = compose(member_client, [huge_png(20_000, 20_000)], body="Keep my words")
    assert response.status_code == 422
    assert "huge.png has too many pixels" in response.content.decode()


def test_a_community_cover_counts_against_the_same_upload_rate(company, places, settings):
    """One upload rate wherever files are kept (core.registry.upload_sources): a facilitator who
    just attached files to posts cannot then upload a cover past the limit, and the cover stays."""
    from hearth.communities.services import community_set_cover
    from hearth.conversations import services
    from hearth.core.errors import RateLimited
    from hearth.trust.limits import limit_for

    settings.HEARTH_RATE_LIMITS = {**settings.HEARTH_RATE_LIMITS, "upload.created": (2, 3600)}
    maria = company.manager
    allowed, _seconds = limit_for(maria, "upload.created")
    post = services.post_create(
        actor=maria, data=services.PostIn(kind="update", body="Files", community=places.open)
    )
    for number in range(allowed):
        services.attachment_add(actor=maria, post=post, upload=png(f"{number}.png"))
    with pytest.raises(RateLimited):
        community_set_cover(actor=maria, community=places.open, upload=png("cover.png"))
    places.open.refresh_from_db()
    assert not places.open.cover
