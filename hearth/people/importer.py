"""Import the org chart from an HR export (CSV): validate everything first, then upsert at once.

Nothing is changed unless every line is valid; every bad line is reported with its number.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from hearth.core.bulk import update_rows
from hearth.core.events import event_record, events_record_many
from hearth.core.models import Event

from .models import Department, Location, Person, Tag, is_time_zone
from .services import org_recompute

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
            language = rec.get("language") or "en"
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


def _check_file(rows: list[Row], report: ImportReport) -> None:
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


def org_import(
    *, actor: Person | None, data: bytes, dry_run: bool = False, password_hash: str | None = None
) -> ImportReport:
    """Validate an HR export and, when it is valid and not a dry run, apply it in one transaction.

    `password_hash` (demo data only) gives new people a usable password; otherwise they set
    one through "forgot password" on first sign-in.
    """
    report = ImportReport(dry_run=dry_run)
    rows = parse_csv(data, report)
    if report.errors:
        return report
    if not rows:
        report.errors.append((2, "The file has a header but no people."))
        return report
    _check_file(rows, report)
    if report.errors:
        return report
    with transaction.atomic():
        _apply(rows, report, actor=actor, password_hash=password_hash)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply(rows: list[Row], report: ImportReport, *, actor, password_hash: str | None) -> None:
    departments = _upsert_named(Department, {r.department for r in rows if r.department})
    locations = _upsert_locations({(r.location, r.country) for r in rows if r.location})
    existing = {
        p.employee_id: p
        for p in Person.objects.filter(employee_id__isnull=False).only(
            "id", "employee_id", "is_active", "manager_id", *HR_FIELDS
        )
    }
    now = timezone.now()
    new_people: list[Person] = []
    changed: list[Person] = []
    reactivated: list[Person] = []
    updated_ids: set[int] = set()
    for row in rows:
        values = {
            "email": row.email,
            "display_name": row.name,
            "title": row.title,
            "department_id": departments.get(row.department),
            "location_id": locations.get((row.location, row.country)),
            "country": row.country,
            "hire_date": row.hire_date,
            "username": row.username,
        }
        person = existing.get(row.employee_id)
        if person is None:
            new_people.append(
                Person(
                    employee_id=row.employee_id,
                    time_zone=row.time_zone,
                    language=row.language,
                    password=password_hash or make_password(None),
                    date_joined=now,
                    **values,
                )
            )
            continue
        differs = [k for k, v in values.items() if getattr(person, k) != v]
        for key in differs:
            setattr(person, key, values[key])
        if differs:
            changed.append(person)
            updated_ids.add(person.id)
        if not person.is_active:
            person.is_active = True
            person.deactivated_at = None
            reactivated.append(person)
    Person.objects.bulk_create(new_people, batch_size=1000)
    if changed:
        Person.objects.bulk_update(changed, list(HR_FIELDS), batch_size=500)
    if reactivated:
        Person.objects.bulk_update(reactivated, ["is_active", "deactivated_at"], batch_size=500)
    # Everyone in the file now has an id; wire up managers.
    found = Person.objects.filter(employee_id__in=[r.employee_id for r in rows])
    ids = {e: pk for e, pk in found.values_list("employee_id", "id") if e}
    current_managers = dict(
        Person.objects.filter(id__in=ids.values()).values_list("id", "manager_id")
    )
    manager_changes = []
    for row in rows:
        pid = ids[row.employee_id]
        manager = ids.get(row.manager_id) if row.manager_id else None
        if current_managers.get(pid) != manager:
            manager_changes.append((pid, manager))
    update_rows(Person, ["manager"], manager_changes)
    existing_ids = {p.id: p.username for p in existing.values()}
    updated_ids |= {pid for pid, _m in manager_changes if pid in existing_ids}
    reactivated_ids = {p.id for p in reactivated}
    report.created = [p.username for p in new_people]
    report.reactivated = [p.username for p in reactivated]
    report.updated = sorted(
        p.username for p in existing.values() if p.id in updated_ids and p.id not in reactivated_ids
    )
    in_file_existing = sum(1 for r in rows if r.employee_id in existing)
    report.unchanged = in_file_existing - len(report.updated) - len(report.reactivated)
    # Tags (skills and interests) of new people are set here; those of existing people only
    # when the file names some, so skills people added themselves are not wiped.
    _set_tags(rows, ids, {str(p.employee_id) for p in new_people})
    _sync_email_addresses(rows, ids)
    # People who are no longer in the export have left: deactivate, keep their content.
    leaving = list(
        Person.objects.filter(employee_id__isnull=False, is_active=True)
        .exclude(employee_id__in=list(ids))
        .values_list("id", "username")
    )
    if leaving:
        Person.objects.filter(id__in=[pid for pid, _u in leaving]).update(
            is_active=False, deactivated_at=now
        )
        report.deactivated = [username for _pid, username in leaving]
    org_recompute()

    def person_event(verb: str, pid: int) -> Event:
        return Event(actor=actor, verb=verb, object_type="people.person", object_id=pid)

    events = [person_event("person.joined", ids[str(p.employee_id)]) for p in new_people]
    events += [person_event("person.left", pid) for pid, _u in leaving]
    events += [person_event("person.reactivated", p.id) for p in reactivated]
    events_record_many(events)
    event_record(
        actor=actor,
        verb="org.imported",
        metadata={
            "rows": len(rows),
            "created": len(report.created),
            "updated": len(report.updated),
            "deactivated": len(report.deactivated),
            "reactivated": len(report.reactivated),
        },
    )


def _upsert_named(model, names: set[str]) -> dict[str, int]:
    model.objects.bulk_create([model(name=n) for n in names], ignore_conflicts=True)
    return dict(model.objects.filter(name__in=names).values_list("name", "id"))


def _upsert_locations(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    Location.objects.bulk_create(
        [Location(name=name, country=country) for name, country in pairs], ignore_conflicts=True
    )
    found = {}
    for pk, name, country in Location.objects.filter(
        name__in={name for name, _c in pairs}
    ).values_list("id", "name", "country"):
        found[(name, str(country))] = pk
    return found


def _set_tags(rows: list[Row], ids: dict[str, int], new_ids: set[str]) -> None:
    """Write only the skill and interest links that changed (a re-import writes almost none)."""
    names = {t for r in rows for t in r.skills + r.interests}
    if not names:
        return
    Tag.objects.bulk_create([Tag(name=n) for n in names], ignore_conflicts=True)
    tag_ids = {
        name.lower(): pk
        for name, pk in Tag.objects.filter(name__in=names).values_list("name", "id")
    }
    for relation, attribute in ((Person.skills, "skills"), (Person.interests, "interests")):
        through: Any = relation.through
        # People whose line names no tags keep the ones they added themselves.
        touched = {ids[r.employee_id] for r in rows if getattr(r, attribute)}
        wanted = {
            (ids[r.employee_id], tag_ids[t.lower()])
            for r in rows
            for t in getattr(r, attribute)
            if t.lower() in tag_ids
        }
        current = {}
        if len(touched) > len(new_ids & {r.employee_id for r in rows}):
            for link_id, person_id, tag_id in through.objects.values_list(
                "id", "person_id", "tag_id"
            ).iterator(chunk_size=5000):
                if person_id in touched:
                    current[(person_id, tag_id)] = link_id
        stale = [link_id for pair, link_id in current.items() if pair not in wanted]
        for start in range(0, len(stale), 900):
            through.objects.filter(id__in=stale[start : start + 900]).delete()
        through.objects.bulk_create(
            [through(person_id=p, tag_id=t) for p, t in wanted if (p, t) not in current],
            batch_size=2000,
        )


def _sync_email_addresses(rows: list[Row], ids: dict[str, int]) -> None:
    """HR addresses are verified by definition: keep allauth's address book in step."""
    person_ids = list(ids.values())
    current = dict(
        EmailAddress.objects.filter(user_id__in=person_ids, primary=True).values_list(
            "user_id", "email"
        )
    )
    stale = [
        ids[r.employee_id] for r in rows if current.get(ids[r.employee_id], r.email) != r.email
    ]
    if stale:
        EmailAddress.objects.filter(user_id__in=stale).delete()
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=ids[r.employee_id], email=r.email, verified=True, primary=True)
            for r in rows
            if ids[r.employee_id] in stale or ids[r.employee_id] not in current
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
