"""Small template helpers every page may use (loaded as builtins)."""

import functools
from typing import Any

from django import template
from heroicons.templatetags.heroicons import heroicon_outline, heroicon_solid

register = template.Library()


@register.simple_tag
def icon(name: str, size: int = 18, solid: bool = False) -> str:
    """`{% icon "hand-thumb-up" %}`: a heroicons SVG, inline (no font or CDN needed), hidden
    from assistive technology: the text beside it names what it means."""
    if not name:
        return ""
    return _drawn(name, int(size), bool(solid))


@functools.lru_cache(maxsize=512)
def _drawn(name: str, size: int, solid: bool) -> str:
    """An icon's markup, drawn once per process: the same name, size and style always give
    the same SVG (a feed page draws about 150 icons; each drawing copies and serialises an
    XML tree)."""
    draw = heroicon_solid if solid else heroicon_outline
    return draw(name, size=size, aria_hidden="true", focusable="false", **{"class": "icon"})


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ counts|get_item:kind }}`: a dictionary value by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
