"""Ideas' pages: "you said, we did" for the company and for a community, answering an idea, and
the panel under an idea on its own page (core.registry.post_panels)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hearth.communities.access import access_community
from hearth.communities.selectors import can_read
from hearth.conversations.access import access_post
from hearth.conversations.models import Post
from hearth.core.errors import HearthError, NotFound
from hearth.core.pagination import paginate
from hearth.core.registry import post_panels
from hearth.core.types import PageRequest
from hearth.core.web import form_errors, html_errors

from . import selectors, services
from .access import access_merge_target, may_set_status
from .forms import IdeaStatusForm
from .models import Status

ORDER = ["-published_at", "-id"]
HISTORY_SHOWN = 20


def _list(request: PageRequest, *, community=None, readable: bool = True) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    rows: list[Post] = []
    next_cursor = None
    counts = dict.fromkeys(Status.values, 0)
    if readable:
        ideas = selectors.ideas_for(request.user, community=community, status=status)
        rows, next_cursor = paginate(
            ideas, ordering=ORDER, limit=20, cursor=request.GET.get("cursor")
        )
        statuses = selectors.statuses_of([p.pk for p in rows])
        for post in rows:
            post.status_row = statuses.get(post.pk)  # type: ignore[attr-defined]
        counts = selectors.status_counts(request.user, community=community)
    return render(
        request,
        "ideas/list.html",
        {
            "ideas": rows,
            "next_cursor": next_cursor,
            "status": status,
            "tabs": [(value, label, counts[value]) for value, label in Status.choices],
            "total": sum(counts.values()),
            "community": community,
            "readable": readable,
        },
    )


@require_GET
@html_errors
def ideas_list(request: PageRequest) -> HttpResponse:
    """Every idea the reader may read, by status: what became of what people said."""
    return _list(request)


@require_GET
@html_errors
def community_ideas(request: PageRequest, slug: str) -> HttpResponse:
    try:
        community = access_community(request.user, slug)
    except NotFound as error:
        raise Http404 from error
    return _list(request, community=community, readable=can_read(request.user, community))


def _merge_choices(viewer, post: Post) -> list[tuple[int, str]]:
    candidates = selectors.merge_candidates(viewer, post)
    return [(idea.pk, idea.display_title) for idea in candidates]


@require_http_methods(["GET", "POST"])
def status_set(request: PageRequest, post_id: int) -> HttpResponse:
    """Answer an idea (its community's leaders and sponsors): what the form keeps on error."""
    try:
        post = access_post(request.user, post_id)
    except NotFound as error:
        raise Http404 from error
    if not may_set_status(request.user, post):
        raise PermissionDenied(_("Only the community's leaders and sponsors set an idea's status."))
    current = selectors.status_of(post)
    form = IdeaStatusForm(
        request.POST or None,
        merge_choices=_merge_choices(request.user, post),
        initial={"status": current.status, "reason": current.reason},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = None
            if data["merged_into"] is not None:
                target = access_merge_target(request.user, data["merged_into"])
            services.idea_status_set(
                actor=request.user,
                post=post,
                status=data["status"],
                reason=data["reason"],
                merged_into=target,
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(
                request, _("The idea's status is saved; its followers will hear of it.")
            )
            return redirect(post.get_absolute_url())
    return render(
        request,
        "ideas/status.html",
        {"post": post, "form": form, "current": current},
        status=422 if form.errors else 200,
    )


@post_panels("ideas")
def panel(request: PageRequest, post: Post) -> str:
    """Under an idea on its own page: its status, its history, and the form to answer it."""
    if post.kind != Post.Kind.IDEA:
        return ""
    current = selectors.status_of(post)
    form = None
    if may_set_status(request.user, post):
        form = IdeaStatusForm(
            merge_choices=_merge_choices(request.user, post),
            initial={"status": current.status, "reason": current.reason},
        )
    return render_to_string(
        "ideas/_panel.html",
        {
            "post": post,
            "current": current,
            "history": list(selectors.history_for(request.user, post)[:HISTORY_SHOWN]),
            "form": form,
        },
        request=request,
    )
