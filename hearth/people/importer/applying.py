"""Apply a checked HR export at once: departments, locations, people, managers, skills and
interests, sign-in addresses, with the events of who joined, moved and left."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hearth.core.bulk import update_rows
from hearth.core.events import event_record, events_record_many
from hearth.core.models import Event

from ..models import AccessToken, Department, Location, Person, Tag
from ..services import org_recompute
from .reading import HR_FIELDS, ImportReport, Row, check_file, parse_csv


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
    check_file(rows, report)
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
        if "hire_date" not in report.columns:
            # A file without the column says nothing of hire dates: those known are kept (the
            # value report's newcomers and who stayed are counted from them).
            del values["hire_date"]
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
        leaving_ids = [pid for pid, _u in leaving]
        Person.objects.filter(id__in=leaving_ids).update(is_active=False, deactivated_at=now)
        # As person_deactivate does: their API tokens are revoked, not only refused.
        AccessToken.objects.filter(person_id__in=leaving_ids, revoked_at__isnull=True).update(
            revoked_at=now
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
    # In name order: the same file gives the same ids on every run (a set's order is not).
    model.objects.bulk_create([model(name=n) for n in sorted(names)], ignore_conflicts=True)
    return dict(model.objects.filter(name__in=names).values_list("name", "id"))


def _upsert_locations(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    Location.objects.bulk_create(
        [Location(name=name, country=country) for name, country in sorted(pairs)],
        ignore_conflicts=True,
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
    Tag.objects.bulk_create([Tag(name=n) for n in sorted(names)], ignore_conflicts=True)
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
            [through(person_id=p, tag_id=t) for p, t in sorted(wanted) if (p, t) not in current],
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
