"""Writes about people: profiles, the org chart, leaders, deactivation, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken as OAuthAccessToken
from oauth2_provider.models import RefreshToken as OAuthRefreshToken

from hearth.core import rules
from hearth.core import scopes as scope_names
from hearth.core.access import is_administrator
from hearth.core.bulk import update_rows
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.replicas import housekeeping

from .models import AccessToken, Person, Tag, is_time_zone

TOKEN_PREFIX = "hth_"  # noqa: S105 - a public marker that makes leaked tokens easy to scan for
MAX_TAGS = 30
# A new personal token reads and acts for its person; insights and administration are asked for.
DEFAULT_SCOPES = ("read", "write", "write:posts")
PROFILE_FIELDS = ("display_name", "bio", "time_zone", "language")


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    """Return the Tag rows for `names`, creating missing ones; names are trimmed, case kept."""
    clean: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:60]
        if name:
            clean.setdefault(name.lower(), name)
    if not clean:
        return []
    existing = {t.name.lower(): t for t in Tag.objects.filter(name__in=list(clean.values()))}
    missing = [Tag(name=name) for key, name in clean.items() if key not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name.lower(): t for t in Tag.objects.filter(name__in=list(clean.values()))}
    return [existing[key] for key in clean if key in existing]


@transaction.atomic
def person_update_profile(
    *,
    actor: Person,
    person: Person,
    display_name: str,
    bio: str = "",
    time_zone: str = "UTC",
    language: str = "en",
    skills: list[str] | None = None,
    interests: list[str] | None = None,
    avatar=None,
    clear_avatar: bool = False,
) -> Person:
    """Change what a person says about themselves (HR-owned fields stay with the HR import)."""
    if actor.pk != person.pk and not is_administrator(actor):
        raise Forbidden(_("You can only edit your own profile."))
    errors = []
    display_name = " ".join((display_name or "").split())
    if not display_name:
        errors.append(FieldError("display_name", _("Please enter the name people know you by.")))
    rules.check(Person, errors, display_name=display_name, bio=bio)
    if not is_time_zone(time_zone):
        errors.append(FieldError("time_zone", _("Choose a time zone from the list.")))
    if language not in dict(settings.LANGUAGES):
        errors.append(FieldError("language", _("Choose a language from the list.")))
    for name, values in (("skills", skills), ("interests", interests)):
        if values is not None and len(values) > MAX_TAGS:
            errors.append(FieldError(name, _("At most %(n)d entries.") % {"n": MAX_TAGS}))
    if errors:
        raise Invalid(_("Some fields need your attention."), errors)

    before = {f: getattr(person, f) for f in PROFILE_FIELDS}
    person.display_name = display_name
    person.bio = bio or ""
    person.time_zone = time_zone
    person.language = language
    if clear_avatar and person.avatar:
        person.avatar.delete(save=False)
        person.avatar = ""
    if avatar is not None:
        person.avatar = avatar
    person.save()
    if skills is not None:
        person.skills.set(tags_from_names(skills))
    if interests is not None:
        person.interests.set(tags_from_names(interests))
    changed = [f for f in PROFILE_FIELDS if before[f] != getattr(person, f)]
    event_record(actor=actor, verb="person.updated", obj=person, metadata={"fields": changed})
    return person


@transaction.atomic
def person_deactivate(*, actor: Person | None, person: Person) -> Person:
    """Mark a person as gone: they can no longer sign in, their content stays."""
    if actor is not None and not is_administrator(actor):
        raise Forbidden()
    if actor is not None and actor.pk == person.pk:
        raise Forbidden(_("You cannot deactivate yourself; ask another administrator."))
    if not person.is_active:
        return person
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    person.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    event_record(actor=actor, verb="person.left", obj=person)
    org_recompute()
    return person


@transaction.atomic
def person_reactivate(*, actor: Person | None, person: Person) -> Person:
    if actor is not None and not is_administrator(actor):
        raise Forbidden()
    if person.erased_at is not None or person.is_stand_in:
        raise Conflict(_("This account was erased; it can never be used again."))
    if person.is_active:
        return person
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    event_record(actor=actor, verb="person.reactivated", obj=person)
    org_recompute()
    return person


@transaction.atomic
def leader_set(*, actor: Person, person: Person, value: bool | None) -> Person:
    """Mark a person as a leader (True), not a leader (False), or back to the org chart (None)."""
    if not is_administrator(actor):
        raise Forbidden(_("Only administrators can set who is a leader."))
    person.leader_override = value
    person.save(update_fields=["leader_override"])
    event_record(actor=actor, verb="person.leader_set", obj=person, metadata={"value": value})
    org_recompute()
    person.refresh_from_db(fields=["is_leader"])
    return person


def org_recompute() -> int:
    """Recompute level, path, report counts and leaders for the whole chart; return rows changed.

    Reads only a few columns per person and writes only rows that changed, so it stays quick
    at 30,000 people. Anyone unreachable from a root (a cycle entered by hand) becomes a root.
    """
    rows = list(
        Person.objects.values_list(
            "id",
            "manager_id",
            "is_active",
            "leader_override",
            "org_level",
            "org_path",
            "report_count",
            "is_leader",
        )
    )
    by_id = {row[0]: row for row in rows}
    children: dict[int, list[int]] = defaultdict(list)
    for pid, manager_id, *_rest in rows:
        if manager_id is not None and manager_id in by_id and manager_id != pid:
            children[manager_id].append(pid)
    computed: dict[int, tuple[int, str]] = {}
    roots = [pid for pid, manager_id, *_r in rows if manager_id is None or manager_id not in by_id]
    pending = [(root, 0, f"/{root}/") for root in roots]
    while True:
        while pending:
            pid, level, path = pending.pop()
            if pid in computed:
                continue
            computed[pid] = (level, path)
            pending.extend((c, level + 1, f"{path}{c}/") for c in children.get(pid, ()))
        orphans = [pid for pid in by_id if pid not in computed]
        if not orphans:
            break
        pending = [(orphans[0], 0, f"/{orphans[0]}/")]

    leader_levels = settings.HEARTH_LEADER_LEVELS
    changed = []
    for pid, _manager, active, override, old_level, old_path, old_reports, old_leader in rows:
        level, path = computed[pid]
        reports = sum(1 for c in children.get(pid, ()) if by_id[c][2])
        if override is not None:
            leader = bool(override) and active
        else:
            leader = active and reports > 0 and level < leader_levels
        if (level, path, reports, leader) != (old_level, old_path, old_reports, old_leader):
            changed.append((pid, level, path, reports, leader))
    return update_rows(Person, ["org_level", "org_path", "report_count", "is_leader"], changed)


def token_digest(raw: str) -> str:
    """What is stored of a secret token (personal, or a provisioning client's): its SHA-256."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: Person, person: Person, name: str, scopes: Iterable[str] = scope_names.ALL
) -> tuple[AccessToken, str]:
    """Create a personal access token with these scopes (hearth.core.scopes; all of them by
    default, as the command line gives; the page offers DEFAULT_SCOPES); the raw token is
    returned once and never stored."""
    if actor.pk != person.pk and not is_administrator(actor):
        raise Forbidden(_("You can only create tokens for yourself."))
    name = " ".join((name or "").split())
    errors = []
    if not name:
        errors.append(FieldError("name", _("Say what the token is for.")))
    asked = list(scopes)
    granted = scope_names.parse(asked)
    unknown = sorted(set(asked) - set(granted))
    if not granted or unknown:
        errors.append(FieldError("scopes", _("Choose at least one scope from the list.")))
    if errors:
        raise Invalid(_("Give the token a name and its scopes."), errors)
    rules.refuse(AccessToken, _("The name is too long."), name=name)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        person=person,
        name=name,
        prefix=raw[:10],
        token_hash=token_digest(raw),
        scopes=" ".join(granted),
    )
    event_record(
        actor=actor, verb="token.created", obj=token, target=person, metadata={"scopes": granted}
    )
    return token, raw


@transaction.atomic
def app_authorization_revoke(*, actor: Person, application_id: int) -> str | None:
    """Take back what an OAuth app may do for this person: every access and refresh token it
    holds of theirs is revoked. Answers the app's name, or None when it held none."""
    tokens = list(
        OAuthAccessToken.objects.filter(user=actor, application_id=application_id).select_related(
            "application"
        )
    )
    refresh = list(
        OAuthRefreshToken.objects.filter(
            user=actor, application_id=application_id, revoked__isnull=True
        )
    )
    if not tokens and not refresh:
        return None
    application = tokens[0].application if tokens else refresh[0].application
    for item in refresh:
        item.revoke()
    for token in tokens:
        token.revoke()
    event_record(
        actor=actor, verb="oauth.app_revoked", target=actor, metadata={"app": application.name}
    )
    return application.name


@transaction.atomic
def token_revoke(*, actor: Person, token: AccessToken) -> AccessToken:
    if actor.pk != token.person_id and not is_administrator(actor):
        raise Forbidden()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(actor=actor, verb="token.revoked", obj=token, target=token.person)
    return token


def token_authenticate(*, token: str) -> AccessToken | None:
    """Return the live token (with its active person) a raw token is, or None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    found = (
        AccessToken.objects.select_related("person")
        .filter(token_hash=token_digest(token), revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    # Touch last_used at most once a minute: a busy integration must not write on every call.
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
        with housekeeping():
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found


@transaction.atomic
def admin_create(*, username: str, email: str, password: str, display_name: str = "") -> Person:
    """Create an administrator who can sign in at once (their email counts as verified)."""
    errors = []
    username = (username or "").strip()
    email = (email or "").strip().lower()
    if not username:
        errors.append(FieldError("username", "A username is required."))
    else:
        try:
            Person.username_validator(username)
        except ValidationError as error:
            errors.append(FieldError("username", " ".join(error.messages)))
        if Person.objects.filter(username=username).exists():
            errors.append(FieldError("username", f"The username '{username}' is taken."))
    try:
        validate_email(email)
    except ValidationError:
        errors.append(FieldError("email", f"'{email}' is not a valid email address."))
    else:
        if Person.objects.filter(email__iexact=email).exists():
            errors.append(FieldError("email", f"'{email}' already belongs to someone."))
    try:
        validate_password(password, Person(username=username, email=email))
    except ValidationError as error:
        errors.append(FieldError("password", " ".join(error.messages)))
    if errors:
        raise Invalid("The administrator could not be created.", errors)
    person = Person.objects.create_superuser(
        username=username, email=email, password=password, display_name=display_name or username
    )
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    event_record(actor=None, verb="person.joined", obj=person, metadata={"admin": True})
    org_recompute()
    return person


@transaction.atomic
def sso_link_save(*, person: Person, provider: str, uid: str) -> None:
    """Record that a person signed in through the identity provider for the first time, and
    was matched to the org chart (allauth keeps the link itself)."""
    event_record(
        actor=person, verb="sso.linked", obj=person, metadata={"provider": provider, "uid": uid}
    )


@transaction.atomic
def sso_sign_out_decline(*, provider: str, detail: str = "") -> None:
    """Record a single logout message that did not hold (unsigned, wrongly signed, unreadable):
    nobody was signed out."""
    event_record(
        actor=None,
        verb="sso.sign_out_refused",
        obj=None,
        metadata={"provider": provider, "detail": detail},
    )


def sso_sign_in_decline(
    *,
    provider: str,
    reason: str,
    detail: str = "",
    person: Person | None = None,
    email: str = "",
) -> None:
    """Record a refused single sign-on (nothing else changes), for the audit log."""
    event_record(
        actor=None,
        verb="sso.refused",
        obj=person,
        metadata={"provider": provider, "reason": reason, "detail": detail, "email": email},
    )
