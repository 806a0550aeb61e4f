"""Leadership in the public API: the corner's feed and follow, delegation, drafts."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.conversations.access import access_post
from hearth.conversations.api import post_out, posts_page
from hearth.conversations.schemas import PostOut, PostPage
from hearth.core.api import RATE_LIMITED, STANDARD_ERRORS, PageQuery, page_out
from hearth.core.errors import Forbidden
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.feeds.selectors import HOME_ORDER
from hearth.people.access import access_person

from . import access, selectors, services
from . import scorecard as cards
from .schemas import (
    AmaAnswerIn,
    AmaAskIn,
    AmaCreateIn,
    AmaListQuery,
    AmaOut,
    AmaQuestionOut,
    AmaQuestionPage,
    AmaQuestionsQuery,
    ApproveIn,
    CornerFollowIn,
    CornerFollowOut,
    DeclineIn,
    DelegateIn,
    DelegateOut,
    DraftIn,
    DraftOut,
    ScorecardOut,
    ScoreRowOut,
    SharingIo,
)

router = Router(tags=["leadership"])


@router.get(
    "/leaders/feed", response={200: PostPage, **STANDARD_ERRORS}, summary="The leadership corner"
)
def corner(request: ApiRequest, page: Query[PageQuery]):
    """Posts leaders wrote themselves, that the caller may read, newest first."""
    return posts_page(request, selectors.corner_for(request.auth), HOME_ORDER, page)


@router.post(
    "/leaders/follow",
    response={200: CornerFollowOut, **STANDARD_ERRORS},
    summary="Follow the leadership corner",
)
def follow(request: ApiRequest, payload: CornerFollowIn):
    return {"following": services.corner_follow(actor=request.auth, on=payload.on)}


def _delegation(d) -> dict:
    return {"leader": d.leader.username, "delegate": d.delegate.username, "since": d.created_at}


@router.get(
    "/leaders/delegates",
    response={200: list[DelegateOut], **STANDARD_ERRORS},
    summary="Who drafts for me, and for whom I draft",
)
def delegates(request: ApiRequest):
    rows = list(selectors.delegates_of(request.auth).select_related("leader"))
    rows += list(selectors.leaders_i_draft_for(request.auth).select_related("delegate"))
    return [_delegation(d) for d in rows]


@router.post(
    "/leaders/delegates",
    response={201: DelegateOut, **STANDARD_ERRORS},
    summary="Let someone draft for me",
)
def delegate_add(request: ApiRequest, payload: DelegateIn):
    person = access_person(request.auth, payload.username)
    d = services.delegate_grant(actor=request.auth, delegate=person)
    return Status(201, _delegation(d))


@router.delete(
    "/leaders/delegates/{username}",
    response={204: None, **STANDARD_ERRORS},
    summary="Stop someone drafting for me",
)
def delegate_remove(request: ApiRequest, username: str):
    services.delegate_revoke(actor=request.auth, delegate=access_person(request.auth, username))
    return Status(204, None)


def _draft(d) -> dict:
    return {
        "id": d.pk,
        "leader": d.leader.username,
        "delegate": d.delegate.username,
        "kind": d.kind,
        "title": d.title,
        "body": d.body,
        "community": d.community.slug if d.community_id else None,
        "state": d.state,
        "decision_note": d.decision_note,
        "post": d.post_id,
        "created_at": d.created_at,
    }


@router.get("/leaders/drafts", response={200: list[DraftOut], **STANDARD_ERRORS}, summary="Drafts")
def drafts(request: ApiRequest):
    """Drafts the caller wrote for a leader, or must decide on as the leader."""
    return [_draft(d) for d in selectors.drafts_for(request.auth)[:200]]


@router.post(
    "/leaders/drafts", response={201: DraftOut, **STANDARD_ERRORS}, summary="Draft for a leader"
)
def draft_create(request: ApiRequest, payload: DraftIn):
    leader = access_person(request.auth, payload.leader)
    community = access_community(request.auth, payload.community) if payload.community else None
    d = services.draft_create(
        actor=request.auth,
        leader=leader,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        community=community,
    )
    return Status(201, _draft(d))


@router.post(
    "/leaders/drafts/{draft_id}/approve",
    response={201: PostOut, **STANDARD_ERRORS, **RATE_LIMITED},
    summary="Approve and publish a draft",
)
def draft_approve(request: ApiRequest, draft_id: int, payload: ApproveIn):
    """The leader publishes it under their name; the post says who drafted it."""

    d = selectors.access_draft(request.auth, draft_id)
    post = services.draft_approve(
        actor=request.auth, draft=d, title=payload.title, body=payload.body
    )
    return Status(201, post_out(request, access_post(request.auth, post.pk)))


@router.post(
    "/leaders/drafts/{draft_id}/decline",
    response={200: DraftOut, **STANDARD_ERRORS},
    summary="Decline a draft",
)
def draft_decline(request: ApiRequest, draft_id: int, payload: DeclineIn):
    d = selectors.access_draft(request.auth, draft_id)
    return _draft(services.draft_decline(actor=request.auth, draft=d, note=payload.note))


# --- Ask Me Anything ------------------------------------------------------------------------


def _ama(request, ama, tally: dict | None = None) -> dict:
    return {
        "slug": ama.slug,
        "title": ama.title,
        "description": ama.description,
        "host": ama.host.username,
        "starts_at": ama.starts_at,
        "ends_at": ama.ends_at,
        "state": ama.state,
        "allow_anonymous": ama.allow_anonymous,
        "community": ama.forum.slug,
        "url": request.build_absolute_uri(ama.get_absolute_url()),
        "tally": tally if tally is not None else selectors.counts(request.auth, ama),
    }


@router.get("/leaders/amas", response={200: list[AmaOut], **STANDARD_ERRORS}, summary="AMAs")
def ama_list(request: ApiRequest, query: Query[AmaListQuery]):
    """The latest 100 AMAs, newest first, with how many questions are not yet answered."""
    rows = list(selectors.amas_for(request.auth).order_by("-starts_at", "-id")[:100])
    if query.state:
        rows = [a for a in rows if a.state == query.state]
    tallies = selectors.counts_many(request.auth, rows)
    empty = {"questions": 0, "answered": 0, "unanswered": 0}
    return [_ama(request, a, tallies.get(a.pk, empty)) for a in rows]


@router.post(
    "/leaders/amas",
    response={201: AmaOut, **STANDARD_ERRORS},
    summary="Host an AMA",
    description=(
        f"Leaders only; at most {services.MAX_HOURS // 24} days long, ending in the future."
    ),
)
def ama_create(request: ApiRequest, payload: AmaCreateIn):
    ama = services.ama_create(actor=request.auth, data=services.AmaIn(**payload.dict()))
    return Status(201, _ama(request, ama))


@router.get("/leaders/amas/{slug}", response={200: AmaOut, **STANDARD_ERRORS}, summary="An AMA")
def ama_detail(request: ApiRequest, slug: str):
    return _ama(request, access.access_ama(request.auth, slug))


def _questions(request, ama, posts) -> list[dict]:
    answers = selectors.host_answers(request.auth, ama, [p.pk for p in posts])
    return [
        {
            "id": p.ama_question_id,
            "post": p.pk,
            "author": None if p.anonymous else p.author.username,
            "anonymous": p.anonymous,
            "body": p.body,
            "html": p.html,
            "votes": p.ama_votes,
            "voted": bool(getattr(p, "voted", False)),
            "answered": p.answered,
            "answers": [
                {
                    "id": c.pk,
                    "author": c.author.username,
                    "html": c.html,
                    "created_at": c.created_at,
                }
                for c in answers.get(p.pk, [])
            ],
            "created_at": p.created_at,
        }
        for p in posts
    ]


@router.get(
    "/leaders/amas/{slug}/questions",
    response={200: AmaQuestionPage, **STANDARD_ERRORS},
    summary="An AMA's questions",
)
def ama_questions(request: ApiRequest, slug: str, query: Query[AmaQuestionsQuery]):
    """Most votes first (or newest, or only those (not yet) answered), with the host's answers."""

    ama = access.access_ama(request.auth, slug)
    ordering = (
        ["-created_at", "-id"] if query.order == "new" else ["-ama_votes", "created_at", "id"]
    )
    rows, next_cursor = paginate(
        selectors.questions_for(request.auth, ama, query.order).select_related("author"),
        ordering=ordering,
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out(_questions(request, ama, rows), next_cursor)


def _one_question(request, ama, question_id: int) -> dict:
    posts = list(
        selectors.questions_for(request.auth, ama)
        .filter(ama_question__id=question_id)
        .select_related("author")
    )
    return _questions(request, ama, posts)[0]


@router.post(
    "/leaders/amas/{slug}/questions",
    response={201: AmaQuestionOut, **STANDARD_ERRORS, **RATE_LIMITED},
    summary="Ask a question",
)
def ama_ask(request: ApiRequest, slug: str, payload: AmaAskIn):
    """Until the AMA ends (409 after). Anonymous where the AMA allows it; an anonymous question
    appears after a short delay, so the reply describes it without listing it yet."""
    ama = access.access_ama(request.auth, slug)
    q = services.question_ask(
        actor=request.auth, ama=ama, body=payload.body, anonymous=payload.anonymous
    )
    post = q.post
    return Status(
        201,
        {
            "id": q.pk,
            "post": post.pk,
            "author": None if post.anonymous else post.author.username,
            "anonymous": post.anonymous,
            "body": post.body,
            "html": post.html,
            "votes": 0,
            "voted": False,
            "answered": False,
            "answers": [],
            "created_at": post.created_at,
        },
    )


@router.post(
    "/leaders/amas/{slug}/questions/{question_id}/vote",
    response={200: AmaQuestionOut, **STANDARD_ERRORS},
    summary="Vote a question up",
)
def ama_vote(request: ApiRequest, slug: str, question_id: int):
    """Once per person (409 for a second vote), not for one's own question, until the end."""
    ama = access.access_ama(request.auth, slug)
    services.question_vote(
        actor=request.auth, question=access.access_question(request.auth, ama, question_id)
    )
    return _one_question(request, ama, question_id)


@router.delete(
    "/leaders/amas/{slug}/questions/{question_id}/vote",
    response={200: AmaQuestionOut, **STANDARD_ERRORS},
    summary="Take a vote back",
)
def ama_unvote(request: ApiRequest, slug: str, question_id: int):
    ama = access.access_ama(request.auth, slug)
    question = access.access_question(request.auth, ama, question_id)
    services.question_vote(actor=request.auth, question=question, up=False)
    return _one_question(request, ama, question_id)


@router.post(
    "/leaders/amas/{slug}/questions/{question_id}/answer",
    response={201: AmaQuestionOut, **STANDARD_ERRORS, **RATE_LIMITED},
    summary="Answer a question (the host)",
)
def ama_answer(request: ApiRequest, slug: str, question_id: int, payload: AmaAnswerIn):
    ama = access.access_ama(request.auth, slug)
    question = access.access_question(request.auth, ama, question_id)
    services.question_answer(actor=request.auth, question=question, body=payload.body)
    return Status(201, _one_question(request, ama, question_id))


# --- Scorecard ------------------------------------------------------------------------------


def _leader_or_refuse(person) -> None:
    if not person.is_leader:
        raise Forbidden("Scorecards are for leaders.")


@router.get(
    "/leaders/scorecard", response={200: ScorecardOut, **STANDARD_ERRORS}, summary="My scorecard"
)
def my_scorecard(request: ApiRequest):
    """The caller's own scorecard (leaders only; nobody reads another leader's)."""

    _leader_or_refuse(request.auth)
    card = cards.scorecard_for(request.auth)
    return {
        **card,
        "communities": [
            {
                "community": row["community"].slug,
                "level": row["level"],
                "members": row["members"],
                "response_pct": row["response"],
                "sponsor_idle_days": row["sponsor_idle_days"],
            }
            for row in card["communities"]
        ],
        "suggestions": [
            {"text": t["text"], "url": request.build_absolute_uri(t["url"])}
            for t in card["suggestions"]
        ],
    }


@router.get(
    "/leaders/scorecard/peers",
    response={200: list[ScoreRowOut], **STANDARD_ERRORS},
    summary="Ranked comparison with peers (opt-in)",
)
def scorecard_peers(request: ApiRequest):
    """Peers at the caller's level who share, ranked; only for a leader who shares (403 else)."""

    _leader_or_refuse(request.auth)
    rows = cards.comparison_for(request.auth)
    if rows is None:
        raise Forbidden("Share your scorecard first (PUT /leaders/scorecard/sharing).")
    return [
        {
            "rank": r["rank"],
            "leader": r["person"].username,
            "name": r["person"].name,
            "percentile": r["percentile"],
            "stars": r["stars"],
            "personal": r["personal"],
            "answered_share": r["answered_share"],
            "readers": r["readers"],
        }
        for r in rows
    ]


@router.put(
    "/leaders/scorecard/sharing",
    response={200: SharingIo, **STANDARD_ERRORS},
    summary="Take part in the peer comparison",
)
def scorecard_sharing(request: ApiRequest, payload: SharingIo):
    return {"shared": cards.sharing_set(actor=request.auth, shared=payload.shared)}
