"""SCIM filters (RFC 7644 §3.4.2.2) as database queries, on the attributes Hearth stores.

The filter arrives parsed (scim2-models' syntax tree); each attribute maps to a column, and an
attribute Hearth has no column for is refused with invalidFilter rather than matched in Python,
so totalResults and paging stay right at 30,000 people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from scim2_models import InvalidFilterException
from scim2_models.path import (
    AttrPath,
    CompareOperator,
    Comparison,
    FilterNode,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)

from .catalog import ENTERPRISE_URN, GROUP_URN, USER_URN


@dataclass(frozen=True)
class Column:
    """Where an attribute lives, and what kind of value it holds."""

    field: str
    kind: str = "string"  # string, boolean, id, datetime


USER_COLUMNS = {
    "id": Column("pk", "id"),
    "externalid": Column("scim_record__external_id"),
    "username": Column("username"),
    "name.givenname": Column("first_name"),
    "name.familyname": Column("last_name"),
    "displayname": Column("display_name"),
    "title": Column("title"),
    "emails": Column("email"),
    "emails.value": Column("email"),
    "emails.type": Column("scim_record__email_type"),
    "active": Column("is_active", "boolean"),
    "employeenumber": Column("employee_id"),
    "department": Column("department__name"),
    "manager": Column("manager_id", "id"),
    "manager.value": Column("manager_id", "id"),
    "meta.created": Column("date_joined", "datetime"),
    "meta.lastmodified": Column("scim_modified", "datetime"),
}
GROUP_COLUMNS = {
    "id": Column("pk", "id"),
    "externalid": Column("scim_record__external_id"),
    "displayname": Column("name"),
    "members": Column("people__id", "id"),
    "members.value": Column("people__id", "id"),
    "meta.created": Column("created_at", "datetime"),
    "meta.lastmodified": Column("scim_modified", "datetime"),
}
SCHEMAS = {
    "user": ({USER_URN.lower(), ENTERPRISE_URN.lower()}, USER_COLUMNS),
    "group": ({GROUP_URN.lower()}, GROUP_COLUMNS),
}
STRING_LOOKUPS: dict[CompareOperator, str] = {
    CompareOperator.eq: "iexact",
    CompareOperator.ne: "iexact",
    CompareOperator.co: "icontains",
    CompareOperator.sw: "istartswith",
    CompareOperator.ew: "iendswith",
    CompareOperator.gt: "gt",
    CompareOperator.ge: "gte",
    CompareOperator.lt: "lt",
    CompareOperator.le: "lte",
}


def _refuse(detail: str) -> InvalidFilterException:
    return InvalidFilterException(detail=detail)


NOTHING = Q(pk__in=[])


def filter_query(kind: str, node: FilterNode | None, *, lenient: bool = False) -> Q:
    """The Q object selecting the `kind` ("user" or "group") resources a filter matches.

    An attribute the kind does not keep is refused, or, `lenient` (a search at the root,
    across kinds), matches none of its resources (RFC 7644 §3.4.2.1)."""
    if node is None:
        return Q()
    schemas, columns = SCHEMAS[kind]
    if lenient:
        columns = _LenientColumns(columns)
        schemas = _Anything()
    return _translate(node, columns, schemas, prefix="")


class _Anything(set):
    def __contains__(self, item: object) -> bool:
        return True


class _LenientColumns(dict):
    def get(self, key, default=None):  # type: ignore[override]
        return super().get(key, Column("", "nothing"))


def _translate(node: FilterNode, columns: dict[str, Column], schemas: set[str], prefix: str) -> Q:
    if isinstance(node, LogicalExpr):
        combine: Callable[[Q, Q], Q] = (
            (lambda a, b: a & b) if node.op == LogicalOperator.and_ else (lambda a, b: a | b)
        )
        result = _translate(node.terms[0], columns, schemas, prefix)
        for term in node.terms[1:]:
            result = combine(result, _translate(term, columns, schemas, prefix))
        return result
    if isinstance(node, Not):
        return ~_translate(node.expr, columns, schemas, prefix)
    if isinstance(node, ValuePath):
        inner = _column_name(node.attr_path, schemas, "")
        return _translate(node.val_filter, columns, schemas, prefix=inner)
    if isinstance(node, Present):
        column = _column(node.attr_path, columns, schemas, prefix)
        if column.kind == "nothing":
            return NOTHING
        if column.kind in ("string",):
            return Q(**{f"{column.field}__isnull": False}) & ~Q(**{column.field: ""})
        return Q(**{f"{column.field}__isnull": False})
    if isinstance(node, Comparison):
        column = _column(node.attr_path, columns, schemas, prefix)
        return _compare(column, node.op, node.value, str(node.attr_path))
    raise _refuse("This filter is not supported.")


def _column_name(path: AttrPath, schemas: set[str], prefix: str) -> str:
    if path.uri is not None and path.uri.lower() not in schemas:
        raise _refuse(f"Hearth does not keep attributes of the schema {path.uri}.")
    name = path.attr.lower()
    if path.sub_attr:
        name = f"{name}.{path.sub_attr.lower()}"
    return f"{prefix}.{name}" if prefix else name


def _column(path: AttrPath, columns: dict[str, Column], schemas: set[str], prefix: str) -> Column:
    name = _column_name(path, schemas, prefix)
    column = columns.get(name)
    if column is None:
        raise _refuse(f"Hearth cannot filter on “{path}”: it does not keep that attribute.")
    return column


def _compare(column: Column, op: CompareOperator, value: Any, shown: str) -> Q:
    if column.kind == "nothing":
        return NOTHING
    if value is None:
        if op not in (CompareOperator.eq, CompareOperator.ne):
            raise _refuse(f"“{shown}” can only be compared to null with eq or ne.")
        empty = Q(**{f"{column.field}__isnull": True})
        if column.kind == "string":
            empty |= Q(**{column.field: ""})
        return empty if op == CompareOperator.eq else ~empty
    if column.kind == "boolean":
        if not isinstance(value, bool) or op not in (CompareOperator.eq, CompareOperator.ne):
            raise _refuse(f"“{shown}” is true or false, compared with eq or ne.")
        match = Q(**{column.field: value})
        return match if op == CompareOperator.eq else ~match
    if column.kind == "id":
        if op not in (CompareOperator.eq, CompareOperator.ne):
            raise _refuse(f"“{shown}” is an id, compared with eq or ne.")
        text = str(value)
        match = (
            Q(**{column.field: int(text)}) if text.isdigit() and len(text) < 19 else Q(pk__in=[])
        )
        return match if op == CompareOperator.eq else ~match
    if column.kind == "datetime":
        when = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
        if when is None:
            raise _refuse(
                f"“{shown}” is compared to a date and time, such as 2026-12-05T10:00:00Z."
            )
        lookup = {"eq": "exact", "ne": "exact"}.get(op.value, STRING_LOOKUPS[op])
        match = Q(**{f"{column.field}__{lookup}": when})
        return ~match if op == CompareOperator.ne else match
    if not isinstance(value, str):
        raise _refuse(f"“{shown}” is compared to a string.")
    match = Q(**{f"{column.field}__{STRING_LOOKUPS[op]}": value})
    return ~match if op == CompareOperator.ne else match
