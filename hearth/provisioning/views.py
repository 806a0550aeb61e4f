"""SCIM 2.0 at /scim/v2/ (scim2-server speaks the protocol over HearthStorage), and the page
where administrators create and revoke provisioning clients."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from scim2_models import SCIMException, UnauthorizedException
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.routing import Operation
from scim2_server.service import ScimService

from hearth.core.errors import HearthError, NotFound
from hearth.core.types import PageRequest

from . import quirks, services
from .access import access_client, may_manage_clients
from .catalog import PROVIDER
from .forms import ClientForm
from .selectors import clients_listed
from .storage import HearthStorage

log = logging.getLogger("hearth.provisioning")
SERVICE = ScimService(PROVIDER)


def _client(request: HttpRequest) -> services.Client:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    client = (
        services.client_authenticate(token=token.strip()) if scheme.lower() == "bearer" else None
    )
    if client is None:
        raise UnauthorizedException(
            detail="Send a provisioning client's token: Authorization: Bearer <token>."
        )
    return client


@csrf_exempt
@login_not_required
def scim(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every SCIM request: authenticated by a provisioning client's bearer token (but the
    service provider configuration, public by RFC 7644 §4)."""
    body = quirks.tolerated(request.method or "GET", path, request.body)
    base_url = request.build_absolute_uri(reverse("provisioning:scim_root")).rstrip("/")
    scim_request = ScimRequest(
        method=request.method or "GET",
        base_url=base_url,
        path="/" + path.removesuffix(".scim"),
        query=request.GET.dict(),
        headers=dict(request.headers),
        body=body,
    )
    try:
        operation = SERVICE.match(scim_request).operation
        client = None if operation is Operation.service_provider_config else _client(request)
        scim_request.subject = client
        response = ScimHandler(SERVICE, HearthStorage(client)).handle(scim_request)  # type: ignore[arg-type]
    except SCIMException as error:
        response = SERVICE.error_response(error)
    except Exception as error:  # a bug: logged with its traceback, answered as a SCIM 500
        log.exception("SCIM request failed")
        response = SERVICE.error_response(error)
    body = b"" if response.body is None else json.dumps(response.body).encode()
    answer = HttpResponse(body, status=response.status.value)
    for name, value in response.headers.items():
        answer[name] = value
    answer.setdefault("Cache-Control", "no-cache")
    return answer


@require_http_methods(["GET", "POST"])
def clients(request: PageRequest) -> HttpResponse:
    """The provisioning clients, and a new one (its token shown once)."""
    if not may_manage_clients(request.user):
        raise Http404
    new_token = None
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _client_row, new_token = services.client_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except HearthError as error:
            form.add_error("name", error.detail)
        else:
            form = ClientForm()
    return render(
        request,
        "provisioning/clients.html",
        {
            "form": form,
            "clients": list(clients_listed()),
            "new_token": new_token,
            "scim_url": request.build_absolute_uri(reverse("provisioning:scim_root")),
        },
        status=422 if form.errors else 200,
    )


@require_POST
def client_revoke(request: PageRequest, client_id: int) -> HttpResponse:
    try:
        client = access_client(request.user, client_id)
    except NotFound as error:
        raise Http404 from error
    services.client_revoke(actor=request.user, client=client)
    messages.success(request, _("The client “%(name)s” is revoked.") % {"name": client.name})
    return redirect("provisioning:clients")
