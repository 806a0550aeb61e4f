"""Reply by email: from the right person only, quotes stripped, everything else refused."""

from __future__ import annotations

import io
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import call_command

from hearth.conversations.models import Comment
from hearth.conversations.tests.factories import make_post
from hearth.notifications.mailin import reply_address, strip_reply


def message(sender: str, to: str, text: str, **headers) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, "Re: your post"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return msg.as_bytes()


def run(raw: bytes, monkeypatch) -> str:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("mail_in", stdout=out)
    return out.getvalue()


def test_a_reply_becomes_a_comment_from_the_right_person(company, monkeypatch):
    post = make_post(company.manager, None, kind="question", title="Printer?", body="Which one?")
    raw = message(
        "Ana Ribeiro <ANA@tellall.example>",
        reply_address(post.pk, company.member.pk),
        "The one on floor 3.\n\nOn Mon, Maria wrote:\n> Which one?\n-- \nAna",
    )
    assert run(raw, monkeypatch).startswith("posted")
    comment = Comment.objects.get()
    assert comment.author == company.member and comment.post == post
    assert comment.body == "The one on floor 3."


@pytest.mark.parametrize(
    ("sender", "tamper", "reason", "bounce"),
    [
        # Carlos reads Hearth in Spanish: the bounce he gets says so in Spanish.
        (
            "carlos@tellall.example",
            False,
            "did not come from the address",
            "Tu correo no se pudo publicar como comentario: no llegó desde la dirección",
        ),
        (
            "ana@tellall.example",
            True,
            "the reply address was altered",
            "could not be posted as a comment: the reply address was altered",
        ),
    ],
)
def test_wrong_senders_and_altered_addresses_are_refused_with_a_bounce(
    company, monkeypatch, sender, tamper, reason, bounce
):
    post = make_post(company.manager, None, body="Hello")
    address = reply_address(post.pk, company.member.pk)
    if tamper:
        address = address.replace(f".{company.member.pk}.", f".{company.colleague.pk}.")
    assert reason in run(message(sender, address, "Hi"), monkeypatch)  # the log stays English
    assert not Comment.objects.exists()
    assert mail.outbox[-1].to == [sender]
    assert bounce in mail.outbox[-1].body


def test_replies_to_a_deleted_post_or_by_a_deactivated_person_are_refused(company, monkeypatch):
    from hearth.conversations.services import post_delete

    post = make_post(company.manager, None, body="Soon gone")
    post_delete(actor=company.manager, post=post)
    out = run(
        message("ana@tellall.example", reply_address(post.pk, company.member.pk), "Hi"), monkeypatch
    )
    assert "cannot take it" in out
    other = make_post(company.manager, None, body="Still here")
    out = run(
        message("fred@tellall.example", reply_address(other.pk, company.former.pk), "Hi"),
        monkeypatch,
    )
    assert "did not come from" in out
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff garbage",
        b"From: x\r\n\r\n" + b"a" * (1024 * 1024 + 1),
        b"Subject: no addresses\r\n\r\nhi",
    ],
)
def test_malformed_or_huge_messages_never_crash(company, monkeypatch, raw):
    assert run(raw, monkeypatch).startswith("refused")
    assert not Comment.objects.exists()


def test_auto_replies_are_ignored_without_a_bounce(company, monkeypatch):
    post = make_post(company.manager, None, body="Hello")
    raw = message(
        "ana@tellall.example",
        reply_address(post.pk, company.member.pk),
        "Out of office",
        Auto_Submitted="auto-replied",
    )
    assert "automatic" in run(raw, monkeypatch)
    assert mail.outbox == []


def test_a_maildir_is_processed_and_its_messages_filed(company, tmp_path):
    post = make_post(company.manager, None, body="Hello")
    for folder in ("new", "cur", "tmp"):
        (tmp_path / folder).mkdir()
    (tmp_path / "new" / "1.msg").write_bytes(
        message("ana@tellall.example", reply_address(post.pk, company.member.pk), "Thanks!")
    )
    (tmp_path / "new" / "2.msg").write_bytes(b"junk")
    out = io.StringIO()
    call_command("mail_in", maildir=str(tmp_path), stdout=out)
    assert out.getvalue().strip() == "1 posted, 1 refused."
    assert list((tmp_path / "new").iterdir()) == []
    assert Comment.objects.get().body == "Thanks!"


def test_strip_reply_keeps_only_the_new_words():
    text = "Yes, let's do it.\n\n> earlier text\nOn Tue, 3 Mar, Maria wrote:\n> quoted"
    assert strip_reply(text) == "Yes, let's do it."
    assert strip_reply("Sí.\nEl lun, Ana escribió:\n> hola") == "Sí."


def test_the_reason_a_reply_is_refused_comes_in_the_readers_language(company, monkeypatch):
    from hearth.conversations.services import post_delete

    post = make_post(company.manager, None, body="Soon gone")
    address = reply_address(post.pk, company.colleague.pk)
    post_delete(actor=company.manager, post=post)
    out = run(message("carlos@tellall.example", address, "Lo cubro yo."), monkeypatch)
    assert out.startswith("refused") or "cannot take it" in out
    bounce = mail.outbox[-1]
    assert bounce.subject == "[Hearth] Tu respuesta no se publicó"
    assert "la publicación no puede recibirla (Aquí no hay nada, o no es visible" in bounce.body
    assert "Responde desde la dirección que recibió la notificación" in bounce.body
    assert "cannot" not in bounce.body and "could not" not in bounce.body
