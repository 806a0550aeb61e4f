"""Privacy rights: download my data, erase a person, and the retention purge.

The erasure policy (also in docs/features.md, "Privacy rights", and on the erase page):

- Deactivation (HR import or an administrator) keeps everything: content stays, attributed.
- Erasure is for people who have left and asked to be forgotten. The account stays as an empty
  shell named "Former colleague <id>" so conversations keep their shape: every profile field,
  email address, photo, skill, sign-in method, token, follow, block, mute, bookmark, email
  setting, mention and notification of theirs is removed; they can never sign in again.
- Mode "pseudonymise": what they wrote stays, shown as by "Former colleague <id>".
  Mode "remove": what they wrote is deleted and its text and files purged at once.
- In both modes the seals of their anonymous posts are destroyed: nobody, break-glass
  included, can ever tie those posts to anyone again.
- Kept on purpose: reactions and votes (as counts), memberships (as history), the event log
  (ids only) and the audit log, which is the company's legal record of what administrators did
  and is never rewritten.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound, RateLimited
from hearth.core.events import event_record
from hearth.core.registry import Erasure, erasers, retention, writings
from hearth.people.models import Person
from hearth.people.services import person_deactivate
from hearth.trust.sealed import seals_destroy

from . import exporter
from .models import DataExport
from .selectors import retention_policy

logger = logging.getLogger(__name__)

MODES = ("pseudonymise", "remove")
MIN_REASON = 20


# --- My data ------------------------------------------------------------------------------------


def export_request(*, actor) -> DataExport:
    """Ask for a zip of everything `actor` put into Hearth; the worker builds it."""
    if actor is None or not actor.is_active or actor.is_stand_in:
        raise Forbidden()
    now = timezone.now()
    with transaction.atomic():
        busy = DataExport.objects.filter(person=actor, status__in=["pending", "running"])
        if busy.exists():
            raise Conflict(_("Your data export is already being prepared; it will be ready soon."))
        recent = DataExport.objects.filter(person=actor, created_at__gte=now - timedelta(days=1))
        if recent.count() >= settings.HEARTH_EXPORTS_PER_DAY:
            oldest = recent.earliest("created_at")
            wait = int((oldest.created_at + timedelta(days=1) - now).total_seconds()) + 1
            raise RateLimited(
                _("You can export your data %(n)d times a day; try again later.")
                % {"n": settings.HEARTH_EXPORTS_PER_DAY},
                retry_after=max(wait, 1),
            )
        try:
            with transaction.atomic():
                export = DataExport.objects.create(person=actor, created_at=now)
        except IntegrityError as error:  # a second request raced this one
            raise Conflict(
                _("Your data export is already being prepared; it will be ready soon.")
            ) from error
        event_record(actor=actor, verb="data.export_requested", obj=export)
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from .tasks import build_export

    build_export(export_id)


def export_build(export_id: int) -> DataExport | None:
    """Build one export (called by the worker); a failure is recorded, never half-served."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update().filter(pk=export_id, status="pending").first()
        )
        if export is None:
            return None
        export.status, export.started_at = DataExport.Status.RUNNING, timezone.now()
        export.save(update_fields=["status", "started_at"])
    person = export.person
    try:
        with tempfile.TemporaryFile() as handle:
            exporter.write_zip(person, handle, network=settings.HEARTH_NETWORK_NAME)
            size = handle.tell()
            handle.seek(0)
            # A random name: the file is reachable only through the download view anyway.
            export.file.save(f"{secrets.token_urlsafe(24)}.zip", File(handle), save=False)
    except Exception as error:  # noqa: BLE001 - any failure must leave a failed export, not a busy one
        logger.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:300] or error.__class__.__name__,
        )
        export.refresh_from_db()
        return export
    now = timezone.now()
    with transaction.atomic():
        export.status, export.size, export.finished_at = DataExport.Status.READY, size, now
        export.expires_at = now + timedelta(days=settings.HEARTH_EXPORT_KEEP_DAYS)
        export.save(update_fields=["status", "size", "finished_at", "expires_at", "file"])
        event_record(actor=person, verb="data.exported", obj=person, metadata={"export": export.pk})
    return export


def export_downloaded(*, actor, export: DataExport) -> DataExport:
    """Note the download (the page shows when the file was last fetched)."""
    if export.person_id != actor.pk:
        raise NotFound()
    if export.status != DataExport.Status.READY:
        raise Conflict(
            _("This export is not ready to download (%(state)s).")
            % {"state": export.get_status_display().lower()}
        )
    DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())
    return export


# --- Erasure ------------------------------------------------------------------------------------


def _check_erase(actor, person, mode: str, reason: str, confirm: str) -> str:
    if not is_administrator(actor):
        raise Forbidden(_("Only administrators can erase a person."))
    if person.is_stand_in:
        raise NotFound()
    if person.pk == actor.pk:
        raise Forbidden(_("You cannot erase yourself; ask another administrator."))
    if person.erased_at is not None:
        raise Conflict(_("This person was already erased."))
    if person.is_superuser or person.is_staff:  # the flags, whether or not they still work here
        raise Conflict(_("Remove this person's administrator rights first."))
    errors = []
    if mode not in MODES:
        errors.append(FieldError("mode", _("Choose pseudonymise or remove.")))
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        errors.append(
            FieldError(
                "reason",
                _("Give a reason of at least %(n)d characters; it goes into the audit log.")
                % {"n": MIN_REASON},
            )
        )
    if (confirm or "").strip() != person.username:
        errors.append(FieldError("confirm", _("Type the person's username to confirm.")))
    if errors:
        raise Invalid(_("Nothing was erased."), errors)
    return reason


@transaction.atomic
def person_erase(*, actor, person, mode: str, reason: str, confirm: str) -> dict:
    """Erase a person under the documented policy (module docstring); audited."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    reason = _check_erase(actor, person, mode, reason, confirm)
    now = timezone.now()
    anonymous_ids = seals_destroy(person)
    erasure = Erasure(
        actor=actor, person=person, mode=mode, anonymous_post_ids=anonymous_ids, now=now
    )
    summary: dict = {"mode": mode, "posts_removed": 0, "comments_removed": 0}
    for erase in writings:  # what they wrote, under the mode (core.registry)
        summary.update(erase(erasure))
    if person.is_active:
        person_deactivate(actor=actor, person=person)
        person.refresh_from_db()
    if person.avatar:
        person.avatar.delete(save=False)
    label = f"former-{person.pk}"
    person.username, person.email = label, f"{label}@erased.invalid"
    person.display_name = f"Former colleague {person.pk}"
    person.first_name = person.last_name = person.title = person.bio = ""
    person.employee_id, person.department, person.location, person.manager = None, None, None, None
    person.country, person.hire_date, person.time_zone, person.language = "", None, "UTC", "en"
    person.avatar, person.is_leader, person.leader_override = "", False, None
    person.is_active, person.last_login, person.erased_at = False, None, now
    person.set_unusable_password()
    person.save()
    person.skills.clear()
    person.interests.clear()
    person.groups.clear()
    person.user_permissions.clear()
    person.tokens.all().delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    for forget in erasers:  # each app removes what it holds of the person (core.registry)
        forget(person)
    for export in DataExport.objects.filter(person=person):
        export.file.delete(save=False)
    DataExport.objects.filter(person=person).delete()
    summary["anonymous_seals_destroyed"] = len(anonymous_ids)
    event_record(
        actor=actor, verb="person.erased", obj=person, metadata={**summary, "reason": reason}
    )
    return {**summary, "person": person}


# --- Retention ----------------------------------------------------------------------------------


@transaction.atomic
def retention_purge(*, actor=None, now=None) -> dict[str, int]:
    """Apply the retention settings: purge old deleted content, old read notifications,
    expired exports, and exports a crashed worker left running. Recorded and audited."""
    if actor is not None and not is_administrator(actor):
        raise Forbidden(_("Only administrators can run the retention purge."))
    now = now or timezone.now()
    policy = retention_policy()
    counts: dict[str, int] = {}
    for purge in retention:  # each app's old content (core.registry)
        counts.update(purge(policy, now))
    expired = 0
    for export in DataExport.objects.filter(status="ready", expires_at__lte=now):
        export.file.delete(save=False)
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file", "status"])
        expired += 1
    stuck = DataExport.objects.filter(
        status__in=["pending", "running"], created_at__lt=now - timedelta(hours=6)
    ).update(
        status=DataExport.Status.FAILED,
        finished_at=now,
        error="The worker did not finish this export; ask again.",
    )
    counts.update(exports_expired=expired, exports_failed=stuck)
    event_record(actor=actor, verb="retention.purged", metadata={**counts, **policy})
    return counts
