"""Reads for jams, always for a viewer. Jams are company-wide: every employee may read them
(the audience decides who is invited and counted). Contributions are read through
`conversations.selectors.post_list_for`, so hidden, held and deleted posts never show."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncHour

from hearth.conversations.models import Comment, IdeaVote, Post, Reaction
from hearth.conversations.selectors import post_list_for
from hearth.core.access import is_signed_in
from hearth.core.errors import NotFound
from hearth.core.types import Viewer
from hearth.people.models import Person

from .models import Cluster, Contribution, Jam, Theme, Visit

PRIVACY_THRESHOLD = 5  # groups smaller than this are shown only in aggregate


def jam_list_for(viewer: Viewer) -> QuerySet[Jam]:
    if not is_signed_in(viewer):
        return Jam.objects.none()
    return Jam.objects.select_related("forum").prefetch_related("hosts")


def access_jam(viewer: Viewer, slug: str) -> Jam:
    jam = jam_list_for(viewer).filter(slug=slug).first()
    if jam is None:
        raise NotFound()
    return jam


def access_theme(viewer: Viewer, jam: Jam, theme_id: int) -> Theme:
    theme = Theme.objects.filter(jam=jam, pk=theme_id).first()
    if theme is None:
        raise NotFound()
    return theme


def access_contribution(viewer: Viewer, jam: Jam, post_id: int) -> Contribution:
    visible = post_list_for(viewer).filter(pk=post_id)
    contribution = (
        Contribution.objects.select_related("post", "theme", "jam", "owner")
        .filter(jam=jam, post__in=visible)
        .first()
    )
    if contribution is None:
        raise NotFound()
    return contribution


def contributions_for(
    viewer: Viewer,
    jam: Jam,
    *,
    theme: Theme | None = None,
    kind: str = "",
    order: str = "new",
    include_merged: bool = False,
) -> QuerySet[Contribution]:
    """The contributions `viewer` may read, newest first (or by votes, or by activity)."""
    visible = post_list_for(viewer, community=jam.forum)
    rows = (
        Contribution.objects.filter(jam=jam, post__in=visible)
        .select_related("post", "post__author", "theme", "owner", "merged_into__post")
        .prefetch_related("post__topics")
    )
    if theme is not None:
        rows = rows.filter(theme=theme)
    if kind:
        rows = rows.filter(post__kind=kind)
    if not include_merged:
        rows = rows.filter(merged_into__isnull=True)
    ordering = {
        "new": ["-spotlight", "-created_at", "-id"],
        "votes": ["-post__vote_count", "-created_at"],
        "active": ["-post__comment_count", "-post__last_activity_at"],
    }
    return rows.order_by(*ordering.get(order, ordering["new"]))


def theme_counts(jam: Jam) -> dict[int, int]:
    rows = (
        Contribution.objects.filter(
            jam=jam,
            merged_into__isnull=True,
            post__deleted_at__isnull=True,
            post__hidden_at__isnull=True,
        )
        .values("theme_id")
        .annotate(n=Count("id"))
    )
    return {r["theme_id"]: r["n"] for r in rows}


def participant_ids(jam: Jam, *, theme: Theme | None = None) -> set[int]:
    """Who took part: wrote, commented, voted or reacted (the anonymous stand-in excluded)."""
    posts = Post.objects.filter(jam_contribution__jam=jam)
    if theme is not None:
        posts = posts.filter(jam_contribution__theme=theme)
    ids = set(posts.values_list("author_id", flat=True))
    ids |= set(Comment.objects.filter(post__in=posts).values_list("author_id", flat=True))
    ids |= set(IdeaVote.objects.filter(post__in=posts).values_list("person_id", flat=True))
    ids |= set(Reaction.objects.filter(post__in=posts).values_list("person_id", flat=True))
    stand_ins = set(Person.objects.filter(is_stand_in=True).values_list("id", flat=True))
    return ids - stand_ins


REACH_ROWS = 8  # the largest groups by name; the others pooled in one row


def _reach(people: QuerySet[Any], field: str) -> list[dict[str, Any]]:
    """Participants per group, largest first: the first REACH_ROWS groups of at least
    PRIVACY_THRESHOLD people by name, every other one pooled in an "others" row, whose count
    is shown only when it too holds PRIVACY_THRESHOLD people or more."""
    from django_countries import countries

    counts = Counter(people.values_list(field, flat=True))
    names = dict(countries) if field == "country" else {}
    total = sum(counts.values()) or 1
    rows: list[dict[str, Any]] = []
    others = 0
    for name, n in counts.most_common():
        if n >= PRIVACY_THRESHOLD and name and len(rows) < REACH_ROWS:
            rows.append({"name": str(names.get(name, name)), "participants": n})
        else:
            others += n
    if others:
        shown = others >= PRIVACY_THRESHOLD
        rows.append({"name": None, "participants": others if shown else None})
    for row in rows:
        count = row["participants"]
        row["pct"] = round(100 * count / total) if count is not None else None
    return rows


def dashboard(viewer: Viewer, jam: Jam) -> dict[str, Any]:
    """Everything the live dashboard shows; aggregates only, small groups pooled."""

    participants = participant_ids(jam)
    readers = set(Visit.objects.filter(jam=jam).values_list("person_id", flat=True))
    audience = audience_of(jam)
    in_audience = audience.filter(pk__in=participants)
    people = Person.objects.filter(pk__in=in_audience.values("pk"))
    posts = Post.objects.filter(jam_contribution__jam=jam, deleted_at__isnull=True)
    hours: Counter[Any] = Counter()
    for row in posts.annotate(h=TruncHour("created_at")).values("h").annotate(n=Count("id")):
        hours[row["h"]] += row["n"]
    comments = Comment.objects.filter(post__in=posts, deleted_at__isnull=True)
    for row in comments.annotate(h=TruncHour("created_at")).values("h").annotate(n=Count("id")):
        hours[row["h"]] += row["n"]
    per_hour = [{"hour": h, "contributions": n} for h, n in sorted(hours.items())]
    peak = max((r["contributions"] for r in per_hour), default=0)
    visible = contributions_for(viewer, jam)
    size = jam.audience_size or 1
    return {
        "participants": len(participants),
        "readers": len(readers - participants),
        "audience": jam.audience_size,
        "goal": jam.goal_people,
        "goal_pct": jam.goal_pct,
        "participation_pct": round(100 * in_audience.count() / size, 1),
        "reach_pct": round(100 * audience.filter(pk__in=participants | readers).count() / size, 1),
        "threshold": PRIVACY_THRESHOLD,
        "by_department": _reach(people, "department__name"),
        "by_location": _reach(people, "location__name"),
        "by_country": _reach(people, "country"),
        "per_hour": per_hour,
        "peak": peak,
        "top_ideas": list(
            visible.filter(post__kind=Post.Kind.IDEA).order_by("-post__vote_count", "-created_at")[
                :5
            ]
        ),
        "active_threads": list(
            visible.filter(post__comment_count__gt=0).order_by(
                "-post__comment_count", "-post__last_activity_at"
            )[:5]
        ),
        "clusters": clusters_for(viewer, jam),
        "contributions": posts.count() + comments.count(),
    }


def clusters_for(viewer: Viewer, jam: Jam) -> list[Cluster]:
    """Emerging themes, with their example posts as the viewer may see them."""
    clusters = list(Cluster.objects.filter(jam=jam))
    ids = {pk for c in clusters for pk in c.example_post_ids}
    posts = {p.pk: p for p in post_list_for(viewer).filter(pk__in=ids)} if ids else {}
    for cluster in clusters:
        cluster.examples = [posts[pk] for pk in cluster.example_post_ids if pk in posts]
    return clusters


def report(viewer: Viewer, jam: Jam) -> dict[str, Any]:
    """The closing report: per theme the top ideas, the clusters, figures and follow-ups."""
    themes = list(jam.themes.all())
    ideas = contributions_for(viewer, jam, kind=Post.Kind.IDEA, order="votes")
    per_theme = [{"theme": t, "ideas": list(ideas.filter(theme=t)[:5])} for t in themes]
    figures = dashboard(viewer, jam)
    follow_ups = list(contributions_for(viewer, jam).filter(selected=True).order_by("due_on", "id"))
    return {
        "themes": per_theme,
        "figures": figures,
        "follow_ups": follow_ups,
        "clusters": figures["clusters"],
    }


def facilitated_themes(viewer: Viewer, jam: Jam) -> QuerySet[Theme]:
    return Theme.objects.filter(jam=jam, facilitators=viewer)


def reminded(viewer: Viewer, jam: Jam) -> bool:
    return jam.reminders.filter(person=viewer).exists()


def hosts_and_facilitators(jam: Jam) -> dict[str, Any]:
    themes = list(jam.themes.prefetch_related("facilitators"))
    return {"hosts": list(jam.hosts.all()), "themes": themes}


def audience_query(*, departments: Any = (), locations: Any = (), countries: Any = ()) -> Q:
    if not (departments or locations or countries):
        return Q()
    query = Q(pk__in=[])
    if departments:
        query |= Q(department__in=departments)
    if locations:
        query |= Q(location__in=locations)
    if countries:
        query |= Q(country__in=countries)
    return query


def audience_of(jam: Jam) -> QuerySet[Person]:
    """The people the jam is for (active, real people)."""
    people = Person.objects.filter(is_active=True, is_stand_in=False)
    if jam.audience_everyone:
        return people
    return people.filter(
        audience_query(
            departments=list(jam.audience_departments.all()),
            locations=list(jam.audience_locations.all()),
            countries=jam.audience_countries,
        )
    )
