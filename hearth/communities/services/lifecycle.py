"""A community's life: created with its charter, changed, activated, its key results and their
progress, delivered with its outcome, archived; its cover and the deadline reminders."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.slugs import unique_slug
from hearth.core.uploads import check_upload
from hearth.people.models import Person
from hearth.trust.limits import check_upload_rate

from ..models import CharterChange, Community, KeyResult, KeyResultUpdate, Membership
from ..selectors import can_lead

MAX_KEY_RESULTS = 5


@dataclass
class KeyResultIn:
    title: str
    target: float
    unit: str = ""
    direction: str = "up"


def _unique_slug(name: str) -> str:
    return unique_slug(Community, name, fallback="community", max_length=70, reserved=())


def _people(usernames: list[str], field: str) -> list[Person]:
    usernames = [u.strip() for u in usernames if u and u.strip()]
    found = {p.username: p for p in Person.objects.filter(username__in=usernames, is_active=True)}
    missing = [u for u in usernames if u not in found]
    if missing:
        raise Invalid(
            f"Unknown people: {', '.join(missing)}.",
            [FieldError(field, f"No active person with username {', '.join(missing)}.")],
        )
    return [found[u] for u in dict.fromkeys(usernames)]


def _validate(
    *,
    name: str,
    kind: str,
    privacy: str,
    purpose: str,
    starts_on,
    ends_on,
    key_results,
    business_goal: str = "",
    deliverable: str = "",
    response_target_hours: int | None,
) -> None:
    errors: list[FieldError] = []
    # A community of purpose is defined by its charter: goal, deliverable, dates.
    charter = ("business_goal", "deliverable", "starts_on", "ends_on")
    rules.check(
        Community,
        errors,
        required=("name", "purpose", *(charter if kind == Community.Kind.PURPOSE else ())),
        name=name,
        purpose=purpose,
        business_goal=business_goal,
        deliverable=deliverable,
        starts_on=starts_on,
        ends_on=ends_on,
        response_target_hours=response_target_hours,
    )
    if response_target_hours is None:
        least, most = rules.bounds(Community, "response_target_hours")
        errors.append(FieldError("response_target_hours", rules.out_of_range(least, most)))
    if kind not in Community.Kind.values:
        errors.append(FieldError("kind", "Choose purpose or interest."))
    if privacy not in Community.Privacy.values:
        errors.append(FieldError("privacy", "Choose open, private or secret."))
    if kind == Community.Kind.PURPOSE and starts_on and ends_on and ends_on <= starts_on:
        errors.append(FieldError("ends_on", "The end date must be after the start date."))
    if len(key_results) > MAX_KEY_RESULTS:
        errors.append(FieldError("key_results", f"At most {MAX_KEY_RESULTS} key results."))
    for index, result in enumerate(key_results):
        prefix = f"key_results.{index}."
        fields = {"title": result.title, "direction": result.direction}
        rules.check(KeyResult, errors, prefix=prefix, required=("title",), **fields)
    if errors:
        raise Invalid("The community could not be saved.", errors)


@transaction.atomic
def community_create(
    *,
    actor: Person,
    name: str,
    kind: str = Community.Kind.INTEREST,
    privacy: str = Community.Privacy.OPEN,
    purpose: str,
    description: str = "",
    business_goal: str = "",
    deliverable: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    key_results: list[KeyResultIn] | None = None,
    sponsors: list[str] | None = None,
    facilitators: list[str] | None = None,
    allow_anonymous: bool = False,
    response_target_hours: int = 24,
    preapprove_posts: bool = False,
    state: str = Community.State.ACTIVE,
    confirm_sponsors: bool = False,
    cover=None,
) -> Community:
    """Create a community (live, or a draft its members prepare); the creator owns it."""
    key_results = key_results or []
    if state not in (Community.State.DRAFT, Community.State.ACTIVE):
        raise Invalid(
            "A new community is a draft or active.", [FieldError("state", "draft or active.")]
        )
    if state == Community.State.DRAFT and kind != Community.Kind.PURPOSE:
        raise Invalid(
            "Only a community of purpose starts as a draft.",
            [FieldError("state", "Communities of interest are active from the start.")],
        )
    _validate(
        name=name,
        kind=kind,
        privacy=privacy,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        key_results=key_results,
        business_goal=business_goal,
        deliverable=deliverable,
        response_target_hours=response_target_hours,
    )
    sponsor_people = _people(sponsors or [], "sponsors")
    not_leaders = [p.username for p in sponsor_people if not p.is_leader]
    if not_leaders and not confirm_sponsors:
        # Sponsors are meant to be executives; someone else is allowed, but only on purpose.
        raise Invalid(
            "Sponsors are usually leaders; confirm to keep these.",
            [
                FieldError(
                    "sponsors",
                    f"Not a leader: {', '.join(not_leaders)}. Confirm to keep them as sponsors.",
                )
            ],
        )
    facilitator_people = _people(facilitators or [], "facilitators")
    community = Community.objects.create(
        slug=_unique_slug(name),
        name=name.strip(),
        kind=kind,
        privacy=privacy,
        purpose=purpose.strip(),
        description=description,
        business_goal=business_goal,
        deliverable=deliverable,
        starts_on=starts_on,
        ends_on=ends_on,
        allow_anonymous=allow_anonymous,
        response_target_hours=response_target_hours,
        preapprove_posts=preapprove_posts,
        created_by=actor,
        state=state,
        activated_at=timezone.now() if state == Community.State.ACTIVE else None,
    )
    KeyResult.objects.bulk_create(
        KeyResult(community=community, position=i, **{**asdict(r), "title": r.title.strip()})
        for i, r in enumerate(key_results)
    )
    roles = {actor.pk: (actor, Membership.Role.OWNER)}
    for person in facilitator_people:
        roles.setdefault(person.pk, (person, Membership.Role.FACILITATOR))
    for person in sponsor_people:
        roles.setdefault(person.pk, (person, Membership.Role.SPONSOR))
    Membership.objects.bulk_create(
        Membership(community=community, person=person, role=role) for person, role in roles.values()
    )
    community.member_count = len(roles)
    community.save(update_fields=["member_count"])
    if cover:
        community_set_cover(actor=actor, community=community, upload=cover)
    event_record(actor=actor, verb="community.created", obj=community, community_id=community.pk)
    return community


CHARTER_FIELDS = (
    "name",
    "privacy",
    "purpose",
    "description",
    "business_goal",
    "deliverable",
    "starts_on",
    "ends_on",
    "allow_anonymous",
    "response_target_hours",
    "preapprove_posts",
)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def community_update(
    *,
    actor: Person,
    community: Community,
    key_results: list[dict] | None = None,
    cover=None,
    **changes,
) -> Community:
    """Change a community's charter (and cover); the change and its author are kept in history.

    `key_results` replaces the list: items with an `id` are edited, new ones added, missing
    ones removed (their progress history goes with them).
    """
    community = Community.objects.select_for_update().get(pk=community.pk)
    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners, sponsors and facilitators can change it.")
    if community.state == Community.State.ARCHIVED:
        raise Conflict("This community is archived and read-only.")
    unknown = set(changes) - set(CHARTER_FIELDS)
    if unknown:
        raise Invalid(
            "Unknown fields.", [FieldError(f, "Cannot be changed here.") for f in unknown]
        )
    merged = {f: changes.get(f, getattr(community, f)) for f in CHARTER_FIELDS}
    results_in = [
        KeyResultIn(r["title"], r["target"], r.get("unit", ""), r.get("direction", "up"))
        for r in key_results or []
    ]
    _validate(
        name=merged["name"] or "",
        kind=community.kind,
        privacy=merged["privacy"],
        purpose=merged["purpose"] or "",
        starts_on=merged["starts_on"],
        ends_on=merged["ends_on"],
        key_results=results_in,
        business_goal=merged["business_goal"],
        deliverable=merged["deliverable"],
        response_target_hours=merged["response_target_hours"],
    )
    diff = {
        field: [_plain(getattr(community, field)), _plain(value)]
        for field, value in changes.items()
        if getattr(community, field) != value
    }
    for field, value in changes.items():
        setattr(community, field, value)
    if key_results is not None:
        diff.update(_replace_key_results(community, key_results))
    if cover:
        # In the same transaction: a refused image leaves the charter as it was.
        community_set_cover(actor=actor, community=community, upload=cover)
    if not diff:
        return community
    community.save()
    CharterChange.objects.create(
        community=community, actor=actor, changes=diff, created_at=timezone.now()
    )
    event_record(
        actor=actor,
        verb="community.updated",
        obj=community,
        community_id=community.pk,
        metadata={"fields": sorted(diff)},
    )
    return community


def _replace_key_results(community: Community, items: list[dict]) -> dict:
    existing = {r.pk: r for r in community.key_results.all()}
    before = [(r.title, r.target, r.unit, r.direction) for r in existing.values()]
    keep = set()
    for position, item in enumerate(items):
        result = existing.get(item["id"]) if item.get("id") else None
        if item.get("id") and result is None:
            raise Invalid(
                "Unknown key result.",
                [FieldError(f"key_results.{position}.id", "Not a key result of this community.")],
            )
        if result is None:
            result = KeyResult(community=community)
        result.title, result.target = item["title"].strip(), float(item["target"])
        result.unit, result.position = item.get("unit", ""), position
        result.direction = item.get("direction", "up")
        result.save()
        keep.add(result.pk)
    community.key_results.exclude(pk__in=keep).delete()
    after = [(r.title, r.target, r.unit, r.direction) for r in community.key_results.all()]
    if before == after:
        return {}
    return {"key_results": [[list(r) for r in before], [list(r) for r in after]]}


@transaction.atomic
def key_result_progress(
    *, actor: Person, key_result: KeyResult, value: float, note: str = ""
) -> KeyResultUpdate:
    """Record a key result's new current value (facilitators, owners, sponsors)."""
    community = key_result.community
    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners, sponsors and facilitators update progress.")
    if community.state in (Community.State.DELIVERED, Community.State.ARCHIVED):
        raise Conflict("This community has delivered; its key results are final.")
    rules.refuse(KeyResultUpdate, "The note is too long.", note=note)
    now = timezone.now()
    update = KeyResultUpdate.objects.create(
        key_result=key_result, actor=actor, value=value, note=note.strip(), created_at=now
    )
    KeyResult.objects.filter(pk=key_result.pk).update(current=value)
    key_result.current = value
    event_record(
        actor=actor,
        verb="community.key_result_updated",
        obj=key_result,
        target=community,
        community_id=community.pk,
        metadata={"value": value, "target": key_result.target},
    )
    return update


def _lead_or_refuse(actor: Person, community: Community, what: str) -> Community:
    community = Community.objects.select_for_update().get(pk=community.pk)
    if not can_lead(actor, community):
        raise Forbidden(f"Only the community's owners, sponsors and facilitators can {what}.")
    return community


@transaction.atomic
def community_activate(*, actor: Person, community: Community) -> Community:
    """Launch a draft community: it becomes visible as its privacy says."""
    community = _lead_or_refuse(actor, community, "launch it")
    if community.state != Community.State.DRAFT:
        raise Conflict("Only a draft community can be launched.")
    community.state, community.activated_at = Community.State.ACTIVE, timezone.now()
    community.save(update_fields=["state", "activated_at"])
    event_record(actor=actor, verb="community.activated", obj=community, community_id=community.pk)
    return community


@dataclass
class OutcomeIn:
    summary: str
    links: list[str]
    final_values: dict[int, float]
    retrospective: str = ""


@transaction.atomic
def community_deliver(*, actor: Person, community: Community, outcome: OutcomeIn) -> Community:
    """Close a community of purpose with its outcome, and announce it to members and sponsors
    (conversations posts the announcement when the event is recorded)."""
    community = _lead_or_refuse(actor, community, "deliver it")
    if community.kind != Community.Kind.PURPOSE:
        raise Conflict("Only a community of purpose delivers an outcome.")
    if community.state != Community.State.ACTIVE:
        raise Conflict("Only an active community can deliver.")
    summary: list[FieldError] = []
    rules.check(Community, summary, required=("outcome_summary",), outcome_summary=outcome.summary)
    errors = [FieldError("summary", error.message) for error in summary]  # the API's name
    links = [link.strip() for link in outcome.links if link and link.strip()]
    for index, link in enumerate(links):
        if not link.startswith(("https://", "http://")) or len(link) > 500:
            errors.append(FieldError(f"links.{index}", "A web address starting with https://."))
    results = {r.pk: r for r in community.key_results.all()}
    unknown = set(outcome.final_values) - set(results)
    if unknown:
        errors.append(
            FieldError("key_results", "Final values must be for this community's key results.")
        )
    if errors:
        raise Invalid("The outcome could not be recorded.", errors)
    now = timezone.now()
    for result_id, value in outcome.final_values.items():
        KeyResultUpdate.objects.create(
            key_result=results[result_id],
            actor=actor,
            value=value,
            note="Final value",
            created_at=now,
        )
        KeyResult.objects.filter(pk=result_id).update(current=value)
    community.state, community.delivered_at = Community.State.DELIVERED, now
    community.outcome_summary = outcome.summary.strip()
    community.outcome_links = links
    community.retrospective = outcome.retrospective.strip()
    community.save()
    event_record(
        actor=actor,
        verb="community.delivered",
        obj=community,
        community_id=community.pk,
        metadata={"sponsors": list(_role_ids(community, Membership.Role.SPONSOR))},
    )
    return community


def _role_ids(community: Community, role: str):
    return Membership.objects.filter(
        community=community, role=role, state=Membership.State.ACTIVE
    ).values_list("person_id", flat=True)


@transaction.atomic
def community_archive(*, actor: Person, community: Community) -> Community:
    """Archive a community: read-only, still searchable. A purpose community delivers first."""
    community = _lead_or_refuse(actor, community, "archive it")
    if community.state == Community.State.ARCHIVED:
        return community
    if community.kind == Community.Kind.PURPOSE and community.state == Community.State.ACTIVE:
        raise Conflict("Deliver the community's outcome before archiving it.")
    community.state, community.archived_at = Community.State.ARCHIVED, timezone.now()
    community.save(update_fields=["state", "archived_at"])
    event_record(actor=actor, verb="community.archived", obj=community, community_id=community.pk)
    return community


def deadlines_remind(*, today: datetime.date | None = None, days_before: int = 7) -> int:
    """Record (once each) that an active purpose community's end is near, or has passed.

    The events reach facilitators and sponsors through notifications; run daily by the worker.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    active = Community.objects.filter(
        kind=Community.Kind.PURPOSE, state=Community.State.ACTIVE, ends_on__isnull=False
    )
    # Each reminder is claimed with a conditional update, so two workers never send it twice.
    for community in active.filter(ends_on__lt=today, reminded_overdue_at__isnull=True):
        with transaction.atomic():
            if Community.objects.filter(pk=community.pk, reminded_overdue_at__isnull=True).update(
                reminded_overdue_at=now
            ):
                event_record(
                    actor=None,
                    verb="community.deadline_passed",
                    obj=community,
                    community_id=community.pk,
                    metadata={"ends_on": str(community.ends_on)},
                )
                sent += 1
    soon = today + datetime.timedelta(days=days_before)
    for community in active.filter(
        ends_on__gte=today, ends_on__lte=soon, reminded_near_end_at__isnull=True
    ):
        with transaction.atomic():
            if Community.objects.filter(pk=community.pk, reminded_near_end_at__isnull=True).update(
                reminded_near_end_at=now
            ):
                event_record(
                    actor=None,
                    verb="community.deadline_near",
                    obj=community,
                    community_id=community.pk,
                    metadata={"ends_on": str(community.ends_on)},
                )
                sent += 1
    return sent


@transaction.atomic
def community_set_cover(*, actor: Person, community: Community, upload) -> Community:
    """Set (or, with None, remove) a community's cover image; checked by content."""
    from django.core.files.base import ContentFile

    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners, sponsors and facilitators change the cover.")
    if upload is None:
        community.cover = ""
    else:
        check_upload_rate(actor, 1)
        checked = check_upload(upload)
        if not checked.is_image:
            raise Invalid(
                "The cover must be an image.", [FieldError("cover", "JPEG, PNG, GIF or WebP.")]
            )
        community.cover.save(checked.name, ContentFile(checked.data), save=False)
    community.save(update_fields=["cover"])
    event_record(
        actor=actor, verb="community.cover_changed", obj=community, community_id=community.pk
    )
    return community
