"""The leadership corner, delegation settings, drafting for a leader and approving."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.communities.selectors import communities_to_post_in
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors, html_errors
from hearth.feeds.selectors import HOME_ORDER
from hearth.feeds.views import feed_page
from hearth.people.access import access_person

from . import access, selectors, services
from . import scorecard as cards
from .forms import AmaForm, AnswerForm, ApproveForm, AskForm, DraftForm


@require_GET
def corner(request: PageRequest) -> HttpResponse:
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
def follow(request: PageRequest) -> HttpResponse:
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
def delegation(request: PageRequest) -> HttpResponse:
    """A leader's delegates and the drafts waiting; a delegate's leaders and drafts."""
    if not access.may_draft(request.user):
        raise Http404
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
def draft_new(request: PageRequest) -> HttpResponse:
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
def draft(request: PageRequest, draft_id: int) -> HttpResponse:
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


# --- Ask Me Anything ------------------------------------------------------------------------


@require_GET
def amas(request: PageRequest) -> HttpResponse:
    rows = list(selectors.amas_for(request.user).order_by("-starts_at", "-id")[:100])
    tallies = selectors.counts_many(request.user, rows)
    for ama in rows:
        ama.tally = tallies.get(ama.pk, {"questions": 0, "answered": 0, "unanswered": 0})
    return render(
        request,
        "leadership/amas.html",
        {
            "live": [a for a in rows if a.state == "live"],
            "upcoming": [a for a in rows if a.state == "upcoming"],
            "past": [a for a in rows if a.state == "ended"],
            "may_host": access.may_host(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def ama_new(request: PageRequest) -> HttpResponse:
    if not access.may_host(request.user):
        raise Http404
    form = AmaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ama = services.ama_create(
                actor=request.user,
                data=services.AmaIn(
                    title=data["title"],
                    description=data["description"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    allow_anonymous=data["allow_anonymous"],
                ),
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Your AMA is open for questions."))
            return redirect(ama)
    return render(
        request, "leadership/ama_new.html", {"form": form}, status=422 if form.errors else 200
    )


def _ama_or_404(request, slug):
    try:
        return access.access_ama(request.user, slug)
    except NotFound as error:
        raise Http404 from error


def _ama_context(request, ama, order: str) -> dict:
    questions = list(selectors.questions_for(request.user, ama, order)[:200])
    return {
        "ama": ama,
        "order": order,
        "orders": selectors.ORDERS,
        "questions": questions,
        "answers": selectors.host_answers(request.user, ama, [q.pk for q in questions]),
        "tally": selectors.counts(request.user, ama),
        "is_host": ama.host_id == request.user.pk,
    }


@require_http_methods(["GET", "POST"])
def ama(request: PageRequest, slug: str) -> HttpResponse:
    """The AMA: ask, vote, and (the host) answer; the questions refresh themselves while live."""
    item = _ama_or_404(request, slug)
    order = request.GET.get("order", "top")
    if order not in selectors.ORDERS:
        order = "top"
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(
                actor=request.user,
                ama=item,
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Your question is in. Anonymous questions appear after a short delay.")
                if form.cleaned_data["anonymous"]
                else _("Your question is in."),
            )
            return redirect(item)
    context = {**_ama_context(request, item, order), "form": form}
    if request.htmx and request.GET.get("part") == "questions":
        return render(request, "leadership/_ama_questions.html", context)
    return render(request, "leadership/ama.html", context, status=422 if form.errors else 200)


@require_POST
def ama_vote(request: PageRequest, slug: str, question_id: int) -> HttpResponse:
    """Vote (or take it back); with HTMX the question list comes back, with any refusal
    ("already voted", "ended") next to the question."""
    item = _ama_or_404(request, slug)
    refusal = None
    try:
        question = access.access_question(request.user, item, question_id)
        services.question_vote(
            actor=request.user, question=question, up=request.POST.get("up") != "0"
        )
    except NotFound as error:
        raise Http404 from error
    except HearthError as error:
        refusal = error.detail
    if not request.htmx:
        if refusal:
            messages.error(request, refusal)
        return redirect(item)
    order = request.POST.get("order", "top")
    context = _ama_context(request, item, order if order in selectors.ORDERS else "top")
    context.update(vote_error=refusal, vote_error_on=question_id)
    return render(request, "leadership/_ama_questions.html", context)


@require_POST
def ama_answer(request: PageRequest, slug: str, question_id: int) -> HttpResponse:
    item = _ama_or_404(request, slug)
    try:
        question = access.access_question(request.user, item, question_id)
    except NotFound as error:
        raise Http404 from error
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                actor=request.user, question=question, body=form.cleaned_data["body"]
            )
        except HearthError as error:
            if error.status == 403:
                raise Http404 from error
            form_errors(form, error)
        else:
            messages.success(request, _("Answered: the asker is told."))
            return redirect(f"{item.get_absolute_url()}#q-{question.pk}")
    context = {
        **_ama_context(request, item, "top"),
        "form": AskForm(),
        "answer_form": form,
        "answering": question.pk,
    }
    return render(request, "leadership/ama.html", context, status=422)


# --- Scorecard ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def scorecard(request: PageRequest) -> HttpResponse:
    """A leader's own scorecard, and the opt-in ranked comparison with peers."""

    if not request.user.is_leader:
        raise Http404
    if request.method == "POST":
        shared = cards.sharing_set(actor=request.user, shared=request.POST.get("shared") == "1")
        messages.success(
            request,
            _("You are in the comparison that peers who share see.")
            if shared
            else _("You left the comparison; your scorecard stays yours alone."),
        )
        return redirect("leadership:scorecard")
    return render(
        request,
        "leadership/scorecard.html",
        {
            "card": cards.scorecard_for(request.user),
            "comparison": cards.comparison_for(request.user),
        },
    )
