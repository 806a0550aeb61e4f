"""Community pages: the list, creating one, a community's feed, members, joining and leaving."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.conversations.models import Post
from hearth.conversations.selectors import pinned_for, post_list_for
from hearth.core.errors import HearthError, NotFound
from hearth.core.web import form_errors, html_errors
from hearth.feeds.selectors import HOME_ORDER, following_state
from hearth.feeds.views import feed_page
from hearth.people.access import access_person

from . import services
from .access import access_community
from .forms import CommunityForm, MemberForm
from .selectors import (
    can_lead,
    can_read,
    community_list_for,
    join_requests,
    members_of,
    membership_of,
)  # fmt: skip


def _community_or_404(request, slug: str):
    try:
        return access_community(request.user, slug)
    except NotFound as error:
        raise Http404 from error


@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    mine = request.GET.get("mine") == "1"
    communities = community_list_for(request.user, q=q, mine=mine).order_by("name", "id")
    page = Paginator(communities, 30).get_page(request.GET.get("page"))
    return render(request, "communities/list.html", {"page": page, "q": q, "mine": mine})


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=request.user, **form.cleaned_data)
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Your community is ready. Invite people and post first."))
            return redirect(community.get_absolute_url())
    return render(request, "communities/create.html", {"form": form})


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    membership = membership_of(request.user, community)
    readable = can_read(request.user, community, membership)
    kind = request.GET.get("kind", "")
    if kind not in Post.Kind.values:
        kind = ""
    posts = post_list_for(request.user, community=community, kind=kind)
    if not readable:
        posts = posts.none()
    elif not kind:
        # Pinned announcements lead the first page and are not repeated further down.
        posts = posts.exclude(kind=Post.Kind.ANNOUNCEMENT, pinned_until__gt=timezone.now())
    return feed_page(
        request, posts, HOME_ORDER, title=community.name, template="communities/detail.html",
        pinned=pinned_for(request.user, community=community) if readable and not kind else [],
        context={
            "community": community, "membership": membership, "readable": readable,
            "leads": can_lead(request.user, community), "kind": kind, "kinds": Post.Kind.choices,
            "following": following_state(request.user, community=community),
            "leaders": list(members_of(community).exclude(role="member")[:12]) if readable else [],
        },
    )  # fmt: skip


@require_POST
@html_errors
def join(request: HttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    membership = services.community_join(actor=request.user, community=community)
    if membership.is_active:
        messages.success(request, _("Welcome to %(name)s.") % {"name": community.name})
    else:
        messages.success(request, _("Your request to join is sent to the facilitators."))
    return redirect(community.get_absolute_url())


@require_POST
@html_errors
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    services.community_leave(actor=request.user, community=community)
    messages.success(request, _("You left %(name)s.") % {"name": community.name})
    return redirect("communities:list")


@require_http_methods(["GET", "POST"])
@html_errors
def members(request: HttpRequest, slug: str) -> HttpResponse:
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
                    actor=request.user, community=community, person=person,
                    role=form.cleaned_data["role"],
                )  # fmt: skip
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
        request, "communities/members.html",
        {"community": community, "page": page, "leads": leads, "form": form,
         "requests": list(join_requests(community)) if leads else []},
    )  # fmt: skip


@require_POST
@html_errors
def member_remove(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    community = access_community(request.user, slug, for_write=True)
    person = access_person(request.user, username)
    services.member_remove(actor=request.user, community=community, person=person)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": person.name})
    return redirect("communities:members", slug=slug)
