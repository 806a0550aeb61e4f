"""Reads for leadership, always for a viewer."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from hearth.communities.models import Community
from hearth.communities.selectors import community_visible_q
from hearth.conversations.models import Comment, Post
from hearth.conversations.selectors import post_list_for
from hearth.core.errors import NotFound
from hearth.core.registry import home_sources
from hearth.core.types import Viewer
from hearth.trust.selectors import blocked_ids

from .models import Ama, AmaVote, CornerFollow, Delegation, Draft


def corner_for(viewer: Viewer) -> QuerySet[Post]:
    """Leaders' own posts the viewer may read (never anonymous ones)."""
    return post_list_for(viewer).filter(author__is_leader=True, anonymous=False)


def follows_corner(viewer: Viewer) -> bool:
    return bool(
        viewer and viewer.is_authenticated and CornerFollow.objects.filter(person=viewer).exists()
    )


@home_sources("leadership_corner")
def corner_in_home(viewer: Viewer) -> Q | None:
    """Who follows the leadership corner finds leaders' own posts in their home feed."""
    return Q(author__is_leader=True, anonymous=False) if follows_corner(viewer) else None


def corner_followers_count() -> int:
    return CornerFollow.objects.count()


def delegates_of(leader: Viewer) -> QuerySet[Delegation]:
    return Delegation.objects.filter(leader=leader, revoked_at__isnull=True).select_related(
        "delegate"
    )


def leaders_i_draft_for(viewer: Viewer) -> QuerySet[Delegation]:
    return Delegation.objects.filter(delegate=viewer, revoked_at__isnull=True).select_related(
        "leader"
    )


def drafts_for(viewer: Viewer) -> QuerySet[Draft]:
    """Drafts the viewer wrote or must decide on."""
    return Draft.objects.filter(Q(leader=viewer) | Q(delegate=viewer)).select_related(
        "leader", "delegate", "community", "post"
    )


def access_draft(viewer: Viewer, draft_id: int) -> Draft:
    draft = drafts_for(viewer).filter(pk=draft_id).first()
    if draft is None:
        raise NotFound()
    return draft


# --- Ask Me Anything ----------------------------------------------------------------------------

ORDERS = ("top", "new", "unanswered", "answered")


def amas_for(viewer: Viewer) -> QuerySet[Ama]:
    """AMAs whose forum the viewer may see (forums are open, so in practice every one)."""

    visible = Community.objects.filter(community_visible_q(viewer))
    return Ama.objects.filter(forum__in=visible).select_related("host", "forum")


def _answered_q() -> ExpressionWrapper[Q]:
    """Whether a question is answered, as everywhere: it has an accepted answer (the host's
    first answer is accepted as it is given)."""
    return ExpressionWrapper(Q(accepted_comment__isnull=False), output_field=BooleanField())


def questions_for(viewer: Viewer, ama: Ama, order: str = "top") -> QuerySet[Post]:
    """The AMA's questions the viewer may read, each with `ama_votes`, `answered` and whether
    the viewer voted (`voted`)."""
    posts = (
        post_list_for(viewer)
        .filter(ama_question__ama=ama)
        .annotate(
            ama_votes=F("ama_question__vote_count"),
            ama_question_id=F("ama_question__id"),
            answered=_answered_q(),
        )
    )
    if viewer is not None and viewer.is_authenticated:
        posts = posts.annotate(
            voted=Exists(AmaVote.objects.filter(question=OuterRef("ama_question"), person=viewer))
        )
    if order == "new":
        return posts.order_by("-created_at", "-id")
    if order == "unanswered":
        posts = posts.filter(answered=False)
    elif order == "answered":
        posts = posts.filter(answered=True)
    return posts.order_by("-ama_votes", "created_at", "id")


def counts_many(viewer: Viewer, amas: Iterable[Ama]) -> dict[int, dict[str, int]]:
    """AMA id -> how many questions the viewer can read, answered and not (one query)."""
    rows = (
        post_list_for(viewer)
        .filter(ama_question__ama__in=[a.pk for a in amas])
        .annotate(answered=_answered_q())
        .order_by()
        .values("ama_question__ama_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(answered=True)))
    )
    return {
        r["ama_question__ama_id"]: {
            "questions": r["n"],
            "answered": r["done"],
            "unanswered": r["n"] - r["done"],
        }
        for r in rows
    }


def counts(viewer: Viewer, ama: Ama) -> dict[str, int]:
    return counts_many(viewer, [ama]).get(ama.pk, {"questions": 0, "answered": 0, "unanswered": 0})


def host_answers(viewer: Viewer, ama: Ama, post_ids: Iterable[int]) -> dict[int, list[Comment]]:
    """The host's answers to these questions (post ids the viewer got from `questions_for`):
    post id -> comments, oldest first."""

    out: dict[int, list[Comment]] = {}
    rows = (
        Comment.objects.filter(
            post_id__in=list(post_ids),
            author_id=ama.host_id,
            parent__isnull=True,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held=False,
        )
        .exclude(author_id__in=blocked_ids(viewer))
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in rows:
        out.setdefault(comment.post_id, []).append(comment)
    return out
