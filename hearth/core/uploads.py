"""Check uploaded files by their content, not their name, and make thumbnails of images."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from .errors import FieldError, HearthError, Invalid

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
        detail=f"{name} is larger than the {limit} MB limit.",
        status=413,
        title="Too large",
        errors=[FieldError("attachments", f"{name} is larger than the {limit} MB limit.")],
    )


def check_upload(upload: Any) -> CheckedFile:
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
            with warnings.catch_warnings():  # our own cap speaks instead (_check_pixels)
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:  # reads the header only
                    _check_pixels(name, image.size)
                    image.verify()
        except Image.DecompressionBombError as error:  # beyond Pillow's own hard limit
            _check_pixels(name, (settings.HEARTH_IMAGE_MAX_PIXELS + 1, 1))
            raise unsupported from error
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
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


def _check_pixels(name: str, size: tuple[int, int]) -> None:
    width, height = size
    most = settings.HEARTH_IMAGE_MAX_PIXELS
    if width * height > most:
        shape = f"is {width:,} x {height:,} pixels" if height > 1 else "has too many pixels"
        message = (
            f"{name} {shape}; images may have at most {most / 1_000_000:g} megapixels. "
            "Scale it down and try again."
        )
        raise Invalid(message, [FieldError("attachments", message)])


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


def thumbnail(stream: IO[bytes] | bytes) -> ContentFile[bytes] | None:
    """A small WebP of an image (a file or bytes), or None if it cannot be decoded.

    Runs in the background worker. Its memory is bounded by HEARTH_IMAGE_MAX_PIXELS (checked
    again here, from the header) and, for JPEG, by decoding at a reduced scale (`draft`).
    """
    if isinstance(stream, bytes):
        stream = io.BytesIO(stream)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            out = _preview(stream)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return None if out is None else ContentFile(out, name="thumb.webp")


def _preview(stream: IO[bytes]) -> bytes | None:
    with Image.open(stream) as image:
        width, height = image.size
        if width * height > settings.HEARTH_IMAGE_MAX_PIXELS:
            return None
        image.draft("RGB", THUMBNAIL_SIZE)  # JPEG: decode at 1/2, 1/4 or 1/8 scale
        image.thumbnail(THUMBNAIL_SIZE, reducing_gap=2.0)
        shown: Image.Image = image
        if image.mode not in ("RGB", "RGBA"):
            shown = image.convert("RGBA")
        out = io.BytesIO()
        shown.save(out, format="WEBP", quality=80)
    return out.getvalue()
