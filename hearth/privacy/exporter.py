"""What goes into a person's data export, and how the zip is written.

The export holds what the person wrote, did and chose, never what others wrote about them or
who acted on them: reports filed about them and the moderators' names stay out (both would
expose colleagues); their own anonymous posts are in (found through the seal's keyed tag, so
the export itself is the only place they are tied together, and it is served to them alone).
This module reads across apps on purpose: it is the one place that answers "everything about
this person", and its test fails when a new model points at a person and is not listed here.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from hearth.communities.models import Community, Invitation, Membership, Proposal, ProposalVote
from hearth.conversations.models import (
    AnnouncementRead,
    Attachment,
    Bookmark,
    Comment,
    IdeaVote,
    PollVote,
    Post,
    PostView,
    Reaction,
)
from hearth.core.models import Event
from hearth.facilitation.models import (
    Endorsement,
    ExpertPreference,
    ExpertRequest,
    Introduction,
)
from hearth.feeds.models import Follow
from hearth.insights.models import (
    ActivityDay,
    EdgeMonth,
    Expertise,
    Influence,
    NamedChoice,
    TopicInfluence,
)
from hearth.jams.models import Alert, Contribution, Jam, Reminder, Theme, Visit
from hearth.leadership.models import (
    Ama,
    AmaVote,
    CornerFollow,
    Delegation,
    Draft,
    ScorecardSharing,
)
from hearth.moderation.models import Appeal, ModerationAction, Report
from hearth.notifications.models import EmailPreference, Notification
from hearth.people.models import AccessToken
from hearth.recognition.models import BadgeAward, LeaderboardChoice, PointEntry
from hearth.trust.models import Block, Mute, Suspension
from hearth.trust.sealed import sealed_post_ids

FORMAT_VERSION = 1

# Models that point at a person, and where the export covers them (or why it does not).
COVERED = {
    "people.accesstoken": "tokens.json",
    "communities.membership": "memberships.json",
    "communities.invitation": "invitations.json",
    "communities.proposal": "proposals.json",
    "communities.proposalvote": "proposals.json",
    "communities.community": "communities_created (profile.json)",
    "communities.keyresultupdate": "not personal: a community's progress log",
    "communities.charterchange": "not personal: a community's charter history",
    "conversations.post": "posts.json",
    "conversations.comment": "comments.json",
    "conversations.revision": "posts.json / comments.json (revisions)",
    "conversations.reaction": "reactions.json",
    "conversations.pollvote": "votes.json",
    "conversations.ideavote": "votes.json",
    "conversations.announcementread": "announcements.json",
    "conversations.bookmark": "bookmarks.json",
    "conversations.postview": "reads.json",
    "conversations.mention": "not exported: others' texts that name the person",
    "conversations.attachment": "files/",
    "core.event": "activity.json",
    "feeds.follow": "follows.json",
    "notifications.notification": "notifications.json",
    "notifications.emailpreference": "settings.json",
    "notifications.digestsent": "not personal: when digests went out",
    "moderation.report": "reports.json (the ones the person filed)",
    "moderation.moderationaction": "moderation.json (without the moderator)",
    "moderation.appeal": "moderation.json",
    "trust.suspension": "moderation.json",
    "trust.block": "settings.json",
    "trust.mute": "settings.json",
    "trust.auditentry": "not exported: the company's record of administrators' actions",
    "moderation.revealrequest": "not exported: administrators' break-glass requests",
    "trust.contentfilter": "not personal: moderation rules",
    "privacy.dataexport": "not exported: the exports themselves",
    "facilitation.endorsement": "facilitation.json (endorsements given and received)",
    "facilitation.expertpreference": "facilitation.json (expert settings)",
    "facilitation.expertrequest": "facilitation.json (questions I was asked to answer)",
    "facilitation.introduction": "facilitation.json (my introductions)",
    "leadership.cornerfollow": "leadership.json (following the leadership corner)",
    "leadership.delegation": "leadership.json (delegations given and received)",
    "leadership.draft": "leadership.json (drafts written or approved)",
    "recognition.pointentry": "points.json (my points ledger)",
    "recognition.leaderboardchoice": "points.json (leaderboard visibility)",
    "recognition.badgeaward": "points.json (my badges, and badges I awarded by hand)",
    "insights.activityday": "insights.json (my activity per day, as the insights count it)",
    "insights.postfact": "not exported: response facts of posts already in posts.json",
    "insights.edgemonth": "insights.json (how many times I interacted with whom, per month)",
    "insights.influence": "insights.json (my influence rank)",
    "insights.topicinfluence": "insights.json (topics I am influential on)",
    "insights.expertise": "insights.json (topics and skills I am an expert on)",
    "insights.namedchoice": "insights.json (whether I may be named)",
    "leadership.ama": "leadership.json (AMAs hosted); the questions are in posts.json",
    "leadership.amavote": "leadership.json (my votes on AMA questions)",
    "leadership.scorecardsharing": "leadership.json (scorecard comparison choice)",
    "jams.jam": "jams.json (jams created and hosted)",
    "jams.theme": "jams.json (themes facilitated)",
    "jams.contribution": "jams.json (follow-ups owned); the posts are in posts.json",
    "jams.reminder": "jams.json (reminders)",
    "jams.visit": "jams.json (jams read)",
    "jams.alert": "jams.json (alerts sent)",
    "people.person": "profile.json (manager)",
    "account.emailaddress": "profile.json (emails)",
    "mfa.authenticator": "profile.json (two-factor methods, never their secrets)",
    "usersessions.usersession": "not exported",
    "admin.logentry": "not exported: Django admin's own log",
    "auth.group": "profile.json (groups)",
    "auth.permission": "profile.json (permissions)",
}


def _rows(queryset, *fields: str) -> list[dict]:
    return list(queryset.values(*fields))


def _profile(person) -> dict:
    return {
        "username": person.username,
        "email": person.email,
        "display_name": person.display_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "employee_id": person.employee_id,
        "title": person.title,
        "department": person.department.name if person.department_id else None,
        "location": person.location.name if person.location_id else None,
        "country": str(person.country or ""),
        "time_zone": person.time_zone,
        "language": person.language,
        "manager": person.manager.username if person.manager_id else None,
        "hire_date": person.hire_date,
        "bio": person.bio,
        "skills": sorted(t.name for t in person.skills.all()),
        "interests": sorted(t.name for t in person.interests.all()),
        "is_leader": person.is_leader,
        "is_staff": person.is_staff,
        "groups": sorted(g.name for g in person.groups.all()),
        "permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in person.user_permissions.select_related("content_type")
        ),
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "emails": _rows(EmailAddress.objects.filter(user=person), "email", "verified", "primary"),
        "two_factor_methods": _rows(
            Authenticator.objects.filter(user=person), "type", "created_at", "last_used_at"
        ),
        "communities_created": list(
            Community.objects.filter(created_by=person).values_list("slug", flat=True)
        ),
        "avatar": "files/avatar" + PurePosixPath(person.avatar.name).suffix
        if person.avatar
        else None,
    }


def _posts(person, anonymous_ids: list[int]) -> list[dict]:
    posts = (
        Post.objects.filter(Q(author=person, anonymous=False) | Q(pk__in=anonymous_ids))
        .filter(purged_at__isnull=True)
        .select_related("community")
        .prefetch_related("topics", "attachments", "revisions", "poll__options")
        .order_by("created_at", "id")
    )
    out = []
    for post in posts:
        poll = getattr(post, "poll", None) if post.kind == Post.Kind.POLL else None
        out.append(
            {
                "id": post.pk,
                "kind": post.kind,
                "anonymous": post.anonymous,
                "community": post.community.slug if post.community_id else None,
                "title": post.title,
                "body": post.body,
                "created_at": post.created_at,
                "published_at": post.published_at,
                "edited_at": post.edited_at,
                "deleted_at": post.deleted_at,
                "hidden_at": post.hidden_at,
                "held": post.held,
                "is_draft": post.is_draft,
                "topics": sorted(t.name for t in post.topics.all()),
                "reactions": post.reaction_counts,
                "comment_count": post.comment_count,
                "poll": [o.label for o in poll.options.all()] if poll else None,
                "attachments": [
                    {
                        "name": a.name,
                        "content_type": a.content_type,
                        "size": a.size,
                        "file": _attachment_path(a),
                    }
                    for a in post.attachments.all()
                ],
                "revisions": [
                    {"title": r.title, "body": r.body, "created_at": r.created_at}
                    for r in post.revisions.all()
                    if r.comment_id is None
                ],
            }
        )
    return out


def _comments(person) -> list[dict]:
    comments = (
        Comment.objects.filter(author=person, purged_at__isnull=True)
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": c.pk,
            "post": c.post_id,
            "reply_to": c.parent_id,
            "body": c.body,
            "created_at": c.created_at,
            "edited_at": c.edited_at,
            "deleted_at": c.deleted_at,
            "hidden_at": c.hidden_at,
            "revisions": [{"body": r.body, "created_at": r.created_at} for r in c.revisions.all()],
        }
        for c in comments
    ]


def _attachment_path(attachment: Attachment) -> str:
    return f"files/post-{attachment.post_id}/{attachment.pk}-{PurePosixPath(attachment.name).name}"


def _facilitation(person) -> dict:
    pref = ExpertPreference.objects.filter(person=person).first()
    return {
        "endorsements_given": _rows(
            Endorsement.objects.filter(endorser=person),
            "person__username",
            "skill__name",
            "created_at",
        ),
        "endorsements_received": _rows(
            Endorsement.objects.filter(person=person), "skill__name", "created_at"
        ),
        "expert_settings": {"opted_out": pref.opted_out, "away_until": pref.away_until}
        if pref
        else None,
        "asked_to_answer": _rows(
            ExpertRequest.objects.filter(expert=person), "post", "reason", "created_at"
        ),
        "introductions": [
            {
                "with": (i.second if i.first_id == person.pk else i.first).username,
                "note": i.note,
                "state": i.state,
                "created_at": i.created_at,
            }
            for i in Introduction.objects.filter(Q(first=person) | Q(second=person)).select_related(
                "first", "second"
            )
        ],
    }


def _leadership(person) -> dict:
    return {
        "follows_leadership_corner": CornerFollow.objects.filter(person=person).exists(),
        "drafts_for_me": _rows(
            Delegation.objects.filter(leader=person),
            "delegate__username",
            "created_at",
            "revoked_at",
        ),
        "i_draft_for": _rows(
            Delegation.objects.filter(delegate=person),
            "leader__username",
            "created_at",
            "revoked_at",
        ),
        "drafts": _rows(
            Draft.objects.filter(Q(leader=person) | Q(delegate=person)),
            "leader__username",
            "delegate__username",
            "kind",
            "title",
            "body",
            "state",
            "created_at",
            "decided_at",
            "post",
        ),
        "amas_hosted": _rows(
            Ama.objects.filter(host=person), "slug", "title", "description", "starts_at", "ends_at"
        ),
        "ama_votes": _rows(
            AmaVote.objects.filter(person=person),
            "question__ama__slug",
            "question__post",
            "created_at",
        ),
        "scorecard_shared": ScorecardSharing.objects.filter(person=person, shared=True).exists(),
    }


def _points(person) -> dict:
    return {
        "hidden_from_leaderboards": LeaderboardChoice.objects.filter(
            person=person, hidden=True
        ).exists(),
        "ledger": _rows(
            PointEntry.objects.filter(person=person).order_by("id"),
            "points",
            "rule",
            "community__slug",
            "created_at",
        ),
        "badges": _rows(
            BadgeAward.objects.filter(person=person), "badge__name", "awarded_at", "reason"
        ),
        "badges_awarded_by_me": _rows(
            BadgeAward.objects.filter(awarded_by=person),
            "badge__name",
            "person__username",
            "awarded_at",
            "reason",
        ),
    }


def _insights(person) -> dict:
    return {
        "may_be_named": NamedChoice.objects.filter(person=person, named=True).exists(),
        "influence_rank": Influence.objects.filter(person=person)
        .values_list("rank", flat=True)
        .first(),
        "influential_on": list(
            TopicInfluence.objects.filter(person=person).values_list("topic__name", flat=True)
        ),
        "expert_on": list(
            Expertise.objects.filter(person=person).values_list("tag__name", flat=True)
        ),
        "activity_days": _rows(
            ActivityDay.objects.filter(person=person).order_by("day"),
            "day",
            "posts",
            "comments",
            "reactions",
            "mentions",
            "reads",
            "received",
        ),
        "interactions": _rows(
            EdgeMonth.objects.filter(source=person).order_by("month"),
            "month",
            "target__username",
            "replies",
            "mentions",
            "reactions",
            "accepted",
        ),
    }


def _jams(person) -> dict:
    return {
        "created": list(Jam.objects.filter(created_by=person).values_list("slug", flat=True)),
        "hosted": list(Jam.objects.filter(hosts=person).values_list("slug", flat=True)),
        "themes_facilitated": _rows(
            Theme.objects.filter(facilitators=person), "jam__slug", "title"
        ),
        "follow_ups_owned": _rows(
            Contribution.objects.filter(owner=person), "jam__slug", "post", "due_on"
        ),
        "reminders": list(
            Reminder.objects.filter(person=person).values_list("jam__slug", flat=True)
        ),
        "read": _rows(Visit.objects.filter(person=person), "jam__slug", "first_seen_at"),
        "alerts_sent": _rows(
            Alert.objects.filter(created_by=person), "jam__slug", "body", "created_at"
        ),
    }


def collect(person) -> dict[str, object]:
    """Every dataset of the export, by file name (JSON-ready)."""
    anonymous_ids = sealed_post_ids(person)
    mine = Q(person=person)
    return {
        "profile.json": _profile(person),
        "posts.json": _posts(person, anonymous_ids),
        "comments.json": _comments(person),
        "reactions.json": _rows(Reaction.objects.filter(mine), "post", "kind", "created_at"),
        "votes.json": {
            "polls": _rows(
                PollVote.objects.filter(mine), "poll__post", "option__label", "created_at"
            ),
            "ideas": _rows(IdeaVote.objects.filter(mine), "post", "created_at"),
        },
        "announcements.json": _rows(
            AnnouncementRead.objects.filter(mine), "post", "seen_at", "acknowledged_at"
        ),
        "bookmarks.json": _rows(Bookmark.objects.filter(mine), "post", "created_at"),
        "reads.json": _rows(PostView.objects.filter(mine), "post", "first_seen_at"),
        "follows.json": _rows(
            Follow.objects.filter(follower=person),
            "person__username",
            "topic__name",
            "community__slug",
            "created_at",
        ),
        "memberships.json": _rows(
            Membership.objects.filter(mine),
            "community__slug",
            "community__name",
            "role",
            "state",
            "muted",
            "created_at",
            "updated_at",
        ),
        "invitations.json": {
            "sent": _rows(
                Invitation.objects.filter(inviter=person),
                "community__slug",
                "invitee__username",
                "message",
                "state",
                "sent_at",
            ),
            "received": _rows(
                Invitation.objects.filter(invitee=person),
                "community__slug",
                "message",
                "reason",
                "state",
                "sent_at",
                "joined_at",
            ),
        },
        "proposals.json": {
            "written": _rows(
                Proposal.objects.filter(author=person),
                "id",
                "community__slug",
                "kind",
                "title",
                "body",
                "state",
                "created_at",
            ),
            "votes": _rows(ProposalVote.objects.filter(mine), "proposal", "choice"),
        },
        "notifications.json": _rows(
            Notification.objects.filter(recipient=person),
            "verb",
            "post_id",
            "comment_id",
            "community_id",
            "actor_count",
            "created_at",
            "read_at",
            "emailed_at",
        ),
        "reports.json": _rows(
            Report.objects.filter(reporter=person),
            "reason",
            "detail",
            "post",
            "comment",
            "person__username",
            "state",
            "created_at",
            "handled_at",
        ),
        "moderation.json": {
            "actions": _rows(
                ModerationAction.objects.filter(author=person),
                "id",
                "kind",
                "reason",
                "post",
                "comment",
                "days",
                "created_at",
            ),
            "appeals": _rows(
                Appeal.objects.filter(author=person),
                "action",
                "text",
                "state",
                "created_at",
                "decided_at",
                "decision_reason",
            ),
            "suspensions": _rows(Suspension.objects.filter(mine), "until", "lifted_at"),
        },
        "settings.json": {
            "email": _rows(EmailPreference.objects.filter(mine), "verb", "frequency"),
            "blocked": list(
                Block.objects.filter(blocker=person).values_list("blocked__username", flat=True)
            ),
            "muted": list(Mute.objects.filter(mine).values_list("muted__username", flat=True)),
            "api_tokens": _rows(
                AccessToken.objects.filter(mine),
                "name",
                "prefix",
                "created_at",
                "last_used_at",
                "revoked_at",
            ),
        },
        "jams.json": _jams(person),
        "points.json": _points(person),
        "insights.json": _insights(person),
        "leadership.json": _leadership(person),
        "facilitation.json": _facilitation(person),
        "activity.json": _rows(
            Event.objects.filter(actor=person).order_by("id"),
            "verb",
            "object_type",
            "object_id",
            "community_id",
            "created_at",
        ),
    }


README = """Your data from {network}, exported on {when}.

profile.json        who you are in the directory, your emails and sign-in methods
posts.json          everything you posted (anonymous posts included, marked "anonymous"),
                    with earlier versions and the list of attached files
comments.json       your comments and replies, with earlier versions
reactions.json, votes.json, bookmarks.json, announcements.json, follows.json
memberships.json, invitations.json, proposals.json
notifications.json  what Hearth told you about (ids of posts, not others' texts)
reports.json        reports you filed; moderation.json: decisions about your content, appeals
settings.json       email choices, who you blocked or muted, your API tokens (never the secret)
activity.json       everything you did, as recorded in the event log
files/              your photo and the files attached to your posts

Keep this file safe: it contains your anonymous posts, which nobody else can tie to you.
"""


def write_zip(person, target, *, network: str) -> None:
    """Write the export of `person` into the open binary file `target`."""
    data = collect(person)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt", README.format(network=network, when=timezone.now().isoformat())
        )
        archive.writestr(
            "export.json",
            json.dumps(
                {
                    "format": FORMAT_VERSION,
                    "person": person.username,
                    "created_at": timezone.now().isoformat(),
                },
                indent=2,
            ),
        )
        for name, content in data.items():
            archive.writestr(
                name, json.dumps(content, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            )
        if person.avatar:
            _copy(archive, person.avatar, data["profile.json"]["avatar"])
        post_ids = [post["id"] for post in data["posts.json"]]
        for attachment in Attachment.objects.filter(post_id__in=post_ids).order_by("id"):
            _copy(archive, attachment.file, _attachment_path(attachment))


def _copy(archive: zipfile.ZipFile, field_file, name: str) -> None:
    """Stream one stored file into the archive (a missing file is noted, not fatal)."""
    try:
        with field_file.open("rb") as source, archive.open(name, "w") as sink:
            for chunk in iter(lambda: source.read(1 << 16), b""):
                sink.write(chunk)
    except (FileNotFoundError, OSError):
        archive.writestr(name + ".missing.txt", "This file was no longer in storage.")
