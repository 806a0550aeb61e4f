"""Field rules are declared once, on the models (`max_length`, also on text fields, where Django
only reflects it in forms; `choices`; the least and most a number may be, as Django's
`MinValueValidator` and `MaxValueValidator`; other validators), and reach services, forms and
the API from here, as Hearth's field errors. Nothing else restates a limit (a test reads the
forms)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import FieldError, Invalid


def limit(model: type[models.Model], name: str) -> int:
    """The most characters the model's field `name` takes."""
    most = getattr(model._meta.get_field(name), "max_length", None)
    if not most:
        raise LookupError(f"{model.__name__}.{name} declares no max_length")
    return int(most)


def bounds(model: type[models.Model], name: str) -> tuple[int, int]:
    """The least and the most the model's number field `name` takes (its validators)."""
    least, most = _bounds(model._meta.get_field(name))
    if least is None or most is None:
        raise LookupError(f"{model.__name__}.{name} declares no least and most value")
    return least, most


def _bounds(field: Any) -> tuple[Any, Any]:
    least = most = None
    for validator in getattr(field, "validators", []):
        if isinstance(validator, MinValueValidator):
            least = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            most = validator.limit_value
    return least, most


def out_of_range(least: Any, most: Any) -> str:
    """ "Between 1 and 100." """
    return _("Between %(least)s and %(most)s.") % {"least": f"{least:,}", "most": f"{most:,}"}


def too_long(most: int, now: int | None = None) -> str:
    """ "At most 2,000 characters." (with how many there are now, when given)."""
    if now is None:
        return ngettext("At most %(count)s character.", "At most %(count)s characters.", most) % {
            "count": f"{most:,}"
        }
    return ngettext(
        "At most %(count)s character (%(now)s now).",
        "At most %(count)s characters (%(now)s now).",
        most,
    ) % {"count": f"{most:,}", "now": f"{now:,}"}


def check(
    model: type[models.Model],
    errors: list[FieldError],
    *,
    counted: bool = False,
    prefix: str = "",
    required: tuple[str, ...] = (),
    **values: Any,
) -> None:
    """Add a field error for each value that breaks its model field's rules: too long ("At most
    200 characters.", with the count now when `counted`), out of its range ("Between 1 and
    100."), not one of its choices, or refused by one of its validators. Blank values are the
    caller's to refuse or allow, except those named in `required`: a missing one (None, or text
    of nothing but spaces) answers what its model says when it is blank (the field's
    `error_messages["blank"]`, "Give the jam a title.")."""
    unknown = set(required) - set(values)
    if unknown:
        raise LookupError(f"required {sorted(unknown)} without their values")
    for name, value in values.items():
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise LookupError(f"{model.__name__}.{name} is a relation, not a field with rules")
        where = f"{prefix}{name}"
        if name in required and (value is None or (isinstance(value, str) and not value.strip())):
            errors.append(FieldError(where, str(field.error_messages["blank"])))
            continue
        if value in (None, ""):
            continue
        most = getattr(field, "max_length", None)
        if most and isinstance(value, str) and len(value) > most:
            errors.append(FieldError(where, too_long(most, len(value) if counted else None)))
            continue
        choices = getattr(field, "choices", None)
        if choices and value not in {key for key, _label in field.flatchoices}:
            keys = ", ".join(str(key) for key, _label in field.flatchoices)
            errors.append(FieldError(where, _("One of: %(keys)s.") % {"keys": keys}))
            continue
        least, most = _bounds(field)
        if least is not None and most is not None and not least <= value <= most:
            errors.append(FieldError(where, out_of_range(least, most)))
            continue
        try:
            field.run_validators(value)
        except ValidationError as error:
            errors.append(FieldError(where, " ".join(error.messages)))


def refuse(model: type[models.Model], message: str, **values: Any) -> None:
    """Raise `Invalid(message)` with the field errors of `check`, if there are any."""
    errors: list[FieldError] = []
    check(model, errors, **values)
    if errors:
        raise Invalid(message, errors)
