"""Insights in the public API (`/insights/...`): the same figures as the pages, from the same
selectors, so the privacy rules hold (suppressed counts are null)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router

from hearth.core.api import STANDARD_ERRORS
from hearth.core.errors import FieldError, Forbidden, Invalid
from hearth.core.types import ApiRequest

from . import report, selectors, services
from .schemas import (
    AssumptionsIo,
    AssumptionsOut,
    HealthQuery,
    InfluencersQuery,
    InsightsCommunityOut,
    InsightsDashboardOut,
    InsightsExpertOut,
    InsightsInfluencersOut,
    InsightsLeadersOut,
    InsightsMeOut,
    InsightsPersonasOut,
    InsightsQuery,
    InsightsReportOut,
    NamedIo,
    ReportQuery,
)

router = Router(tags=["insights"])


def _viewer(request) -> None:
    if not selectors.may_view(request.auth):
        raise Forbidden("Insights are for administrators, analysts and communications.")


def _filters(request, query: InsightsQuery, default_days: int = 30):
    return selectors.parse_filters(request.auth, default_days=default_days, **query.dict())


@router.get(
    "/insights/dashboard",
    response={200: InsightsDashboardOut, **STANDARD_ERRORS},
    summary="The organisation dashboard",
)
def dashboard(request: ApiRequest, query: Query[InsightsQuery]):
    """Active and interactive people, actives per day/week/month, contributions by kind, the
    participation curve, response and acknowledgement rates, questions answered, the silo
    index and weekly trends, for a period (default: the last 30 days) and filters. Counts of
    fewer than the threshold of people are null; a filter describing too few people (or
    singling them out against a wider filter) is a 422."""
    _viewer(request)
    return selectors.dashboard(request.auth, _filters(request, query))


def _person(p) -> dict:
    return {
        "username": p.username,
        "name": p.name,
        "department": p.department.name if p.department_id else None,
    }


@router.get(
    "/insights/influencers",
    response={200: InsightsInfluencersOut, **STANDARD_ERRORS},
    summary="Influencers (who agreed to be named)",
)
def influencers(request: ApiRequest, query: Query[InfluencersQuery]):
    """Overall, in a department, or on a topic; ranked by PageRank on the time-decayed
    interaction graph. Only people who agreed to be named are listed."""

    _viewer(request)
    if query.topic:
        tag = selectors.access_tag(request.auth, query.topic)
        people = selectors.topic_influencers(tag)
        return {
            "ranked": len(people),
            "top": [
                {"person": _person(p), "rank": i, "reach": 0} for i, p in enumerate(people, start=1)
            ],
        }
    department = None
    if query.department:
        department = selectors.department_named(query.department)
        if department is None:
            raise Invalid("Unknown department.", [FieldError("department", "No such department.")])
    board = selectors.influencers(request.auth, department=department)
    return {
        "ranked": board["ranked"],
        "top": [
            {"person": _person(r["person"]), "rank": r["rank"], "reach": r["reach"]}
            for r in board["top"]
        ],
    }


@router.get(
    "/insights/experts/{topic}",
    response={200: list[InsightsExpertOut], **STANDARD_ERRORS},
    summary="Experts on a topic or skill",
)
def experts(request: ApiRequest, topic: str):
    """From public content: accepted answers, answers and posts on the topic, endorsements of
    the skill. Everyone may read it (these are public contribution counts)."""
    tag = selectors.access_tag(request.auth, topic)
    return [
        {
            "person": _person(e.person),
            "accepted": e.accepted,
            "answers": e.answers,
            "posts": e.posts,
            "endorsements": e.endorsements,
        }
        for e in selectors.experts_for(tag)
    ]


@router.get(
    "/insights/personas",
    response={200: InsightsPersonasOut, **STANDARD_ERRORS},
    summary="Personas of a group",
)
def personas(request: ApiRequest, query: Query[InsightsQuery]):
    """Observer, Broadcaster, Responder, Catalyst, Engager (default: the last 90 days)."""
    _viewer(request)
    return selectors.personas(_filters(request, query, default_days=90))


@router.get("/insights/me", response={200: InsightsMeOut, **STANDARD_ERRORS}, summary="My persona")
def me(request: ApiRequest):
    """The caller's own persona over 90 days with a nudge, and people to follow."""
    return {
        **selectors.my_persona(request.auth),
        "named": selectors.is_named(request.auth),
        "people_to_follow": [_person(p) for p in selectors.people_to_follow(request.auth)],
    }


@router.put(
    "/insights/me/named", response={200: NamedIo, **STANDARD_ERRORS}, summary="Be named or not"
)
def named(request: ApiRequest, payload: NamedIo):
    return {"named": services.named_set(actor=request.auth, named=payload.named)}


@router.get(
    "/insights/communities",
    response={200: list[InsightsCommunityOut], **STANDARD_ERRORS},
    summary="Community health",
)
def communities(request: ApiRequest, query: Query[HealthQuery]):
    """Communications: every community the caller may see; facilitators: those they lead."""
    led_by = None if selectors.may_view(request.auth) else request.auth
    rows = selectors.community_health(request.auth, only_at_risk=query.at_risk, led_by=led_by)
    return [
        {
            **{k: v for k, v in r.items() if k != "community"},
            "community": r["community"].slug,
            "name": r["community"].name,
        }
        for r in rows
    ]


@router.get(
    "/insights/leaders",
    response={200: InsightsLeadersOut, **STANDARD_ERRORS},
    summary="Leaders as a group",
)
def leaders(request: ApiRequest):
    """How leaders take part, per org level, in aggregate; never a name or a ranking."""
    _viewer(request)
    return selectors.leaders_overview()


@router.get(
    "/insights/report",
    response={200: InsightsReportOut, **STANDARD_ERRORS},
    summary="The value report (JSON, PDF or a zip of CSV files)",
)
def value_report(request: ApiRequest, query: Query[ReportQuery]):
    """`format=json` (default), `pdf` or `csv` (a zip with one CSV per table). A period in
    which nothing was posted is a 422."""

    _viewer(request)
    if query.format not in ("json", "pdf", "csv"):
        raise Invalid("Unknown format.", [FieldError("format", "json, pdf or csv.")])
    filters = _filters(request, InsightsQuery(**query.dict(exclude={"format"})))
    data = report.build(request.auth, filters)
    if query.format == "pdf":
        response = HttpResponse(report.pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename(data, "pdf")}"'
        return response
    if query.format == "csv":
        response = HttpResponse(report.csv_zip(data), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{report.filename(data, "zip")}"'
        return response
    o = data["outcomes"]
    return {
        "filters": data["filters"].describe(),
        "headline": data["headline"],
        "outcomes": {
            "period": o["period"],
            "people": o["people"],
            "retention_from": o["retention"]["start"],
            "retention_to": o["retention"]["end"],
            "assumptions": _assumptions(o["assumed"]),
            "said": [o["retention_said"], o["assumption_said"], o["people_said"]],
        },
        "communities": [
            {
                "community": r["community"].slug,
                "contributions": r["contributions"],
                "people": r["people"],
            }
            for r in data["communities"]
        ],
        "delivered": [
            {"community": c.slug, "deliverable": c.deliverable} for c in data["delivered"]
        ],
        "jams": [
            {
                "jam": j["jam"].slug,
                "ideas": j["ideas"],
                "contributors": j["contributors"],
                "follow_ups": j["follow_ups"],
            }
            for j in data["jams"]
        ],
        "influencers": [_person(i["person"]) for i in data["influencers"]],
    }


def _assumptions(assumed: dict) -> dict:
    return {
        "minutes_saved_per_answer": assumed["minutes"],
        "set_by": assumed["set_by"].username if assumed["set_by"] else None,
        "set_at": assumed["set_at"],
    }


@router.get(
    "/insights/assumptions",
    response={200: AssumptionsOut, **STANDARD_ERRORS},
    summary="The value report's assumptions",
)
def assumptions(request: ApiRequest):
    """What the value report assumes rather than measures: the minutes an answered question
    saves, and which administrator set it when (null: the default)."""
    _viewer(request)
    return _assumptions(selectors.minutes_saved())


@router.put(
    "/insights/assumptions",
    response={200: AssumptionsOut, **STANDARD_ERRORS},
    summary="Set the value report's assumptions",
)
def assumptions_set(request: ApiRequest, payload: AssumptionsIo):
    """Administrators; from 1 to 480 minutes (a 422 otherwise). Audited."""
    services.minutes_saved_set(actor=request.auth, minutes=payload.minutes_saved_per_answer)
    return _assumptions(selectors.minutes_saved())
