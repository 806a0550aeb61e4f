"""One error type for domain failures, mapped once to problem+json and once to form errors."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    field: str
    message: str


@dataclass
class HearthError(Exception):
    """A failure a person can understand and act on; never a 5xx."""

    detail: str
    status: int = 400
    title: str = "Bad request"
    errors: list[FieldError] = field(default_factory=list)
    retry_after: int | None = None  # seconds, for 429 Too Many Requests

    def __str__(self) -> str:
        return self.detail


class NotFound(HearthError):
    def __init__(self, detail: str = "Not found.") -> None:
        super().__init__(detail=detail, status=404, title="Not found")


class Forbidden(HearthError):
    def __init__(self, detail: str = "You are not allowed to do this.") -> None:
        super().__init__(detail=detail, status=403, title="Forbidden")


class Conflict(HearthError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail, status=409, title="Conflict")


class Invalid(HearthError):
    """Input that fails validation; `errors` says which field and why."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(
            detail=detail, status=422, title="Validation failed", errors=list(errors or [])
        )


class RateLimited(HearthError):
    """Too many of something in a period; says when to try again."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(
            detail=detail, status=429, title="Too many requests", retry_after=retry_after
        )
