"""The leader scorecard: how a leader takes part in person, measured over the last 90 days.

- written personally: posts they wrote themselves (`drafted_by` empty) and replies;
  posts a delegate drafted are counted apart, never as personal;
- responsiveness: questions addressed to them (an @mention, an expert request) or asked in a
  community they sponsor: the share they answered and the median time to their first answer;
- reach and engagement of their posts: unique readers (`PostView`), reactions and replies
  from others;
- sponsored communities' health (`facilitation.maturity`);
- position among peer leaders at the same `org_level`: for each measure, the share of peers
  they do better than; the average is their percentile, shown as 1 to 5 stars. With fewer
  than 5 peers (the privacy threshold) there is no position. The head of the organisation is
  alone at the top level, so their peers are their executive team (levels 0 and 1).

The scorecard is shown to the leader alone. Leaders who opt in (`ScorecardSharing`) see a ranked
comparison of the peers who opted in too; nobody else ever sees a leader's figures.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter

from django.core.cache import cache
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Comment, Post, PostView, Reaction
from hearth.core.errors import Forbidden
from hearth.facilitation.maturity import explain, signals
from hearth.facilitation.models import ExpertRequest
from hearth.ideas.selectors import answered_by, unanswered_by_sponsor
from hearth.people.models import Person

from .models import Ama, ScorecardSharing

PERIOD_DAYS = 90
WAITING_DAYS = 2
PEER_THRESHOLD = 5  # as hearth.jams.selectors.PRIVACY_THRESHOLD
CACHE_SECONDS = 600
# The measures that place a leader among peers (higher is better, except response hours).
RANKED = ("personal", "answered_share", "median_response_hours", "readers")


def _window(now):
    return now - datetime.timedelta(days=PERIOD_DAYS), now


def peer_levels(leader) -> tuple[int, ...]:
    """The org levels a leader is compared within: their own, and for the head of the
    organisation (level 0, alone there) the executive team one level down too."""
    return (0, 1) if leader.org_level == 0 else (leader.org_level,)


def peers_of(leader):
    return Person.objects.filter(
        is_leader=True, is_active=True, is_stand_in=False, org_level__in=peer_levels(leader)
    )


def sponsored(leader):
    return Community.objects.filter(
        memberships__person=leader,
        memberships__role=Membership.Role.SPONSOR,
        memberships__state=Membership.State.ACTIVE,
        state=Community.State.ACTIVE,
    )


def addressed_questions(leader, now=None):
    """Questions to the leader in the window: @mentioned, asked as an expert, or asked in a
    community they sponsor (not their own), live and published."""

    start, now = _window(now or timezone.now())
    first_answer = (
        Comment.objects.filter(
            post=OuterRef("pk"), author=leader, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .order_by()
        .values("post")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    return (
        Post.objects.filter(
            kind=Post.Kind.QUESTION,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held=False,
            is_draft=False,
            published_at__gte=start,
            published_at__lte=now,
        )
        .filter(
            Q(mentions__person=leader)
            | Q(pk__in=ExpertRequest.objects.filter(expert=leader).values("post"))
            | Q(community__in=sponsored(leader))
        )
        .exclude(author=leader)
        .distinct()
        .annotate(leader_answered_at=Subquery(first_answer))
    )


def _responsiveness(leader, now) -> dict:
    rows = list(addressed_questions(leader, now).values_list("published_at", "leader_answered_at"))
    delays = [(a - p).total_seconds() / 3600 for p, a in rows if a is not None and a >= p]
    answered = sum(1 for _p, a in rows if a is not None)
    return {
        "questions": len(rows),
        "answered": answered,
        "answered_share": round(answered / len(rows), 3) if rows else None,
        "median_response_hours": round(statistics.median(delays), 1) if delays else None,
    }


def measures(leader_ids, now=None) -> dict[int, dict]:
    """The scorecard's measures for these leaders (a few grouped queries, plus one per leader
    for responsiveness)."""

    now = now or timezone.now()
    start, now = _window(now)
    ids = list(leader_ids)
    posts = Post.objects.filter(
        author_id__in=ids,
        anonymous=False,
        deleted_at__isnull=True,
        is_draft=False,
        published_at__gte=start,
        published_at__lte=now,
    )

    def grouped(queryset, key: str, value=None) -> Counter:
        value = value or Count("id")
        rows = queryset.order_by().values(key).annotate(n=value)
        return Counter({r[key]: r["n"] for r in rows})

    personal_posts = grouped(posts.filter(drafted_by__isnull=True), "author_id")
    drafted = grouped(posts.filter(drafted_by__isnull=False), "author_id")
    replies = grouped(
        Comment.objects.filter(
            author_id__in=ids, deleted_at__isnull=True, created_at__gte=start, created_at__lte=now
        ),
        "author_id",
    )
    readers = grouped(  # PostView never counts the author
        PostView.objects.filter(post__in=posts), "post__author_id", Count("person", distinct=True)
    )
    reactions = grouped(
        Reaction.objects.filter(post__in=posts).exclude(person_id__in=ids), "post__author_id"
    )
    replies_received = grouped(
        Comment.objects.filter(post__in=posts, deleted_at__isnull=True).exclude(author_id__in=ids),
        "post__author_id",
    )
    ideas_answered = answered_by(ids, start, now)
    ideas_waiting = unanswered_by_sponsor(ids)
    out = {}
    for leader in Person.objects.filter(pk__in=ids):
        out[leader.pk] = {
            "personal_posts": personal_posts[leader.pk],
            "replies": replies[leader.pk],
            "personal": personal_posts[leader.pk] + replies[leader.pk],
            "drafted_posts": drafted[leader.pk],
            "readers": readers[leader.pk],
            "reactions": reactions[leader.pk],
            "replies_received": replies_received[leader.pk],
            "ideas_answered": ideas_answered[leader.pk],
            "ideas_waiting": ideas_waiting[leader.pk],
            **_responsiveness(leader, now),
        }
    return out


def _peer_table(leader) -> dict[int, dict]:
    """Measures of every peer at the leader's level (shared cache, 10 minutes)."""
    key = "hearth:scorecard:peers:" + "-".join(map(str, peer_levels(leader)))
    table = cache.get(key)
    if table is None or leader.pk not in table:
        table = measures(peers_of(leader).values_list("id", flat=True))
        cache.set(key, table, CACHE_SECONDS)
    return table


def _better_than(value, others: list, lower_is_better: bool = False) -> float:
    """The share of others this value beats (ties count half); a missing value beats none."""
    if not others:
        return 0.0
    if value is None:
        return 0.0
    score = 0.0
    for other in others:
        if other is None or ((value < other) if lower_is_better else (value > other)):
            score += 1
        elif value == other:
            score += 0.5
    return score / len(others)


def positions(table: dict[int, dict]) -> dict[int, dict]:
    """Each peer's percentile (0-100) and stars (1-5) among the table's peers."""
    out = {}
    for pid, m in table.items():
        others = [t for other_id, t in table.items() if other_id != pid]
        shares = [
            _better_than(
                m[name], [o[name] for o in others], lower_is_better=name == "median_response_hours"
            )
            for name in RANKED
        ]
        percentile = round(100 * sum(shares) / len(shares))
        out[pid] = {"percentile": percentile, "stars": 1 + min(4, percentile // 20)}
    return out


def shares(person) -> bool:
    return ScorecardSharing.objects.filter(person=person, shared=True).exists()


def sharing_set(*, actor, shared: bool) -> bool:
    if not actor.is_leader:
        raise Forbidden(_("Scorecards are for leaders."))
    ScorecardSharing.objects.update_or_create(person=actor, defaults={"shared": shared})
    return shared


def _communities(leader) -> list[dict]:
    rows = []
    for community in sponsored(leader).order_by("name")[:20]:
        key = f"hearth:maturity:{community.pk}"
        s = cache.get(key)
        if s is None:
            s = signals(community)
            cache.set(key, s, CACHE_SECONDS)
        rows.append(
            {
                "community": community,
                "level": explain(s)["level"],
                "explain": explain(s),
                "members": s.members,
                "response": round(s.response * 100),
                "sponsor_idle_days": s.sponsor_idle_days,
            }
        )
    return rows


def _suggestions(leader, mine: dict, table: dict, communities: list, now) -> list[dict]:
    from django.urls import reverse

    tips = []
    late = list(
        addressed_questions(leader, now)
        .filter(
            leader_answered_at__isnull=True,
            acknowledged_at__isnull=True,
            published_at__lt=now - datetime.timedelta(days=WAITING_DAYS),
        )
        .order_by("published_at")[:50]
    )
    if late:
        tips.append(
            {
                "text": ngettext(
                    "%(n)d question to you is waiting for more than %(days)d days.",
                    "%(n)d questions to you are waiting for more than %(days)d days.",
                    len(late),
                )
                % {"n": len(late), "days": WAITING_DAYS},
                "url": late[0].get_absolute_url(),
                "posts": late[:5],
            }
        )
    personal = sorted(t["personal"] for t in table.values())
    if len(personal) >= PEER_THRESHOLD:
        median = statistics.median(personal)
        if mine["personal"] < median:
            tips.append(
                {
                    "text": _(
                        "You wrote %(mine)d posts and replies yourself in %(days)d days; "
                        "the middle of your peers wrote %(median)s."
                    )
                    % {"mine": mine["personal"], "days": PERIOD_DAYS, "median": f"{median:g}"},
                    "url": reverse("conversations:compose"),
                }
            )
    total_posts = mine["personal_posts"] + mine["drafted_posts"]
    if total_posts and mine["drafted_posts"] / total_posts > 0.5:
        tips.append(
            {
                "text": _(
                    "Most of your posts were drafted by a delegate. People follow leaders "
                    "for their own voice: write the next one yourself."
                ),
                "url": reverse("conversations:compose"),
            }
        )
    if mine["ideas_waiting"]:
        tips.append(
            {
                "text": ngettext(
                    "%(n)d idea in the communities you sponsor waits for an answer.",
                    "%(n)d ideas in the communities you sponsor wait for an answer.",
                    mine["ideas_waiting"],
                )
                % {"n": mine["ideas_waiting"]},
                "url": reverse("ideas:list") + "?status=new",
            }
        )
    for row in communities:
        idle = row["sponsor_idle_days"]
        if idle is None or idle > 14:
            tips.append(
                {
                    "text": _("You have not taken part in %(name)s for a while.")
                    % {"name": row["community"].name}
                    if idle is not None
                    else _("You have not taken part in %(name)s yet.")
                    % {"name": row["community"].name},
                    "url": row["community"].get_absolute_url(),
                }
            )
    if not Ama.objects.filter(
        host=leader, starts_at__gte=now - datetime.timedelta(days=PERIOD_DAYS)
    ).exists():
        tips.append(
            {
                "text": _("Host an Ask Me Anything: colleagues vote up what matters to them."),
                "url": reverse("leadership:ama_new"),
            }
        )
    return tips


def scorecard_for(leader, now=None) -> dict:
    """The leader's own scorecard (never computed for anyone else to read)."""
    now = now or timezone.now()
    table = _peer_table(leader) if leader.is_leader else {}
    mine = table.get(leader.pk) or measures([leader.pk], now)[leader.pk]
    peers = len(table)
    position = positions(table).get(leader.pk) if peers >= PEER_THRESHOLD else None
    communities = _communities(leader)
    return {
        "period_days": PERIOD_DAYS,
        "org_level": leader.org_level,
        "executive_team": leader.org_level == 0,
        "measures": mine,
        "peers": peers,
        "peer_threshold": PEER_THRESHOLD,
        "position": position,
        "communities": communities,
        "suggestions": _suggestions(leader, mine, table, communities, now),
        "shares": shares(leader),
    }


def comparison_for(leader) -> list[dict] | None:
    """The ranked comparison of peers who opted in, for a leader who opted in (else None)."""

    if not leader.is_leader or not shares(leader):
        return None
    table = _peer_table(leader)
    placed = positions(table) if len(table) >= PEER_THRESHOLD else {}
    sharing = set(
        ScorecardSharing.objects.filter(person_id__in=list(table), shared=True).values_list(
            "person_id", flat=True
        )
    )
    people = Person.objects.in_bulk(list(sharing))
    rows = [
        {
            "person": people[pid],
            "percentile": placed.get(pid, {}).get("percentile"),
            "stars": placed.get(pid, {}).get("stars"),
            "personal": table[pid]["personal"],
            "answered_share": table[pid]["answered_share"],
            "readers": table[pid]["readers"],
        }
        for pid in sharing
        if pid in people
    ]
    rows.sort(key=lambda r: (-(r["percentile"] or 0), r["person"].display_name))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
