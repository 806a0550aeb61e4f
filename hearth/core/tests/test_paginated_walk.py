"""Every paginated list, API and HTML "load more", walked past its first page in the demo
company: with the cursor the page gave, with an empty cursor (the first page again) and with a
forged one (refused with a message, never a 500).

The endpoints come from the OpenAPI document: a new list joins the walk by existing, and fails
it until this module knows whose list to walk and where.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from hearth.communities.models import Community, Invitation, Membership
from hearth.config.api import api as ninja_api
from hearth.conversations.models import Comment, Post, Reaction
from hearth.core.pagination import _encode
from hearth.jams.models import Jam
from hearth.leadership.models import Ama
from hearth.notifications.models import Notification
from hearth.people.models import Person, Tag
from hearth.people.services import token_create
from hearth.recognition.models import PointEntry

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.xdist_group("demo-walk")]


def paginated_operations() -> list[str]:
    """The GET paths whose answer carries a `next_cursor`."""
    schema = ninja_api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        body = operation["responses"].get(200, {}).get("content", {}).get("application/json", {})
        reference = body.get("schema", {}).get("$ref", "")
        shape = components.get(reference.rsplit("/", 1)[-1], {})
        if "next_cursor" in shape.get("properties", {}):
            found.append(path)
    return found


def _most(queryset, field: str):
    row = queryset.values(field).annotate(n=Count("id")).order_by("-n").first()
    return row[field] if row else None


def _person(pk) -> Person:
    return Person.objects.get(pk=pk)


@pytest.fixture
def demo(db, settings):
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    call_command("seed", people=160, seed=11, days=60, stdout=open("/dev/null", "w"))  # noqa: SIM115
    admin = Person.objects.filter(is_staff=True, is_active=True).first()
    from hearth.conversations.selectors import post_list_for

    # The thread with the most comments among those the administrator may read (a secret
    # community's busiest thread would answer them 404, as it should).
    readable = post_list_for(admin).values("pk")
    busiest = _most(Comment.objects.filter(deleted_at=None, post__in=readable), "post")
    post = Post.objects.filter(pk=busiest).get()
    # Lists that the demo leaves short get two entries more, so every list has a second page.
    from hearth.moderation import services as moderation

    posts = list(
        Post.objects.filter(
            anonymous=False, is_draft=False, deleted_at=None, community=None
        ).exclude(author=admin)[:2]
    )
    from hearth.conversations.services import PostIn, post_create

    place = Community.objects.filter(privacy="open", state="active").order_by("-member_count")[0]
    Community.objects.filter(pk=place.pk).update(allow_anonymous=True)
    place.refresh_from_db()
    member = (
        Membership.objects.filter(community=place, state="active").exclude(person=admin)[0].person
    )
    anonymous = [
        post_create(
            actor=member, data=PostIn(body=f"Honest worry {n}", community=place, anonymous=True)
        )
        for n in range(2)
    ]
    reporter = Person.objects.filter(is_active=True, is_stand_in=False, is_staff=False).exclude(
        pk__in=[p.author_id for p in posts]
    )[0]
    moderator = Person.objects.filter(is_active=True, is_staff=False).exclude(
        pk__in=[reporter.pk, *[p.author_id for p in posts]]
    )[0]
    Person.objects.filter(pk=moderator.pk).update(is_staff=True)
    moderator.refresh_from_db()
    for mine, hidden in zip(posts, anonymous, strict=True):
        report = moderation.report_create(actor=reporter, reason="spam", post=mine)
        action = moderation.action_take(actor=moderator, report=report, kind="hide", reason="Spam")
        moderation.appeal_create(actor=mine.author, action=action, text="Please look again.")
        moderation.reveal_request(
            actor=admin, post=hidden, reason="A threat of harm to a colleague"
        )
    for waiting in Post.objects.filter(community=None, is_draft=False).exclude(author=admin)[3:5]:
        moderation.report_create(actor=admin, reason="spam", post=waiting)
    from hearth.conversations.services import bookmark_set

    for n, read in enumerate(post_list_for(admin)[:3]):
        bookmark_set(actor=admin, post=read)
        post_create(
            actor=admin, data=PostIn(kind="article", title=f"Plan {n}", body="Soon", draft=True)
        )
    from hearth.core.events import events_dispatch

    events_dispatch()  # notifications and points
    from hearth.webhooks import services as webhooks

    settings.HEARTH_WEBHOOK_ALLOWED_HOSTS = ["hooks.walk.test"]
    hook = webhooks.subscription_create(
        actor=admin, url="http://hooks.walk.test/in", kinds=["post.created"]
    )
    for _n in range(25):  # a delivery log longer than a page
        webhooks.delivery_send(actor=admin, subscription=hook)
    return {"admin": admin, "post": post, "reporter": reporter, "webhook": hook}


def targets(demo) -> dict[str, tuple[Person, dict[str, str]]]:
    """Whose list each paginated path is walked as, and its path parameters."""
    admin = demo["admin"]
    open_community = (
        Community.objects.filter(privacy="open", state="active").order_by("-member_count").first()
    )
    invited = _most(Invitation.objects.all(), "community")
    owner_of_invited = Membership.objects.filter(community_id=invited, role="owner").first()
    follows = (
        Person.objects.annotate(n=Count("followers")).order_by("-n").values_list("username", "pk")
    )
    username, _ = follows.first()
    writer = Person.objects.get(pk=_most(Post.objects.filter(anonymous=False), "author"))
    topic = _busiest_topic(admin)
    reacted = _most(Reaction.objects.all(), "post")
    jam = Jam.objects.annotate(n=Count("contributions")).order_by("-n").first()
    ama = Ama.objects.annotate(n=Count("questions")).order_by("-n").first()
    return {
        "/api/v1/people": (admin, {}),
        "/api/v1/feed": (admin, {}),
        "/api/v1/discover": (admin, {}),
        "/api/v1/people/{username}/activity": (admin, {"username": writer.username}),
        "/api/v1/topics/{name}/feed": (admin, {"name": topic.name}),
        "/api/v1/people/{username}/followers": (admin, {"username": username}),
        "/api/v1/people/{username}/following": (admin, {"username": _following_most()}),
        "/api/v1/communities": (admin, {}),
        "/api/v1/communities/{slug}/members": (admin, {"slug": open_community.slug}),
        "/api/v1/communities/{slug}/feed": (admin, {"slug": open_community.slug}),
        "/api/v1/communities/{slug}/invitations": (
            owner_of_invited.person,
            {"slug": owner_of_invited.community.slug},
        ),
        "/api/v1/posts/drafts": (admin, {}),
        "/api/v1/posts/{post_id}/comments": (admin, {"post_id": str(demo["post"].pk)}),
        "/api/v1/posts/{post_id}/reactions": (admin, {"post_id": str(reacted)}),
        "/api/v1/bookmarks": (admin, {}),
        "/api/v1/search": (admin, {"q": "the"}),
        "/api/v1/notifications": (_person(_most(Notification.objects.all(), "recipient")), {}),
        "/api/v1/reports": (demo["reporter"], {}),
        "/api/v1/moderation/queue": (admin, {}),
        "/api/v1/moderation/appeals": (admin, {}),
        "/api/v1/audit": (admin, {}),
        "/api/v1/moderation/reveals": (admin, {}),
        "/api/v1/jams": (admin, {}),
        "/api/v1/ideas": (admin, {}),
        "/api/v1/jams/{slug}/contributions": (admin, {"slug": jam.slug}),
        "/api/v1/leaders/feed": (admin, {}),
        "/api/v1/leaders/amas/{slug}/questions": (admin, {"slug": ama.slug}),
        "/api/v1/me/points": (_person(_most(PointEntry.objects.all(), "person")), {}),
        "/api/v1/praise": (admin, {}),
        "/api/v1/webhooks/{webhook_id}/deliveries": (
            admin,
            {"webhook_id": str(demo["webhook"].pk)},
        ),
    }


def _busiest_topic(viewer) -> Tag:
    from hearth.conversations.selectors import post_list_for

    used = Counter(post_list_for(viewer).values_list("topics", flat=True))
    return Tag.objects.get(pk=next(pk for pk, _ in used.most_common() if pk))


def _following_most() -> str:
    from hearth.feeds.models import Follow

    counts = Counter(
        Follow.objects.exclude(person=None).values_list("follower__username", flat=True)
    )
    return counts.most_common(1)[0][0]


def test_every_api_list_walks_past_its_first_page_and_refuses_forged_cursors(demo):
    paths = paginated_operations()
    known = targets(demo)
    assert set(paths) <= set(known), f"Say whose list to walk: {sorted(set(paths) - set(known))}"
    problems, clients, cursors = [], {}, []
    for path in paths:
        person, params = known[path]
        if person.pk not in clients:
            _token, raw = token_create(actor=person, person=person, name="walk")
            clients[person.pk] = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        client = clients[person.pk]
        url = path
        query = {key: value for key, value in params.items() if f"{{{key}}}" not in path}
        for key, value in params.items():
            url = url.replace(f"{{{key}}}", value)
        first = client.get(url, {**query, "limit": 1})
        if first.status_code != 200:
            problems.append(f"{path}: first page {first.status_code}")
            continue
        cursor = first.json()["next_cursor"]
        if not cursor:
            problems.append(f"{path}: no second page to walk (give the list more rows)")
            continue
        second = client.get(url, {**query, "limit": 1, "cursor": cursor})
        if second.status_code != 200:
            problems.append(f"{path}: second page {second.status_code}")
        elif second.json()["items"] == first.json()["items"]:
            problems.append(f"{path}: the second page repeats the first")
        empty = client.get(url, {**query, "limit": 1, "cursor": ""})
        if empty.status_code != 200 or empty.json()["items"] != first.json()["items"]:
            problems.append(f"{path}: an empty cursor is not the first page ({empty.status_code})")
        for forged in ("forged", cursor[:-3] + "abc"):
            answer = client.get(url, {**query, "limit": 1, "cursor": forged})
            if answer.status_code != 422 or "cursor" not in answer.content.decode():
                problems.append(f"{path}: forged cursor {forged[:12]}... {answer.status_code}")
        # Another list's cursor: refused, unless both lists share an ordering (then it is a
        # place in this list too).
        for foreign in cursors[-6:]:
            answer = client.get(url, {**query, "limit": 1, "cursor": foreign})
            if answer.status_code not in (200, 422):
                problems.append(f"{path}: another list's cursor gives {answer.status_code}")
        cursors.append(cursor)
    assert not problems, "\n".join(problems)


HTML_LISTS = {
    # page: how the person reaches it (the "load more" link carries the cursor)
    "/": "admin",
    "/discover/": "admin",
    "/posts/bookmarks/": "bookmarker",
    "/notifications/": "notified",
    "/search/?q=the": "admin",
    "/leaders/": "admin",
    "/recognition/praise/": "admin",
}


def test_every_load_more_link_leads_to_the_next_page_and_forged_cursors_are_refused(
    demo, monkeypatch
):
    from hearth.conversations import views as conversations
    from hearth.feeds import views as feeds
    from hearth.notifications import views as notifications
    from hearth.search import views as search

    for module, name in (
        (feeds, "PAGE_SIZE"),
        (conversations, "REACTORS_PAGE"),
        (notifications, "PAGE_SIZE"),
        (search, "PAGE_SIZE"),
    ):
        monkeypatch.setattr(module, name, 1)
    people = {
        "admin": demo["admin"],
        "bookmarker": demo["admin"],
        "notified": _person(_most(Notification.objects.all(), "recipient")),
    }
    reacted = _most(Reaction.objects.all(), "post")
    topic = _busiest_topic(demo["admin"])
    open_community = (
        Community.objects.filter(privacy="open", state="active").order_by("-member_count").first()
    )
    pages = {
        **HTML_LISTS,
        f"/posts/{reacted}/reactions/": "admin",
        f"/topics/{topic.name}/": "admin",
        f"/communities/{open_community.slug}/": "admin",
    }
    problems = []
    for url, who in pages.items():
        client = Client()
        client.force_login(people[who])
        first = client.get(url)
        if first.status_code != 200:
            problems.append(f"{url}: {first.status_code}")
            continue
        links = re.findall(r'href="([^"]*cursor=[^"]+)"', first.content.decode())
        if not links:
            problems.append(f"{url}: no link to a next page")
            continue
        link = unescape(links[0])
        if link.startswith("?"):
            link = url.split("?")[0] + link
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            following = client.get(link, **headers)
            if following.status_code != 200:
                problems.append(f"{link}: {following.status_code}")
        base = url + ("&" if "?" in url else "?")
        if client.get(base + "cursor=").status_code != 200:
            problems.append(f"{url}: an empty cursor is refused")
        for forged in ("forged", _encode(["x", 1], ["name", "id"])):
            answer = client.get(base + "cursor=" + forged, HTTP_HX_REQUEST="true")
            refused = answer.status_code in (400, 404) or (
                answer.status_code == 200 and "cursor is not valid" in answer.content.decode()
            )
            if not refused:
                problems.append(f"{url}: forged cursor gives {answer.status_code}")
    assert not problems, "\n".join(problems)
