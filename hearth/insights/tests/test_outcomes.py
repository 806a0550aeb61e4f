"""The value report's outcomes: questions answered and the time they saved (an assumption an
administrator sets), ideas shipped, charters delivered, who stayed, and how fast newcomers found
help, every group of people under the threshold suppressed, in the page, the PDF, the CSV files
and the API."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pypdfium2
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.models import Event
from hearth.facilitation.models import Introduction
from hearth.ideas import services as ideas
from hearth.insights import compute, report, selectors
from hearth.insights.models import ActivityDay
from hearth.people.importer import org_import
from hearth.people.models import Department, Person
from hearth.people.tests.factories import PersonFactory
from hearth.provisioning import services as provisioning

LONG = "A contribution long enough to be a real contribution here."
TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def shipped(company, places, settings):
    """In the last 30 days: Ana's question answered by Carlos, an idea of Ana's shipped and one
    declined, the secret community delivered its charter; the period before: nothing."""
    settings.HEARTH_INSIGHTS_MIN_GROUP = 2
    question = make_post(company.member, places.open, kind="question", title="VPN?", body=LONG)
    talk.comment_create(actor=company.manager, post=question, body="Use the new client.")
    done = make_post(company.member, places.open, kind="idea", body="Night chat support " + LONG)
    declined = make_post(company.member, places.open, kind="idea", body="Free pizza " + LONG)
    ideas.idea_status_set(actor=company.manager, post=done, status="done")
    ideas.idea_status_set(
        actor=company.manager, post=declined, status="declined", reason="Not this year, sorry."
    )
    Community.objects.filter(pk=places.secret.pk).update(
        state=Community.State.DELIVERED, delivered_at=timezone.now()
    )
    compute.build()
    return question


def test_the_report_counts_what_the_period_produced_and_the_time_it_saved(company, shipped, api_as):
    body = api_as(company.admin).get("/api/v1/insights/report").json()
    period = {t["name"]: t for t in body["outcomes"]["period"]}
    assert period["questions_answered_count"]["now"] == 1
    assert period["ideas_shipped"]["now"] == 1  # the declined idea is not shipped
    assert period["ideas_shipped"]["before"] == 0
    # A secret community's delivery is counted, never named.
    assert period["charters_delivered"]["now"] == 1
    assert "secret" not in str(body["delivered"])
    assert body["outcomes"]["assumptions"] == {
        "minutes_saved_per_answer": 30,
        "set_by": None,
        "set_at": None,
    }
    assert period["hours_saved"]["now"] == 0.5
    assert "assumption, not a measure" in " ".join(body["outcomes"]["said"])


def test_an_administrator_sets_the_assumption_and_the_report_shows_who_did(
    company, shipped, api_as
):
    admin = api_as(company.admin)
    changed = admin.put(
        "/api/v1/insights/assumptions",
        {"minutes_saved_per_answer": 240},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["set_by"] == "admin"
    body = admin.get("/api/v1/insights/report").json()
    period = {t["name"]: t for t in body["outcomes"]["period"]}
    assert period["hours_saved"]["now"] == 4  # at once, though the figures are cached
    assert "240 minutes" in period["hours_saved"]["label"]
    assert "set by Manoj Shah" in " ".join(body["outcomes"]["said"])
    assert Event.objects.filter(
        verb="settings.changed", metadata__setting="insights.minutes_saved_per_answer"
    ).exists()  # the audit log has it


@pytest.mark.parametrize("minutes", [0, 481, -5])
def test_a_bad_assumption_is_refused_and_changes_nothing(company, api_as, minutes):
    admin = api_as(company.admin)
    refused = admin.put(
        "/api/v1/insights/assumptions",
        {"minutes_saved_per_answer": minutes},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "minutes_saved_per_answer"
    assert admin.get("/api/v1/insights/assumptions").json()["minutes_saved_per_answer"] == 30


def test_only_administrators_set_the_assumption(company, api_as, client):
    analyst = api_as(company.member)
    put = analyst.put(
        "/api/v1/insights/assumptions",
        {"minutes_saved_per_answer": 60},
        content_type="application/json",
    )
    assert put.status_code == 403
    assert analyst.get("/api/v1/insights/assumptions").status_code == 403
    client.force_login(company.member)
    assert client.post("/insights/report/", {"minutes_saved_per_answer": "60"}).status_code == 404


def test_the_page_keeps_a_bad_assumption_with_its_error(company, shipped, client):
    client.force_login(company.admin)
    page = client.post("/insights/report/", {"minutes_saved_per_answer": "lots"})
    assert page.status_code == 422
    html = page.content.decode()
    assert 'value="lots"' in html and "A whole number of minutes from 1 to 480." in html
    saved = client.post("/insights/report/", {"minutes_saved_per_answer": "45"}, follow=True)
    assert "45 minutes per answered question, set by Manoj Shah" in saved.content.decode()


def test_the_pdf_and_the_csv_files_carry_the_outcomes(company, shipped, api_as):
    admin = api_as(company.admin)
    archive = zipfile.ZipFile(
        io.BytesIO(admin.get("/api/v1/insights/report", {"format": "csv"}).content)
    )
    outcomes = archive.read("outcomes.csv").decode()
    assert "ideas_shipped,1,0,1" in outcomes and "minutes_saved_per_answer_assumed,30" in outcomes
    assert "stayed_participants" in archive.read("people_outcomes.csv").decode()
    pdf = pypdfium2.PdfDocument(admin.get("/api/v1/insights/report", {"format": "pdf"}).content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Ideas shipped" in text and "People outcomes" in text
    assert "an assumption, not a measure" in text.replace("\r\n", " ")


def _people(n, department, *, hired, **extra):
    return [
        PersonFactory(department=department, hire_date=hired, manager=None, **extra)
        for _ in range(n)
    ]


def _took_part(people, day):
    ActivityDay.objects.bulk_create(
        [ActivityDay(day=day, week=day, person=p, posts=1) for p in people]
    )


def _filters(viewer, **kwargs):
    return selectors.parse_filters(viewer, end=TODAY, **kwargs)


def test_who_stayed_participants_against_the_others_with_small_groups_suppressed(company, settings):
    settings.HEARTH_INSIGHTS_MIN_GROUP = 5
    support = Department.objects.create(name="Support")
    year_start = TODAY - datetime.timedelta(days=364)
    long_ago = year_start - datetime.timedelta(days=800)
    took_part = _people(10, support, hired=long_ago)
    others = _people(12, support, hired=long_ago)
    _took_part(took_part, year_start - datetime.timedelta(days=30))
    # Activity long before the 90 days, and activity after the year began, do not count.
    _took_part(others[:3], year_start - datetime.timedelta(days=200))
    _took_part(others[3:6], year_start + datetime.timedelta(days=10))
    left = timezone.make_aware(datetime.datetime(2026, 6, 1))
    for person in [*took_part[:5], *others[:6]]:
        type(person).objects.filter(pk=person.pk).update(is_active=False, deactivated_at=left)
    # Who joined during the year, or left before it, is not in the cohort.
    _people(4, support, hired=year_start + datetime.timedelta(days=5))
    gone = _people(4, support, hired=long_ago, is_active=False)
    type(gone[0]).objects.filter(pk__in=[p.pk for p in gone]).update(
        deactivated_at=timezone.make_aware(datetime.datetime(2025, 1, 1))
    )

    r = selectors.retention(_filters(company.admin, department="Support"))
    assert r["participants"] == {"people": 10, "stayed": 0.5}
    assert r["others"] == {"people": 12, "stayed": 0.5}

    # One more participant leaves: 4 of 10 stayed would single out the 4; not shown.
    type(took_part[5]).objects.filter(pk=took_part[5].pk).update(
        is_active=False, deactivated_at=left
    )
    r = selectors.retention(_filters(company.admin, department="Support"))
    assert r["participants"] == {"people": 10, "stayed": None}
    said = report.retention_said(r)
    assert "Too few people" in said


def test_the_report_says_how_groups_differ_never_why():
    r = {"participants": {"stayed": 0.96}, "others": {"stayed": 0.88}}
    said = report.retention_said(r)
    assert "People who took part stayed more often: 96% against 88%." in said
    assert "not why" in said and "made anyone stay" in said


def test_newcomers_first_accepted_answer_and_first_connection(company, places, settings):
    settings.HEARTH_INSIGHTS_MIN_GROUP = 5
    support = Department.objects.create(name="Support")
    hired = TODAY - datetime.timedelta(days=200)
    newcomers = _people(6, support, hired=hired)
    _people(5, support, hired=TODAY - datetime.timedelta(days=30))  # not 90 days in yet
    joined = timezone.make_aware(datetime.datetime.combine(hired, datetime.time(9)))
    helper = company.manager
    for days, person in zip([3, 5, 8, 10, 12], newcomers, strict=False):
        question = make_post(person, None, kind="question", title="Where?", body=LONG)
        answer = talk.comment_create(actor=helper, post=question, body="Here, and welcome.")
        talk.answer_accept(actor=person, post=question, comment=answer)
        type(answer).objects.filter(pk=answer.pk).update(
            created_at=joined + datetime.timedelta(days=days)
        )
    # Answering one's own question is not being helped; after 90 days is too late.
    own = make_post(newcomers[5], None, kind="question", title="Mine?", body=LONG)
    mine = talk.comment_create(actor=newcomers[5], post=own, body="Found it myself.")
    talk.answer_accept(actor=newcomers[5], post=own, comment=mine)
    type(mine).objects.filter(pk=mine.pk).update(created_at=joined + datetime.timedelta(days=2))
    for days, person in zip([1, 2, 4, 6, 30], newcomers, strict=False):
        Introduction.objects.create(
            introduced_by=company.vp,
            first=person,
            second=helper,
            created_at=joined,
            connected_at=joined + datetime.timedelta(days=days),
            first_answer="accepted",
            second_answer="accepted",
        )

    n = selectors.newcomers(_filters(company.admin, department="Support"))
    assert n["people"] == 6
    # 5 of 6 were helped: the one who was not would be singled out.
    assert n["answered"] is None and n["answered_days"] == 8
    assert n["connected"] is None and n["connected_days"] == 4
    assert n["answered_people"] == 5 and n["connected_people"] == 5  # those the medians are of
    settings.HEARTH_INSIGHTS_MIN_GROUP = 1
    n = selectors.newcomers(_filters(company.admin, department="Support"))
    assert n["answered"] == round(5 / 6, 3)


def test_the_impact_page_asks_once_and_the_answer_sticks(company, client):
    client.force_login(company.member)
    assert "May we name you?" in client.get("/recognition/me/").content.decode()
    answered = client.post("/insights/me/named/", {"named": "1", "next": "/recognition/me/"})
    assert answered.status_code == 302 and answered["Location"] == "/recognition/me/"
    assert selectors.is_named(company.member)
    assert "May we name you?" not in client.get("/recognition/me/").content.decode()
    # A `next` elsewhere is not followed.
    away = client.post("/insights/me/named/", {"named": "0", "next": "https://evil.example/"})
    assert away["Location"] == "/insights/me/"
    assert not selectors.is_named(company.member)


def test_the_outcomes_take_the_same_queries_however_many_people(company, settings):
    settings.HEARTH_INSIGHTS_MIN_GROUP = 1
    support = Department.objects.create(name="Support")
    hired = TODAY - datetime.timedelta(days=200)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            selectors.outcomes(_filters(company.admin))
        return len(captured)

    for person in _people(3, support, hired=hired):
        question = make_post(person, None, kind="question", title="Where?", body=LONG)
        answer = talk.comment_create(actor=company.manager, post=question, body="Here.")
        talk.answer_accept(actor=person, post=question, comment=answer)
    few = queries()
    for person in _people(12, support, hired=hired):
        question = make_post(person, None, kind="question", title="Where?", body=LONG)
        answer = talk.comment_create(actor=company.manager, post=question, body="Here.")
        talk.answer_accept(actor=person, post=question, comment=answer)
    assert queries() == few


def test_leavers_come_from_the_hr_import_and_scim(company, settings, client):
    """Who left is what the HR import and SCIM tell Hearth: one person missing from the HR
    export and one set inactive by the identity provider count as having left."""
    settings.HEARTH_INSIGHTS_MIN_GROUP = 1
    support = Department.objects.create(name="Support")
    long_ago = TODAY - datetime.timedelta(days=2000)
    stay, also, by_hr, by_scim = _people(4, support, hired=long_ago)
    rows = ["employee_id,email,name,title,department,location,country,manager_id"]
    for person in Person.objects.filter(is_active=True, employee_id__isnull=False).exclude(
        pk=by_hr.pk
    ):
        department = person.department.name if person.department else ""
        location = person.location.name if person.location else ""
        rows.append(
            f"{person.employee_id},{person.email},{person.display_name},{person.title},"
            f"{department},{location},{person.country},"
        )
    assert org_import(actor=None, data="\n".join(rows).encode()).ok
    _client, token = provisioning.client_create(actor=company.admin, name="Entra ID")
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }
    answer = client.patch(
        f"/scim/v2/Users/{by_scim.pk}",
        data=json.dumps(patch),
        content_type="application/scim+json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code in (200, 204)

    today = timezone.now().date()
    r = selectors.retention(selectors.parse_filters(company.admin, end=today, department="Support"))
    assert r["others"] == {"people": 4, "stayed": 0.5}
