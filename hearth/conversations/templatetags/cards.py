"""The post card's fragment cache: `{% card post %}...{% endcard %}` around a card.

A feed page draws twenty cards, and drawing them was most of the page's time. A card's markup is
kept, in this process, under a key made of everything the card shows: the post's text, kind,
title, counts, dates, flags and moderation state, its author's, community's, praised people's,
topics', files' and first comments' names and addresses, the viewer's own marks on it (their
reaction, bookmark, idea vote, whether they wrote it), what other apps mark on it (an idea's
status), whether it is pinned now, the language and the time zone. Anything that changes what
a card shows changes its key, so a kept card is never stale and never shown to someone it does
not fit; whether a person may see a post at all is decided before (the selectors), never here.
Nothing is shared between processes or needs to be: a process that has not drawn a card draws
it.

Two things differ on every page and are filled in as the card is served: the person's CSRF token
and the post's age ("3 minutes ago"). A poll's key holds its ballot as the viewer sees it (their
choices, whether they see the results, the counts); the card on a post's own page is drawn each
time (one card, with the whole text: not worth its memory).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Markers no content can hold (a NUL is refused in every input: core.middleware).
CSRF_SLOT = "\x00csrf\x00"
AGE_SLOT = "\x00age\x00"
CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">'
SIZE = 4096  # cards kept per process (a few kilobytes each)


class Cards:
    """A bounded, least-recently-used store of drawn cards (threads of one process share it)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self.items: OrderedDict[tuple, str] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> str | None:
        with self.lock:
            html = self.items.get(key)
            if html is None:
                self.misses += 1
                return None
            self.items.move_to_end(key)
            self.hits += 1
            return html

    def put(self, key: tuple, html: str) -> None:
        with self.lock:
            self.items[key] = html
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.hits = self.misses = 0


cards = Cards()


def _digest(text: str) -> bytes:
    """A long text in a key as a fixed-size digest (the store keeps its keys)."""
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _person(person: Any) -> tuple:
    if person is None:
        return ()
    return (person.pk, person.username, person.display_name, str(person.avatar or ""))


def _place(community: Any) -> tuple:
    return () if community is None else (community.pk, community.slug, community.name)


def _poll(view: dict[str, Any] | None) -> tuple:
    """A poll's ballot as this viewer sees it."""
    if view is None:
        return ()
    poll = view["poll"]
    return (
        poll.pk,
        poll.multiple,
        poll.results,
        poll.closes_at,
        poll.voter_count,
        view["is_open"],
        view["show_results"],
        tuple(sorted(view["my_choices"])),
        tuple((o.pk, o.label, o.vote_count, view["percent"].get(o.pk)) for o in view["options"]),
    )


def card_key(post: Any, context: template.Context) -> tuple | None:
    """Everything the card shows, as a key; None when the card is drawn every time."""
    if context.get("full") or settings.DEBUG:
        return None  # a post's own page draws one card
    user = context.get("user")
    now = context.get("now_dt") or timezone.now()
    comments = tuple(
        (c.pk, _digest(c.html), *_person(c.author)) for c in getattr(post, "first_comments", ())
    )
    files = tuple(
        (f.pk, f.name, f.size, f.is_image, f.preview_pending, bool(f.thumbnail))
        for f in getattr(post, "files", ())
    )
    cover = getattr(post, "cover", None)
    return (
        post.pk,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        post.kind,
        post.title,
        getattr(post, "excerpt_html", ""),
        post.excerpt,
        post.reading_minutes if post.kind == "article" else 0,
        post.published_at,
        post.edited_at,
        post.is_draft,
        post.anonymous,
        post.pinned_until,
        bool(post.pinned_until and post.pinned_until > now),
        post.accepted_comment_id,
        post.acknowledged_at is not None,
        post.comment_count,
        tuple(sorted(post.reaction_counts.items())),
        post.vote_count,
        post.praise_value,
        () if post.anonymous else _person(post.author),
        _person(post.drafted_by) if post.drafted_by_id else (),
        _place(post.community),
        _place(post.praised_team) if post.praised_team_id else (),
        tuple(_person(p) for p in getattr(post, "praised_list", ())),
        tuple(t.name for t in getattr(post, "topics_beyond_excerpt", ())),
        tuple(t.name for t in getattr(post, "topics_beyond_text", ())),
        (cover.pk, cover.preview_pending, bool(cover.thumbnail)) if cover else (),
        files,
        comments,
        getattr(post, "my_reaction", None),
        bool(getattr(post, "bookmarked", False)),
        bool(getattr(post, "my_idea_vote", False)),
        bool(user is not None and user.pk == post.author_id),
        _poll(getattr(post, "poll_view", None)) if post.kind == "poll" else (),
        tuple(getattr(post, "card_marks", ())),
    )


class CardNode(template.Node):
    def __init__(self, post: template.base.FilterExpression, nodelist: template.NodeList):
        self.post, self.nodelist = post, nodelist

    def render(self, context: template.Context) -> str:
        post = self.post.resolve(context)
        key = card_key(post, context)
        if key is None:
            return self.nodelist.render(context)
        html = cards.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_SLOT, card_age_slot=AGE_SLOT):
                html = self.nodelist.render(context)
            cards.put(key, html)
        token = context.get("csrf_token")
        if token and str(token) != "NOTPROVIDED":
            html = html.replace(CSRF_SLOT, conditional_escape(str(token)))
        else:
            html = html.replace(CSRF_INPUT, "")
        return mark_safe(html.replace(AGE_SLOT, conditional_escape(naturaltime(post.published_at))))  # noqa: S308 - drawn by the template, escaped above


@register.tag("card")
def do_card(parser: template.base.Parser, token: template.base.Token) -> CardNode:
    """`{% card post %}...{% endcard %}`: the card, drawn once for everyone it fits."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% card post %} takes the post.")
    nodelist = parser.parse(("endcard",))
    parser.delete_first_token()
    return CardNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag(takes_context=True)
def age(context: template.Context, when: Any) -> str | SafeString:
    """How long ago, as "3 minutes ago": filled in as the card is served when it is kept."""
    slot = context.get("card_age_slot")
    return mark_safe(slot) if slot else naturaltime(when)  # noqa: S308 - a fixed marker
