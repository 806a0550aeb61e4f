"""Community pages: the list, creating one, a community's feed, members, joining and leaving."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.core.access import split_usernames
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors, html_errors
from hearth.people.access import access_person
from hearth.people.selectors import department_names

from . import decisions, invitations, services
from .access import access_community, access_key_result
from .forms import (
    BulkForm,
    CharterForm,
    CommunityForm,
    DeliverForm,
    InviteForm,
    MemberForm,
    ProgressForm,
    ProposalForm,
    key_results_text,
)
from .models import Community, Proposal
from .selectors import (
    can_lead,
    can_read,
    charter_history,
    communities_recommended_for,
    community_list_for,
    invitations_of,
    join_requests,
    members_of,
    progress_history,
)


def _community_or_404(request, slug: str):
    try:
        return access_community(request.user, slug)
    except NotFound as error:
        raise Http404 from error


@require_GET
def community_list(request: PageRequest) -> HttpResponse:
    kind, state = request.GET.get("kind", ""), request.GET.get("state", "")
    filters: dict[str, Any] = {
        "q": request.GET.get("q", "")[:100],
        "kind": kind if kind in Community.Kind.values else "",
        "state": state if state in Community.State.values else "",
        "department": request.GET.get("department", "")[:120],
        "mine": request.GET.get("mine") == "1",
    }
    communities = community_list_for(request.user, **filters).order_by("name", "id")
    page = Paginator(communities, 30).get_page(request.GET.get("page"))
    query = urlencode(
        {k: v for k, v in filters.items() if v and k != "mine"}
        | ({"mine": "1"} if filters["mine"] else {})
    )
    return render(
        request,
        "communities/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "kinds": Community.Kind.choices,
            "states": Community.State.choices,
            "departments": department_names(),
            "recommended": communities_recommended_for(request.user),
            "invitations": list(invitations.pending_for(request.user)[:20]),
        },
    )


@require_http_methods(["GET", "POST"])
def create(request: PageRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = "save_draft" in request.POST
        try:
            community = services.community_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                privacy=data["privacy"],
                purpose=data["purpose"],
                description=data["description"],
                business_goal=data["business_goal"],
                deliverable=data["deliverable"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                key_results=[services.KeyResultIn(**r) for r in data["key_results"]],
                sponsors=split_usernames(data["sponsors"]),
                facilitators=split_usernames(data["facilitators"]),
                state="draft" if draft else "active",
                confirm_sponsors=data["confirm_sponsors"],
                cover=data.get("cover"),
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            if draft:
                messages.success(request, _("Your draft is saved; only its members see it."))
            else:
                messages.success(
                    request, _("Your community is ready. Invite people and post first.")
                )
            return redirect(community.get_absolute_url())
    return render(
        request, "communities/create.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
@html_errors
def join(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    membership = services.community_join(actor=request.user, community=community)
    if membership.is_active:
        messages.success(request, _("Welcome to %(name)s.") % {"name": community.name})
    else:
        messages.success(request, _("Your request to join is sent to the facilitators."))
    return redirect(community.get_absolute_url())


@require_POST
@html_errors
def leave(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    services.community_leave(actor=request.user, community=community)
    messages.success(request, _("You left %(name)s.") % {"name": community.name})
    return redirect("communities:list")


@require_http_methods(["GET", "POST"])
@html_errors
def members(request: PageRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    if not can_read(request.user, community):
        raise Http404
    leads = can_lead(request.user, community)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        if not leads:
            raise Http404
        if form.is_valid():
            try:
                person = access_person(request.user, form.cleaned_data["username"].lstrip("@"))
                services.member_add(
                    actor=request.user,
                    community=community,
                    person=person,
                    role=form.cleaned_data["role"],
                )
            except NotFound:
                form.add_error("username", _("No one with this username."))
            except HearthError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("%(name)s is a member.") % {"name": person.name})
                return redirect("communities:members", slug=slug)
    page = Paginator(members_of(community).order_by("person__display_name"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "page": page,
            "leads": leads,
            "form": form,
            "requests": list(join_requests(community)) if leads else [],
            "bulk_form": BulkForm(),
        },
    )


@require_POST
@html_errors
def member_remove(request: PageRequest, slug: str, username: str) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    person = access_person(request.user, username)
    services.member_remove(actor=request.user, community=community, person=person)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": person.name})
    return redirect("communities:members", slug=slug)


@require_http_methods(["GET", "POST"])
@html_errors
def charter_edit(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    results = list(community.key_results.all())
    initial = {
        f: getattr(community, f)
        for f in CharterForm.base_fields
        if f not in ("key_results", "cover")
    }
    initial["key_results"] = key_results_text(results)
    form = CharterForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        new_cover = data.pop("cover", None)
        by_title = {r.title: r.pk for r in results}
        items = [{**item, "id": by_title.get(item["title"])} for item in data.pop("key_results")]
        try:
            services.community_update(
                actor=request.user,
                community=community,
                key_results=items,
                cover=new_cover,
                **data,
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The charter is saved; the change is in its history."))
            return redirect(community.get_absolute_url())
    return render(
        request,
        "communities/charter_edit.html",
        {"form": form, "community": community},
        status=422 if form.errors else 200,
    )


@require_POST
@html_errors
def progress(request: PageRequest, slug: str, result_id: int) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    result = access_key_result(community, result_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the current value as a number."))
    else:
        services.key_result_progress(
            actor=request.user,
            key_result=result,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Progress recorded."))
    return redirect(community.get_absolute_url())


@require_POST
@html_errors
def lifecycle(request: PageRequest, slug: str, action: str) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    if action == "activate":
        services.community_activate(actor=request.user, community=community)
        messages.success(request, _("The community is live."))
    else:
        services.community_archive(actor=request.user, community=community)
        messages.success(request, _("The community is archived: read-only, still searchable."))
    return redirect(community.get_absolute_url())


@require_http_methods(["GET", "POST"])
@html_errors
def deliver(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    results = list(community.key_results.all())
    form = DeliverForm(request.POST or None, key_results=results)
    if request.method == "POST" and form.is_valid():
        outcome = services.OutcomeIn(
            summary=form.cleaned_data["summary"],
            links=form.cleaned_data["links"].splitlines(),
            final_values=form.final_values(),
            retrospective=form.cleaned_data["retrospective"],
        )
        try:
            services.community_deliver(actor=request.user, community=community, outcome=outcome)
        except HearthError as error:
            if error.status != 422:
                raise
            form_errors(form, error)
        else:
            messages.success(request, _("Delivered! Members and sponsors are told."))
            return redirect(community.get_absolute_url())
    return render(
        request,
        "communities/deliver.html",
        {"form": form, "community": community},
        status=422 if form.errors else 200,
    )


@require_GET
def history(request: PageRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    if not can_read(request.user, community):
        raise Http404
    return render(
        request,
        "communities/history.html",
        {
            "community": community,
            "changes": list(charter_history(community)[:200]),
            "progress": list(progress_history(community)[:200]),
        },
    )


@require_POST
@html_errors
def members_bulk(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    form = BulkForm(request.POST)
    form.is_valid()
    added = services.members_add_bulk(actor=request.user, community=community, **form.cleaned_data)
    messages.success(request, _("%(count)s people added.") % {"count": added})
    return redirect("communities:members", slug=slug)


@require_http_methods(["GET", "POST"])
@html_errors
def invite(request: PageRequest, slug: str) -> HttpResponse:
    """Pick a target, write one message with merge fields, preview every copy, then send."""
    community = access_community(request.user, slug, for_write=True)
    form = InviteForm(request.POST or None)
    planned = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = invitations.Target(
            usernames=split_usernames(data["usernames"]),
            department=data["department"],
            location=data["location"],
            country=data["country"],
            skill=data["skill"],
        )
        try:
            if "send" in request.POST:
                sent = invitations.send(
                    actor=request.user,
                    community=community,
                    target=target,
                    template=data["template"],
                )
                count = len([p for p in sent if not p.skipped])
                messages.success(request, _("%(count)s invitations sent.") % {"count": count})
                return redirect("communities:invite", slug=slug)
            planned = invitations.plan(
                actor=request.user, community=community, target=target, template=data["template"]
            )
        except HearthError as error:
            if error.status == 429:
                form.add_error(None, error.detail)
            else:
                form_errors(form, error)
    return render(
        request,
        "communities/invite.html",
        {
            "community": community,
            "form": form,
            "planned": planned,
            "funnel": invitations.funnel(community),
            "sent": list(invitations_of(community)[:100]),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@html_errors
def decline(request: PageRequest, invitation_id: int) -> HttpResponse:
    invitations.decline(person=request.user, invitation_id=invitation_id)
    messages.success(request, _("Invitation declined."))
    return redirect("communities:list")


@require_POST
@html_errors
def mute(request: PageRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    muted = request.POST.get("muted") == "1"
    services.community_mute(actor=request.user, community=community, muted=muted)
    if muted:
        messages.success(request, _("You will not be notified about this community."))
    else:
        messages.success(request, _("Notifications about this community are back on."))
    return redirect(community.get_absolute_url())


@require_http_methods(["GET", "POST"])
@html_errors
def proposal_new(request: PageRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    if not can_read(request.user, community):
        raise Http404
    level = community.maturity_level
    kinds = [
        (
            value,
            label
            if value in decisions.RIGHTS[level]
            else _("%(label)s (unlocks at level %(level)s)")
            % {"label": label, "level": decisions.unlocked_at(value)},
        )
        for value, label in Proposal.Kind.choices
    ]
    form = ProposalForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.proposal_create(
                actor=request.user,
                community=community,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                payload=form.payload(),
                closes_in_days=form.cleaned_data["closes_in_days"],
            )
        except HearthError as error:
            if error.status == 403:
                form.add_error("kind", error.detail)
            else:
                form_errors(form, error)
        else:
            messages.success(request, _("Your proposal is open for votes."))
            return redirect(community.get_absolute_url())
    return render(
        request,
        "communities/proposal_new.html",
        {"community": community, "form": form, "level": level},
        status=422 if form.errors else 200,
    )


@require_POST
@html_errors
def proposal_vote(request: PageRequest, proposal_id: int) -> HttpResponse:
    proposal = decisions.access_proposal(request.user, proposal_id)
    decisions.proposal_vote(
        actor=request.user, proposal=proposal, choice=request.POST.get("choice", "")
    )
    messages.success(request, _("Your vote is counted."))
    return redirect(proposal.community.get_absolute_url())


@require_POST
@html_errors
def proposal_veto(request: PageRequest, proposal_id: int) -> HttpResponse:
    proposal = decisions.access_proposal(request.user, proposal_id)
    decisions.proposal_veto(
        actor=request.user, proposal=proposal, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The proposal is vetoed; the reason is shown to everyone."))
    return redirect(proposal.community.get_absolute_url())


@require_GET
def cover(request: PageRequest, slug: str) -> HttpResponseBase:
    """The cover image, only for people who may know of the community."""
    from django.http import FileResponse

    community = _community_or_404(request, slug)
    if not community.cover:
        raise Http404
    response = FileResponse(community.cover.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
