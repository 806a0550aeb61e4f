"""Unique slugs for addresses (communities, jams, AMAs, badges)."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    max_length: int = 60,
    reserved: tuple[str, ...] = ("new",),
    field: str = "slug",
) -> str:
    """A slug of `text` no row of `model` has yet ("name", "name-2", ...). A reserved word
    (a page's own address, such as ".../new/") becomes "<word>-<fallback>"."""
    base = slugify(text)[:max_length] or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    slug, n = base, 2
    while model._default_manager.filter(**{field: slug}).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
