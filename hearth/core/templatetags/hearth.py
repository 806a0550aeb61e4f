"""Small template helpers every page may use (loaded as builtins)."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ counts|get_item:kind }}`: a dictionary value by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
