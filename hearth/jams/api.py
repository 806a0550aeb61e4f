"""Jams in the public API, in the style of API.md: list, create, read; contribute; remind;
facilitate (alerts, spotlight, merge); the dashboard; the report and its follow-ups."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.core.api import RATE_LIMITED, STANDARD_ERRORS, PageQuery, page_out
from hearth.core.errors import FieldError, Invalid, NotFound
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.access import access_person

from . import selectors, services
from .models import Contribution, Jam
from .schemas import (
    JamAlertIn,
    JamAlertOut,
    JamCommunityRefOut,
    JamContributionIn,
    JamContributionOut,
    JamContributionPage,
    JamContributionQuery,
    JamDashboardOut,
    JamFollowUpIn,
    JamHostThreadIn,
    JamIn,
    JamInvitedOut,
    JamInviteIn,
    JamMergeIn,
    JamOut,
    JamPage,
    JamPatchIn,
    JamReminderIn,
    JamReminderOut,
    JamReportIn,
    JamReportOut,
    JamSpotlightIn,
    JamTagIn,
)

router = Router(tags=["jams"])


def _jam(request: ApiRequest, jam: Jam) -> dict:
    counts = selectors.theme_counts(jam)
    return {
        "slug": jam.slug,
        "title": jam.title,
        "challenge": jam.challenge,
        "state": jam.state,
        "starts_at": jam.starts_at,
        "ends_at": jam.ends_at,
        "hosts": [p.username for p in jam.hosts.all()],
        "themes": [
            {
                "id": t.pk,
                "title": t.title,
                "description": t.description,
                "facilitators": [p.username for p in t.facilitators.all()],
                "contributions": counts.get(t.pk, 0),
            }
            for t in jam.themes.prefetch_related("facilitators")
        ],
        "audience_size": jam.audience_size,
        "goal_pct": jam.goal_pct,
        "allow_anonymous": jam.allow_anonymous,
        "forum": jam.forum.slug,
        "serves": jam.serves.slug if jam.serves else None,
        "report_summary": jam.report_summary,
        "version": jam.version,
        "url": request.build_absolute_uri(jam.get_absolute_url()),
    }


@router.get("/jams", response={200: JamPage, **STANDARD_ERRORS}, summary="Jams")
def jam_list(request: ApiRequest, query: Query[PageQuery]):
    rows, next_cursor = paginate(
        selectors.jam_list_for(request.auth),
        ordering=["-starts_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out([_jam(request, j) for j in rows], next_cursor)


@router.post("/jams", response={201: JamOut, **STANDARD_ERRORS}, summary="Create a jam")
def jam_create(request: ApiRequest, payload: JamIn):
    """Leaders and administrators: schedule a jam (2-8 themes, each with facilitators)."""
    serves = access_community(request.auth, payload.serves) if payload.serves else None
    jam = services.jam_create(
        actor=request.auth,
        data=services.JamIn(
            title=payload.title,
            challenge=payload.challenge,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            hosts=payload.hosts,
            serves=serves,
            themes=[
                services.ThemeIn(
                    title=t.title, description=t.description, facilitators=t.facilitators
                )
                for t in payload.themes
            ],
            audience_departments=payload.audience_departments,
            audience_locations=payload.audience_locations,
            audience_countries=payload.audience_countries,
            allow_anonymous=payload.allow_anonymous,
            goal_pct=payload.goal_pct,
        ),
    )
    return Status(201, _jam(request, jam))


@router.get("/jams/{slug}", response={200: JamOut, **STANDARD_ERRORS}, summary="One jam")
def jam_detail(request: ApiRequest, slug: str):
    jam = selectors.access_jam(request.auth, slug)
    services.jam_visit(actor=request.auth, jam=jam)
    return _jam(request, jam)


@router.patch("/jams/{slug}", response={200: JamOut, **STANDARD_ERRORS}, summary="Change a jam")
def jam_update(request: ApiRequest, slug: str, payload: JamPatchIn):
    """Hosts: change the title, challenge, times, goal or anonymity while not closed."""
    jam = selectors.access_jam(request.auth, slug)
    current = {
        f: getattr(jam, f)
        for f in ("title", "challenge", "starts_at", "ends_at", "goal_pct", "allow_anonymous")
    }
    given = payload.dict(exclude_unset=True)
    jam = services.jam_update(
        actor=request.auth,
        jam=jam,
        change=services.JamChange(
            **{**current, **{k: v for k, v in given.items() if v is not None}}
        ),
    )
    return _jam(request, jam)


@router.post(
    "/jams/{slug}/reminder", response={200: JamReminderOut, **STANDARD_ERRORS}, summary="Remind me"
)
def remind(request: ApiRequest, slug: str, payload: JamReminderIn):
    jam = selectors.access_jam(request.auth, slug)
    return {"reminded": services.reminder_set(actor=request.auth, jam=jam, on=payload.on)}


def _contribution(request: ApiRequest, item: Contribution) -> dict:
    post = item.post
    return {
        "post": post.pk,
        "is_host_thread": item.is_host_thread,
        "tags": sorted(t.name for t in post.topics.all()),
        "theme": item.theme_id,
        "kind": post.kind,
        "title": post.display_title,
        "excerpt": post.excerpt,
        "author": None if post.anonymous else post.author.username,
        "votes": post.vote_count,
        "comments": post.comment_count,
        "spotlight": item.spotlight,
        "merged_into": item.merged_into.post_id if item.merged_into else None,
        "selected": item.selected,
        "owner": item.owner.username if item.owner else None,
        "due_on": item.due_on,
        "created_at": item.created_at,
        "url": request.build_absolute_uri(post.get_absolute_url()),
    }


@router.get(
    "/jams/{slug}/contributions",
    response={200: JamContributionPage, **STANDARD_ERRORS},
    summary="A jam's contributions",
)
def contribution_list(request: ApiRequest, slug: str, query: Query[JamContributionQuery]):
    jam = selectors.access_jam(request.auth, slug)
    theme = selectors.access_theme(request.auth, jam, query.theme) if query.theme else None
    rows = selectors.contributions_for(request.auth, jam, theme=theme, kind=query.kind)
    page, next_cursor = paginate(
        rows.order_by("-created_at", "-id"),
        ordering=["-created_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out([_contribution(request, c) for c in page], next_cursor)


@router.post(
    "/jams/{slug}/contributions",
    response={201: JamContributionOut, **STANDARD_ERRORS, **RATE_LIMITED},
    summary="Contribute to a jam",
)
def contribution_create(request: ApiRequest, slug: str, payload: JamContributionIn):
    jam = selectors.access_jam(request.auth, slug)
    try:
        theme = selectors.access_theme(request.auth, jam, payload.theme)
    except NotFound as error:
        raise Invalid(
            "This theme is not part of the jam.", [FieldError("theme", "Unknown theme.")]
        ) from error
    item = services.contribution_create(
        actor=request.auth,
        jam=jam,
        theme=theme,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        anonymous=payload.anonymous,
    )
    return Status(201, _contribution(request, item))


@router.post(
    "/jams/{slug}/alerts",
    response={201: JamAlertOut, **STANDARD_ERRORS},
    summary="Send a jam alert",
)
def alert_create(request: ApiRequest, slug: str, payload: JamAlertIn):
    jam = selectors.access_jam(request.auth, slug)
    theme = None
    if payload.theme:
        try:
            theme = selectors.access_theme(request.auth, jam, payload.theme)
        except NotFound as error:
            raise Invalid(
                "This theme is not part of the jam.", [FieldError("theme", "Unknown theme.")]
            ) from error
    alert = services.alert_send(actor=request.auth, jam=jam, theme=theme, body=payload.body)
    return Status(
        201,
        {
            "id": alert.pk,
            "body": alert.body,
            "theme": alert.theme_id,
            "created_at": alert.created_at,
        },
    )


@router.post(
    "/jams/{slug}/invitations",
    response={200: JamInvitedOut, **STANDARD_ERRORS},
    summary="Invite the audience",
)
def invite(request: ApiRequest, slug: str, payload: JamInviteIn):
    """Hosts and facilitators: a personal invitation to everyone in the audience not in yet."""
    jam = selectors.access_jam(request.auth, slug)
    return {
        "invited": services.audience_invite(actor=request.auth, jam=jam, message=payload.message)
    }


@router.post(
    "/jams/{slug}/host-thread",
    response={201: JamContributionOut, **STANDARD_ERRORS},
    summary="Open my ask-the-host thread",
)
def host_thread(request: ApiRequest, slug: str, payload: JamHostThreadIn):
    """Hosts, while the jam is live: a question thread everyone replies to, answered in person."""
    jam = selectors.access_jam(request.auth, slug)
    theme = selectors.access_theme(request.auth, jam, payload.theme) if payload.theme else None
    item = services.host_thread_open(actor=request.auth, jam=jam, theme=theme)
    return Status(201, _contribution(request, item))


@router.post(
    "/jams/{slug}/contributions/{post_id}/tags",
    response={200: JamContributionOut, **STANDARD_ERRORS},
    summary="Tag a contribution",
)
def tag(request: ApiRequest, slug: str, post_id: int, payload: JamTagIn):
    jam = selectors.access_jam(request.auth, slug)
    item = selectors.access_contribution(request.auth, jam, post_id)
    services.contribution_tag(actor=request.auth, contribution=item, name=payload.name)
    return _contribution(request, item)


@router.post(
    "/jams/{slug}/contributions/{post_id}/spotlight",
    response={200: JamContributionOut, **STANDARD_ERRORS},
    summary="Spotlight a contribution",
)
def spotlight(request: ApiRequest, slug: str, post_id: int, payload: JamSpotlightIn):
    jam = selectors.access_jam(request.auth, slug)
    item = selectors.access_contribution(request.auth, jam, post_id)
    return _contribution(
        request, services.spotlight_set(actor=request.auth, contribution=item, on=payload.on)
    )


@router.post(
    "/jams/{slug}/contributions/{post_id}/merge",
    response={200: JamContributionOut, **STANDARD_ERRORS},
    summary="Merge a duplicate idea",
)
def merge(request: ApiRequest, slug: str, post_id: int, payload: JamMergeIn):
    """Facilitators: merge this idea into another of the same jam (votes and followers move)."""
    jam = selectors.access_jam(request.auth, slug)
    source = selectors.access_contribution(request.auth, jam, post_id)
    try:
        target = selectors.access_contribution(request.auth, jam, payload.into)
    except NotFound as error:
        raise Invalid(
            "Ideas can only be merged within one jam.",
            [FieldError("into", "No such idea in this jam.")],
        ) from error
    target = services.idea_merge(actor=request.auth, source=source, target=target)
    target.post.refresh_from_db()
    return _contribution(request, target)


def _dashboard(request: ApiRequest, d: dict) -> dict:
    return {
        **{
            k: d[k]
            for k in (
                "participants",
                "readers",
                "audience",
                "goal",
                "participation_pct",
                "reach_pct",
                "contributions",
                "by_department",
                "by_location",
                "by_country",
                "per_hour",
            )
        },
        "top_ideas": [_contribution(request, c) for c in d["top_ideas"]],
        "active_threads": [_contribution(request, c) for c in d["active_threads"]],
        "emerging_themes": [
            {"keywords": c.keywords, "size": c.size, "example_posts": [p.pk for p in c.examples]}
            for c in d["clusters"]
        ],
    }


@router.get(
    "/jams/{slug}/dashboard",
    response={200: JamDashboardOut, **STANDARD_ERRORS},
    summary="Dashboard",
)
def dashboard(request: ApiRequest, slug: str):
    """Participation against the audience and goal, reach (groups under 5 pooled), activity."""
    jam = selectors.access_jam(request.auth, slug)
    return _dashboard(request, selectors.dashboard(request.auth, jam))


@router.post(
    "/jams/{slug}/contributions/{post_id}/follow-up",
    response={200: JamContributionOut, **STANDARD_ERRORS},
    summary="Select an idea for follow-up",
)
def follow_up(request: ApiRequest, slug: str, post_id: int, payload: JamFollowUpIn):
    jam = selectors.access_jam(request.auth, slug)
    item = selectors.access_contribution(request.auth, jam, post_id)
    owner = None
    if payload.owner:
        try:
            owner = access_person(request.auth, payload.owner)
        except NotFound as error:
            raise Invalid(
                "The follow-up was not saved.", [FieldError("owner", "Nobody has this username.")]
            ) from error
    item = services.follow_up_set(
        actor=request.auth,
        contribution=item,
        selected=payload.selected,
        owner=owner,
        due_on=payload.due_on,
    )
    return _contribution(request, item)


def _report(request: ApiRequest, jam: Jam) -> dict:
    data = selectors.report(request.auth, jam)
    return {
        "state": jam.state,
        "summary": jam.report_summary,
        "themes": [
            {"theme": g["theme"].title, "ideas": [_contribution(request, c) for c in g["ideas"]]}
            for g in data["themes"]
        ],
        "figures": _dashboard(request, data["figures"]),
        "follow_ups": [_contribution(request, c) for c in data["follow_ups"]],
    }


@router.get(
    "/jams/{slug}/report", response={200: JamReportOut, **STANDARD_ERRORS}, summary="The report"
)
def report(request: ApiRequest, slug: str):
    return _report(request, selectors.access_jam(request.auth, slug))


@router.post(
    "/jams/{slug}/report",
    response={200: JamReportOut, **STANDARD_ERRORS},
    summary="Publish the report",
)
def report_publish(request: ApiRequest, slug: str, payload: JamReportIn):
    """Hosts and facilitators, once the jam closed: contributors hear what became of ideas."""
    jam = selectors.access_jam(request.auth, slug)
    jam = services.report_publish(actor=request.auth, jam=jam, summary=payload.summary)
    return _report(request, jam)


@router.post(
    "/jams/{slug}/follow-up-community",
    response={201: JamCommunityRefOut, **STANDARD_ERRORS},
    summary="Turn selected ideas into a community of purpose",
)
def follow_up_community(request: ApiRequest, slug: str):
    jam = selectors.access_jam(request.auth, slug)
    community = services.follow_up_community(actor=request.auth, jam=jam)
    return Status(
        201,
        {
            "slug": community.slug,
            "name": community.name,
            "state": community.state,
            "url": request.build_absolute_uri(community.get_absolute_url()),
        },
    )
