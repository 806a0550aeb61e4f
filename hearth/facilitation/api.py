"""Facilitation in the public API: the queue, acknowledgements, expert suggestions and
requests, endorsements, people to meet, introductions, expert settings, the welcome list."""

from __future__ import annotations

from ninja import Router, Status

from hearth.communities.access import access_community
from hearth.conversations.access import access_post
from hearth.core.api import STANDARD_ERRORS
from hearth.core.errors import Forbidden
from hearth.core.types import ApiRequest
from hearth.people.access import access_person

from . import experts, selectors, services
from .access import may_ask_experts
from .schemas import (
    AckOut,
    AnswerIn,
    AskedOut,
    AskIn,
    EndorseIn,
    EndorsementOut,
    EngagementOut,
    ExpertOut,
    IntroductionIn,
    IntroductionOut,
    MeetOut,
    PreferenceIo,
    QueueOut,
    WelcomeOut,
)

router = Router(tags=["facilitation"])


def _waiting(post) -> dict:
    return {
        "post": post.pk,
        "kind": post.kind,
        "title": post.display_title,
        "community": post.community.slug,
        "author": None if post.anonymous else post.author.username,
        "waited_hours": post.waited_hours,
        "overdue": post.overdue,
    }


@router.get("/facilitation/queue", response={200: QueueOut, **STANDARD_ERRORS}, summary="The queue")
def queue(request: ApiRequest):
    """What waits for a response in the communities the caller facilitates, oldest first."""
    data = selectors.queue_for(request.auth)
    return {
        "communities": [
            {
                "community": r["community"].slug,
                "response_pct": r["response_pct"],
                "median_first_response_hours": r["median_hours"],
                "waiting": r["waiting"],
            }
            for r in data["communities"]
        ],
        "questions": [_waiting(p) for p in data["questions"]],
        "waiting": [_waiting(p) for p in data["waiting"]],
    }


@router.post(
    "/facilitation/posts/{post_id}/acknowledge",
    response={200: AckOut, **STANDARD_ERRORS},
    summary="Acknowledge a contribution",
)
def acknowledge(request: ApiRequest, post_id: int):
    post = services.post_acknowledge(actor=request.auth, post=access_post(request.auth, post_id))
    return {"post": post.pk, "acknowledged_at": post.acknowledged_at}


@router.get(
    "/posts/{post_id}/experts",
    response={200: list[ExpertOut], **STANDARD_ERRORS},
    summary="Who could answer",
)
def expert_list(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    if not may_ask_experts(request.auth, post):
        raise Forbidden("The asker and the community's leaders see who could answer.")
    return [
        {
            "username": s.person.username,
            "display_name": s.person.name,
            "score": s.score,
            "reasons": s.reasons,
        }
        for s in experts.suggest(post)
        if s.person is not None
    ]


@router.post(
    "/posts/{post_id}/experts",
    response={201: AskedOut, **STANDARD_ERRORS},
    summary="Ask suggested experts",
)
def expert_ask(request: ApiRequest, post_id: int, payload: AskIn):
    post = access_post(request.auth, post_id)
    made = services.experts_ask(actor=request.auth, post=post, usernames=payload.usernames)
    return Status(201, {"asked": [r.expert.username for r in made]})


@router.get(
    "/people/{username}/endorsements",
    response={200: list[EndorsementOut], **STANDARD_ERRORS},
    summary="A person's endorsed skills",
)
def endorsement_list(request: ApiRequest, username: str):
    person = access_person(request.auth, username)
    counts, mine = selectors.endorsements_of(person), selectors.endorsed_by(request.auth, person)
    return [
        {"skill": t.name, "endorsements": counts.get(t.pk, 0), "by_me": t.pk in mine}
        for t in person.skills.all()
    ]


@router.get(
    "/people/{username}/engagement",
    response={200: EngagementOut, **STANDARD_ERRORS},
    summary="How a person engages",
)
def engagement(request: ApiRequest, username: str):
    """Questions they answered, answers accepted, people helped and the communities they lead,
    counted only on what the caller may see."""
    person = access_person(request.auth, username)
    found = selectors.engagement_of(request.auth, person)
    return {
        **found,
        "leading": [
            {"community": m.community.slug, "name": m.community.name, "role": m.role}
            for m in found["leading"]
        ],
    }


@router.post(
    "/people/{username}/endorsements",
    response={200: list[EndorsementOut], **STANDARD_ERRORS},
    summary="Endorse a skill",
)
def endorsement_set(request: ApiRequest, username: str, payload: EndorseIn):
    person = access_person(request.auth, username)
    services.skill_endorse(actor=request.auth, person=person, skill=payload.skill, on=payload.on)
    return endorsement_list(request, username)


@router.get(
    "/me/people-to-meet",
    response={200: list[MeetOut], **STANDARD_ERRORS},
    summary="People you may want to meet",
)
def people_to_meet(request: ApiRequest):
    return [
        {
            "username": i["person"].username,
            "display_name": i["person"].name,
            "department": i["person"].department.name if i["person"].department_id else None,
            "country": str(i["person"].country) or None,
            "shared": i["shared"],
        }
        for i in selectors.people_to_meet(request.auth)
    ]


def _intro(viewer, intro) -> dict:
    return {
        "id": intro.pk,
        "first": intro.first.username,
        "second": intro.second.username,
        "introduced_by": intro.introduced_by.username,
        "note": intro.note,
        "state": intro.state,
        "my_answer": intro.answer_of(viewer),
        "created_at": intro.created_at,
    }


@router.get(
    "/introductions",
    response={200: list[IntroductionOut], **STANDARD_ERRORS},
    summary="My introductions",
)
def introduction_list(request: ApiRequest):
    return [_intro(request.auth, i) for i in selectors.introductions_for(request.auth)[:100]]


@router.post(
    "/introductions",
    response={201: IntroductionOut, **STANDARD_ERRORS},
    summary="Introduce two people",
)
def introduction_create(request: ApiRequest, payload: IntroductionIn):
    """Double opt-in: both must say yes. Introduce yourself to someone, or (facilitators) two
    members of your community."""
    community = access_community(request.auth, payload.community) if payload.community else None
    intro = services.introduction_create(
        actor=request.auth,
        first=access_person(request.auth, payload.first),
        second=access_person(request.auth, payload.second),
        note=payload.note,
        community=community,
    )
    return Status(201, _intro(request.auth, intro))


@router.post(
    "/introductions/{intro_id}/answer",
    response={200: IntroductionOut, **STANDARD_ERRORS},
    summary="Answer an introduction",
)
def introduction_answer(request: ApiRequest, intro_id: int, payload: AnswerIn):
    intro = selectors.access_introduction(request.auth, intro_id)
    intro = services.introduction_answer(
        actor=request.auth, introduction=intro, accept=payload.accept
    )
    return _intro(request.auth, intro)


@router.get(
    "/me/expert-preferences",
    response={200: PreferenceIo, **STANDARD_ERRORS},
    summary="My expert-request settings",
)
def preference_get(request: ApiRequest):
    pref = selectors.preference_of(request.auth)
    return {"opted_out": pref.opted_out, "away_until": pref.away_until}


@router.put(
    "/me/expert-preferences",
    response={200: PreferenceIo, **STANDARD_ERRORS},
    summary="Change my expert-request settings",
)
def preference_put(request: ApiRequest, payload: PreferenceIo):
    pref = services.preference_set(
        actor=request.auth, opted_out=payload.opted_out, away_until=payload.away_until
    )
    return {"opted_out": pref.opted_out, "away_until": pref.away_until}


@router.get("/me/welcome", response={200: WelcomeOut, **STANDARD_ERRORS}, summary="My first steps")
def welcome(request: ApiRequest):
    data = selectors.welcome(request.auth)
    return {"newcomer": data is not None, "steps": data["steps"] if data else {}}
