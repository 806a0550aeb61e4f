"""Read and check an HR export (CSV) line by line and as a whole, before anything changes."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django_countries import countries

from ..models import Person, is_time_zone

REQUIRED_COLUMNS = (
    "employee_id",
    "email",
    "name",
    "title",
    "department",
    "location",
    "country",
    "manager_id",
)
OPTIONAL_COLUMNS = ("username", "skills", "interests", "time_zone", "hire_date", "language")
TAG_SEPARATOR = re.compile(r"[;|]")
USERNAME_CLEAN = re.compile(r"[^\w.@+-]")
# Fields the HR export owns; a person's own profile edits never touch these.
HR_FIELDS = (
    "email",
    "display_name",
    "title",
    "department_id",
    "location_id",
    "country",
    "hire_date",
    "username",
)


@dataclass
class Row:
    line: int
    employee_id: str
    email: str
    name: str
    title: str
    department: str
    location: str
    country: str
    manager_id: str
    username: str
    skills: list[str]
    interests: list[str]
    time_zone: str
    hire_date: dt.date | None
    language: str


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool = False
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the file's header, as read

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.dry_run:
            return (
                f"Dry run, nothing saved. Would create {len(self.created)}, update "
                f"{len(self.updated)}, reactivate {len(self.reactivated)}, deactivate "
                f"{len(self.deactivated)}; {self.unchanged} unchanged."
            )
        return (
            f"Created {len(self.created)}, updated {len(self.updated)}, reactivated "
            f"{len(self.reactivated)}, deactivated {len(self.deactivated)}; "
            f"{self.unchanged} unchanged ({self.rows} rows)."
        )


@functools.lru_cache(maxsize=512)
def _country_code(value: str) -> str | None:
    value = value.strip()
    if not value:
        return ""
    if len(value) == 2 and value.upper() in dict(countries):
        return value.upper()
    code = countries.by_name(value)
    return code or None


def _split_tags(value: str) -> list[str]:
    return [t.strip()[:60] for t in TAG_SEPARATOR.split(value or "") if t.strip()]


def parse_csv(data: bytes, report: ImportReport) -> list[Row]:
    """Read and check every line; bad lines go to `report.errors` with their numbers."""
    max_bytes = settings.HEARTH_IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        report.errors.append((0, f"The file is larger than {max_bytes // (1024 * 1024)} MB."))
        return []
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        report.errors.append((line, "The file contains binary data (a NUL byte); is it a CSV?"))
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.errors.append((line, "The file is not UTF-8 text; export it as CSV (UTF-8)."))
        return []
    if not text.strip():
        report.errors.append((1, "The file is empty."))
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    except csv.Error as error:
        report.errors.append((1, f"The header line is not valid CSV: {error}."))
        return []
    report.columns = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        report.errors.append((1, f"Missing column(s): {', '.join(missing)}."))
    if unknown:
        allowed = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        report.errors.append((1, f"Unknown column(s): {', '.join(unknown)}. Allowed: {allowed}."))
    if duplicated:
        report.errors.append((1, f"Column(s) given twice: {', '.join(duplicated)}."))
    if report.errors:
        return []

    rows: list[Row] = []
    languages = dict(settings.LANGUAGES)
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                report.errors.append((line, f"Expected {len(header)} fields, found {len(values)}."))
                continue
            rec = {k: v.strip() for k, v in zip(header, values, strict=True)}
            problems: list[str] = []
            if not rec["employee_id"]:
                problems.append("employee_id is empty")
            elif len(rec["employee_id"]) > 64:
                problems.append("employee_id is longer than 64 characters")
            email = rec["email"].lower()
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"'{rec['email']}' is not a valid email address")
            if not rec["name"]:
                problems.append("name is empty")
            limits = (("name", 150), ("title", 150), ("department", 120), ("location", 120))
            for column, limit in limits:
                if len(rec[column]) > limit:
                    problems.append(f"{column} is longer than {limit} characters")
            country = _country_code(rec["country"])
            if country is None:
                problems.append(f"unknown country '{rec['country']}' (use a name or ISO code)")
            elif rec["location"] and not country:
                problems.append("a location needs a country")
            username = rec.get("username") or USERNAME_CLEAN.sub("", email.split("@")[0])
            if not username or len(username) > 150 or USERNAME_CLEAN.search(username):
                problems.append(f"'{username}' is not a valid username")
            time_zone = rec.get("time_zone") or "UTC"
            if not is_time_zone(time_zone):
                problems.append(f"unknown time zone '{time_zone}'")
            hire_date = None
            if rec.get("hire_date"):
                try:
                    hire_date = dt.date.fromisoformat(rec["hire_date"])
                except ValueError:
                    problems.append(f"hire_date '{rec['hire_date']}' is not a date (YYYY-MM-DD)")
            raw = (rec.get("language") or "en").strip()
            language = raw.lower().replace("_", "-")  # "pt_BR" is "pt-br"
            if language not in languages:
                problems.append(f"unknown language '{language}' (use {', '.join(languages)})")
            if rec["manager_id"] and rec["manager_id"] == rec["employee_id"]:
                problems.append("a person cannot be their own manager")
            if problems:
                report.errors.append((line, "; ".join(problems) + "."))
                continue
            rows.append(
                Row(
                    line=line,
                    employee_id=rec["employee_id"],
                    email=email,
                    name=" ".join(rec["name"].split()),
                    title=rec["title"],
                    department=rec["department"],
                    location=rec["location"],
                    country=country or "",
                    manager_id=rec["manager_id"],
                    username=username,
                    skills=_split_tags(rec.get("skills", "")),
                    interests=_split_tags(rec.get("interests", "")),
                    time_zone=time_zone,
                    hire_date=hire_date,
                    language=language,
                )
            )
    except csv.Error as error:
        report.errors.append((reader.line_num, f"This line is not valid CSV: {error}."))
    report.rows = len(rows) + len({e[0] for e in report.errors if e[0] > 1})
    return rows


def check_file(rows: list[Row], report: ImportReport) -> None:
    """Check what only the whole file can tell: duplicates, managers, cycles."""
    seen: dict[str, dict[str, int]] = {"employee_id": {}, "email": {}, "username": {}}
    for row in rows:
        for key in seen:
            value = getattr(row, key).lower() if key != "employee_id" else row.employee_id
            if value in seen[key]:
                report.errors.append(
                    (row.line, f"Duplicate {key} '{value}' (first on line {seen[key][value]}).")
                )
            else:
                seen[key][value] = row.line
    by_id = {row.employee_id: row for row in rows}
    for row in rows:
        if row.manager_id and row.manager_id not in by_id:
            report.errors.append(
                (row.line, f"Unknown manager '{row.manager_id}': no line has that employee_id.")
            )
    # Follow each chain upwards; a chain that comes back to a visited person is a cycle.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = known to reach a root
    for start in by_id:
        path: list[str] = []
        current: str | None = start
        while current and current in by_id and state.get(current) != 2:
            if state.get(current) == 1:
                cycle = path[path.index(current) :]
                names = " -> ".join(cycle + [current])
                for member in cycle:
                    report.errors.append(
                        (by_id[member].line, f"Cycle in the management chain: {names}.")
                    )
                break
            state[current] = 1
            path.append(current)
            current = by_id[current].manager_id or None
        for member in path:
            state[member] = 2

    # People who already exist: a username or email may not move to another employee.
    owner_of: dict[tuple[str, str], str | None] = {}
    for email, employee_id in Person.objects.filter(email__in=[r.email for r in rows]).values_list(
        "email", "employee_id"
    ):
        owner_of[("email", email.lower())] = employee_id
    for username, employee_id in Person.objects.filter(
        username__in=[r.username for r in rows]
    ).values_list("username", "employee_id"):
        owner_of[("username", username)] = employee_id
    for row in rows:
        for key, value in (("email", row.email), ("username", row.username)):
            owner = owner_of.get((key, value), row.employee_id)
            if owner != row.employee_id:
                report.errors.append(
                    (row.line, f"The {key} '{value}' already belongs to another person.")
                )
    report.errors.sort()
