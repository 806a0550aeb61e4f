"""The permission matrix: every URL pattern and every API operation, for every kind of actor,
against open, private and secret communities, with canary strings in their content.

Each route has an entry in PAGES or API saying what kind of route it is; a route without an
entry (or an entry without a route) fails the suite, so a new URL cannot ship unclassified.

Invariants checked in every cell:
- no 5xx;
- signed-out visitors and deactivated people are sent to sign in (pages) or get 401 (API);
- a community's canary appears only to people who may read that community, and so does the
  name of a #topic used only there; its name and slug only to people who may know it exists;
and by kind: content routes answer 200 to readers and 404 to everyone else; community pages
404 for a secret community's outsiders; moderator, administrator and auditor routes answer only
to those roles. Write routes are checked for signed-out and deactivated callers and for an
outsider acting on secret content (404, nothing done).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hearth.communities import services as communities
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.jams.tests.factories import make_jam
from hearth.leadership import services as leadership_services
from hearth.leadership.tests.factories import make_ama
from hearth.moderation import filters
from hearth.moderation import services as moderation
from hearth.people import services as people
from hearth.people.tests.factories import PersonFactory
from hearth.trust import services as trust
from hearth.webhooks import services as webhooks

PRIVACIES = ("open", "private", "secret")
ACTORS = (
    "anonymous",
    "employee",
    "member",
    "facilitator",
    "owner",
    "moderator",
    "admin",
    "ex_member",
    "deactivated",
    "blocked",
)
READERS = {  # who may read a community's content
    "open": {
        "employee",
        "member",
        "facilitator",
        "owner",
        "moderator",
        "admin",
        "ex_member",
        "blocked",
    },
    "private": {"member", "facilitator", "owner", "blocked"},
    "secret": {"member", "facilitator", "owner", "blocked"},
}
KNOWERS = {  # who may know a community exists (its page)
    "open": READERS["open"],
    "private": READERS["open"],
    "secret": READERS["secret"],
}
SIGNED_OUT = {"anonymous", "deactivated"}
MODERATORS = {"facilitator", "owner", "moderator", "admin"}  # of these communities

# Pages by URL name -> kind. Kinds:
#   public      anyone, signed in or not
#   signed_in   any employee (the page shows only what the viewer may see)
#   content     a post of the community: readers 200, others 404
#   community   the community's page: those who may know it 200, others 404
#   moderator   moderators of the community (or company-wide) 200, others 404
#   company_mod company moderators and administrators only
#   admin       administrators only      auditor   auditors (administrators) only
#   write       a POST-only action (checked for signed-out callers and outsiders)
#   other       signed in, with rules of its own tested elsewhere (generic invariants here)
PAGES = {
    "home": "signed_in",
    "search": "signed_in",
    "search_suggest": "signed_in",
    "feeds:new_count": "signed_in",
    "insights:overview": "signed_in",
    "insights:mine": "signed_in",
    "insights:named": "write",
    "insights:influencers": "admin",
    "insights:personas": "admin",
    "insights:communities": "other",
    "insights:leaders": "admin",
    "insights:report": "other",
    "feeds:discover": "signed_in",
    "feeds:topic": "content",
    "feeds:follow_topic": "write",
    "feeds:follow_person": "write",
    "feeds:follow_community": "write",
    "feeds:activity": "signed_in",
    "feeds:followers": "signed_in",
    "feeds:following": "signed_in",
    "conversations:compose": "signed_in",
    "search_similar": "signed_in",
    "conversations:drafts": "signed_in",
    "conversations:bookmarks": "signed_in",
    "conversations:detail": "content",
    "conversations:edit": "other",
    "conversations:delete": "write",
    "conversations:react": "write",
    "conversations:reactors": "content",
    "conversations:comment": "write",
    "conversations:comments_new": "other",
    "conversations:comment_edit": "other",
    "conversations:comment_delete": "write",
    "conversations:accept": "write",
    "conversations:vote": "write",
    "conversations:acknowledge": "write",
    "conversations:bookmark": "write",
    "conversations:revisions": "other",
    "conversations:attachment": "content",
    "communities:list": "signed_in",
    "communities:create": "signed_in",
    "communities:detail": "community",
    "communities:join": "write",
    "communities:leave": "write",
    "communities:members": "content",
    "communities:members_bulk": "other",
    "communities:member_remove": "write",
    "communities:charter": "other",
    "communities:history": "content",
    "communities:invite": "other",
    "communities:mute": "write",
    "communities:cover": "write",
    "communities:proposal_new": "other",
    "communities:proposal_vote": "write",
    "communities:proposal_veto": "write",
    "communities:decline": "write",
    "communities:deliver": "other",
    "communities:activate": "write",
    "communities:archive": "write",
    "communities:progress": "write",
    "notifications:list": "signed_in",
    "notifications:count": "signed_in",
    "notifications:read_all": "write",
    "notifications:open": "other",
    "notifications:preferences": "signed_in",
    "notifications:unsubscribe": "public",
    "notifications:push": "signed_in",
    "notifications:push_device": "write",
    "live:stream": "other",
    "trust:queue": "moderator",
    "trust:report": "other",
    "trust:my_reports": "signed_in",
    "trust:review": "moderator",
    "trust:mine": "signed_in",
    "trust:appeal": "other",
    "trust:appeal_decide": "other",
    "trust:audit": "auditor",
    "trust:audit_export": "auditor",
    "trust:reveals": "admin",
    "trust:reveal_new": "other",
    "trust:reveal": "admin",
    "trust:filters": "other",
    "trust:filter_delete": "write",
    "trust:blocked": "signed_in",
    "trust:block": "write",
    "trust:mute": "write",
    "people:directory": "signed_in",
    "people:org": "signed_in",
    "people:import": "admin",
    "people:edit": "signed_in",
    "people:tokens": "signed_in",
    "people:token_revoke": "write",
    "people:detail": "signed_in",
    "people:avatar": "signed_in",
    "people:leader": "write",
    "jams:list": "signed_in",
    "jams:new": "other",
    "jams:detail": "signed_in",
    "jams:remind": "write",
    "jams:theme": "signed_in",
    "jams:alerts": "other",
    "jams:dashboard": "signed_in",
    "jams:report": "signed_in",
    "jams:report_csv": "signed_in",
    "jams:report_pdf": "signed_in",
    "jams:publish": "write",
    "jams:follow_up_community": "write",
    "jams:spotlight": "write",
    "jams:merge": "write",
    "jams:follow_up": "write",
    "jams:edit": "other",
    "jams:host_thread": "write",
    "jams:tag": "write",
    "jams:invite": "write",
    "facilitation:queue": "other",
    "facilitation:acknowledge": "write",
    "facilitation:experts": "other",
    "facilitation:meet": "signed_in",
    "facilitation:introduce": "write",
    "facilitation:answer": "write",
    "facilitation:pairs": "other",
    "facilitation:endorse": "write",
    "facilitation:preferences": "signed_in",
    "facilitation:hello": "signed_in",
    "ideas:list": "signed_in",
    "ideas:community": "community",
    "ideas:status": "other",  # its community's leaders and sponsors (ideas tests)
    "leadership:corner": "signed_in",
    "leadership:follow": "write",
    "leadership:delegation": "other",  # leaders and their delegates (leadership tests)
    "leadership:draft_new": "other",
    "leadership:draft": "other",
    "leadership:scorecard": "other",
    "leadership:amas": "signed_in",
    "leadership:ama_new": "other",
    "leadership:ama": "signed_in",
    "leadership:ama_vote": "write",
    "leadership:ama_answer": "write",
    "recognition:badges": "signed_in",
    "recognition:badge_award": "write",
    "recognition:leaderboards": "signed_in",
    "recognition:praise": "signed_in",
    "recognition:hide": "write",
    "recognition:impact": "signed_in",
    "recognition:rules": "admin",
    "recognition:mix": "write",
    "privacy:overview": "admin",
    "privacy:purge": "write",
    "privacy:mine": "signed_in",
    "privacy:download": "other",
    "privacy:person": "admin",
    "privacy:deactivate": "write",
    "provisioning:clients": "admin",
    "provisioning:client_revoke": "write",
    "people:apps": "signed_in",
    "people:app_revoke": "write",
    "webhooks:list": "signed_in",
    "webhooks:detail": "other",
    "webhooks:deliveries": "other",
    "webhooks:test": "write",
    "webhooks:active": "write",
    "webhooks:delete": "write",
    "health": "public",
    "ready": "public",
    "metrics": "public",
    "set_language": "public",
    "mobile:manifest": "public",
    "mobile:service_worker": "public",
    "mobile:offline": "public",
    "mobile:state": "public",
    "ping": "signed_in",
}

# API operations "METHOD /path" -> kind (same kinds; API refusals are 403 or 404).
API_KINDS = {
    # The person themselves or an administrator (404 for anyone else: test_points_api.py).
    "GET /api/v1/people/{username}/points": "other",
    "GET /api/v1/topics/{name}/feed": "content",
    "GET /api/v1/posts/{post_id}": "content",
    "GET /api/v1/posts/{post_id}/comments": "content",
    "GET /api/v1/posts/{post_id}/reactions": "content",
    "GET /api/v1/posts/{post_id}/revisions": "other",
    "GET /api/v1/posts/{post_id}/reads": "other",
    "GET /api/v1/communities/{slug}": "community",
    "GET /api/v1/communities/{slug}/feed": "content",
    "GET /api/v1/communities/{slug}/members": "content",
    "GET /api/v1/communities/{slug}/history": "content",
    "GET /api/v1/communities/{slug}/proposals": "other",
    "GET /api/v1/communities/{slug}/invitations": "other",
    "GET /api/v1/proposals/{proposal_id}": "other",
    "GET /api/v1/audit": "auditor",
    "GET /api/v1/moderation/reveals": "admin",
    "GET /api/v1/me/exports/{export_id}": "other",
    "GET /api/v1/me/exports/{export_id}/download": "other",
    "GET /api/v1/privacy/retention": "admin",
    "GET /api/v1/posts/{post_id}/experts": "other",
    # An idea's status: as its post, for ideas only (the matrix's post is an update: ideas tests).
    "GET /api/v1/posts/{post_id}/status": "other",
    "GET /api/v1/leaders/scorecard": "other",
    "GET /api/v1/leaders/scorecard/peers": "other",
    "GET /api/v1/insights/dashboard": "admin",
    "GET /api/v1/insights/influencers": "admin",
    "GET /api/v1/insights/personas": "admin",
    "GET /api/v1/insights/leaders": "admin",
    "GET /api/v1/insights/report": "other",
    "GET /api/v1/insights/assumptions": "admin",
    "GET /api/v1/insights/experts/{topic}": "other",
    # A webhook's managers only (its community's owners; administrators for the company's):
    # 404 for anyone else (webhooks/tests/test_api.py); its deliveries carry the canaries.
    "GET /api/v1/webhooks/{webhook_id}": "other",
    "GET /api/v1/webhooks/{webhook_id}/deliveries": "other",
}


def api_kind(operation: str) -> str:
    if operation in API_KINDS:
        return API_KINDS[operation]
    return "signed_in" if operation.startswith("GET ") else "write"


def page_names() -> dict[str, str]:
    """Every named URL pattern outside allauth, Django's admin, the API and SCIM: name -> route."""
    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str) -> None:
        for item in resolver.url_patterns:
            route = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                # SCIM (scim/v2) is a protocol of its own, with provisioning clients' tokens
                # and RFC 7644 errors: provisioning/tests walk it.
                # OAuth (o/) is django-oauth-toolkit's protocol: people/tests/test_oauth.py.
                if route.startswith(("accounts/", "admin/", "api/", "scim/", "o/")):
                    continue
                inner = item.namespace or ""
                walk(item, route, f"{namespace}:{inner}".strip(":") if inner else namespace)
            elif isinstance(item, URLPattern):
                name = f"{namespace}:{item.name}" if namespace else item.name
                found[name] = route

    walk(get_resolver(), "", "")
    return found


def api_operations() -> list[str]:
    from hearth.config.api import api

    schema = api.get_openapi_schema()
    return [f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops]


def test_every_route_and_operation_is_in_the_matrix():
    names = page_names()
    assert set(names) - set(PAGES) == set(), "Classify the new URL patterns in PAGES"
    assert set(PAGES) - set(names) == set(), "PAGES names URL patterns that no longer exist"
    assert len(api_operations()) > 80


class World:
    """Three communities (open, private, secret) with every kind of actor and canary content."""

    def __init__(self, company, settings):
        settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
        settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
        owner, facilitator, member = company.manager, company.vp, company.member
        ex_member, employee, admin = company.colleague, company.ceo, company.admin
        blocked = PersonFactory(username="blocked", display_name="Bea Blocked")
        gone = PersonFactory(username="gone", display_name="Dee Gone")
        moderator = PersonFactory(username="mod", display_name="Mo Derator")
        moderator.user_permissions.add(
            Permission.objects.get(codename="moderate", content_type__app_label="trust")
        )
        self.people = {
            "employee": employee,
            "member": member,
            "facilitator": facilitator,
            "owner": owner,
            "moderator": moderator,
            "admin": admin,
            "ex_member": ex_member,
            "deactivated": gone,
            "blocked": blocked,
        }
        settings.HEARTH_WEBHOOK_ALLOWED_HOSTS = ["hooks.matrix.test"]
        self.place, self.post, self.comment, self.webhook = {}, {}, {}, {}
        self.report, self.action, self.attachment = {}, {}, {}
        for privacy in PRIVACIES:
            place = communities.community_create(
                actor=owner,
                name=f"Matrix namecanary{privacy}",
                privacy=privacy,
                purpose="Matrix checks",
                facilitators=[facilitator.username],
                allow_anonymous=True,
            )
            # The community's webhook hears its posts and comments (deliveries hold canaries).
            self.webhook[privacy] = webhooks.subscription_create(
                actor=owner,
                url=f"http://hooks.matrix.test/{privacy}",
                kinds=["post.created", "comment.created"],
                community=place,
            )
            for person in (member, blocked, gone, ex_member):
                communities.member_add(actor=owner, community=place, person=person)
            communities.member_remove(actor=owner, community=place, person=ex_member)
            body = f"CANARY-{privacy}-post #planning #topiccanary{privacy}"
            post = make_post(
                owner, place, kind="question", title=f"CANARY-{privacy}-title", body=body
            )
            self.attachment[privacy] = talk.attachment_add(
                actor=owner,
                post=post,
                upload=SimpleUploadedFile(f"CANARY-{privacy}.txt", b"notes", "text/plain"),
            )
            comment = talk.comment_create(actor=member, post=post, body=f"CANARY-{privacy}-reply")
            report = moderation.report_create(
                actor=owner, reason="spam", post=post, comment=comment
            )
            action = moderation.action_take(
                actor=facilitator, report=report, kind="warn", reason="Mind the tone"
            )
            moderation.appeal_create(actor=member, action=action, text="It was a joke")
            self.place[privacy], self.post[privacy] = place, post
            self.comment[privacy], self.report[privacy], self.action[privacy] = (
                comment,
                report,
                action,
            )
        anonymous_post = make_post(
            member, self.place["open"], body="CANARY-open-anon", anonymous=True
        )
        # The company's webhook (no grant): open content only, never the anonymous author.
        self.company_webhook = webhooks.subscription_create(
            actor=admin, url="http://hooks.matrix.test/all", kinds=["post.created"]
        )
        events_dispatch(only="webhooks")  # the deliveries, not sent
        self.reveal = moderation.reveal_request(
            actor=admin, post=anonymous_post, reason="A reason long enough to be recorded."
        )
        self.filter = filters.filter_create(
            actor=owner, pattern="forbidden", community=self.place["open"]
        )
        trust.block_set(actor=owner, person=blocked, blocked=True)
        self.tokens = {
            role: people.token_create(actor=person, person=person, name="matrix")[1]
            for role, person in self.people.items()
        }
        self.clients: dict[str, Client] = {"anonymous": Client()}
        for role, person in self.people.items():
            client = Client()
            client.force_login(person)
            self.clients[role] = client
        people.person_deactivate(actor=None, person=gone)
        # Company-wide; run by the administrator so the "employee" leads no community.
        self.jam = make_jam(company, actor=admin, hosts=["admin"])
        self.theme = self.jam.themes.first()
        # An AMA is company-wide too (an open forum); the VP hosts it, so the "employee"
        # still leads nothing.
        self.ama = make_ama(company.vp)
        self.question = leadership_services.question_ask(
            actor=company.member, ama=self.ama, body="CANARY-open-ama?"
        )

    def api_client(self, role: str) -> Client:
        if role == "anonymous":
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[role]}")

    def fill(self, route: str, privacy: str) -> str:
        """A concrete path for a route (Django or OpenAPI syntax) in `privacy`'s community."""
        values = {
            "post_id": self.post[privacy].pk,
            "comment_id": self.comment[privacy].pk,
            "slug": self.place[privacy].slug,
            "username": self.people["owner"].username,
            "name": f"topiccanary{privacy}",
            "report_id": self.report[privacy].pk,
            "action_id": self.action[privacy].pk,
            "appeal_id": self.action[privacy].appeal.pk,
            "attachment_id": self.attachment[privacy].pk,
            "request_id": self.reveal.pk,
            "filter_id": self.filter.pk,
            "webhook_id": self.webhook[privacy].pk,
            "token": "not-a-token",
        }
        if is_ama_route(route):
            values.update(slug=self.ama.slug, question_id=self.question.pk)
        elif is_jam_route(route):  # jams are company-wide; their posts here stay the community's
            values.update(slug=self.jam.slug, theme_id=self.theme.pk)

        def value(match: re.Match) -> str:
            return str(values.get(match.group(1), 999999))

        path = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
        return re.sub(r"\{(\w+)\}", value, path)


# Company moderators review reported content wherever it is: these routes show it to them.
MODERATION_VIEWS = {
    "trust:queue",
    "trust:review",
    "trust:appeal_decide",
    "GET /api/v1/moderation/queue",
    "GET /api/v1/moderation/appeals",
}


AUDIT_VIEWS = {"trust:audit", "GET /api/v1/audit"}


def _canary_rule(body: str, role: str, privacy: str, route: str = "") -> str | None:
    extra = {"moderator", "admin"} if route in MODERATION_VIEWS else set()
    lowered = body.lower()
    for other in PRIVACIES:
        if f"CANARY-{other}-" in body and role not in READERS[other] | extra:
            return f"{role} saw the {other} community's canary"
        if f"topiccanary{other}" in lowered and role not in READERS[other] | extra:
            return f"{role} saw the name of a topic used only in the {other} community"
        # The audit log names every community it records, secret ones too, for auditors.
        auditors = {"admin"} if route in AUDIT_VIEWS else set()
        if f"namecanary{other}" in lowered and role not in KNOWERS[other] | extra | auditors:
            return f"{role} saw the name or slug of the {other} community"
    return None


def _expect_page(kind: str, role: str, privacy: str, status: int, location: str) -> str | None:
    if status >= 500:
        return f"server error {status}"
    if kind == "public":
        return None
    if role in SIGNED_OUT:
        if status == 302 and "/accounts/login/" in location:
            return None
        if status in (204, 401, 403, 404):  # the live stream answers 204; never content
            return None
        return f"signed-out {role} got {status}"
    allowed = {
        "signed_in": {200},
        "content": {200} if role in READERS[privacy] else {404},
        "community": {200} if role in KNOWERS[privacy] else {404},
        "moderator": {200} if role in MODERATORS else {404},
        "company_mod": {200} if role in ("moderator", "admin") else {404},
        "admin": {200} if role == "admin" else {404},
        "auditor": {200} if role == "admin" else {404},
    }.get(kind)
    if allowed is not None and status not in allowed:
        return f"{kind} route: {role} got {status}, expected {sorted(allowed)}"
    return None


def _expect_api(kind: str, role: str, privacy: str, status: int) -> str | None:
    if status >= 500:
        return f"server error {status}"
    if role in SIGNED_OUT:
        return None if status == 401 else f"signed-out {role} got {status}, expected 401"
    allowed = {
        "signed_in": {200},
        # A private community is known to all: refusing its content may say so (403).
        "content": {200}
        if role in READERS[privacy]
        else {403, 404}
        if privacy == "private"
        else {404},
        "community": {200} if role in KNOWERS[privacy] else {404},
        "admin": {200} if role == "admin" else {403, 404},
        "auditor": {200} if role == "admin" else {403, 404},
    }.get(kind)
    if allowed is not None and status not in allowed:
        return f"{kind} operation: {role} got {status}, expected {sorted(allowed)}"
    return None


def is_jam_route(route: str) -> bool:
    return route.startswith(("jams/", "/api/v1/jams")) or is_ama_route(route)


def is_ama_route(route: str) -> bool:
    return route.startswith(("leaders/amas/", "/api/v1/leaders/amas/"))


def _dependent(route: str, *, read: bool = True) -> bool:
    """Does the route name something of a community? (A #topic's name only when read: following
    any name is allowed and answers the same, used or not.)"""
    pattern = r"slug|post_id|comment_id|report_id|action_id|appeal_id|attachment"
    return bool(re.search(pattern + (r"|[<:{]name\b" if read else ""), route))


def test_the_permission_matrix(company, settings, capsys):
    world = World(company, settings)
    failures: list[str] = []
    cells = 0
    # Reads: every page and GET operation, every actor, every privacy (once when it is moot).
    for name, route in page_names().items():
        kind = PAGES[name]
        if kind == "write":
            continue
        for privacy in PRIVACIES if _dependent(route) else ("open",):
            path = "/" + world.fill(route, privacy)
            for role in ACTORS:
                response = world.clients[role].get(path)
                cells += 1
                body = b"" if response.streaming else response.content
                problem = _expect_page(
                    kind, role, privacy, response.status_code, response.get("Location", "")
                ) or _canary_rule(body.decode(errors="replace"), role, privacy, name)
                if problem:
                    failures.append(f"GET {path} [{name}]: {problem}")
    operations = api_operations()
    for operation in operations:
        method, route = operation.split(" ", 1)
        if method != "GET":
            continue
        kind = api_kind(operation)
        for privacy in PRIVACIES if _dependent(route) else ("open",):
            path = world.fill(route, privacy)
            for role in ACTORS:
                response = world.api_client(role).get(path)
                cells += 1
                problem = _expect_api(kind, role, privacy, response.status_code) or (
                    _canary_rule(
                        response.content.decode(errors="replace"), role, privacy, operation
                    )
                )
                if problem:
                    failures.append(f"{operation} ({privacy}): {problem}")
    # Writes: signed-out callers are refused, and an outsider cannot act on secret content.
    writes = [
        (f"POST /{route}", name)
        for name, route in page_names().items()
        if PAGES[name] in ("write", "other")
    ]
    writes += [(op, op) for op in operations if not op.startswith("GET ")]
    for operation, label in writes:
        method, route = operation.split(" ", 1)
        is_api = route.startswith("/api/")
        for role in ("anonymous", "deactivated", "employee"):
            if role == "employee" and (not _dependent(route, read=False) or is_jam_route(route)):
                continue
            privacy = "secret"
            client = world.api_client(role) if is_api else world.clients[role]
            path = world.fill(route, privacy)
            response = client.generic(method, path, b"{}", content_type="application/json")
            cells += 1
            status = response.status_code
            if status >= 500:
                failures.append(f"{operation} [{label}] as {role}: server error")
            elif role in SIGNED_OUT and is_api and status != 401:
                failures.append(f"{operation} as {role}: {status}, expected 401")
            elif (
                role in SIGNED_OUT
                and not is_api
                and not (
                    status == 302
                    and "/accounts/login/" in response.get("Location", "")
                    or status in (401, 403, 404, 405)
                )
            ):
                failures.append(f"{operation} [{label}] as {role}: {status}")
            elif role == "employee" and status not in (403, 404, 405, 422):
                failures.append(f"{operation} [{label}] as an outsider on secret content: {status}")
    assert failures == [], "\n".join(failures[:60])
    assert world.post["secret"].__class__.objects.filter(deleted_at__isnull=False).count() == 0
    report = Path("test-output") / "permission-matrix.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text(f"{cells} cells checked\n")
    with capsys.disabled():
        print(f"\npermission matrix: {cells} cells checked")
    assert cells > 1500
