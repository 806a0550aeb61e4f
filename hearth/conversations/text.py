"""Turn a post's Markdown into safe HTML with linked @mentions and #topics, and back to text."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Set

from django.urls import reverse

from hearth.core.markdown import render_markdown

MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_][A-Za-z0-9_.-]{0,149})(?<![.-])")
TOPIC = re.compile(r"(?<![\w&#/])#([^\W\d_][\w-]{0,59})")
_TAG = re.compile(r"(<[^>]+>)")
_SKIP = {"a", "code", "pre"}


def mentioned_usernames(body: str) -> list[str]:
    return list(dict.fromkeys(MENTION.findall(_without_code(body))))


def topic_names(body: str) -> list[str]:
    return list(dict.fromkeys(name.lower() for name in TOPIC.findall(_without_code(body))))


def _without_code(body: str) -> str:
    body = re.sub(r"```.*?```", " ", body or "", flags=re.S)
    return re.sub(r"`[^`]*`", " ", body)


def render(
    body: str, *, known_usernames: set[str], known_communities: Set[str] = frozenset()
) -> str:
    """Sanitised HTML of `body`; mentions of known people and communities and #topics link."""
    html = render_markdown(body)
    parts = _TAG.split(html)
    depth = dict.fromkeys(_SKIP, 0)
    for index, part in enumerate(parts):
        if part.startswith("<"):
            match = re.match(r"<(/?)(\w+)", part)
            if match and match.group(2) in _SKIP:
                depth[match.group(2)] += -1 if match.group(1) else 1
            continue
        if any(depth.values()) or ("@" not in part and "#" not in part):
            continue
        parts[index] = _link(part, known_usernames, known_communities)
    return "".join(parts)


def _link(text: str, known_usernames: Set[str], known_communities: Set[str]) -> str:
    def mention(match: re.Match) -> str:
        username = match.group(1)
        if username in known_communities and username not in known_usernames:
            url = reverse("communities:detail", args=[username])
            name = html_lib.escape(username)
            return f'<a class="mention mention-community" href="{url}">@{name}</a>'
        if username not in known_usernames:
            return match.group(0)
        url = reverse("people:detail", args=[username])
        return f'<a class="mention" href="{url}">@{html_lib.escape(username)}</a>'

    def topic(match: re.Match) -> str:
        name = match.group(1).lower()
        url = reverse("feeds:topic", args=[name])
        return f'<a class="topic" href="{url}">#{html_lib.escape(match.group(1))}</a>'

    return TOPIC.sub(topic, MENTION.sub(mention, text))


def excerpt_html(excerpt: str, topics: Set[str]) -> str:
    """A feed excerpt (plain text) as safe HTML, the post's own #topics linked in place."""
    escaped = html_lib.escape(excerpt)
    if "#" not in excerpt or not topics:
        return escaped

    def topic(match: re.Match) -> str:
        name = match.group(1).lower()
        if name not in topics:
            return match.group(0)
        return (
            f'<a class="topic" href="{reverse("feeds:topic", args=[name])}">#{match.group(1)}</a>'
        )

    return TOPIC.sub(topic, escaped)


def plain_text(html: str) -> str:
    """The visible words of rendered HTML, for excerpts and the search index."""
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_lib.unescape(text).split())


def excerpt(html: str, length: int = 300) -> str:
    text = plain_text(html)
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
