"""Badges: declarative criteria that parse or are refused, awarded by the worker from what the
ledger let through, shown on the profile and My impact with a notification; awarded by hand by
administrators with a reason (audited); levels by points."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.events import events_dispatch
from hearth.facilitation.models import Introduction
from hearth.notifications.models import Notification
from hearth.notifications.selectors import decorate
from hearth.recognition import badges, services
from hearth.recognition.models import Badge, BadgeAward
from hearth.trust.models import AuditEntry

LONG = "A contribution long enough to count for points."


def held(person) -> list[str]:
    events_dispatch()
    events_dispatch()  # badge events, then their notifications
    return sorted(BadgeAward.objects.filter(person=person).values_list("badge__code", flat=True))


def notices(person) -> list[str]:
    return [n.text for n in decorate(person, list(Notification.objects.filter(recipient=person)))]


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ("answers >= ", "does not read as"),
        ("karma >= 3", "no measure “karma”"),
        ("answers >= 0", "at least 1"),
        ("answers >= 1 or posts >= 2", "does not read as"),
        (" and ".join(["posts >= 1"] * 6), "At most 5"),
    ],
)
def test_criteria_that_do_not_parse_say_why(criteria, message):
    with pytest.raises(badges.CriteriaError, match=message):
        badges.parse(criteria)


def test_criteria_parse_into_minimums():
    assert badges.parse("accepted_answers >= 10 and praise_received > 2") == [
        badges.Clause("accepted_answers", 10),
        badges.Clause("praise_received", 3),
    ]
    assert badges.parse("") == []


def test_the_worker_awards_first_answer_with_a_notification(company, places):
    question = make_post(company.member, places.open, kind="question", title="VPN?", body=LONG)
    assert held(company.vp) == []
    talk.comment_create(actor=company.vp, post=question, body=LONG)
    assert held(company.vp) == ["first-answer"]
    assert any("You earned the badge “First answer”" in t for t in notices(company.vp))
    # Answering one's own question earns no points, so no badge either.
    own = make_post(company.manager, places.open, kind="question", title="Mine?", body=LONG)
    talk.comment_create(actor=company.manager, post=own, body=LONG)
    assert held(company.manager) == []


def test_connector_counts_introductions_both_people_accepted(company):
    now = timezone.now()
    people = [company.member, company.colleague, company.manager, company.vp, company.admin]
    for i in range(5):
        Introduction.objects.create(
            introduced_by=company.ceo,
            first=people[i],
            second=people[(i + 1) % 5],
            created_at=now,
            connected_at=now if i < 4 else None,
        )
    badges.evaluate([company.ceo.pk])
    assert "connector" not in held(company.ceo)
    Introduction.objects.filter(connected_at__isnull=True).update(connected_at=now)
    badges.evaluate([company.ceo.pk])
    assert "connector" in held(company.ceo)


def test_a_new_badge_goes_to_everyone_who_already_meets_it(
    company, places, django_capture_on_commit_callbacks
):
    post = make_post(company.member, places.open, body=LONG)
    talk.comment_create(actor=company.vp, post=post, body=LONG)
    talk.comment_create(actor=company.vp, post=post, body=LONG + " Again.")
    events_dispatch()
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_save(actor=company.admin, name="Chatty", criteria="comments >= 2")
    assert BadgeAward.objects.filter(badge__code="chatty").get().person == company.vp


def test_badge_definitions_are_for_administrators_and_bad_ones_save_nothing(company):
    with pytest.raises(Forbidden):
        services.badge_save(actor=company.member, name="Mine", criteria="posts >= 1")
    badges_before = Badge.objects.count()
    with pytest.raises(Invalid) as error:
        services.badge_save(actor=company.admin, name="Broken", criteria="posts => 1")
    assert error.value.errors[0].field == "criteria"
    assert Badge.objects.count() == badges_before


def test_awarding_by_hand_needs_a_reason_is_audited_and_told(company):
    badge = services.badge_save(actor=company.admin, name="Town hall hero", criteria="")
    with pytest.raises(Forbidden):
        services.badge_award(actor=company.ceo, badge=badge, person=company.member, reason="Hi")
    with pytest.raises(Invalid):
        services.badge_award(actor=company.admin, badge=badge, person=company.member, reason=" ")
    with pytest.raises(Invalid):
        services.badge_award(
            actor=company.admin, badge=badge, person=company.former, reason="For the launch"
        )
    services.badge_award(
        actor=company.admin, badge=badge, person=company.member, reason="Ran the launch Q&A"
    )
    with pytest.raises(Conflict):
        services.badge_award(
            actor=company.admin, badge=badge, person=company.member, reason="Twice"
        )
    entry = AuditEntry.objects.get(action="badge.granted")
    assert entry.actor == company.admin and "Town hall hero" in entry.target_label
    assert held(company.member) == ["town-hall-hero"]
    assert any("Ran the launch Q&A" in t for t in notices(company.member))


def test_levels_follow_points():
    assert badges.level_of(0)["number"] == 1
    level = badges.level_of(150)
    assert (level["number"], level["name"], level["next_name"], level["to_next"]) == (
        3,
        "Regular",
        "Champion",
        150,
    )
    assert badges.level_of(5000)["next_name"] is None


def test_profile_and_my_impact_show_badges_and_level(company, client):
    badge = services.badge_save(
        actor=company.admin, name="Mentor", icon="academic-cap", criteria=""
    )
    services.badge_award(
        actor=company.admin, badge=badge, person=company.member, reason="Coached three newcomers"
    )
    client.force_login(company.vp)
    profile = client.get("/people/ana/").content.decode()
    assert "Mentor" in profile and "Coached three newcomers" in profile
    assert "Level 1: Newcomer" in profile
    assert "Award a badge by hand" not in profile
    from hearth.recognition.services import leaderboard_hide

    leaderboard_hide(actor=company.member)
    assert "Level 1" not in client.get("/people/ana/").content.decode()
    client.force_login(company.member)
    mine = client.get("/recognition/me/").content.decode()
    assert "Mentor" in mine and "Level 1: Newcomer" in mine
    client.force_login(company.admin)
    assert "Award a badge by hand" in client.get("/people/ana/").content.decode()


def test_the_badges_page_refuses_bad_criteria_and_keeps_what_was_typed(company, client):
    client.force_login(company.admin)
    response = client.post(
        "/recognition/badges/", {"name": "Sharer", "criteria": "shares >= 3", "active": "on"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "no measure “shares”" in page and 'value="Sharer"' in page
    response = client.post(
        "/recognition/badges/", {"name": "Sharer", "criteria": "posts >= 3", "active": "on"}
    )
    assert response.status_code == 302
    client.force_login(company.member)
    assert client.post("/recognition/badges/", {"name": "Me"}).status_code == 404
    assert "Sharer" in client.get("/recognition/badges/").content.decode()


def test_the_api(company, api, api_as):
    admin = api_as(company.admin)
    bad = admin.post(
        "/api/v1/badges", {"name": "Oops", "criteria": "posts >="}, content_type="application/json"
    )
    assert bad.status_code == 422 and "criteria" in str(bad.json()["errors"])
    created = admin.post(
        "/api/v1/badges",
        {"name": "Storyteller", "criteria": "posts >= 20"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["code"] == "storyteller"
    assert created.json()["icon"] == "trophy"  # the default icon
    emoji = admin.patch(
        "/api/v1/badges/storyteller", {"icon": "📖"}, content_type="application/json"
    )
    assert emoji.status_code == 422 and "Pick one of the icons" in str(emoji.json()["errors"])
    drawn = admin.patch(
        "/api/v1/badges/storyteller", {"icon": "megaphone"}, content_type="application/json"
    )
    assert drawn.json()["icon"] == "megaphone"
    assert (
        api.post("/api/v1/badges", {"name": "Me"}, content_type="application/json").status_code
        == 403
    )
    patched = admin.patch(
        "/api/v1/badges/storyteller", {"criteria": "posts >= 15"}, content_type="application/json"
    )
    assert patched.json()["criteria"] == "posts >= 15"
    assert (
        admin.patch("/api/v1/badges/nope", {}, content_type="application/json").status_code == 404
    )
    codes = [b["code"] for b in api.get("/api/v1/badges").json()]
    assert "storyteller" in codes and "helper" in codes
    award = admin.post(
        "/api/v1/people/ana/badges",
        {"badge": "storyteller", "reason": "Blog"},
        content_type="application/json",
    )
    assert award.status_code == 201 and award.json()["by_hand"] is True
    again = admin.post(
        "/api/v1/people/ana/badges",
        {"badge": "storyteller", "reason": "Blog"},
        content_type="application/json",
    )
    assert again.status_code == 409
    unknown = admin.post(
        "/api/v1/people/ana/badges",
        {"badge": "nope", "reason": "x"},
        content_type="application/json",
    )
    assert unknown.status_code == 404
    theirs = api_as(company.vp).get("/api/v1/people/ana/badges").json()
    assert [b["name"] for b in theirs["badges"]] == ["Storyteller"]
    assert theirs["level"]["name"] == "Newcomer"
    impact = api.get("/api/v1/me/impact").json()
    assert impact["badges"][0]["code"] == "storyteller" and impact["level"]["number"] == 1


def test_the_badge_list_reads_in_a_fixed_number_of_queries(company, api):
    api.get("/api/v1/badges")
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/badges")
    for i in range(5):
        services.badge_save(actor=company.admin, name=f"Badge {i}", criteria="")
    with CaptureQueriesContext(connection) as many:
        api.get("/api/v1/badges")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_erasure_removes_badges_and_the_export_lists_them(company):
    from hearth.privacy.exporter import collect

    badge = services.badge_save(actor=company.admin, name="Mentor", criteria="")
    services.badge_award(actor=company.admin, badge=badge, person=company.member, reason="Why")
    assert collect(company.member)["points.json"]["badges"][0]["badge__name"] == "Mentor"
    from hearth.privacy.services import person_erase

    person_erase(
        actor=company.admin,
        person=company.member,
        mode="pseudonymise",
        reason="Left in June and asked to be forgotten.",
        confirm="ana",
    )
    assert not BadgeAward.objects.filter(person=company.member).exists()


def test_a_refused_award_keeps_what_the_administrator_typed(company, client):
    badge = services.badge_save(actor=company.admin, name="Town hall hero", criteria="")
    services.badge_award(actor=company.admin, badge=badge, person=company.member, reason="First")
    client.force_login(company.admin)
    profile = f"/people/{company.member.username}/"
    response = client.post(
        f"/recognition/badges/award/{company.member.username}/",
        {"badge": badge.code, "reason": "Ran the Lisbon town hall"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(profile)
    page = response.content.decode()
    assert 'value="Ran the Lisbon town hall"' in page
    assert f'<option value="{badge.code}" selected>' in page
    assert "already holds this badge" in page
    # Shown once: the next visit has an empty form, and nothing leaks to another profile.
    again = client.get(profile).content.decode()
    assert "Ran the Lisbon town hall" not in again
    assert held(company.member) == ["town-hall-hero"]


@pytest.mark.django_db(transaction=True)
def test_badges_from_before_keep_a_look_alike_icon_drawn_as_svg(company, client):
    """Migration 0004: each emoji icon of an earlier version becomes its drawn look-alike; one
    without a look-alike becomes the trophy."""

    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate([("recognition", "0003_badge_badgeaward")])
        with connection.cursor() as cursor:
            for code, icon in (("old-idea", "💡"), ("old-odd", "🦄")):
                cursor.execute(
                    "INSERT INTO recognition_badge (code, name, description, icon, criteria,"
                    " active, created_at) VALUES (%s, %s, '', %s, '', %s, %s)",
                    [code, code.title(), icon, True, timezone.now()],
                )
    finally:
        migrate(latest)
    icons = dict(Badge.objects.filter(code__startswith="old-").values_list("code", "icon"))
    assert icons == {"old-idea": "light-bulb", "old-odd": "trophy"}
    client.force_login(company.member)
    page = client.get("/recognition/badges/").content.decode()
    assert "🦄" not in page and "💡" not in page and 'class="badge-icon"><svg' in page
