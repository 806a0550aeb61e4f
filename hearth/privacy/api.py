"""Privacy rights in the public API: my data exports; administrators deactivate, reactivate
and erase people, and read or run the retention purge."""

from __future__ import annotations

from django.http import FileResponse
from ninja import Router, Status

from hearth.core.access import is_administrator
from hearth.core.api import RATE_LIMITED, STANDARD_ERRORS, ProblemOut
from hearth.core.errors import Forbidden
from hearth.core.types import ApiRequest
from hearth.people import services as people
from hearth.people.access import access_person
from hearth.people.schemas import PersonOut

from . import services
from .schemas import EraseIn, ErasureOut, ExportOut, PurgeOut, RetentionOut
from .selectors import access_export, exports_for, last_purge, retention_policy

router = Router(tags=["privacy"])
ZIP_RESPONSE = {
    "responses": {
        200: {
            "description": "The zip: README.txt, JSON files and files/.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _export(request: ApiRequest, export) -> dict:
    ready = export.status == "ready"
    return {
        "id": export.pk,
        "status": export.status,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download_url": request.build_absolute_uri(f"/api/v1/me/exports/{export.pk}/download")
        if ready
        else None,
        "error": export.error,
    }


@router.post(
    "/me/exports",
    response={202: ExportOut, 429: ProblemOut, **STANDARD_ERRORS, **RATE_LIMITED},
    summary="Export my data",
)
def export_create(request: ApiRequest):
    """Ask for a zip of all your data; the worker builds it (409 while one is being built)."""
    export = services.export_request(actor=request.auth)
    return Status(202, _export(request, export))


@router.get(
    "/me/exports", response={200: list[ExportOut], **STANDARD_ERRORS}, summary="My data exports"
)
def export_list(request: ApiRequest):
    return [_export(request, e) for e in exports_for(request.auth)[:20]]


@router.get(
    "/me/exports/{export_id}", response={200: ExportOut, **STANDARD_ERRORS}, summary="One export"
)
def export_detail(request: ApiRequest, export_id: int):
    return _export(request, access_export(request.auth, export_id))


@router.get(
    "/me/exports/{export_id}/download",
    response=STANDARD_ERRORS,
    openapi_extra=ZIP_RESPONSE,
    summary="Download an export",
)
def export_download(request: ApiRequest, export_id: int):
    """The zip (409 while it is being built, or once it has expired)."""
    export = access_export(request.auth, export_id)
    services.export_downloaded(actor=request.auth, export=export)
    stamp = (export.finished_at or export.created_at).strftime("%Y%m%d")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        content_type="application/zip",
        filename=f"hearth-data-{request.auth.username}-{stamp}.zip",
    )


def _administered(request: ApiRequest, username: str):
    if not is_administrator(request.auth):
        raise Forbidden("Only administrators can change other people's accounts.")
    return access_person(request.auth, username)


@router.post(
    "/people/{username}/deactivate",
    response={200: PersonOut, **STANDARD_ERRORS},
    summary="Deactivate a person",
)
def deactivate(request: ApiRequest, username: str):
    """Administrators: the person can no longer sign in; what they wrote stays, attributed."""
    person = people.person_deactivate(actor=request.auth, person=_administered(request, username))
    return PersonOut.from_person(person, request)


@router.post(
    "/people/{username}/reactivate",
    response={200: PersonOut, **STANDARD_ERRORS},
    summary="Reactivate a person",
)
def reactivate(request: ApiRequest, username: str):
    person = people.person_reactivate(actor=request.auth, person=_administered(request, username))
    return PersonOut.from_person(person, request)


@router.post(
    "/people/{username}/erase",
    response={200: ErasureOut, **STANDARD_ERRORS},
    summary="Erase a person",
)
def erase(request: ApiRequest, username: str, payload: EraseIn):
    """Administrators: erase a person under the documented policy (README, "Privacy rights").
    `confirm` must repeat the username; the reason goes into the audit log."""
    person = _administered(request, username)
    result = services.person_erase(
        actor=request.auth,
        person=person,
        mode=payload.mode,
        reason=payload.reason,
        confirm=payload.confirm,
    )
    erased = result.pop("person")
    return {
        **result,
        "username": erased.username,
        "display_name": erased.display_name,
        "erased_at": erased.erased_at,
    }


def _administrator(request: ApiRequest) -> None:
    if not is_administrator(request.auth):
        raise Forbidden("Only administrators see the retention settings.")


@router.get(
    "/privacy/retention", response={200: RetentionOut, **STANDARD_ERRORS}, summary="Retention"
)
def retention(request: ApiRequest):
    _administrator(request)
    last = last_purge()
    counts = {
        k: v for k, v in (last.metadata if last else {}).items() if k in PurgeOut.model_fields
    }
    return {
        **retention_policy(),
        "last_run_at": last.created_at if last else None,
        "last_run": counts or None,
    }


@router.post(
    "/privacy/retention/purge",
    response={200: PurgeOut, **STANDARD_ERRORS},
    summary="Run the retention purge now",
)
def purge(request: ApiRequest):
    _administrator(request)
    return services.retention_purge(actor=request.auth)
