"""People pages: directory, person, org chart, profile, tokens, connected apps, HR import.
Thin by design."""

from __future__ import annotations

from html import escape

from allauth.mfa.webauthn.views import login_webauthn
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.core.access import is_administrator
from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest
from hearth.core.web import form_errors

from . import saml, selectors, services
from .access import access_person, access_token
from .adapters import LogoutAwareOIDCAdapter
from .avatars import avatar_colour
from .forms import ImportForm, ProfileForm, TokenForm, split_tags
from .importer import org_import


@login_not_required  # the sign-in itself, like allauth's view it wraps
def passkey_login(request: PageRequest) -> HttpResponseBase:
    """allauth's passkey sign-in, which lets a credential missing its fields through to fido2
    (a KeyError, so a 500): such an answer is refused like any wrong one."""
    try:
        return login_webauthn(request)
    except (KeyError, AttributeError):
        messages.error(request, _("This passkey answer could not be read; try again."))
        return redirect("account_login")


@login_not_required  # the end of a sign-in, like allauth's view it wraps
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponseBase:
    """allauth's OpenID Connect callback, through an adapter that keeps the id_token for
    signing out of the provider later (RP-initiated logout)."""
    try:
        view = OAuth2CallbackView.adapter_view(LogoutAwareOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required  # the end of a sign-in, like allauth's view it wraps
def saml_acs_finish(request: HttpRequest, organization_slug: str) -> HttpResponseBase:
    """allauth's end of a SAML sign-in, noting the NameID and SessionIndex to sign out of the
    provider later (single logout)."""
    return saml.sign_in_finish(request, organization_slug)


@login_not_required  # the provider's single logout messages, like allauth's view it wraps
def saml_sls(request: HttpRequest, organization_slug: str) -> HttpResponseBase:
    """allauth's single logout endpoint; a message that does not hold is a clear refusal."""
    return saml.logout_message(request, organization_slug)


def _person_or_404(request: PageRequest, username: str):
    try:
        return access_person(request.user, username)
    except NotFound as error:
        raise Http404 from error


LEADER_CHOICES = {"derived": None, "yes": True, "no": False}


@require_POST
def leader_view(request: PageRequest, username: str) -> HttpResponse:
    """Let an administrator say by hand whether someone is a leader, or return to the org chart."""
    person = _person_or_404(request, username)
    choice = request.POST.get("leader", "")
    if choice not in LEADER_CHOICES:
        messages.error(request, _("Choose whether this person is a leader."))
        return redirect(person.get_absolute_url())
    try:
        services.leader_set(actor=request.user, person=person, value=LEADER_CHOICES[choice])
    except HearthError as error:
        messages.error(request, error.detail)
        return redirect(person.get_absolute_url())
    messages.success(request, _("Saved."))
    return redirect(person.get_absolute_url())


@require_GET
def org_chart(request: PageRequest) -> HttpResponse:
    """Browse the chart one level at a time: a focus person, their chain and their reports."""
    username = request.GET.get("focus", "").strip()
    focus = _person_or_404(request, username) if username else selectors.org_roots().first()
    context = {
        "focus": focus,
        "chain": selectors.management_chain(focus) if focus else [],
        "reports": list(selectors.direct_reports(focus)) if focus else [],
    }
    if request.htmx:
        return render(request, "people/org.html#chart", context)
    return render(request, "people/org.html", context)


@require_http_methods(["GET", "POST"])
def profile_edit(request: PageRequest) -> HttpResponse:
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.person_update_profile(
                    actor=request.user,
                    person=person,
                    display_name=data["display_name"],
                    bio=data["bio"],
                    time_zone=data["time_zone"],
                    language=data["language"],
                    skills=split_tags(data["skills"]),
                    interests=split_tags(data["interests"]),
                    avatar=data.get("avatar"),
                    clear_avatar=data.get("clear_avatar", False),
                )
            except HearthError as error:
                for field_error in error.errors:
                    form.add_error(
                        field_error.field if field_error.field in form.fields else None,
                        field_error.message,
                    )
                if not error.errors:
                    form.add_error(None, error.detail)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect(person.get_absolute_url())
    else:
        form = ProfileForm(
            initial={
                "display_name": person.display_name,
                "bio": person.bio,
                "skills": ", ".join(t.name for t in person.skills.all()),
                "interests": ", ".join(t.name for t in person.interests.all()),
                "time_zone": person.time_zone,
                "language": person.language,
            }
        )
    return render(request, "people/edit.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
def tokens(request: PageRequest) -> HttpResponse:
    new_token = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(
                actor=request.user,
                person=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except HearthError as error:
            form_errors(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "people/tokens.html",
        {"form": form, "tokens": selectors.tokens_for(request.user), "new_token": new_token},
    )


@login_not_required
@require_POST
def sso_route(request: HttpRequest) -> HttpResponseBase:
    """ "Continue with single sign-on" on the sign-in page: the email's domain leads to its
    identity provider (SocialApp.settings["domains"]), or back with a message."""
    email = (request.POST.get("login") or "").strip()
    app = selectors.sso_app_for(request, email)
    if app is None:
        messages.info(
            request,
            _("No single sign-on is set up for this address; sign in with your password."),
        )
        return redirect("account_login")
    return app.get_provider(request).redirect_from_request(request)


@require_GET
def apps(request: PageRequest) -> HttpResponse:
    """The OAuth apps I authorised, with what each may do, and a way to revoke each."""
    return render(request, "people/apps.html", {"apps": selectors.apps_authorised(request.user)})


@require_POST
def app_revoke(request: PageRequest, application_id: int) -> HttpResponse:
    revoked = services.app_authorization_revoke(actor=request.user, application_id=application_id)
    if revoked is None:
        raise Http404
    messages.success(request, _("“%(name)s” can no longer act for you.") % {"name": revoked})
    return redirect("people:apps")


@require_POST
def token_revoke_view(request: PageRequest, token_id: int) -> HttpResponse:
    try:
        token = access_token(request.user, token_id)
    except NotFound as error:
        raise Http404 from error
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("people:tokens")


@require_http_methods(["GET", "POST"])
def org_import_view(request: PageRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise Http404  # the same answer as for a page that does not exist
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = org_import(
            actor=request.user, data=upload.read(), dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok and not report.dry_run:
            messages.success(request, report.summary())
    status = 422 if report is not None and not report.ok else 200
    return render(request, "people/import.html", {"form": form, "report": report}, status=status)


@require_GET
def avatar(request: PageRequest, username: str) -> HttpResponseBase:
    """The person's photo, or an initials avatar in a colour of their own."""
    person = _person_or_404(request, username)
    if person.avatar:
        try:
            response = FileResponse(person.avatar.open("rb"))
        except FileNotFoundError:
            pass
        else:
            response["Cache-Control"] = "private, max-age=3600"
            return response
    colour = avatar_colour(person.username)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" '
        f'aria-label="{escape(person.name)}"><rect width="64" height="64" rx="32" fill="{colour}"/>'
        '<text x="50%" y="50%" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui,sans-serif" font-size="26" font-weight="600">'
        f"{escape(person.initials)}</text></svg>"
    )
    drawn = HttpResponse(svg, content_type="image/svg+xml")
    drawn["Cache-Control"] = "private, max-age=86400"
    return drawn
