"""Writes over SCIM: people and departments as a provisioning client says they are, with the
same events as the HR import (joined, left, reactivated), and the clients' tokens.

A person set `active=false` is deactivated exactly as when they leave the HR export: they can
no longer sign in, their sessions and API tokens stop working, their content stays. Deleting a
person over SCIM does the same, and the person is no longer a SCIM resource; created again
(the same employee number or user name), they get their account back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.replicas import housekeeping
from hearth.people.models import Department, Person, is_time_zone
from hearth.people.services import (
    org_recompute,
    person_deactivate,
    person_reactivate,
    token_digest,
)

from .models import Client, Record

TOKEN_PREFIX = "hsc_"  # noqa: S105 - a public marker that makes leaked tokens easy to scan for


@dataclass
class UserValues:
    """A person as a SCIM client describes them (already validated against the schema)."""

    user_name: str
    email: str
    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    title: str = ""
    preferred_language: str = ""  # as in Accept-Language ("pt-BR", "da, en-gb;q=0.8")
    timezone: str = ""  # an IANA name
    email_type: str = ""
    active: bool = True
    external_id: str = ""
    employee_number: str = ""
    department: str = ""
    manager_id: int | None = None


@dataclass
class GroupValues:
    """A department as a SCIM client describes it."""

    name: str
    external_id: str = ""
    member_ids: list[int] = field(default_factory=list)


@transaction.atomic
def client_create(*, actor: Person, name: str) -> tuple[Client, str]:
    """A new provisioning client; its token is returned once and never stored."""
    if not is_administrator(actor):
        raise Forbidden()
    name = " ".join((name or "").split())
    if not name:
        raise Invalid(
            _("Name the client."), [FieldError("name", _("Say which system provisions."))]
        )
    rules.refuse(Client, _("The name is too long."), name=name)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = Client.objects.create(
        name=name, prefix=raw[:10], token_hash=token_digest(raw), created_by=actor
    )
    event_record(actor=actor, verb="provisioning.client_created", obj=client)
    return client, raw


@transaction.atomic
def client_revoke(*, actor: Person, client: Client) -> Client:
    if not is_administrator(actor):
        raise Forbidden()
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        event_record(actor=actor, verb="provisioning.client_revoked", obj=client)
    return client


def client_authenticate(*, token: str) -> Client | None:
    """The live client a raw bearer token belongs to, or None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    client = Client.objects.filter(token_hash=token_digest(token), revoked_at__isnull=True).first()
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > timedelta(minutes=1):
        with housekeeping():
            Client.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


# People -----------------------------------------------------------------------------------


def _clean_user(values: UserValues, person: Person | None) -> None:
    values.user_name = (values.user_name or "").strip()
    values.email = (values.email or "").strip().lower()
    values.given_name = " ".join((values.given_name or "").split())
    values.family_name = " ".join((values.family_name or "").split())
    values.display_name = " ".join((values.display_name or "").split()) or (
        f"{values.given_name} {values.family_name}".strip() or values.user_name
    )
    values.title = " ".join((values.title or "").split())
    values.department = " ".join((values.department or "").split())
    values.employee_number = (values.employee_number or "").strip()
    values.preferred_language = (values.preferred_language or "").strip()
    values.timezone = (values.timezone or "").strip()
    errors: list[FieldError] = []
    rules.check(
        Person,
        errors,
        required=("username", "email"),
        username=values.user_name,
        email=values.email,
        display_name=values.display_name,
        first_name=values.given_name,
        last_name=values.family_name,
        title=values.title,
        employee_id=values.employee_number,
    )
    rules.check(Department, errors, name=values.department)
    rules.check(
        Record,
        errors,
        external_id=values.external_id,
        email_type=values.email_type,
        preferred_language=values.preferred_language,
        timezone=values.timezone,
    )
    if errors:
        raise Invalid("; ".join(f"{e.field}: {e.message}" for e in errors), errors)
    others = Person.objects.exclude(pk=person.pk) if person else Person.objects.all()
    if others.filter(username__iexact=values.user_name).exists():
        raise Conflict(_("The user name %(name)s is taken.") % {"name": values.user_name})
    if others.filter(email__iexact=values.email).exists():
        raise Conflict(_("The address %(email)s is another person's.") % {"email": values.email})
    if values.employee_number and others.filter(employee_id=values.employee_number).exists():
        raise Conflict(
            _("The employee number %(id)s is another person's.") % {"id": values.employee_number}
        )
    if values.manager_id is not None:
        manager = Person.objects.filter(pk=values.manager_id, is_stand_in=False).first()
        if manager is None:
            raise Invalid(_("The manager %(id)s does not exist.") % {"id": values.manager_id})
        if person is not None and (
            manager.pk == person.pk or f"/{person.pk}/" in (manager.org_path or "")
        ):
            raise Invalid(_("A person cannot report to themselves, even through others."))


def _adoptable(values: UserValues) -> Person | None:
    """The person a creation describes again: the same employee number (the HR import's
    person), or the user name of someone deleted over SCIM."""
    people = Person.objects.filter(is_stand_in=False, erased_at__isnull=True)
    if values.employee_number:
        found = people.filter(employee_id=values.employee_number).first()
        if found is not None:
            return found
    return people.filter(
        username__iexact=(values.user_name or "").strip(), scim_record__deleted_at__isnull=False
    ).first()


@transaction.atomic
def scim_user_create(*, client: Client, values: UserValues) -> Person:
    """A new person, or the one the HR import (or an earlier SCIM deletion) already knows."""
    existing = _adoptable(values)
    if existing is not None:
        return scim_user_update(client=client, person=existing, values=values)
    _clean_user(values, None)
    person = Person(
        username=values.user_name,
        email=values.email,
        password=make_password(None),
        date_joined=timezone.now(),
        is_active=values.active,
        deactivated_at=None if values.active else timezone.now(),
    )
    _write_user(person, values)
    person.save()
    _sync_address(person)
    _save_record(client, values, person=person)
    event_record(actor=None, verb="person.joined", obj=person)
    _record(client, "provisioning.user_created", person)
    if values.manager_id is not None or not values.active:
        org_recompute()
    return person


@transaction.atomic
def scim_user_update(*, client: Client, person: Person, values: UserValues) -> Person:
    """Replace what SCIM says about a person (PUT, and PATCH once applied)."""
    _clean_user(values, person)
    before = (person.manager_id, person.is_active)
    old_email = person.email
    _write_user(person, values)
    person.save()
    if person.email != old_email:
        _sync_address(person)
    record = _save_record(client, values, person=person)
    if record.deleted_at is not None:
        record.deleted_at = None
        record.save(update_fields=["deleted_at"])
    if values.active and not person.is_active:
        person_reactivate(actor=None, person=person)
    elif not values.active and person.is_active:
        person_deactivate(actor=None, person=person)
    elif before[0] != person.manager_id:
        org_recompute()
    _record(client, "provisioning.user_updated", person)
    return person


@transaction.atomic
def scim_user_delete(*, client: Client, person: Person) -> None:
    """Deactivate the person, as when they leave, and take them out of SCIM."""
    if person.is_active:
        person_deactivate(actor=None, person=person)
    record, _created = Record.objects.get_or_create(person=person)
    record.deleted_at = timezone.now()
    record.client = client
    record.save()
    _record(client, "provisioning.user_deleted", person)


def _shipped_language(value: str) -> str:
    """The first language of an Accept-Language value that Hearth speaks ("pt-BR" gives "pt"
    where Portuguese ships); "" when none is: an identity provider cannot know which languages
    Hearth ships, so a person it prefers in another language keeps theirs."""
    for code, _quality in parse_accept_lang_header((value or "").strip().replace("_", "-")):
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return ""


def _write_user(person: Person, values: UserValues) -> None:
    person.username = values.user_name
    person.email = values.email
    person.display_name = values.display_name
    person.first_name = values.given_name
    person.last_name = values.family_name
    person.title = values.title
    # What Hearth can use of the provider's preferences; the rest keeps the person's own.
    language = _shipped_language(values.preferred_language)
    if language:
        person.language = language
    if is_time_zone(values.timezone):
        person.time_zone = values.timezone
    person.employee_id = values.employee_number or None
    person.manager_id = values.manager_id
    if values.department:
        department, _created = Department.objects.get_or_create(name=values.department)
        person.department = department
    else:
        person.department = None


def _sync_address(person: Person) -> None:
    """Addresses from the identity provider are verified by definition, as HR's are."""
    EmailAddress.objects.filter(user=person).delete()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)


def _save_record(client: Client, values, **subject) -> Record:
    record, _created = Record.objects.get_or_create(**subject)
    record.external_id = values.external_id or ""
    if isinstance(values, UserValues):
        record.email_type = values.email_type or ""
        record.preferred_language = values.preferred_language
        record.timezone = values.timezone
    record.client = client
    record.save()
    return record


def _record(client: Client, verb: str, obj) -> None:
    event_record(
        actor=None, verb=verb, obj=obj, metadata={"client": client.name, "client_id": client.pk}
    )


# Departments ------------------------------------------------------------------------------


def _clean_group(values: GroupValues, department: Department | None) -> None:
    values.name = " ".join((values.name or "").split())
    errors: list[FieldError] = []
    rules.check(Department, errors, required=("name",), name=values.name)
    rules.check(Record, errors, external_id=values.external_id)
    if errors:
        raise Invalid("; ".join(f"{e.field}: {e.message}" for e in errors), errors)
    others = Department.objects.exclude(pk=department.pk) if department else Department.objects
    if others.filter(name__iexact=values.name).exists():
        raise Conflict(_("The department %(name)s exists already.") % {"name": values.name})
    found = set(
        Person.objects.filter(
            pk__in=values.member_ids, is_stand_in=False, erased_at__isnull=True
        ).values_list("pk", flat=True)
    )
    missing = [str(pk) for pk in values.member_ids if pk not in found]
    if missing:
        raise Invalid(_("These members do not exist: %(ids)s.") % {"ids": ", ".join(missing)})


@transaction.atomic
def scim_group_create(*, client: Client, values: GroupValues) -> Department:
    _clean_group(values, None)
    department = Department.objects.create(name=values.name)
    _set_members(department, values.member_ids)
    _save_record(client, values, department=department)
    _record(client, "provisioning.group_created", department)
    return department


@transaction.atomic
def scim_group_update(*, client: Client, department: Department, values: GroupValues) -> Department:
    _clean_group(values, department)
    if department.name != values.name:
        department.name = values.name
        department.save(update_fields=["name"])
    _set_members(department, values.member_ids)
    _save_record(client, values, department=department)
    _record(client, "provisioning.group_updated", department)
    return department


@transaction.atomic
def scim_group_delete(*, client: Client, department: Department) -> None:
    """The department goes; its people stay, in no department until told otherwise."""
    _record(client, "provisioning.group_deleted", department)
    department.delete()


def _set_members(department: Department, member_ids: list[int]) -> None:
    """A person is in one department: joining this one leaves their previous one."""
    wanted = set(member_ids)
    Person.objects.filter(department=department).exclude(pk__in=wanted).update(department=None)
    if wanted:
        Person.objects.filter(pk__in=wanted).exclude(department=department).update(
            department=department
        )
