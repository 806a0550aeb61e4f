from django import template
from django.utils.html import format_html

from hearth.people.avatars import avatar_colour_index

register = template.Library()


@register.simple_tag
def avatar(person, size: int = 48, css: str = ""):
    """A person's photo, or their initials drawn inline (no extra request per face)."""
    classes = f"avatar {css}".strip()
    if person.avatar:
        return format_html(
            '<img class="{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            classes,
            person.avatar_url,
            size,
            size,
        )
    # Classes, not a style attribute: the Content-Security-Policy allows no inline styles.
    return format_html(
        '<span class="{} avatar-initials avatar-s{} avatar-c{}" aria-hidden="true">{}</span>',
        classes,
        _size(size),
        avatar_colour_index(person.username),
        person.initials,
    )


SIZES = (24, 32, 40, 48, 72, 96)


def _size(size: int) -> int:
    return min(SIZES, key=lambda s: abs(s - size))
