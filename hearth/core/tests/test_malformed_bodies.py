"""A body that cannot be read answers 400 with a message on every write route, page or API,
and changes nothing: multipart without a boundary, or with an empty or overlong one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.trust.tests.test_permission_matrix import PAGES, api_operations, page_names

BROKEN = {
    "multipart/form-data": b'--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--x--',
    "multipart/form-data; boundary=": b"--\r\n",
    "multipart/form-data; boundary=" + "x" * 300: b"--x--",
}


def _concrete(route: str, post_id: int) -> str:
    path = re.sub(r"<(?:\w+:)?post_id>|\{post_id\}", str(post_id), route)
    return re.sub(r"<(?:\w+:)?\w+>|\{\w+\}", "1", path)


@pytest.fixture
def post(company):
    return make_post(company.member, body="Untouched")


def test_every_write_route_refuses_an_unreadable_body_with_400(company, post, api):
    browser = Client()
    browser.force_login(company.member)
    writes = [
        ("POST", "/" + route)
        for name, route in page_names().items()
        if PAGES[name] in ("write", "other")
    ]
    writes += [tuple(op.split(" ", 1)) for op in api_operations() if not op.startswith("GET ")]
    problems = []
    for method, route in writes:
        path = _concrete(route, post.pk)
        client = api if path.startswith("/api/") else browser
        for content_type, body in BROKEN.items():
            answer = client.generic(method, path, body, content_type=content_type)
            if answer.status_code != 400:
                problems.append(f"{method} {path} [{content_type[:40]}]: {answer.status_code}")
            elif path.startswith("/api/") and "cannot be read" not in answer.json()["detail"]:
                problems.append(f"{method} {path}: says {answer.json()['detail']!r}")
    assert not problems, "\n".join(problems[:40])
    post.refresh_from_db()
    assert post.body == "Untouched" and Post.objects.count() == 1


def test_a_well_formed_upload_still_goes_through(company, post, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = api.post(
        f"/api/v1/posts/{post.pk}/attachments",
        {"file": SimpleUploadedFile("notes.txt", b"plain notes", "text/plain")},
    )
    assert answer.status_code == 201, answer.content
