"""Pages for posts: the composer, a post with its comments, and the actions on it."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.access import access_community
from hearth.communities.selectors import can_lead, communities_to_post_in
from hearth.core.access import is_administrator, split_usernames
from hearth.core.errors import HearthError, NotFound
from hearth.core.pagination import paginate
from hearth.core.registry import post_panels
from hearth.core.types import PageRequest
from hearth.core.web import back, form_errors, html_errors

from . import services
from .access import access_attachment, access_comment, access_post
from .forms import REACTION_ICONS, REACTIONS, CommentForm, ComposerForm, EditForm
from .models import Post
from .selectors import (
    announcement_stats,
    comment_threads,
    comments_after,
    drafts_for,
    is_post_author,
    posts_decorate,
    reactions_for,
    revisions_for,
)

REACTORS_PAGE = 100


def _post_or_404(request, post_id: int) -> Post:
    try:
        return access_post(request.user, post_id)
    except NotFound as error:
        raise Http404 from error


@require_http_methods(["GET", "POST"])
def compose(request: PageRequest) -> HttpResponse:
    """Write a post of any kind; on an error the form comes back with what was typed."""
    kind = request.POST.get("kind") or request.GET.get("kind") or Post.Kind.UPDATE
    if kind not in Post.Kind.values:
        kind = Post.Kind.UPDATE
    communities = list(communities_to_post_in(request.user).order_by("name"))
    initial = {"kind": kind, "community": request.GET.get("community", "")}
    if request.GET.get("praise"):
        initial["praised"] = request.GET["praise"]
    if request.method == "POST":
        form = ComposerForm(request.POST, request.FILES, kind=kind, communities=communities)
        if form.is_valid():
            try:
                post = services.post_create(
                    actor=request.user,
                    data=_post_in(request, form.cleaned_data, kind),
                    attachments=form.cleaned_data.get("attachments") or [],
                    cover=form.cleaned_data.get("cover"),
                )
            except NotFound:
                form.add_error("community", _("Choose a community you belong to."))
            except HearthError as error:
                form_errors(form, error)
            else:
                if post.is_draft:
                    messages.success(request, _("Your draft is saved."))
                elif post.anonymous:
                    messages.success(
                        request,
                        _("Posted as “Anonymous colleague”. Others will see it in a few minutes."),
                    )
                elif post.published_at > post.created_at:
                    messages.success(request, _("Your article is scheduled."))
                return redirect(post.get_absolute_url())
    else:
        form = ComposerForm(initial=initial, kind=kind, communities=communities)
    can_announce = is_administrator(request.user) or any(
        can_lead(request.user, c) for c in communities
    )
    kinds = [k for k in Post.Kind.choices if k[0] != Post.Kind.ANNOUNCEMENT or can_announce]
    return render(
        request,
        "conversations/compose.html",
        {"form": form, "kind": kind, "kinds": kinds, "community": initial["community"]},
        status=422 if form.errors else 200,
    )


def _post_in(request, data: dict, kind: str) -> services.PostIn:
    viewer = request.user
    community = access_community(viewer, data["community"]) if data.get("community") else None
    team = access_community(viewer, data["praised_team"]) if data.get("praised_team") else None
    poll = None
    if kind == Post.Kind.POLL:
        poll = services.PollIn(
            options=[line for line in (data.get("options") or "").splitlines() if line.strip()],
            multiple=data.get("multiple", False),
            closes_at=data.get("closes_at"),
            results=data.get("results") or "after_vote",
        )
    return services.PostIn(
        kind=kind,
        body=data["body"],
        title=data.get("title", ""),
        community=community,
        poll=poll,
        praised=split_usernames(data.get("praised", "")),
        praised_team=team,
        praise_value=data.get("praise_value", ""),
        pinned_until=data.get("pinned_until"),
        requires_ack=data.get("requires_ack", False),
        publish_at=data.get("publish_at"),
        draft=kind == Post.Kind.ARTICLE and "save_draft" in request.POST,
        anonymous=data.get("anonymous", False),
    )


def _may_accept(request, post: Post) -> bool:
    return post.kind == Post.Kind.QUESTION and (
        is_post_author(request.user, post)
        or (post.community_id is not None and can_lead(request.user, post.community))
    )


def _detail_context(request, post: Post, comment_form=None) -> dict:
    posts_decorate(request.user, [post], first_comments=False)
    threads = comment_threads(request.user, post)
    shown = [c.pk for t in threads for c in [t, *t.reply_list]]
    return {
        "post": post,
        "threads": threads,
        "last_comment_id": max(shown, default=0),
        "comment_form": comment_form or CommentForm(),
        "may_accept": _may_accept(request, post),
        "is_author": is_post_author(request.user, post),
        "announcement": announcement_stats(request.user, post),
        "reactions": REACTIONS,
        "icons": REACTION_ICONS,
        "revision_count": revisions_for(request.user, post).count(),
        "panels": [html for panel in post_panels if (html := panel(request, post))],
    }


@require_GET
def detail(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    services.announcement_seen(actor=request.user, post=post)
    services.post_viewed(actor=request.user, post=post)
    return render(request, "conversations/detail.html", _detail_context(request, post))


@require_http_methods(["GET", "POST"])
@html_errors
def edit(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    if not is_post_author(request.user, post):
        raise Http404
    form = EditForm(request.POST or None, initial={"title": post.title, "body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                actor=request.user,
                post=post,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                publish="publish" in request.POST,
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post.get_absolute_url())
    return render(
        request,
        "conversations/edit.html",
        {"form": form, "post": post},
        status=422 if form.errors else 200,
    )


@require_GET
def comments_new(request: PageRequest, post_id: int) -> HttpResponse:
    """The comments posted since the page was shown (asked for when the live stream says so)."""
    post = _post_or_404(request, post_id)
    after = request.GET.get("after", "")
    if not after.isdigit():
        return HttpResponse(_("after must be the id of the last comment shown."), status=400)
    after_id = int(after)
    new = comments_after(request.user, post, after_id)
    return render(
        request,
        "conversations/_comments_new.html",
        {
            "post": post,
            "new_comments": new,
            "may_accept": _may_accept(request, post),
            "last_comment_id": new[-1].pk if new else after_id,
        },
    )


@require_POST
@html_errors
def delete(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    services.post_delete(actor=request.user, post=post)
    messages.success(request, _("The post is deleted."))
    target = post.community.get_absolute_url() if post.community else "/"
    return redirect(target)


@require_POST
@html_errors
def react(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    kind = request.POST.get("kind", "")
    if kind and kind == request.POST.get("current"):
        services.reaction_remove(actor=request.user, post=post)
    else:
        services.reaction_set(actor=request.user, post=post, kind=kind)
    if request.htmx:
        post = _post_or_404(request, post_id)
        posts_decorate(request.user, [post], first_comments=False)
        return render(
            request,
            "conversations/_reactions.html",
            {"post": post, "reactions": REACTIONS, "icons": REACTION_ICONS},
        )
    return redirect(back(request, post.get_absolute_url()))


@require_GET
def reactors(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    try:
        rows, next_cursor = paginate(
            reactions_for(request.user, post),
            ordering=["-created_at", "-id"],
            limit=REACTORS_PAGE,
            cursor=request.GET.get("cursor"),
        )
    except HearthError as error:
        raise Http404 from error
    return render(
        request,
        "conversations/reactors.html",
        {"post": post, "rows": rows, "next_cursor": next_cursor, "icons": REACTION_ICONS},
    )


@require_POST
def comment(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            parent = access_comment(request.user, post, form.cleaned_data.get("parent"))
            services.comment_create(
                actor=request.user, post=post, body=form.cleaned_data["body"], parent=parent
            )
        except NotFound:
            form.add_error(None, _("That comment no longer exists."))
        except HearthError as error:
            form_errors(form, error)
        else:
            return redirect(post.get_absolute_url() + "#comments")
    post = _post_or_404(request, post_id)
    response = render(
        request, "conversations/detail.html", _detail_context(request, post, comment_form=form)
    )
    response.status_code = 422
    return response


@require_http_methods(["GET", "POST"])
@html_errors
def comment_edit(request: PageRequest, post_id: int, comment_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    comment = access_comment(request.user, post, comment_id)
    if comment.author_id != request.user.pk:
        raise Http404
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_update(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            return redirect(post.get_absolute_url() + f"#comment-{comment.pk}")
    return render(
        request, "conversations/comment_edit.html", {"form": form, "post": post, "comment": comment}
    )


@require_POST
@html_errors
def comment_delete(request: PageRequest, post_id: int, comment_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    comment = access_comment(request.user, post, comment_id)
    services.comment_delete(actor=request.user, comment=comment)
    messages.success(request, _("The comment is deleted."))
    return redirect(post.get_absolute_url() + "#comments")


@require_POST
@html_errors
def accept(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    comment_id = request.POST.get("comment") or None
    comment = access_comment(
        request.user, post, int(comment_id) if comment_id and comment_id.isdigit() else None
    )
    services.answer_accept(actor=request.user, post=post, comment=comment)
    return redirect(post.get_absolute_url() + "#comments")


@require_POST
@html_errors
def vote(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    if post.kind == Post.Kind.IDEA:
        services.idea_vote(actor=request.user, post=post, up=request.POST.get("up", "1") == "1")
    else:
        options = [int(v) for v in request.POST.getlist("option") if v.isdigit()]
        services.poll_vote(actor=request.user, post=post, option_ids=options)
    if request.htmx:
        post = _post_or_404(request, post_id)
        posts_decorate(request.user, [post], first_comments=False)
        template = (
            "conversations/_poll.html"
            if post.kind == Post.Kind.POLL
            else "conversations/_idea.html"
        )
        return render(request, template, {"post": post})
    return redirect(back(request, post.get_absolute_url()))


@require_POST
@html_errors
def acknowledge(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    services.announcement_acknowledge(actor=request.user, post=post)
    messages.success(request, _("Thank you; your acknowledgement is recorded."))
    return redirect(post.get_absolute_url())


@require_POST
@html_errors
def bookmark(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    on = services.bookmark_set(actor=request.user, post=post, on=request.POST.get("on") == "1")
    if request.htmx:
        post.bookmarked = on
        return render(request, "conversations/_bookmark.html", {"post": post})
    return redirect(back(request, post.get_absolute_url()))


@require_GET
def revisions(request: PageRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    rows = list(revisions_for(request.user, post))
    if not is_post_author(request.user, post) and not is_administrator(request.user):
        raise Http404
    return render(request, "conversations/revisions.html", {"post": post, "revisions": rows})


@require_GET
def attachment(request: PageRequest, post_id: int, attachment_id: int) -> HttpResponseBase:
    """Serve a file after checking the viewer may see its post; only images display inline."""
    try:
        item = access_attachment(request.user, post_id, attachment_id)
    except NotFound as error:
        raise Http404 from error
    stored = item.thumbnail if request.GET.get("thumbnail") and item.thumbnail else item.file
    content_type = "image/webp" if stored is item.thumbnail else item.content_type
    inline = item.is_image
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=not inline, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def drafts(request: PageRequest) -> HttpResponse:
    rows = list(drafts_for(request.user).order_by("-created_at")[:100])
    return render(request, "conversations/drafts.html", {"posts": rows})
