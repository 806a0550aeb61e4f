"""What every API router shares: auth, problem+json errors, page schemas."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.params.models import BodyModel
from ninja.security import SessionAuth
from pydantic import AfterValidator, Field

from . import scopes
from .errors import HearthError
from .types import IsoDateTime

logger = logging.getLogger(__name__)

PROBLEM = "application/problem+json"


class ActiveSessionAuth(SessionAuth):
    """The browser session of an active person (CSRF enforced by Ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


# `?limit=` and `?cursor=` of every paginated list (API.md: Lists); the one page schema. (A
# docstring would become its description in the OpenAPI document.)
class PageQuery(Schema):
    limit: int | None = None
    cursor: str | None = None


ItemT = TypeVar("ItemT")


# One page of a list (API.md: Lists): its items and the cursor of the next page (null on the
# last). Each list names its own page, for the OpenAPI document: `class JamPage(Page[JamOut])`.
class Page(Schema, Generic[ItemT]):
    items: list[ItemT]
    next_cursor: str | None


def page_out(items: Iterable[Any], next_cursor: str | None) -> dict[str, Any]:
    """The body of one page, as every list endpoint answers it (the shape of `Page`)."""
    return {"items": list(items), "next_cursor": next_cursor}


def problem(
    request: HttpRequest | None,
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    import json

    body: dict[str, Any] = {
        "type": f"https://hearth.invalid/problems/{status}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _location(loc: list[Any] | tuple[Any, ...]) -> str:
    # Ninja locations look like ("body", "payload", "name"); people want "name".
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "header")]
    return ".".join(parts) or "body"


class HearthAPI(NinjaAPI):
    """Ninja, with errors documented as what they are: RFC 9457 problem+json documents.

    The document is built once per process (2-4 s of CPU on a busy machine, and anyone may
    ask for it): routes do not change while a process runs. Treat it as read-only.
    """

    def get_openapi_operation_id(self, operation: Any) -> str:
        """`<module>_<function>`, Ninja's rule, where an app's API split into a package
        (`hearth.<app>.api.<part>`) counts as its `api` module: splitting it changes no
        operation id, so no client's generated code."""
        module = operation.view_func.__module__
        parts = module.split(".")
        if len(parts) == 4 and parts[0] == "hearth" and parts[2] == "api":
            module = ".".join(parts[:3])
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        cache = self.__dict__.setdefault("_openapi_built", {})
        if key not in cache:
            cache[key] = self._build_openapi_schema(path_prefix, path_params)
        return cache[key]

    def _build_openapi_schema(
        self, path_prefix: str | None, path_params: dict[str, Any] | None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem_ref = {"$ref": "#/components/schemas/ProblemOut"}
        self._document_scopes(schema)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # Any request may be refused as malformed (NUL characters, bad encoding...).
                responses = operation.setdefault("responses", {})
                if 400 not in responses and "400" not in responses:
                    responses[400] = {
                        "description": "Bad Request",
                        "content": {"application/problem+json": {"schema": problem_ref}},
                    }
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(code).startswith(("4", "5")) and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return schema

    def _document_scopes(self, schema: dict[str, Any]) -> None:
        """Each operation names the scope a token needs for it (`x-scope`, and the security
        requirements of the bearer and OAuth schemes); sessions need none."""
        components = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        components["OAuth2"] = {
            "type": "oauth2",
            "description": "OAuth 2.0 apps, authorization code with PKCE; a personal access "
            "token (Authorization: Bearer) carries the same scopes.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/o/authorize/",
                    "tokenUrl": "/o/token/",
                    "refreshUrl": "/o/token/",
                    "scopes": {name: str(label) for name, label in scopes.SCOPES.items()},
                }
            },
        }
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                needed = scopes.scope_for(method, path)
                operation["x-scope"] = needed
                requirements = [{"OAuth2": [needed]}]
                for existing in operation.get("security", []):
                    requirements += [
                        {name: [needed] if name == "TokenAuth" else []} for name in existing
                    ]
                operation["security"] = requirements


def _validate_body_strictly(
    cls: Any, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]
) -> Any:
    """Every JSON body is validated in pydantic's strict JSON mode: `{"hidden": 0}` is not
    false, `"5"` is not 5, a list is not an object. (Ninja validates the parsed body in lax
    Python mode; query strings, which are all text, keep their usual reading.)"""
    data = cls.get_request_data(request, api, path_params)
    if data is None:
        return cls()
    data = cls._map_data_paths(data)
    return cls.model_validate_json(json.dumps(data), strict=True, context={"request": request})


BodyModel.resolve = classmethod(_validate_body_strictly)  # type: ignore[method-assign,assignment]


def build_api(*, auth: list[Any]) -> NinjaAPI:
    """The API with Hearth's error mapping; `auth` lists the ways in, tried in order (the
    identity apps provide them, so core needs no app)."""
    api = HearthAPI(
        title=f"{settings.HEARTH_NETWORK_NAME} API",
        version="1",
        description="Hearth public REST API. See the core contract in API.md.",
        auth=auth,
        urls_namespace="api",
    )

    @api.exception_handler(HearthError)
    def on_domain_error(request: HttpRequest, exc: HearthError) -> HttpResponse:
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return problem(
            request,
            exc.status,
            exc.title,
            exc.detail,
            errors if exc.status == 422 else None,
            headers=headers,
        )

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = []
        for item in exc.errors:
            errors.append({"field": _location(item.get("loc", [])), "message": item.get("msg", "")})
        malformed = any(item.get("type") == "json_invalid" for item in exc.errors)
        if malformed or any(e["message"].startswith("Cannot parse request body") for e in errors):
            return problem(request, 400, "Malformed request", "The request body is not valid JSON.")
        return problem(request, 422, "Validation failed", "Some fields are not valid.", errors)

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            request,
            401,
            "Unauthorized",
            "Sign in, or send a valid token as 'Authorization: Bearer'.",
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(request, 404, "Not found", "Nothing here, or it is not visible to you.")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return problem(request, 400, "Malformed request", "The request body is not valid JSON.")
        titles = {400: "Bad request", 403: "Forbidden", 405: "Method not allowed", 413: "Too large"}
        return problem(request, exc.status_code, titles.get(exc.status_code, "Error"), str(exc))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(request, 413, "Too large", "The request body is larger than 5 MB.")

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(request, 400, "Bad request", "The request could not be understood.")

    @api.exception_handler(OverflowError)
    def on_overflow(request: HttpRequest, exc: Exception) -> HttpResponse:
        # An id or number too large for the database (SQLite raises OverflowError).
        return problem(request, 422, "Validation failed", "A number in the request is too large.")

    @api.exception_handler(DataError)
    def on_data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The same on PostgreSQL ("integer out of range"); nothing was written.
        return problem(request, 422, "Validation failed", "A value in the request is out of range.")

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug: log it for operators; people get a problem document, never a traceback.
        logger.exception("Unhandled API error")
        return problem(request, 500, "Server error", "Something went wrong on our side.")

    return api


# An id given in a request body: a positive number the database can hold (larger ones are a clear
# 422 on every database, instead of a silent no-match on one and an overflow on another).
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str


# The refusals most operations may answer with, documented as problem+json.
# The one error list: every operation may be malformed, unauthenticated, refused, absent, in
# conflict or invalid (`**STANDARD_ERRORS` in each response map).
STANDARD_ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 422), ProblemOut)
# The routers that take files may also answer 413 (too large) on any operation.
UPLOAD_ERRORS = {**STANDARD_ERRORS, 413: ProblemOut}
# Operations that can be refused by a per-person limit (posts, comments, reactions, mentions,
# uploads, invitations, exports: `trust.limits`), with Retry-After.
RATE_LIMITED = {429: ProblemOut}


def _as_utc(value: datetime.datetime) -> datetime.datetime:
    """The contract's timestamps are UTC: a time without a zone is read as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


UtcDatetime = Annotated[IsoDateTime, AfterValidator(_as_utc)]
