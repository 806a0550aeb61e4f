"""Check uploaded files by their content, not their name, and make thumbnails of images."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from hearth.core.errors import FieldError, HearthError, Invalid

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
DOCUMENT_TYPES = {
    "application/pdf": {".pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/vnd.oasis.opendocument.presentation": {".odp"},
}
TEXT_TYPES = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown"}
THUMBNAIL_SIZE = (640, 640)
MAX_FILES = 10


@dataclass
class CheckedFile:
    name: str
    content_type: str
    size: int
    data: bytes
    is_image: bool


def _too_large(name: str) -> HearthError:
    limit = round(settings.HEARTH_ATTACHMENT_MAX_BYTES / (1024 * 1024), 1)
    return HearthError(
        detail=f"{name} is larger than the {limit} MB limit.", status=413, title="Too large",
        errors=[FieldError("attachments", f"{name} is larger than the {limit} MB limit.")],
    )  # fmt: skip


def check_upload(upload) -> CheckedFile:
    """Return the file's checked type and bytes, or raise a clear error (413 or 422)."""
    name = PurePath(upload.name or "file").name[:200]
    if upload.size > settings.HEARTH_ATTACHMENT_MAX_BYTES:
        raise _too_large(name)
    data = upload.read(settings.HEARTH_ATTACHMENT_MAX_BYTES + 1)
    if len(data) > settings.HEARTH_ATTACHMENT_MAX_BYTES:
        raise _too_large(name)
    suffix = PurePath(name).suffix.lower()
    kind = filetype.guess(data)
    message = (
        f"{name}: this kind of file is not accepted. Images (JPEG, PNG, GIF, WebP), PDF, "
        "Office or OpenDocument files, and plain text or CSV only."
    )
    unsupported = Invalid(message, [FieldError("attachments", message)])
    if kind is not None and kind.mime in IMAGE_TYPES:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ) as error:
            raise unsupported from error
        return CheckedFile(name, kind.mime, len(data), data, True)
    if kind is not None and kind.mime in DOCUMENT_TYPES:
        # Office files are zip archives; the extension must agree with the content.
        if suffix not in DOCUMENT_TYPES[kind.mime]:
            raise unsupported
        return CheckedFile(name, kind.mime, len(data), data, False)
    if kind is None and suffix in TEXT_TYPES and _is_text(data):
        return CheckedFile(name, TEXT_TYPES[suffix], len(data), data, False)
    raise unsupported


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Markup disguised as text is refused: it must never reach a browser as a page.
    head = text[:1024].lstrip().lower()
    return not head.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))


def thumbnail(data: bytes) -> ContentFile | None:
    """A small WebP of an image, or None if the image cannot be decoded."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return ContentFile(out.getvalue(), name="thumb.webp")
