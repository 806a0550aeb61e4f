"""The leadership corner, delegation settings, drafting for a leader and approving."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.selectors import communities_to_post_in
from hearth.core.errors import HearthError, NotFound
from hearth.core.web import form_errors, html_errors
from hearth.feeds.selectors import HOME_ORDER
from hearth.feeds.views import feed_page
from hearth.people.access import access_person

from . import selectors, services
from .forms import ApproveForm, DraftForm


@require_GET
def corner(request: HttpRequest) -> HttpResponse:
    return feed_page(
        request,
        selectors.corner_for(request.user),
        HOME_ORDER,
        title=_("Leadership corner"),
        template="leadership/corner.html",
        context={
            "follows": selectors.follows_corner(request.user),
            "followers": selectors.corner_followers_count(),
        },
    )


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    on = services.corner_follow(actor=request.user, on=request.POST.get("on") != "0")
    messages.success(
        request,
        _("Leaders' posts now come to your home feed.")
        if on
        else _("You no longer follow the leadership corner."),
    )
    return redirect("leadership:corner")


@require_http_methods(["GET", "POST"])
@html_errors
def delegation(request: HttpRequest) -> HttpResponse:
    """A leader's delegates and the drafts waiting; a delegate's leaders and drafts."""
    if request.method == "POST":
        person = access_person(request.user, request.POST.get("delegate", "").strip().lstrip("@"))
        if request.POST.get("revoke") == "1":
            services.delegate_revoke(actor=request.user, delegate=person)
            messages.success(
                request, _("%(name)s no longer drafts for you.") % {"name": person.name}
            )
        else:
            services.delegate_grant(actor=request.user, delegate=person)
            messages.success(
                request,
                _("%(name)s can now draft posts for your approval.") % {"name": person.name},
            )
        return redirect("leadership:delegation")
    drafts = list(selectors.drafts_for(request.user)[:100])
    return render(
        request,
        "leadership/delegation.html",
        {
            "delegates": list(selectors.delegates_of(request.user)),
            "leaders": list(selectors.leaders_i_draft_for(request.user)),
            "to_approve": [d for d in drafts if d.leader_id == request.user.pk],
            "written": [d for d in drafts if d.delegate_id == request.user.pk],
        },
    )


@require_http_methods(["GET", "POST"])
def draft_new(request: HttpRequest) -> HttpResponse:
    leaders = [d.leader for d in selectors.leaders_i_draft_for(request.user)]
    if not leaders:
        raise Http404
    chosen = request.POST.get("leader") or request.GET.get("for") or leaders[0].username
    leader = next((p for p in leaders if p.username == chosen), leaders[0])
    communities = list(communities_to_post_in(leader))
    form = DraftForm(
        request.POST or None,
        leaders=leaders,
        communities=communities,
        initial={"leader": leader.username},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = next((c for c in communities if c.slug == data["community"]), None)
        try:
            services.draft_create(
                actor=request.user,
                leader=leader,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                community=community,
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(
                request, _("Draft sent to %(name)s for approval.") % {"name": leader.name}
            )
            return redirect("leadership:delegation")
    return render(
        request, "leadership/draft_new.html", {"form": form}, status=422 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    try:
        item = selectors.access_draft(request.user, draft_id)
    except NotFound as error:
        raise Http404 from error
    form = ApproveForm(request.POST or None, initial={"title": item.title, "body": item.body})
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "decline":
                services.draft_decline(
                    actor=request.user, draft=item, note=request.POST.get("note", "")
                )
                messages.success(request, _("Declined; the delegate is told."))
                return redirect("leadership:delegation")
            if form.is_valid():
                post = services.draft_approve(
                    actor=request.user,
                    draft=item,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("Published under your name, with who drafted it."))
                return redirect(post)
        except HearthError as error:
            if error.status == 403:
                raise Http404 from error
            form_errors(form, error)
    return render(
        request,
        "leadership/draft.html",
        {
            "item": item,
            "form": form,
            "is_leader": item.leader_id == request.user.pk,
        },
        status=422 if form.errors else 200,
    )
