from django import template
from django.utils.html import format_html

from hearth.people.avatars import avatar_colour

register = template.Library()


@register.simple_tag
def avatar(person, size: int = 48, css: str = ""):
    """A person's photo, or their initials drawn inline (no extra request per face)."""
    classes = f"avatar {css}".strip()
    if person.avatar:
        return format_html(
            '<img class="{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            classes, person.avatar_url, size, size,
        )  # fmt: skip
    return format_html(
        '<span class="{} avatar-initials" style="background:{};width:{}px;height:{}px;'
        'font-size:{}px" aria-hidden="true">{}</span>',
        classes, avatar_colour(person.username), size, size, max(11, size * 2 // 5),
        person.initials,
    )  # fmt: skip
