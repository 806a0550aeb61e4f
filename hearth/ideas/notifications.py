"""What idea events tell whom (the notifications consumer asks), and how it reads: the author,
voters and followers of an idea hear its new status; the sponsors hear of an idea waiting too
long for an answer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hearth.communities.models import Membership
from hearth.conversations.models import Post
from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import Status
from .selectors import audience

VERBS = ["idea.status_set", "idea.waiting"]


def _sponsors(community_id: int | None) -> list[int]:
    """The community's sponsors; its owners when it has none."""
    if community_id is None:
        return []
    active = Membership.objects.filter(community_id=community_id, state="active")
    sponsors = active.filter(role=Membership.Role.SPONSOR).values_list("person_id", flat=True)
    return list(sponsors) or list(
        active.filter(role=Membership.Role.OWNER).values_list("person_id", flat=True)
    )


@notifier("ideas", VERBS)
def notices(event: Event) -> list[Notice]:
    post = Post.objects.filter(pk=event.object_id or 0, deleted_at__isnull=True).first()
    if post is None:
        return []
    if event.verb == "idea.waiting":
        people = set(_sponsors(event.community_id))
    else:
        # A merged idea's voters moved with their votes: the service kept who they were.
        people = audience(post) | set((event.metadata or {}).get("audience", []))
    return [
        Notice(pid, "idea", post_id=post.pk, community_id=event.community_id)
        for pid in sorted(people)
    ]


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    """Per notification id: its text and where it leads (in a fixed number of queries)."""
    if not notifications:
        return {}
    events = Event.objects.in_bulk({n.event_id for n in notifications})
    targets = Post.objects.in_bulk(
        {e.target_id for e in events.values() if e.verb == "idea.status_set" and e.target_id}
    )
    labels = dict(Status.choices)
    out: dict[int, tuple[str, str | None]] = {}
    for n in notifications:
        event, post = events.get(n.event_id), posts.get(n.post_id)
        if event is None or post is None:
            continue
        meta = event.metadata or {}
        if event.verb == "idea.waiting":
            votes = int(meta.get("votes", 0))
            text = ngettext(
                "The idea “%(title)s” has %(votes)s vote and waits for an answer",
                "The idea “%(title)s” has %(votes)s votes and waits for an answer",
                votes,
            ) % {"title": post.display_title, "votes": votes}
            out[n.pk] = (text, post.get_absolute_url())
            continue
        status = meta.get("status", "")
        target = targets.get(event.target_id or 0)
        if status == Status.MERGED and target is not None:
            text = _("The idea “%(title)s” was merged into “%(target)s”") % {
                "title": post.display_title,
                "target": target.display_title,
            }
            out[n.pk] = (text, target.get_absolute_url())
            continue
        text = _("What became of the idea “%(title)s”: %(status)s") % {
            "title": post.display_title,
            "status": labels.get(status, status),
        }
        out[n.pk] = (text, post.get_absolute_url())
    return out


notification_kinds.register(
    "idea",
    NotificationKind(
        gettext_lazy("Ideas: what became of ideas I posted, voted for or follow"),
        texts=texts,
        fallback=gettext_lazy("News of an idea"),
        link="own",
    ),
)
